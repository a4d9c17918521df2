import { App, Form, Input, Modal } from 'antd';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { useChangePassword } from './api.ts';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码: the policy (≥ 10 characters, letters and digits) is checked here for speed and by the server for real. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const { message } = App.useApp();

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    try {
      await change.mutateAsync({ oldPassword: values.oldPassword, newPassword: values.newPassword });
      void message.success('密码已修改');
      form.resetFields();
      onClose();
    } catch (error) {
      if (!applyFieldErrors(form, error, ['oldPassword', 'newPassword']) && error instanceof ApiError)
        void message.error(error.message);
    }
  };

  return (
    <Modal
      title="修改密码"
      open={open}
      okText="确认修改"
      confirmLoading={change.isPending}
      onOk={() => void submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          extra="至少 10 位，须同时包含字母和数字"
          rules={[
            { required: true, message: '请输入新密码' },
            { min: 10, message: '新密码至少 10 位' },
            { pattern: /[A-Za-z]/, message: '新密码须包含字母' },
            { pattern: /\d/, message: '新密码须包含数字' },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

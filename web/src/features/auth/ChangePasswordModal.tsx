import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { useRefreshSession } from '../../lib/session.ts';
import { useChangePassword, useLogout } from './api.ts';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * 修改密码: the policy (≥ 10 characters, letters and digits) is checked here for speed and by the server
 * for real. `forced`: an administrator reset the password, the server refuses everything else until it
 * is changed, so the dialog cannot be closed; it offers only the change and logging out, and afterwards
 * asks the server for Me again (the shell then shows the console).
 */
export function ChangePasswordModal({
  open,
  onClose,
  forced = false,
}: {
  open: boolean;
  onClose: () => void;
  forced?: boolean;
}) {
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const logout = useLogout();
  const refreshSession = useRefreshSession();
  const [refreshing, setRefreshing] = useState(false);
  const { message } = App.useApp();

  const submit = async () => {
    const values = await validValues(form);
    if (!values) return;
    try {
      await change.mutateAsync({ oldPassword: values.oldPassword, newPassword: values.newPassword });
    } catch (error) {
      if (!applyFieldErrors(form, error, ['oldPassword', 'newPassword']) && error instanceof ApiError)
        void message.error(error.message);
      return;
    }
    void message.success('密码已修改');
    form.resetFields();
    onClose();
    if (forced) {
      setRefreshing(true);
      try {
        await refreshSession();
      } finally {
        setRefreshing(false);
      }
    }
  };

  const busy = change.isPending || refreshing;

  return (
    <Modal
      title={forced ? '请先修改密码' : '修改密码'}
      open={open}
      okText="确认修改"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => {
        if (forced) return;
        form.resetFields();
        onClose();
      }}
      closable={!forced}
      keyboard={!forced}
      mask={{ closable: !forced }}
      footer={
        forced
          ? [
              <Button
                key="logout"
                type="link"
                loading={logout.isPending}
                disabled={busy}
                onClick={() => logout.mutate()}
              >
                退出登录
              </Button>,
              <Button key="change" type="primary" loading={busy} onClick={() => void submit()}>
                修改密码
              </Button>,
            ]
          : undefined
      }
      destroyOnHidden
    >
      {forced && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="您的密码由管理员设置"
          description="管理员设置或重置了您的密码，请设置一个只有您本人知道的新密码。修改完成前，控制台的其他功能暂不可用。"
        />
      )}
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          label="原密码"
          name="oldPassword"
          extra={forced ? '即管理员告知您的密码' : undefined}
          rules={[{ required: true, message: '请输入原密码' }]}
        >
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

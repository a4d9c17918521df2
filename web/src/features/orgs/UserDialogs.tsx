import { App, Form, Input, Modal, Switch, type FormInstance } from 'antd';
import { useEffect } from 'react';
import { isValidPhone } from '../../../../src/core/validators.ts';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import {
  useCreateUser,
  useResetPassword,
  useSetMemberships,
  useUpdateUser,
  type UserCreateInput,
  type UserView,
} from './api.ts';
import { MembershipsField } from './MembershipsField.tsx';

/** The same policy the server enforces (core/auth): at least 10 characters with letters and digits. */
const PASSWORD_RULES = [
  { required: true, message: '请输入密码' },
  { min: 10, message: '密码至少 10 位' },
  { pattern: /[A-Za-z]/, message: '密码须包含字母' },
  { pattern: /\d/, message: '密码须包含数字' },
];

const optionalPhone = {
  validator: (_: unknown, v?: string) =>
    !v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error('请填写带区号的固定电话或手机号码')),
};

/** Runs a mutation for a dialog: success closes it; field errors go on fields, the rest into a message. */
function useSubmit(fields: readonly string[]) {
  const { message } = App.useApp();
  return async <T,>(form: FormInstance<T>, run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      void message.success(done);
      return true;
    } catch (error) {
      if (!applyFieldErrors(form, error, fields) && error instanceof ApiError)
        void message.error(error.message);
      return false;
    }
  };
}

const CREATE_FIELDS = ['username', 'displayName', 'password', 'email', 'phone', 'memberships'];

export function CreateUserDialog({
  open,
  agencyId,
  onClose,
}: {
  open: boolean;
  agencyId?: string;
  onClose: () => void;
}) {
  const [form] = Form.useForm<UserCreateInput>();
  const create = useCreateUser();
  const submit = useSubmit(CREATE_FIELDS);
  useEffect(() => {
    if (open) form.setFieldsValue({ memberships: [agencyId ? { agencyId, roles: [] } : { roles: [] }] });
  }, [open, agencyId, form]);
  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    if (await submit(form, () => create.mutateAsync(values), `用户 ${values.username} 已创建`)) {
      form.resetFields();
      onClose();
    }
  };
  return (
    <Modal
      title="新增用户"
      open={open}
      width={720}
      okText="创建"
      confirmLoading={create.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" requiredMark="optional">
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item
            label="用户名"
            name="username"
            extra="登录用，3–32 位小写字母、数字、点、下划线或连字符，以字母开头"
            rules={[
              { required: true, message: '请输入用户名' },
              { pattern: /^[a-z][a-z0-9_.-]{2,31}$/, message: '用户名格式有误' },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            label="姓名"
            name="displayName"
            rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            label="初始密码"
            name="password"
            extra="请通过安全渠道告知本人；本人首次登录后须先修改密码"
            rules={PASSWORD_RULES}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <div />
          <Form.Item label="电子邮箱" name="email" rules={[{ type: 'email', message: '电子邮箱格式有误' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="联系电话" name="phone" rules={[optionalPhone]}>
            <Input />
          </Form.Item>
        </div>
        <Form.Item label="所在单位与角色" required>
          <MembershipsField />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditValues {
  displayName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export function EditUserDialog({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateUser();
  const submit = useSubmit(['displayName', 'email', 'phone', 'active']);
  useEffect(() => {
    if (user) form.setFieldsValue(user);
  }, [user, form]);
  const ok = async () => {
    if (!user) return;
    const patch = await validValues(form);
    if (!patch) return;
    if (await submit(form, () => update.mutateAsync({ id: user.id, patch }), '用户信息已保存')) onClose();
  };
  return (
    <Modal
      title={user ? `编辑用户：${user.displayName}` : ''}
      open={user !== null}
      okText="保存"
      confirmLoading={update.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label="电子邮箱" name="email" rules={[{ type: 'email', message: '电子邮箱格式有误' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="联系电话" name="phone" rules={[optionalPhone]}>
          <Input />
        </Form.Item>
        <Form.Item
          label="账号状态"
          name="active"
          valuePropName="checked"
          extra="停用后该用户不能登录，历史记录保留"
        >
          <Switch checkedChildren="启用" unCheckedChildren="停用" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MembershipsDialog({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const [form] = Form.useForm<Pick<UserCreateInput, 'memberships'>>();
  const setMemberships = useSetMemberships();
  const submit = useSubmit(['memberships']);
  useEffect(() => {
    if (user) form.setFieldsValue({ memberships: user.memberships });
  }, [user, form]);
  const ok = async () => {
    if (!user) return;
    const values = await validValues(form);
    if (!values) return;
    const { memberships } = values;
    if (
      await submit(form, () => setMemberships.mutateAsync({ id: user.id, memberships }), '单位与角色已保存')
    )
      onClose();
  };
  return (
    <Modal
      title={user ? `单位与角色：${user.displayName}` : ''}
      open={user !== null}
      width={720}
      okText="保存"
      confirmLoading={setMemberships.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical">
        <MembershipsField />
      </Form>
    </Modal>
  );
}

export function ResetPasswordDialog({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ newPassword: string }>();
  const reset = useResetPassword();
  const submit = useSubmit(['newPassword']);
  const ok = async () => {
    if (!user) return;
    const values = await validValues(form);
    if (!values) return;
    const { newPassword } = values;
    if (await submit(form, () => reset.mutateAsync({ id: user.id, newPassword }), '密码已重置')) {
      form.resetFields();
      onClose();
    }
  };
  return (
    <Modal
      title={user ? `重置密码：${user.displayName}` : ''}
      open={user !== null}
      okText="重置"
      confirmLoading={reset.isPending}
      onOk={() => void ok()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item
          label="新密码"
          name="newPassword"
          extra="至少 10 位，须同时包含字母和数字；请通过安全渠道告知本人，本人登录后须先修改密码"
          rules={PASSWORD_RULES}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

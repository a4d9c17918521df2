import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { useMe } from '../../lib/session.ts';
import { useLogin, type LoginBody } from './api.ts';

/** Only paths inside the console; anything else (another site, a protocol-relative URL) goes to My tasks. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/tasks';
}

export function LoginPage() {
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [form] = Form.useForm<LoginBody>();

  if (me.data) return <Navigate to={next} replace />;

  const error = login.error instanceof ApiError ? login.error : null;

  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #1e3a8a 0%, #1d4ed8 55%, #eef2ff 55%)',
        padding: 16,
      }}
    >
      <Card style={{ width: 400, maxWidth: '100%', boxShadow: '0 8px 24px rgba(15, 23, 42, 0.18)' }}>
        <Typography.Title level={1} style={{ fontSize: 24, textAlign: 'center', marginTop: 8 }}>
          政务公开平台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          工作人员登录
        </Typography.Paragraph>
        {error && (
          <Alert
            role="alert"
            type={error.code === 'account_locked' ? 'warning' : 'error'}
            showIcon
            title={error.message}
            description={
              error.code === 'account_locked' ? '如需立即解锁，请联系本单位系统管理员。' : undefined
            }
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<LoginBody>
          layout="vertical"
          requiredMark={false}
          form={form}
          onFinish={(values) =>
            login.mutate(values, {
              onSuccess: () => void navigate(next, { replace: true }),
              // A wrong password is not left in the field to be submitted again.
              onError: () => form.setFieldValue('password', ''),
            })
          }
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}

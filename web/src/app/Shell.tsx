import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Select, Space, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE_LABELS } from '../../../src/core/auth/roles.ts';
import { useLogout, useSwitchAgency } from '../features/auth/api.ts';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal.tsx';
import { NotificationsBell } from '../features/notifications/NotificationsBell.tsx';
import { useSession } from '../lib/session.ts';
import { PageLoading } from './PageLoading.tsx';
import { NAV_ITEMS, NAVIGATION } from './navigation.tsx';

/** The nav entry a path belongs to: the longest item path that prefixes it. */
function selectedKey(pathname: string): string | undefined {
  return NAV_ITEMS.map((i) => i.path)
    .filter((p) => pathname === p || pathname.startsWith(p + '/'))
    .sort((a, b) => b.length - a.length)[0];
}

function AgencySwitcher() {
  const me = useSession();
  const switchAgency = useSwitchAgency();
  if (me.memberships.length <= 1) {
    return <span style={{ color: '#dbeafe' }}>{me.memberships[0]?.agencyName ?? '未分配单位'}</span>;
  }
  return (
    <Select
      aria-label="切换当前单位"
      value={me.currentAgencyId ?? undefined}
      loading={switchAgency.isPending}
      onChange={(agencyId: string) => switchAgency.mutate(agencyId)}
      options={me.memberships.map((m) => ({ value: m.agencyId, label: m.agencyName }))}
      style={{ minWidth: 220 }}
      popupMatchSelectWidth={false}
    />
  );
}

function UserMenu() {
  const me = useSession();
  const logout = useLogout();
  const [changingPassword, setChangingPassword] = useState(false);
  const current = me.memberships.find((m) => m.agencyId === me.currentAgencyId);
  const roles = current?.roles.map((r) => ROLE_LABELS[r]).join('、');

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'who', label: `${me.user.username}${roles ? `（${roles}）` : ''}`, disabled: true },
            { type: 'divider' },
            { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
            { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setChangingPassword(true);
            if (key === 'logout') logout.mutate();
          },
        }}
      >
        <Button type="text" style={{ color: '#fff' }}>
          <Space size={6}>
            <UserOutlined />
            {me.user.displayName}
            <DownOutlined style={{ fontSize: 10 }} />
          </Space>
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}

const productName = (
  <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
    政务公开平台
  </Typography.Text>
);

/**
 * An administrator reset the password: the server answers nothing but the change (and logout) until
 * the user has chosen their own, so the frame asks for that and loads no page, notifications or agencies.
 */
function PasswordChangeRequired() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center' }}>{productName}</Layout.Header>
      <Layout.Content>
        <main />
      </Layout.Content>
      <ChangePasswordModal open forced onClose={() => undefined} />
    </Layout>
  );
}

/** The console's frame: header (product, agency switcher, notifications, user), side navigation, page. */
export function Shell() {
  const me = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);

  if (me.mustChangePassword) return <PasswordChangeRequired />;

  const menuItems = NAVIGATION.map((group) => ({
    type: 'group' as const,
    key: group.label,
    label: group.label,
    children: group.items
      .filter((item) => !item.action || me.allowedActions.includes(item.action))
      .map((item) => ({ key: item.path, icon: item.icon, label: item.label })),
  })).filter((group) => group.children.length > 0);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, position: 'sticky', top: 0, zIndex: 10 }}
      >
        {productName}
        <AgencySwitcher />
        <div style={{ flex: 1 }} />
        <NotificationsBell />
        <UserMenu />
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={208}
          breakpoint="lg"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          theme="light"
          // Stays in view beside long pages (the audit log, the calendar).
          style={{
            borderRight: '1px solid #e5e7eb',
            position: 'sticky',
            top: 64,
            height: 'calc(100vh - 64px)',
            overflow: 'auto',
          }}
        >
          <nav aria-label="主导航">
            <Menu
              mode="inline"
              selectedKeys={[selectedKey(location.pathname) ?? '']}
              items={menuItems}
              onClick={({ key }) => void navigate(key)}
              style={{ borderInlineEnd: 0 }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 20 }}>
          <main>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

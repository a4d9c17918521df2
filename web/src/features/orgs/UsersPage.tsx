import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ROLE_LABELS } from '../../../../src/core/auth/roles.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { useAgencyNames } from '../../lib/agencies.ts';
import { useCan } from '../../lib/session.ts';
import { TONES } from '../../lib/tones.ts';
import { useUnlockUser, useUsers, type UserView } from './api.ts';
import { OrgsTabs } from './OrgsTabs.tsx';
import { CreateUserDialog, EditUserDialog, MembershipsDialog, ResetPasswordDialog } from './UserDialogs.tsx';

type Dialog = { kind: 'edit' | 'memberships' | 'password'; user: UserView } | { kind: 'create' } | null;

function status(user: UserView) {
  if (!user.active) return <Tag>已停用</Tag>;
  if (user.locked) return <Tag style={TONES.danger}>已锁定</Tag>;
  return <Tag style={TONES.success}>正常</Tag>;
}

/** 组织机构 · 用户: who works where in which roles; admins create users, edit roles, reset and unlock. */
export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const agencyId = params.get('agencyId') ?? undefined;
  const users = useUsers(agencyId);
  const names = useAgencyNames();
  const canManage = useCan('user.manage');
  const unlock = useUnlockUser();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const userOf = (kind: 'edit' | 'memberships' | 'password') =>
    dialog && dialog.kind === kind ? dialog.user : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        组织机构
      </Typography.Title>
      <OrgsTabs />
      <Card>
        <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
          <AgencyTreeSelect
            aria-label="按单位筛选"
            placeholder="全部单位"
            allowClear
            value={agencyId}
            onChange={(id?: string) => setParams(id ? { agencyId: id } : {})}
            style={{ width: 280 }}
          />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
              新增用户
            </Button>
          )}
        </Space>
        <Table<UserView>
          rowKey="id"
          loading={users.isPending}
          dataSource={users.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '用户名', dataIndex: 'username', width: 140 },
            { title: '姓名', dataIndex: 'displayName', width: 160 },
            {
              title: '单位与角色',
              key: 'memberships',
              render: (_, u) =>
                u.memberships.map((m) => (
                  <div key={m.agencyId}>
                    {names.get(m.agencyId) ?? '（不可见的单位）'}：
                    {m.roles.map((r) => ROLE_LABELS[r]).join('、')}
                  </div>
                )),
            },
            { title: '联系电话', dataIndex: 'phone', width: 140, render: (v: string | null) => v ?? '—' },
            { title: '状态', key: 'status', width: 90, render: (_, u) => status(u) },
            ...(canManage
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 300,
                    render: (_: unknown, u: UserView) => (
                      <Space size={0} wrap>
                        <Button type="link" onClick={() => setDialog({ kind: 'edit', user: u })}>
                          编辑
                        </Button>
                        <Button type="link" onClick={() => setDialog({ kind: 'memberships', user: u })}>
                          单位与角色
                        </Button>
                        <Button type="link" onClick={() => setDialog({ kind: 'password', user: u })}>
                          重置密码
                        </Button>
                        {u.locked && (
                          <Popconfirm
                            title={`解除 ${u.displayName} 的登录锁定？`}
                            okText="解锁"
                            onConfirm={() =>
                              unlock.mutateAsync(u.id).then(
                                () => void message.success('已解锁'),
                                () => undefined,
                              )
                            }
                          >
                            <Button type="link">解锁</Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <CreateUserDialog
        open={dialog?.kind === 'create'}
        agencyId={agencyId}
        onClose={() => setDialog(null)}
      />
      <EditUserDialog user={userOf('edit')} onClose={() => setDialog(null)} />
      <MembershipsDialog user={userOf('memberships')} onClose={() => setDialog(null)} />
      <ResetPasswordDialog user={userOf('password')} onClose={() => setDialog(null)} />
    </Space>
  );
}

import { Tabs } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useCan } from '../../lib/session.ts';

/** 组织机构 has two views: the agency tree and the users. */
export function OrgsTabs() {
  const location = useLocation();
  const navigate = useNavigate();
  const canViewUsers = useCan('user.view');
  return (
    <Tabs
      activeKey={location.pathname.startsWith('/orgs/users') ? '/orgs/users' : '/orgs'}
      onChange={(key) => void navigate(key)}
      items={[
        { key: '/orgs', label: '单位' },
        ...(canViewUsers ? [{ key: '/orgs/users', label: '用户' }] : []),
      ]}
      style={{ marginBottom: 0 }}
    />
  );
}

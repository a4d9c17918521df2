import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format.ts';
import { consolePath } from '../../lib/links.ts';
import { useMarkAllRead, useMarkRead, useNotifications, type NotificationView } from './api.ts';

/** The bell in the header: in-app notifications (reminders, escalations, moved deadlines). */
export function NotificationsBell() {
  const [open, setOpen] = useState(false);
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const markAllRead = useMarkAllRead();
  const navigate = useNavigate();
  const items = notifications.data?.items ?? [];
  const unread = notifications.data?.unreadCount ?? 0;

  const openItem = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate(n.id);
    const target = consolePath(n.link);
    setOpen(false);
    if (target && 'internal' in target) void navigate(target.internal);
    else if (target) window.location.assign(target.external);
  };

  const content = (
    <div style={{ width: 360, maxWidth: '80vw' }}>
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}
      >
        <Typography.Text strong>通知</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => markAllRead.mutate()}>
          全部标为已读
        </Button>
      </div>
      {notifications.isError ? (
        <Typography.Text type="danger">通知加载失败，请稍后刷新页面。</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 420, overflowY: 'auto' }}>
          {items.map((n) => (
            <li key={n.id} style={{ borderTop: '1px solid #f0f0f0' }}>
              <button
                type="button"
                onClick={() => openItem(n)}
                style={{
                  display: 'block',
                  width: '100%',
                  textAlign: 'left',
                  border: 0,
                  cursor: 'pointer',
                  padding: '8px',
                  background: n.readAt ? 'transparent' : '#eff6ff',
                  font: 'inherit',
                }}
              >
                <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                <div>{n.body}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.createdAt)}
                </Typography.Text>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Button
        type="text"
        aria-label={unread ? `通知，${unread} 条未读` : '通知'}
        icon={
          <Badge count={unread} size="small" offset={[2, -2]}>
            <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
          </Badge>
        }
      />
    </Popover>
  );
}

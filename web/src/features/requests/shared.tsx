import { Space, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useLocation, useNavigate } from 'react-router';
import { REQUEST_STATUS_LABELS, type RequestStatus } from '../../../../src/modules/requests/model.ts';
import { DeadlineExplain } from '../../components/DeadlineExplain.tsx';
import { formatDate } from '../../lib/format.ts';
import { TONES } from '../../lib/tones.ts';
import { beijingToday, type RequestView } from './api.ts';

/** 依申请公开 has two views: the requests and the statistics (tables 三 and 四). */
export function RequestsTabs() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = location.pathname.startsWith('/requests/statistics') ? '/requests/statistics' : '/requests';
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => void navigate(key)}
      items={[
        { key: '/requests', label: '申请列表' },
        { key: '/requests/statistics', label: '统计' },
      ]}
      style={{ marginBottom: 0 }}
    />
  );
}

const STATUS_TONES: Partial<Record<RequestStatus, (typeof TONES)[keyof typeof TONES]>> = {
  correction_pending: TONES.warning,
  awaiting_payment: TONES.warning,
  reply_drafted: TONES.warning,
  replied: TONES.success,
  delivered: TONES.success,
};

export function StatusTag({ status }: { status: RequestStatus }) {
  return <Tag style={{ marginInlineEnd: 0, ...STATUS_TONES[status] }}>{REQUEST_STATUS_LABELS[status]}</Tag>;
}

type Deadline = NonNullable<RequestView['deadline']>;

/**
 * The reply clock in one line: the due date, and a tag — 暂停 while paused (补正, 征求意见, 缴费),
 * red when overdue, orange with 3 working days or fewer left; the remaining working days otherwise.
 * Click the tag for the day-by-day count.
 */
export function DeadlineSummary({
  deadline,
  explain = true,
}: {
  deadline: Deadline | null;
  explain?: boolean;
}) {
  if (!deadline) return <>—</>;
  if (deadline.status === 'closed') {
    return (
      <Space size={4} wrap>
        <span>{formatDate(deadline.dueDate)}</span>
        <Tag style={{ marginInlineEnd: 0 }}>已停止计时</Tag>
      </Space>
    );
  }
  const tag = deadline.paused ? (
    <Tag color="blue" style={{ marginInlineEnd: 0 }}>
      暂停
    </Tag>
  ) : deadline.state === 'overdue' ? (
    <Tag style={{ marginInlineEnd: 0, ...TONES.danger }}>已逾期 {-deadline.workingDaysLeft} 个工作日</Tag>
  ) : deadline.state === 'due_soon' ? (
    <Tag style={{ marginInlineEnd: 0, ...TONES.warning }}>剩余 {deadline.workingDaysLeft} 个工作日</Tag>
  ) : (
    <Tag style={{ marginInlineEnd: 0 }}>剩余 {deadline.workingDaysLeft} 个工作日</Tag>
  );
  return (
    <Space size={4} wrap>
      <span>{formatDate(deadline.dueDate)}</span>
      {explain ? <DeadlineExplain id={deadline.id}>{tag}</DeadlineExplain> : tag}
      {deadline.provisional && <Typography.Text type="secondary">（暂定）</Typography.Text>}
    </Space>
  );
}

/** A DatePicker's day as the API takes it. */
export const isoDay = (d: Dayjs): string => d.format('YYYY-MM-DD');

/** Today in Beijing, for a DatePicker's initial value. */
export const todayValue = (): Dayjs => dayjs(beijingToday());

/** DatePickers of past events: nothing after today (Beijing). */
export const notAfterToday = (d: Dayjs): boolean => isoDay(d) > beijingToday();

export const excerpt = (text: string, max = 40): string =>
  text.length > max ? `${text.slice(0, max)}…` : text;

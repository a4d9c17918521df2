import { useQuery } from '@tanstack/react-query';
import { Alert, Popover, Spin, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { DeadlineExplanation } from '../../../src/core/deadlines/schemas.ts';
import { api } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';

type BreakdownDay = DeadlineExplanation['breakdown'][number];

const REASON_LABELS: Record<NonNullable<BreakdownDay['reason']>, string> = {
  start_day: '起算日，当日不计',
  weekend: '周末',
  holiday: '节假日',
  adjusted_working_day: '调休上班',
  pause: '暂停计算',
};

const ORDINAL_UNIT = { working_days: '个工作日', calendar_days: '日', hours: '小时' } as const;

function dayText(day: BreakdownDay, unit: keyof typeof ORDINAL_UNIT): ReactNode {
  const why = day.reason ? REASON_LABELS[day.reason] + (day.name ? `（${day.name}）` : '') : day.name;
  if (!day.counted) return <Typography.Text type="secondary">{why ?? '不计'}</Typography.Text>;
  const ordinal = day.hours !== undefined ? `计 ${day.hours} 小时` : `第 ${day.n} ${ORDINAL_UNIT[unit]}`;
  return (
    <>
      <Tag color="blue">{ordinal}</Tag>
      {why}
    </>
  );
}

function Explanation({ id }: { id: string }) {
  const explain = useQuery({
    queryKey: ['deadlines', id, 'explain'],
    queryFn: () =>
      api.get<DeadlineExplanation>(`/api/deadlines/${encodeURIComponent(id)}/explain`, { quiet: true }),
  });
  if (explain.isPending) return <Spin description="正在计算…" />;
  if (explain.isError) return <Alert type="error" title={explain.error.message} />;
  const { text, breakdown, missingYears, deadline } = explain.data;
  return (
    <div style={{ width: 440, maxWidth: '85vw' }}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{text}</Typography.Paragraph>
      {missingYears.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={`${missingYears.join('、')} 年尚无国务院节假日安排，截止日期为暂定，公布后自动重算。`}
        />
      )}
      {breakdown.length > 0 && (
        <Table<BreakdownDay>
          size="small"
          rowKey="date"
          pagination={false}
          scroll={{ y: 240 }}
          dataSource={breakdown}
          columns={[
            { title: '日期', dataIndex: 'date', width: 130, render: (d: string) => formatDate(d) },
            { title: '是否计入', key: 'counted', render: (_, day) => dayText(day, deadline.unit) },
          ]}
        />
      )}
    </div>
  );
}

/** Wraps a deadline's tag or date: clicking it explains which days counted and which were skipped. */
export function DeadlineExplain({ id, children }: { id: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover
      title="期限计算说明"
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      content={open ? <Explanation id={id} /> : null}
      destroyOnHidden
    >
      <button
        type="button"
        title="查看期限计算说明"
        style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', font: 'inherit' }}
      >
        {children}
      </button>
    </Popover>
  );
}

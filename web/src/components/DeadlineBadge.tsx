import { Tag } from 'antd';
import type { DeadlineView } from '../lib/deadlines.ts';
import { TONES } from '../lib/tones.ts';

const COLOURS = { overdue: TONES.danger, due_soon: TONES.warning, ok: undefined } as const;

type Shown = Pick<DeadlineView, 'state' | 'workingDaysLeft' | 'status' | 'paused' | 'provisional'>;

/** The deadline's state in one tag: red when overdue, orange with 3 working days or fewer left. */
export function DeadlineBadge({ deadline }: { deadline: Shown }) {
  if (deadline.status === 'closed') return <Tag>已办结</Tag>;
  const text =
    deadline.state === 'overdue'
      ? '已逾期'
      : deadline.paused
        ? '暂停计时'
        : deadline.state === 'due_soon'
          ? '即将到期'
          : '办理中';
  return (
    <Tag style={{ marginInlineEnd: 0, ...COLOURS[deadline.state] }}>
      {text}
      {deadline.provisional && '（暂定）'}
    </Tag>
  );
}

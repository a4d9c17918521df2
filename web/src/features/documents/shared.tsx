import { Tabs, Tag } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import {
  beijingDate,
  DISCLOSURE_MODE_LABELS,
  DOCUMENT_STATUS_LABELS,
  type DisclosureMode,
  type DocumentStatus,
} from '../../../../src/modules/documents/model.ts';
import { DeadlineBadge } from '../../components/DeadlineBadge.tsx';
import { DeadlineExplain } from '../../components/DeadlineExplain.tsx';
import { formatDate } from '../../lib/format.ts';
import { TONES } from '../../lib/tones.ts';
import type { DocumentView } from './api.ts';

/** 主动公开 has three views: the documents, the yearly self-review and the review settings. */
export function DocumentsTabs() {
  const location = useLocation();
  const navigate = useNavigate();
  const active = location.pathname.startsWith('/documents/self-review')
    ? '/documents/self-review'
    : location.pathname.startsWith('/documents/settings')
      ? '/documents/settings'
      : '/documents';
  return (
    <Tabs
      activeKey={active}
      onChange={(key) => void navigate(key)}
      items={[
        { key: '/documents', label: '文件' },
        { key: '/documents/self-review', label: '年度评估' },
        { key: '/documents/settings', label: '审核设置' },
      ]}
      style={{ marginBottom: 0 }}
    />
  );
}

const STATUS_TONES: Partial<Record<DocumentStatus, (typeof TONES)[keyof typeof TONES]>> = {
  returned: TONES.danger,
  approved: TONES.warning,
  published: TONES.success,
};

export function StatusTag({ status }: { status: DocumentStatus }) {
  return <Tag style={{ marginInlineEnd: 0, ...STATUS_TONES[status] }}>{DOCUMENT_STATUS_LABELS[status]}</Tag>;
}

export function ModeTag({ mode }: { mode: DisclosureMode | null }) {
  if (!mode) return <Tag>未确定</Tag>;
  return (
    <Tag color={mode === 'proactive' ? 'blue' : mode === 'withheld' ? 'default' : 'purple'}>
      {DISCLOSURE_MODE_LABELS[mode]}
    </Tag>
  );
}

/** The publication day in Beijing, as people read it. */
export const publishedOn = (at: string | null) => (at ? formatDate(beijingDate(at)) : '—');

type Brief = NonNullable<DocumentView['publicationDeadline']>;

/**
 * A document's deadline (the brief the document view carries, always in working days): the due date
 * and the badge, which explains itself on click.
 */
export function BriefDeadline({ deadline }: { deadline: Brief }) {
  return (
    <span>
      {formatDate(deadline.dueDate)}前{' '}
      <DeadlineExplain id={deadline.id}>
        <DeadlineBadge deadline={deadline} />
      </DeadlineExplain>
      {deadline.status === 'open' && !deadline.paused && deadline.state !== 'overdue' && (
        <span style={{ marginInlineStart: 8 }}>（剩余 {deadline.workingDaysLeft} 个工作日）</span>
      )}
    </span>
  );
}

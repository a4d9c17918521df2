import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Segmented,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ROLE_LABELS } from '../../../../src/core/auth/roles.ts';
import { DeadlineBadge } from '../../components/DeadlineBadge.tsx';
import { DeadlineExplain } from '../../components/DeadlineExplain.tsx';
import { formatDue } from '../../lib/deadlines.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useCan } from '../../lib/session.ts';
import {
  STATUS_LABELS,
  useAssignment,
  useAssignments,
  type AssignmentStatus,
  type AssignmentView,
} from './api.ts';
import { CloseAssignmentDialog, CreateAssignmentDialog } from './AssignmentDialogs.tsx';

type Closing = { assignment: AssignmentView; kind: 'complete' | 'cancel' } | null;

function StatusCell({ a }: { a: AssignmentView }) {
  if (a.status !== 'open' || !a.deadline) return <Tag>{STATUS_LABELS[a.status]}</Tag>;
  return (
    <DeadlineExplain id={a.deadline.id}>
      <DeadlineBadge deadline={a.deadline} />
    </DeadlineExplain>
  );
}

function Actions({ a, onClose }: { a: AssignmentView; onClose: (c: Closing) => void }) {
  return (
    <Space size={0}>
      {a.allowedActions.includes('complete') && (
        <Button type="link" onClick={() => onClose({ assignment: a, kind: 'complete' })}>
          办结
        </Button>
      )}
      {a.allowedActions.includes('cancel') && (
        <Button type="link" danger onClick={() => onClose({ assignment: a, kind: 'cancel' })}>
          撤销
        </Button>
      )}
    </Space>
  );
}

function AssignmentDrawer({
  id,
  onClose,
  onAct,
}: {
  id?: string;
  onClose: () => void;
  onAct: (c: Closing) => void;
}) {
  const one = useAssignment(id);
  const a = one.data;
  return (
    <Drawer title={a?.title ?? '交办事项'} open={Boolean(id)} onClose={onClose} size={560}>
      {one.isPending ? (
        <Spin />
      ) : one.isError ? (
        <Alert type="error" title={one.error.message} />
      ) : a ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="承办">
              {a.agencyName} · {ROLE_LABELS[a.assigneeRole]}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <StatusCell a={a} />
            </Descriptions.Item>
            <Descriptions.Item label="办理期限">
              {a.workingDays} 个工作日{a.deadline && `，${formatDue(a.deadline)}前`}
            </Descriptions.Item>
            <Descriptions.Item label="交办">
              {a.createdBy.name}，{formatDateTime(a.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label="说明">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {a.description || '—'}
              </Typography.Paragraph>
            </Descriptions.Item>
            {a.closedAt && (
              <Descriptions.Item label={a.status === 'completed' ? '办结' : '撤销'}>
                {a.closedBy?.name}，{formatDateTime(a.closedAt)}
              </Descriptions.Item>
            )}
            {a.completionNote && (
              <Descriptions.Item label="办理情况">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {a.completionNote}
                </Typography.Paragraph>
              </Descriptions.Item>
            )}
            {a.cancelReason && <Descriptions.Item label="撤销原因">{a.cancelReason}</Descriptions.Item>}
          </Descriptions>
          <Actions a={a} onClose={onAct} />
        </Space>
      ) : null}
    </Drawer>
  );
}

/** 交办事项: the disclosure office assigns work to an agency and role; the assignee completes it with a note. */
export function AssignmentsPage() {
  const [status, setStatus] = useState<AssignmentStatus | 'all'>('open');
  const list = useAssignments(status === 'all' ? undefined : status);
  const canCreate = useCan('assignment.create');
  const [creating, setCreating] = useState(false);
  const [closing, setClosing] = useState<Closing>(null);
  const { id } = useParams();
  const navigate = useNavigate();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          交办事项
        </Typography.Title>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建交办
          </Button>
        )}
      </Space>
      <Card>
        <Segmented<AssignmentStatus | 'all'>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open', label: '办理中' },
            { value: 'completed', label: '已办结' },
            { value: 'cancelled', label: '已撤销' },
            { value: 'all', label: '全部' },
          ]}
          style={{ marginBottom: 16 }}
        />
        <Table<AssignmentView>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Typography.Text type="secondary">没有符合条件的交办事项</Typography.Text> }}
          columns={[
            {
              title: '标题',
              key: 'title',
              render: (_, a) => (
                <Button
                  type="link"
                  style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                  onClick={() => void navigate(`/assignments/${a.id}`)}
                >
                  {a.title}
                </Button>
              ),
            },
            { title: '承办单位', dataIndex: 'agencyName', width: 180 },
            { title: '承办角色', key: 'role', width: 120, render: (_, a) => ROLE_LABELS[a.assigneeRole] },
            {
              title: '截止日期',
              key: 'due',
              width: 140,
              render: (_, a) => (a.deadline ? formatDue(a.deadline) : '—'),
            },
            { title: '状态', key: 'status', width: 110, render: (_, a) => <StatusCell a={a} /> },
            { title: '交办人', key: 'by', width: 120, render: (_, a) => a.createdBy.name },
            {
              title: '操作',
              key: 'actions',
              width: 130,
              render: (_, a) => <Actions a={a} onClose={setClosing} />,
            },
          ]}
        />
      </Card>
      <AssignmentDrawer id={id} onClose={() => void navigate('/assignments')} onAct={setClosing} />
      <CreateAssignmentDialog open={creating} onClose={() => setCreating(false)} />
      <CloseAssignmentDialog
        assignment={closing?.assignment ?? null}
        kind={closing?.kind ?? 'complete'}
        onClose={() => setClosing(null)}
      />
    </Space>
  );
}

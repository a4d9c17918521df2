import { Card, Empty, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { DeadlineBadge } from '../../components/DeadlineBadge.tsx';
import { DeadlineExplain } from '../../components/DeadlineExplain.tsx';
import { formatDue } from '../../lib/deadlines.ts';
import { consolePath } from '../../lib/links.ts';
import { MODULE_LABELS, useMyTasks, type TaskView } from './api.ts';

type Filter = 'all' | 'overdue' | 'due_soon';

function TaskTitle({ task }: { task: TaskView }) {
  const target = consolePath(task.link);
  if (!target) return <>{task.title}</>;
  return 'internal' in target ? (
    <Link to={target.internal}>{task.title}</Link>
  ) : (
    <a href={target.external}>{task.title}</a>
  );
}

function daysLeft(task: TaskView) {
  const d = task.deadline;
  if (d.state === 'overdue') {
    const late =
      d.unit === 'hours' || d.workingDaysLeft >= 0 ? '已逾期' : `逾期 ${-d.workingDaysLeft} 个工作日`;
    return <Typography.Text type="danger">{late}</Typography.Text>;
  }
  if (d.paused) return '暂停计时';
  if (d.unit === 'hours') return '按小时计';
  return d.workingDaysLeft === 0 ? '今日到期' : `${d.workingDaysLeft} 个工作日`;
}

/** 我的待办: every item waiting for me across modules, with its legal deadline. The console's landing page. */
export function MyTasksPage() {
  const tasks = useMyTasks();
  const [filter, setFilter] = useState<Filter>('all');
  const all = tasks.data ?? [];
  const overdue = all.filter((t) => t.deadline.state === 'overdue').length;
  const dueSoon = all.filter((t) => t.deadline.state === 'due_soon').length;
  const shown = filter === 'all' ? all : all.filter((t) => t.deadline.state === filter);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        我的待办
      </Typography.Title>
      <Space size="large" wrap>
        <Card size="small">
          <Statistic title="待办事项" value={all.length} loading={tasks.isPending} />
        </Card>
        <Card size="small">
          <Statistic
            title="即将到期（3 个工作日内）"
            value={dueSoon}
            loading={tasks.isPending}
            styles={{ content: { color: dueSoon ? '#b45309' : undefined } }}
          />
        </Card>
        <Card size="small">
          <Statistic
            title="已逾期"
            value={overdue}
            loading={tasks.isPending}
            styles={{ content: { color: overdue ? '#c81e1e' : undefined } }}
          />
        </Card>
      </Space>
      <Card>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: `全部 ${all.length}` },
            { value: 'due_soon', label: `即将到期 ${dueSoon}` },
            { value: 'overdue', label: `已逾期 ${overdue}` },
          ]}
          style={{ marginBottom: 16 }}
        />
        <Table<TaskView>
          rowKey="id"
          loading={tasks.isPending}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description="暂无待办事项。交办给您的工作、等待您审核或答复的事项会出现在这里，并显示法定期限。"
              />
            ),
          }}
          columns={[
            { title: '事项', key: 'title', render: (_, t) => <TaskTitle task={t} /> },
            {
              title: '类别',
              key: 'module',
              width: 120,
              render: (_, t) => MODULE_LABELS[t.module] ?? t.module,
            },
            { title: '单位', dataIndex: 'agencyName', width: 200 },
            {
              title: '截止',
              key: 'due',
              width: 170,
              render: (_, t) => formatDue(t.deadline),
            },
            { title: '剩余', key: 'left', width: 120, render: (_, t) => daysLeft(t) },
            {
              title: '状态',
              key: 'state',
              width: 110,
              render: (_, t) => (
                <DeadlineExplain id={t.deadline.id}>
                  <DeadlineBadge deadline={t.deadline} />
                </DeadlineExplain>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

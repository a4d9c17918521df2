import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  REQUEST_STATUS_LABELS,
  REQUEST_STATUSES,
  type RequestStatus,
} from '../../../../src/modules/requests/model.ts';
import { formatDate } from '../../lib/format.ts';
import { useCan } from '../../lib/session.ts';
import { LIST_PAGE_SIZE, outcomeLabel, useRequests, yearOptions, type RequestView } from './api.ts';
import { IntakeDialog } from './IntakeDialog.tsx';
import { DeadlineSummary, excerpt, RequestsTabs, StatusTag } from './shared.tsx';

/** 依申请公开: the requests of the agencies the user works for, newest first, 50 a page. */
export function RequestsPage() {
  const [status, setStatus] = useState<RequestStatus | undefined>();
  const [year, setYear] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const list = useRequests({ status, year, page });
  const canRegister = useCan('request.register');
  const [registering, setRegistering] = useState(false);
  const rows = list.data ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          依申请公开
        </Typography.Title>
        {canRegister && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
            登记申请
          </Button>
        )}
      </Space>
      <RequestsTabs />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select<RequestStatus>
            allowClear
            aria-label="按状态筛选"
            placeholder="全部状态"
            style={{ width: 180 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={REQUEST_STATUSES.map((s) => ({ value: s, label: REQUEST_STATUS_LABELS[s] }))}
          />
          <Select<number>
            allowClear
            aria-label="按收到年度筛选"
            placeholder="全部年度"
            style={{ width: 140 }}
            value={year}
            onChange={(v) => {
              setYear(v);
              setPage(1);
            }}
            options={yearOptions()}
          />
        </Space>
        <Table<RequestView>
          rowKey="id"
          loading={list.isPending}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1060 }}
          locale={{ emptyText: <Typography.Text type="secondary">没有符合条件的申请</Typography.Text> }}
          columns={[
            {
              title: '申请编号',
              key: 'trackingNumber',
              width: 120,
              render: (_, r) => <Link to={`/requests/${r.id}`}>{r.trackingNumber}</Link>,
            },
            { title: '申请人', dataIndex: 'applicantName', width: 110, ellipsis: true },
            {
              title: '所需信息',
              key: 'description',
              ellipsis: true,
              render: (_, r) => <span title={r.description}>{excerpt(r.description, 60)}</span>,
            },
            { title: '受理机关', dataIndex: 'agencyName', width: 130, ellipsis: true },
            { title: '收到日期', key: 'receivedOn', width: 120, render: (_, r) => formatDate(r.receivedOn) },
            { title: '状态', key: 'status', width: 100, render: (_, r) => <StatusTag status={r.status} /> },
            {
              title: '答复期限',
              key: 'deadline',
              width: 210,
              render: (_, r) => <DeadlineSummary deadline={r.deadline} explain={false} />,
            },
            {
              title: '答复类型',
              key: 'outcome',
              width: 140,
              render: (_, r) => (r.outcome && r.repliedOn ? outcomeLabel(r.outcome) : '—'),
            },
          ]}
        />
        {(page > 1 || rows.length === LIST_PAGE_SIZE) && (
          <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
            <Button disabled={page === 1} onClick={() => setPage(page - 1)}>
              上一页
            </Button>
            <Typography.Text>第 {page} 页</Typography.Text>
            <Button disabled={rows.length < LIST_PAGE_SIZE} onClick={() => setPage(page + 1)}>
              下一页
            </Button>
          </Space>
        )}
      </Card>
      <IntakeDialog open={registering} onClose={() => setRegistering(false)} />
    </Space>
  );
}

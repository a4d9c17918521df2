import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  DOCUMENT_STATUS_LABELS,
  DOCUMENT_STATUSES,
  REVIEW_STEP_LABELS,
  type DocumentStatus,
} from '../../../../src/modules/documents/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { useCan } from '../../lib/session.ts';
import { useDocuments, type DocumentListItem } from './api.ts';
import { DocumentsTabs, ModeTag, publishedOn, StatusTag } from './shared.tsx';

type View = 'mine' | 'all';

/** 主动公开: what waits for me, and every document of the agencies I work for. */
export function DocumentsPage() {
  const [view, setView] = useState<View>('mine');
  const [status, setStatus] = useState<DocumentStatus | undefined>();
  const [agencyId, setAgencyId] = useState<string | undefined>();
  const list = useDocuments(view === 'mine' ? { awaitingMe: true } : { status, agencyId });
  const canDraft = useCan('document.draft');
  const navigate = useNavigate();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          主动公开
        </Typography.Title>
        {canDraft && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/documents/new')}>
            起草文件
          </Button>
        )}
      </Space>
      <DocumentsTabs />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented<View>
            value={view}
            onChange={setView}
            options={[
              { value: 'mine', label: '待我处理' },
              { value: 'all', label: '全部' },
            ]}
          />
          {view === 'all' && (
            <>
              <Select<DocumentStatus>
                allowClear
                aria-label="按状态筛选"
                placeholder="全部状态"
                style={{ width: 180 }}
                value={status}
                onChange={setStatus}
                options={DOCUMENT_STATUSES.map((s) => ({ value: s, label: DOCUMENT_STATUS_LABELS[s] }))}
              />
              <AgencyTreeSelect
                allowClear
                aria-label="按机构筛选"
                placeholder="全部机构"
                style={{ width: 240 }}
                value={agencyId}
                onChange={setAgencyId}
              />
            </>
          )}
        </Space>
        <Table<DocumentListItem>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1150 }}
          locale={{
            emptyText: (
              <Typography.Text type="secondary">
                {view === 'mine' ? '没有等待您处理的文件' : '没有符合条件的文件'}
              </Typography.Text>
            ),
          }}
          columns={[
            {
              title: '标题',
              key: 'title',
              width: 300,
              render: (_, d) => <Link to={`/documents/${d.id}`}>{d.title}</Link>,
            },
            { title: '文号', key: 'docNumber', width: 150, render: (_, d) => d.docNumber ?? '—' },
            { title: '机构', dataIndex: 'agencyName', width: 130 },
            { title: '状态', key: 'status', width: 130, render: (_, d) => <StatusTag status={d.status} /> },
            {
              title: '当前环节',
              key: 'step',
              width: 130,
              render: (_, d) => (d.reviewStep ? REVIEW_STEP_LABELS[d.reviewStep] : '—'),
            },
            {
              title: '公开属性',
              key: 'mode',
              width: 110,
              render: (_, d) => <ModeTag mode={d.disclosureMode} />,
            },
            {
              title: '发布日期 / 索引号',
              key: 'published',
              width: 210,
              render: (_, d) =>
                d.publishedAt ? (
                  <Space orientation="vertical" size={0}>
                    <span>{publishedOn(d.publishedAt)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {d.indexNumber}
                    </Typography.Text>
                  </Space>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

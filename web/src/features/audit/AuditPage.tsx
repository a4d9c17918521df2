import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useAgencyNames } from '../../lib/agencies.ts';
import { formatDateTime } from '../../lib/format.ts';
import {
  ACTION_LABELS,
  ENTITY_LABELS,
  useAuditEvents,
  type AuditEventView,
  type AuditFilter,
} from './api.ts';

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <div style={{ flex: 1, minWidth: 280 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <pre
        style={{
          background: '#f8fafc',
          padding: 8,
          margin: '4px 0 0',
          maxHeight: 320,
          overflow: 'auto',
          fontSize: 12,
        }}
      >
        {JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

/** 审计日志: every state change, who made it, when, before and after (append-only, hash-chained). */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const events = useAuditEvents(filter);
  const names = useAgencyNames();
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        审计日志
      </Typography.Title>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            aria-label="对象类型"
            placeholder="全部对象类型"
            allowClear
            style={{ width: 180 }}
            value={filter.entityType}
            onChange={(entityType?: string) => setFilter((f) => ({ ...f, entityType }))}
            options={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
          />
          <Input.Search
            aria-label="对象编号"
            placeholder="对象编号"
            allowClear
            style={{ width: 320 }}
            onSearch={(entityId) => setFilter((f) => ({ ...f, entityId: entityId.trim() || undefined }))}
          />
        </Space>
        <Table<AuditEventView>
          rowKey="id"
          size="middle"
          loading={events.isPending}
          dataSource={rows}
          pagination={false}
          expandable={{
            expandedRowRender: (e) => (
              <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
                <Json label="变更前" value={e.before} />
                <Json label="变更后" value={e.after} />
                {e.before == null && e.after == null && (
                  <Typography.Text type="secondary">无数据变更内容</Typography.Text>
                )}
              </div>
            ),
          }}
          columns={[
            { title: '序号', dataIndex: 'seq', width: 80 },
            { title: '时间', dataIndex: 'at', width: 160, render: (at: string) => formatDateTime(at) },
            { title: '操作人', dataIndex: 'actorName', width: 180 },
            {
              title: '单位',
              dataIndex: 'agencyId',
              width: 200,
              render: (id: string | null) => (id ? (names.get(id) ?? id) : '—'),
            },
            { title: '操作', dataIndex: 'action', width: 160, render: (a: string) => ACTION_LABELS[a] ?? a },
            {
              title: '对象',
              key: 'entity',
              render: (_, e) => (
                <>
                  {ENTITY_LABELS[e.entityType] ?? e.entityType}{' '}
                  <Typography.Text type="secondary" copyable={{ text: e.entityId }} style={{ fontSize: 12 }}>
                    {e.entityId.slice(0, 8)}
                  </Typography.Text>
                </>
              ),
            },
          ]}
        />
        {events.hasNextPage && (
          <div style={{ textAlign: 'center', marginTop: 16 }}>
            <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
              加载更早的记录
            </Button>
          </div>
        )}
      </Card>
    </Space>
  );
}

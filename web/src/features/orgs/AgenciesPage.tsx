import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Input, Space, Spin, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { flattenAgencies, useAgencyTree, type AgencyTreeNode } from '../../lib/agencies.ts';
import { useCan } from '../../lib/session.ts';
import { AgencyForm } from './AgencyForm.tsx';
import { AGENCY_KIND_LABELS, useAgency, type Agency } from './api.ts';
import { OrgsTabs } from './OrgsTabs.tsx';

interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

function toTreeData(
  nodes: readonly AgencyTreeNode[],
  filter: string,
  visible: ReadonlySet<string>,
): TreeItem[] {
  return nodes
    .filter((n) => !filter || visible.has(n.id))
    .map((n) => ({
      key: n.id,
      title: (
        <span style={{ color: n.active ? undefined : 'rgba(0,0,0,0.55)' }}>
          {n.name}
          {!n.active && '（已撤销）'}
        </span>
      ),
      children: toTreeData(n.children, filter, visible),
    }));
}

/** Agencies whose name matches, with their ancestors, so that the tree keeps its shape while searching. */
function matching(forest: readonly AgencyTreeNode[], filter: string): Set<string> {
  const visible = new Set<string>();
  const walk = (node: AgencyTreeNode, ancestors: string[]): void => {
    if (node.name.includes(filter) || (node.shortName ?? '').includes(filter)) {
      for (const id of [...ancestors, node.id]) visible.add(id);
    }
    for (const child of node.children) walk(child, [...ancestors, node.id]);
  };
  for (const root of forest) walk(root, []);
  return visible;
}

function AgencyDetail({
  id,
  onEdit,
  onAddChild,
}: {
  id: string;
  onEdit: (a: Agency) => void;
  onAddChild: () => void;
}) {
  const detail = useAgency(id);
  if (detail.isPending) return <Spin />;
  if (detail.isError) return <Alert type="error" title={detail.error.message} />;
  const a = detail.data;
  const canManage = a.allowedActions.includes('agency.manage');
  const canViewUsers = a.allowedActions.includes('user.view');
  return (
    <Card
      title={
        <Space>
          {a.name}
          <Tag color="blue">{AGENCY_KIND_LABELS[a.kind]}</Tag>
          {!a.active && <Tag>已撤销</Tag>}
        </Space>
      }
      extra={
        <Space>
          {canViewUsers && <Link to={`/orgs/users?agencyId=${encodeURIComponent(a.id)}`}>本单位用户</Link>}
          {canManage && <Button onClick={() => onEdit(a)}>编辑</Button>}
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={onAddChild}>
              新增下级单位
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
        <Descriptions.Item label="单位名称">{a.name}</Descriptions.Item>
        <Descriptions.Item label="简称">{a.shortName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="隶属关系" span={2}>
          {a.path.map((p) => p.name).join(' / ')}
        </Descriptions.Item>
        <Descriptions.Item label="政务公开主管部门" span={2}>
          {a.supervisingAgency?.name ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label="统一社会信用代码">{a.uscc ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="行政区划代码">{a.divisionCode ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="日历地区">{a.regionCode}</Descriptions.Item>
        <Descriptions.Item label="联系电话">{a.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="地址" span={2}>
          {a.address ?? '—'}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** 组织机构 · 单位: the agency tree with each agency's details; admins create and edit agencies. */
export function AgenciesPage() {
  const tree = useAgencyTree();
  const canManage = useCan('agency.manage');
  const [selected, setSelected] = useState<string>();
  const [filter, setFilter] = useState('');
  const [form, setForm] = useState<{ agency?: Agency; parentId?: string | null } | null>(null);

  const forest = useMemo(() => tree.data ?? [], [tree.data]);
  const all = useMemo(() => flattenAgencies(forest), [forest]);
  const treeData = useMemo(() => toTreeData(forest, filter, matching(forest, filter)), [forest, filter]);
  const current = selected ?? all[0]?.id;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        组织机构
      </Typography.Title>
      <OrgsTabs />
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(260px, 340px) 1fr',
          gap: 16,
          alignItems: 'start',
        }}
      >
        <Card
          title={`单位（${all.length}）`}
          size="small"
          extra={
            canManage && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setForm({ parentId: current ?? null })}
              >
                新增
              </Button>
            )
          }
        >
          <Input.Search
            placeholder="按名称查找"
            aria-label="按名称查找单位"
            allowClear
            onChange={(e) => setFilter(e.target.value.trim())}
            style={{ marginBottom: 8 }}
          />
          {tree.isPending ? (
            <Spin />
          ) : treeData.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={filter ? '没有名称匹配的单位' : '暂无单位'}
            />
          ) : (
            <Tree
              showLine
              defaultExpandAll
              blockNode
              selectedKeys={current ? [current] : []}
              onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
              treeData={treeData}
            />
          )}
        </Card>
        {current ? (
          <AgencyDetail
            id={current}
            onEdit={(agency) => setForm({ agency })}
            onAddChild={() => setForm({ parentId: current })}
          />
        ) : (
          <Card>
            <Empty description="请在左侧选择单位" />
          </Card>
        )}
      </div>
      <AgencyForm
        open={form !== null}
        agency={form?.agency}
        parentId={form?.parentId}
        onClose={() => setForm(null)}
      />
    </Space>
  );
}

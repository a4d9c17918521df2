import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Tree,
  TreeSelect,
  Typography,
  type FormInstance,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import {
  AUDIENCE_LABELS,
  CHANNEL_LABELS,
  describeFreshness,
  ITEM_MODE_LABELS,
  LEVEL_LABELS,
  NODE_KIND_LABELS,
} from '../../../../src/modules/catalog/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { ApiError } from '../../lib/api.ts';
import { validValues } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.ts';
import {
  useCatalogReport,
  useCatalogTree,
  useCreateNode,
  useDeleteNode,
  useEnsureStandardTree,
  useFile,
  useMoveNode,
  useUnfile,
  useUnfiled,
  useUpdateNode,
  type CatalogDocument,
  type CatalogNodeView,
  type CatalogTreeView,
} from './api.ts';
import {
  ELEMENT_FIELDS,
  fromNode,
  ItemFields,
  NEW_ITEM,
  toElements,
  type ItemFormValues,
} from './ItemFields.tsx';

function flatten(nodes: readonly CatalogNodeView[]): CatalogNodeView[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** The server's field messages (`elements.freshness.workingDays`) on the form's flat fields. */
function showErrors<T>(form: FormInstance<T>, error: unknown, fallback: (message: string) => void): void {
  if (!(error instanceof ApiError)) return;
  const fields = Object.entries(error.fields)
    .map(([path, message]) => ({ name: path.split('.').pop() ?? '', errors: [message] }))
    .filter((f) => ELEMENT_FIELDS.includes(f.name));
  if (fields.length > 0) form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
  else fallback(error.message);
}

/** An antd tree of the catalog: stages, fields, items with how many documents they hold. */
function toTreeData(nodes: readonly CatalogNodeView[]): object[] {
  return nodes.map((n) => ({
    key: n.id,
    title: (
      <Space size={4}>
        <span>{n.name}</span>
        {n.kind === 'item' &&
          (n.documents.length > 0 ? (
            <Tag color="blue">{n.documents.length} 件</Tag>
          ) : n.elements?.mode === 'on_request' ? (
            <Tag>依申请</Tag>
          ) : (
            <Tag color="orange">无内容</Tag>
          ))}
      </Space>
    ),
    children: toTreeData(n.children),
  }));
}

function NewNodeDialog(props: {
  agencyId: string;
  parent: CatalogNodeView | null;
  kind: 'field' | 'item';
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { agencyId, parent, kind, onClose, onCreated } = props;
  const [form] = Form.useForm<ItemFormValues>();
  const create = useCreateNode();
  const { message } = App.useApp();
  useEffect(() => {
    if (parent) form.setFieldsValue({ ...NEW_ITEM });
  }, [parent, form]);
  const ok = async () => {
    if (!parent) return;
    const values = await validValues(form);
    if (!values) return;
    try {
      const node = await create.mutateAsync({
        agencyId,
        parentId: parent.id,
        kind,
        name: values.name,
        ...(kind === 'item' ? { elements: toElements(values) } : {}),
      });
      void message.success(kind === 'item' ? '已新增公开事项' : '已新增领域');
      form.resetFields();
      onCreated(node.id);
      onClose();
    } catch (error) {
      showErrors(form, error, (m) => void message.error(m));
    }
  };
  return (
    <Modal
      title={parent ? `在「${parent.name}」下新增${kind === 'item' ? '公开事项' : '领域'}` : ''}
      open={parent !== null}
      width={kind === 'item' ? 760 : 480}
      okText="新增"
      confirmLoading={create.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" requiredMark="optional" initialValues={NEW_ITEM}>
        <Form.Item
          label="名称"
          name="name"
          rules={[{ required: true, whitespace: true, min: 2, message: '名称至少 2 个字' }]}
        >
          <Input maxLength={100} placeholder={kind === 'item' ? '如：招生入学政策' : '如：义务教育'} />
        </Form.Item>
        {kind === 'item' && <ItemFields />}
      </Form>
    </Modal>
  );
}

/** The selected item: its elements (editable), its documents, filing and unfiling. */
function ItemPanel(props: {
  node: CatalogNodeView;
  tree: CatalogTreeView;
  unfiled: readonly CatalogDocument[];
}) {
  const { node, tree, unfiled } = props;
  const canManage = tree.allowedActions.includes('manage');
  const canFile = tree.allowedActions.includes('file');
  const [form] = Form.useForm<ItemFormValues>();
  const update = useUpdateNode();
  const file = useFile();
  const unfile = useUnfile();
  const { message } = App.useApp();
  const [toFile, setToFile] = useState<string[]>([]);
  useEffect(() => {
    form.setFieldsValue(fromNode(node));
    setToFile([]);
  }, [node, form]);

  const save = async () => {
    const values = await validValues(form);
    if (!values) return;
    try {
      await update.mutateAsync({ id: node.id, name: values.name, elements: toElements(values) });
      void message.success('已保存');
    } catch (error) {
      showErrors(form, error, (m) => void message.error(m));
    }
  };
  const fileSelected = async () => {
    for (const documentId of toFile) await file.mutateAsync({ documentId, itemIds: [node.id] });
    void message.success(`已归入 ${toFile.length} 件`);
    setToFile([]);
  };
  const e = node.elements;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {canManage ? (
        <Form form={form} layout="vertical" requiredMark="optional">
          <Form.Item
            label="名称"
            name="name"
            rules={[{ required: true, whitespace: true, min: 2, message: '名称至少 2 个字' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <ItemFields />
          <Button type="primary" loading={update.isPending} onClick={() => void save()}>
            保存公开要素
          </Button>
        </Form>
      ) : e ? (
        <Descriptions column={1} bordered size="small" title={node.name}>
          <Descriptions.Item label="公开内容">{e.content}</Descriptions.Item>
          <Descriptions.Item label="公开依据">{e.basis}</Descriptions.Item>
          <Descriptions.Item label="公开主体">{e.owner}</Descriptions.Item>
          <Descriptions.Item label="公开时限">
            {e.timeLimit}（{describeFreshness(e.freshness)}）
          </Descriptions.Item>
          <Descriptions.Item label="公开渠道和载体">
            {e.channels.map((c) => CHANNEL_LABELS[c]).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label="公开对象">{AUDIENCE_LABELS[e.audience]}</Descriptions.Item>
          <Descriptions.Item label="公开方式">{ITEM_MODE_LABELS[e.mode]}</Descriptions.Item>
          <Descriptions.Item label="公开层级">
            {e.levels.map((l) => LEVEL_LABELS[l]).join('、')}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      <Card size="small" title={`已归档的政府信息（${node.documents.length} 件）`}>
        <Table<CatalogDocument>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={node.documents}
          locale={{ emptyText: '本事项暂无已公开的信息' }}
          columns={[
            { title: '索引号', dataIndex: 'indexNumber', width: 220 },
            {
              title: '名称',
              key: 'title',
              render: (_, d) => (
                <a href={`/documents/${d.id}`} target="_blank" rel="noreferrer">
                  {d.title}
                </a>
              ),
            },
            { title: '生成日期', dataIndex: 'writtenOn', width: 110 },
            ...(canFile
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 80,
                    render: (_: unknown, d: CatalogDocument) => (
                      <Popconfirm
                        title="将该信息移出本事项？"
                        onConfirm={() => void unfile.mutateAsync({ documentId: d.id, itemId: node.id })}
                      >
                        <Button type="link" danger size="small">
                          移出
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {canFile && (
          <Space style={{ marginTop: 12, width: '100%' }} wrap>
            <Select
              mode="multiple"
              style={{ minWidth: 360 }}
              placeholder={unfiled.length > 0 ? '选择未归入目录的已公开信息' : '没有未归入目录的信息'}
              disabled={unfiled.length === 0}
              value={toFile}
              onChange={setToFile}
              options={unfiled.map((d) => ({ value: d.id, label: `${d.title}（${d.writtenOn}）` }))}
              aria-label="选择要归入本事项的信息"
            />
            <Button
              disabled={toFile.length === 0}
              loading={file.isPending}
              onClick={() => void fileSelected()}
            >
              归档到本事项
            </Button>
          </Space>
        )}
      </Card>
    </Space>
  );
}

/** The selected stage or field: rename, add below, move, delete. */
function BranchPanel(props: {
  node: CatalogNodeView;
  parent: CatalogNodeView | null;
  tree: CatalogTreeView;
  onAdd: (kind: 'field' | 'item') => void;
}) {
  const { node, parent, tree, onAdd } = props;
  const canManage = tree.allowedActions.includes('manage');
  const [form] = Form.useForm<{ name: string }>();
  const update = useUpdateNode();
  const { message } = App.useApp();
  useEffect(() => form.setFieldsValue({ name: node.name }), [node, form]);
  const mayNestField = node.kind === 'stage' || parent?.kind === 'stage';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {node.name} <Tag>{NODE_KIND_LABELS[node.kind]}</Tag>
      </Typography.Title>
      {canManage && node.kind === 'field' && (
        <Form form={form} layout="inline">
          <Form.Item
            name="name"
            rules={[{ required: true, whitespace: true, min: 2, message: '名称至少 2 个字' }]}
          >
            <Input maxLength={100} aria-label="领域名称" />
          </Form.Item>
          <Button
            onClick={() =>
              void (async () => {
                const values = await validValues(form);
                if (!values) return;
                await update.mutateAsync({ id: node.id, name: values.name });
                void message.success('已改名');
              })()
            }
          >
            改名
          </Button>
        </Form>
      )}
      {canManage && (
        <Space>
          {mayNestField && (
            <Button icon={<PlusOutlined />} onClick={() => onAdd('field')}>
              {node.kind === 'stage' ? '新增领域' : '新增二级领域'}
            </Button>
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => onAdd('item')}>
            新增公开事项
          </Button>
        </Space>
      )}
      <Typography.Text type="secondary">
        下设 {node.children.length} 个节点。在左侧目录树中选择公开事项可查看和编辑其公开要素。
      </Typography.Text>
    </Space>
  );
}

function NodeActions(props: { node: CatalogNodeView; tree: CatalogTreeView; onDeleted: () => void }) {
  const { node, tree, onDeleted } = props;
  const remove = useDeleteNode();
  const move = useMoveNode();
  const [target, setTarget] = useState<string | undefined>();
  if (!tree.allowedActions.includes('manage') || node.kind === 'stage') return null;
  const targets = (nodes: readonly CatalogNodeView[]): object[] =>
    nodes
      .filter((n) => n.kind !== 'item' && n.id !== node.id)
      .map((n) => ({ value: n.id, title: n.name, children: targets(n.children) }));
  return (
    <Space wrap>
      <TreeSelect
        style={{ minWidth: 240 }}
        placeholder="移到…"
        value={target}
        onChange={setTarget}
        treeData={targets(tree.stages)}
        treeDefaultExpandAll
        aria-label="移到其他环节或领域"
      />
      <Button
        disabled={!target}
        loading={move.isPending}
        onClick={() =>
          target && void move.mutateAsync({ id: node.id, parentId: target }).then(() => setTarget(undefined))
        }
      >
        移动
      </Button>
      <Popconfirm
        title={`删除「${node.name}」？`}
        description="有下级节点或已归档信息的节点不能删除。"
        onConfirm={() => void remove.mutateAsync(node.id).then(onDeleted)}
      >
        <Button danger loading={remove.isPending}>
          删除
        </Button>
      </Popconfirm>
    </Space>
  );
}

function ReportTab({ agencyId, onOpen }: { agencyId: string; onOpen: (itemId: string) => void }) {
  const report = useCatalogReport(agencyId);
  if (report.isPending) return <Spin />;
  if (report.isError) return <Alert type="error" title={report.error.message} />;
  const r = report.data;
  const open = (id: string) => (
    <Button type="link" size="small" onClick={() => onOpen(id)}>
      去处理
    </Button>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        截至 {r.asOf}，共 {r.counts.items} 个公开事项。
      </Typography.Text>
      <Card
        title={
          <Badge count={r.counts.empty} showZero offset={[12, 0]}>
            无内容的公开事项
          </Badge>
        }
      >
        <Typography.Paragraph type="secondary">{r.reasons.empty}</Typography.Paragraph>
        <List
          dataSource={r.empty}
          locale={{ emptyText: '没有无内容的公开事项' }}
          renderItem={(i) => (
            <List.Item actions={[open(i.itemId)]}>{[...i.path, i.name].join(' / ')}</List.Item>
          )}
        />
      </Card>
      <Card
        title={
          <Badge count={r.counts.stale} showZero offset={[12, 0]}>
            超过公开时限的公开事项
          </Badge>
        }
      >
        <Typography.Paragraph type="secondary">{r.reasons.stale}</Typography.Paragraph>
        <List
          dataSource={r.stale}
          locale={{ emptyText: '没有超过公开时限的公开事项' }}
          renderItem={(i) => (
            <List.Item actions={[open(i.itemId)]}>
              <List.Item.Meta
                title={[...i.path, i.name].join(' / ')}
                description={`${i.reason}。公开时限：${i.timeLimit}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card
        title={
          <Badge count={r.counts.unfiled} showZero offset={[12, 0]}>
            未归入目录的已公开信息
          </Badge>
        }
      >
        <Typography.Paragraph type="secondary">{r.reasons.unfiled}</Typography.Paragraph>
        <List
          dataSource={r.unfiled}
          locale={{ emptyText: '所有已公开的信息均已归入目录' }}
          renderItem={(d) => (
            <List.Item>
              <List.Item.Meta title={d.title} description={`${d.indexNumber} · 生成日期 ${d.writtenOn}`} />
            </List.Item>
          )}
        />
        {r.unfiled.length > 0 && (
          <Typography.Text type="secondary">
            在“目录”中选择公开事项，用“归档到本事项”将其归入。
          </Typography.Text>
        )}
      </Card>
    </Space>
  );
}

/** 主动公开目录: the agency's tree, the item editor, filing, and the consistency report. */
export function CatalogPage() {
  const me = useSession();
  const [agencyId, setAgencyId] = useState<string | undefined>(me.currentAgencyId ?? undefined);
  const [tab, setTab] = useState('tree');
  const [selected, setSelected] = useState<string | undefined>();
  const [adding, setAdding] = useState<{ parent: CatalogNodeView; kind: 'field' | 'item' } | null>(null);
  const tree = useCatalogTree(agencyId);
  const unfiled = useUnfiled(agencyId);
  const report = useCatalogReport(agencyId);
  const ensure = useEnsureStandardTree();
  const nodes = useMemo(() => flatten(tree.data?.stages ?? []), [tree.data]);
  const node = nodes.find((n) => n.id === selected);
  const parent = node?.parentId ? (nodes.find((n) => n.id === node.parentId) ?? null) : null;
  const problems = report.data
    ? report.data.counts.empty + report.data.counts.stale + report.data.counts.unfiled
    : 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
          主动公开目录
        </Typography.Title>
        <AgencyTreeSelect
          style={{ minWidth: 280 }}
          value={agencyId}
          onChange={(id: string) => {
            setAgencyId(id);
            setSelected(undefined);
          }}
          aria-label="单位"
        />
      </Space>
      {!agencyId ? (
        <Empty description="请选择单位" />
      ) : tree.isPending ? (
        <Spin />
      ) : tree.isError ? (
        <Alert type="error" title={tree.error.message} />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'tree',
              label: '目录',
              children:
                tree.data.stages.length === 0 ? (
                  <Empty description={`${tree.data.agencyName}尚未建立公开目录`}>
                    {tree.data.allowedActions.includes('manage') && (
                      <Button
                        type="primary"
                        loading={ensure.isPending}
                        onClick={() => void ensure.mutateAsync(agencyId)}
                      >
                        建立标准目录（五公开环节）
                      </Button>
                    )}
                  </Empty>
                ) : (
                  <div style={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 1fr) 2fr', gap: 16 }}>
                    <Card size="small" title={tree.data.agencyName}>
                      <Tree
                        treeData={toTreeData(tree.data.stages) as never}
                        defaultExpandAll
                        selectedKeys={selected ? [selected] : []}
                        onSelect={(keys) => setSelected(keys[0] as string | undefined)}
                      />
                    </Card>
                    <Card
                      size="small"
                      title={node ? node.name : '请选择节点'}
                      extra={
                        node && (
                          <NodeActions
                            node={node}
                            tree={tree.data}
                            onDeleted={() => setSelected(undefined)}
                          />
                        )
                      }
                    >
                      {!node ? (
                        <Typography.Text type="secondary">
                          在左侧选择公开环节、领域或公开事项。
                        </Typography.Text>
                      ) : node.kind === 'item' ? (
                        <ItemPanel node={node} tree={tree.data} unfiled={unfiled.data ?? []} />
                      ) : (
                        <BranchPanel
                          node={node}
                          parent={parent}
                          tree={tree.data}
                          onAdd={(kind) => setAdding({ parent: node, kind })}
                        />
                      )}
                    </Card>
                  </div>
                ),
            },
            {
              key: 'report',
              label: (
                <Badge count={problems} size="small" offset={[8, 0]}>
                  一致性检查
                </Badge>
              ),
              children: (
                <ReportTab
                  agencyId={agencyId}
                  onOpen={(id) => {
                    setSelected(id);
                    setTab('tree');
                  }}
                />
              ),
            },
          ]}
        />
      )}
      {agencyId && (
        <NewNodeDialog
          agencyId={agencyId}
          parent={adding?.parent ?? null}
          kind={adding?.kind ?? 'item'}
          onClose={() => setAdding(null)}
          onCreated={setSelected}
        />
      )}
    </Space>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  type FormInstance,
} from 'antd';
import { useEffect, useState } from 'react';
import {
  FINDING_CODE_LABELS,
  SEVERITY_LABELS,
  type Severity,
} from '../../../../src/modules/screening/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { useCan } from '../../lib/session.ts';
import {
  useCheck,
  useDeleteLeader,
  useDeleteWord,
  useLeaders,
  useSaveLeader,
  useSaveWord,
  useWords,
  type CheckResult,
  type Finding,
  type LeaderCreateInput,
  type LeaderView,
  type WordCreateInput,
  type WordView,
} from './api.ts';

const severityTag = (s: Severity) => (
  <Tag color={s === 'blocking' ? 'red' : 'gold'}>{SEVERITY_LABELS[s]}</Tag>
);

function useSubmit() {
  const { message } = App.useApp();
  return async <T,>(form: FormInstance<T>, fields: string[], run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      void message.success(done);
      return true;
    } catch (error) {
      if (!applyFieldErrors(form, error, fields) && error instanceof ApiError)
        void message.error(error.message);
      return false;
    }
  };
}

const TARGET_LABELS = { title: '标题', body: '正文', attachment: '附件' } as const;

function FindingItem({ f }: { f: Finding }) {
  const l = f.location;
  const where = [TARGET_LABELS[l.target], l.attachmentName, l.place].filter(Boolean).join(' · ');
  return (
    <List.Item>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          {severityTag(f.severity)}
          <Typography.Text strong>{FINDING_CODE_LABELS[f.code]}</Typography.Text>
          <Typography.Text type="secondary">{where}</Typography.Text>
        </Space>
        <Typography.Text>{f.message}</Typography.Text>
        {(l.excerpt.match || l.excerpt.before || l.excerpt.after) && (
          <Typography.Paragraph
            style={{ margin: 0, padding: '4px 8px', background: 'rgba(0,0,0,0.04)', whiteSpace: 'pre-wrap' }}
          >
            {l.excerpt.before && `…${l.excerpt.before}`}
            <mark style={{ background: f.severity === 'blocking' ? '#ffccc7' : '#ffe58f', padding: '0 2px' }}>
              {l.excerpt.match}
            </mark>
            {l.excerpt.after && `${l.excerpt.after}…`}
          </Typography.Paragraph>
        )}
      </Space>
    </List.Item>
  );
}

/** The try-it box: paste a title and body (and optionally add a file), see every finding in place. */
function CheckTab() {
  const [form] = Form.useForm<{ title: string; bodyText: string }>();
  const check = useCheck();
  const [files, setFiles] = useState<{ name: string; contentBase64: string }[]>([]);
  const [result, setResult] = useState<CheckResult | null>(null);
  const { message } = App.useApp();

  const addFile = async (file: File) => {
    if (file.size > 650 * 1024) {
      void message.error('试检的附件不能超过 650 KB');
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    setFiles((fs) => [...fs, { name: file.name, contentBase64: btoa(binary) }].slice(0, 3));
  };

  const run = async () => {
    const values = form.getFieldsValue();
    try {
      setResult(await check.mutateAsync({ ...values, attachments: files }));
    } catch (error) {
      if (!applyFieldErrors(form, error, ['title', 'bodyText']) && error instanceof ApiError)
        void message.error(error.message);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form form={form} layout="vertical" initialValues={{ title: '', bodyText: '' }}>
        <Form.Item name="title" label="标题">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="bodyText" label="正文" extra="粘贴正文纯文本；文中的网址会一并检查是否可以访问。">
          <Input.TextArea rows={10} />
        </Form.Item>
        <Form.Item label="附件（可选，.xlsx / .docx / .pdf，最多 3 个）">
          <Space wrap>
            <input
              type="file"
              aria-label="选择附件"
              accept=".xlsx,.docx,.pdf,.txt,.csv"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void addFile(file);
                e.target.value = '';
              }}
            />
            {files.map((f) => (
              <Tag
                key={f.name}
                closable
                onClose={() => setFiles((fs) => fs.filter((x) => x.name !== f.name))}
              >
                {f.name}
              </Tag>
            ))}
          </Space>
        </Form.Item>
        <Button type="primary" loading={check.isPending} onClick={() => void run()}>
          检测
        </Button>
      </Form>
      {result &&
        (result.findings.length === 0 ? (
          <Alert type="success" title="未发现问题" />
        ) : (
          <>
            <Alert
              type={result.blocked ? 'error' : 'warning'}
              title={
                result.blocked
                  ? `发现 ${result.findings.length} 个问题，其中有须修改的问题，修改前不能发布`
                  : `发现 ${result.findings.length} 个提醒，发布时须由责任人说明理由`
              }
            />
            <List
              bordered
              dataSource={result.findings}
              rowKey={(f) => f.key}
              renderItem={(f) => <FindingItem f={f} />}
            />
          </>
        ))}
    </Space>
  );
}

function WordDialog({ word, open, onClose }: { word: WordView | null; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<WordCreateInput>();
  const save = useSaveWord();
  const submit = useSubmit();
  useEffect(() => {
    if (open) {
      form.resetFields();
      if (word) form.setFieldsValue({ word: word.word, severity: word.severity, note: word.note });
    }
  }, [open, word, form]);
  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    const body = word ? { word: values.word, severity: values.severity, note: values.note } : values;
    if (
      await submit(
        form,
        ['word', 'severity', 'note', 'agencyId'],
        () => save.mutateAsync({ id: word?.id, body }),
        '已保存',
      )
    )
      onClose();
  };
  return (
    <Modal
      title={word ? '修改敏感词' : '新增敏感词'}
      open={open}
      okText="保存"
      confirmLoading={save.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" initialValues={{ severity: 'warning', note: '' }}>
        <Form.Item
          name="word"
          label="敏感词"
          rules={[{ required: true, whitespace: true, message: '请填写敏感词' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="severity" label="处理方式" rules={[{ required: true, message: '请选择处理方式' }]}>
          <Radio.Group
            options={[
              { value: 'blocking', label: '须修改（不改不能发布）' },
              { value: 'warning', label: '提醒（责任人说明理由后可发布）' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input maxLength={200} />
        </Form.Item>
        {!word && (
          <Form.Item
            name="agencyId"
            label="适用单位"
            extra="对该单位及其下级单位发布的信息生效"
            rules={[{ required: true, message: '请选择适用单位' }]}
          >
            <AgencyTreeSelect />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function WordsTab() {
  const words = useWords();
  const canManage = useCan('screening.manage');
  const remove = useDeleteWord();
  const [editing, setEditing] = useState<{ word: WordView | null } | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ word: null })}>
          新增敏感词
        </Button>
      )}
      <Table<WordView>
        rowKey="id"
        loading={words.isPending}
        dataSource={words.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '敏感词', dataIndex: 'word' },
          { title: '处理方式', key: 'severity', width: 110, render: (_, w) => severityTag(w.severity) },
          { title: '说明', dataIndex: 'note' },
          { title: '适用单位', dataIndex: 'agencyName', width: 200 },
          {
            title: '操作',
            key: 'actions',
            width: 140,
            render: (_, w) =>
              w.editable && (
                <Space size={0}>
                  <Button type="link" onClick={() => setEditing({ word: w })}>
                    修改
                  </Button>
                  <Popconfirm title={`删除敏感词“${w.word}”？`} onConfirm={() => remove.mutateAsync(w.id)}>
                    <Button type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <WordDialog word={editing?.word ?? null} open={editing !== null} onClose={() => setEditing(null)} />
    </Space>
  );
}

function LeaderDialog({
  leader,
  open,
  onClose,
}: {
  leader: LeaderView | null;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<LeaderCreateInput>();
  const save = useSaveLeader();
  const submit = useSubmit();
  useEffect(() => {
    if (open) {
      form.resetFields();
      if (leader)
        form.setFieldsValue({
          name: leader.name,
          titles: leader.titles,
          active: leader.active,
          sortOrder: leader.sortOrder,
        });
    }
  }, [open, leader, form]);
  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    const { agencyId, ...patch } = values;
    const body = leader ? patch : { ...patch, agencyId };
    if (
      await submit(
        form,
        ['name', 'titles', 'agencyId', 'active', 'sortOrder'],
        () => save.mutateAsync({ id: leader?.id, body }),
        '已保存',
      )
    )
      onClose();
  };
  return (
    <Modal
      title={leader ? '修改领导信息' : '新增领导'}
      open={open}
      okText="保存"
      confirmLoading={save.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      forceRender
    >
      <Form form={form} layout="vertical" initialValues={{ active: true, sortOrder: 0, titles: [] }}>
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={8} />
        </Form.Item>
        <Form.Item
          name="titles"
          label="现任职务"
          extra="每个职务单独输入后回车，如“县委副书记”“县长”"
          rules={[{ required: true, message: '请至少填写一个职务' }]}
        >
          <Select mode="tags" open={false} tokenSeparators={['、', '，', ',']} />
        </Form.Item>
        {!leader && (
          <Form.Item name="agencyId" label="所在单位" rules={[{ required: true, message: '请选择所在单位' }]}>
            <AgencyTreeSelect />
          </Form.Item>
        )}
        <Space size="large">
          <Form.Item name="active" label="在任" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="sortOrder" label="排序">
            <InputNumber min={0} max={9999} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function LeadersTab() {
  const leaders = useLeaders();
  const canManage = useCan('screening.manage');
  const remove = useDeleteLeader();
  const [editing, setEditing] = useState<{ leader: LeaderView | null } | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        领导姓名、职务表述错误属于政府网站检查的“严重表述错误”单项否决项。领导职务变动后请及时更新名单。
      </Typography.Text>
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ leader: null })}>
          新增领导
        </Button>
      )}
      <Table<LeaderView>
        rowKey="id"
        loading={leaders.isPending}
        dataSource={leaders.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 120 },
          { title: '现任职务', key: 'titles', render: (_, l) => l.titles.join('、') },
          { title: '所在单位', dataIndex: 'agencyName', width: 200 },
          {
            title: '状态',
            key: 'active',
            width: 90,
            render: (_, l) => (l.active ? <Tag color="green">在任</Tag> : <Tag>不在任</Tag>),
          },
          {
            title: '操作',
            key: 'actions',
            width: 140,
            render: (_, l) =>
              l.editable && (
                <Space size={0}>
                  <Button type="link" onClick={() => setEditing({ leader: l })}>
                    修改
                  </Button>
                  <Popconfirm title={`删除“${l.name}”？`} onConfirm={() => remove.mutateAsync(l.id)}>
                    <Button type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <LeaderDialog
        leader={editing?.leader ?? null}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Space>
  );
}

/** 发布前检查: try a text, and keep the sensitive words and the leaders list. */
export function ScreeningPage() {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        发布前检查
      </Typography.Title>
      <Card>
        <Tabs
          items={[
            { key: 'check', label: '检测', children: <CheckTab /> },
            { key: 'words', label: '敏感词', children: <WordsTab /> },
            { key: 'leaders', label: '领导名单', children: <LeadersTab /> },
          ]}
        />
      </Card>
    </Space>
  );
}

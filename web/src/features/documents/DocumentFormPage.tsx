import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Spin,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  DISCLOSURE_MODE_LABELS,
  DISCLOSURE_MODES,
  LEGAL_CATEGORIES,
  LEGAL_CATEGORY_LABELS,
  PORTAL_SECTION_LABELS,
  PORTAL_SECTIONS,
  VALIDITIES,
  VALIDITY_LABELS,
  WITHHOLDING_GROUND_CODES,
  WITHHOLDING_GROUNDS,
  type DisclosureMode,
  type LegalCategory,
  type PortalSection,
  type Validity,
} from '../../../../src/modules/documents/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { RichTextEditor } from '../../components/RichTextEditor.tsx';
import { ApiError } from '../../lib/api.ts';
import { applyFieldErrors, validValues } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.ts';
import {
  uploadAttachment,
  useCatalogItems,
  useCreateDraft,
  useDocument,
  useRevise,
  useScreenRevision,
  useStep,
  useUpdateDraft,
  type DocumentView,
  type DraftInput,
  type FileView,
  type ScreeningRecord,
} from './api.ts';
import { FindingItem, WarningReasons } from './Findings.tsx';

type Mode = 'new' | 'edit' | 'revise';

interface Values {
  title: string;
  agencyId: string;
  coIssuers: string[];
  docNumber?: string;
  writtenOn: Dayjs;
  topic: string;
  genre: string;
  legalCategory: LegalCategory;
  validity: Validity;
  effectiveFrom?: Dayjs | null;
  effectiveTo?: Dayjs | null;
  portalSection: PortalSection;
  body: string;
  catalogItemIds: string[];
  disclosureMode: DisclosureMode;
  withholdingGround?: string | null;
  modeReason?: string;
  reason?: string;
}

const FIELDS = [
  'title',
  'agencyId',
  'coIssuers',
  'docNumber',
  'writtenOn',
  'topic',
  'genre',
  'legalCategory',
  'validity',
  'effectiveFrom',
  'effectiveTo',
  'portalSection',
  'body',
  'catalogItemIds',
  'disclosureMode',
  'withholdingGround',
  'modeReason',
  'reason',
];

const GENRES = ['通知', '决定', '意见', '办法', '规定', '方案', '公告', '通告', '报告', '批复', '函', '纪要'];
const TOPICS = [
  '综合政务',
  '教育',
  '卫生健康',
  '民政',
  '财政',
  '城乡建设',
  '农业农村',
  '自然资源',
  '交通运输',
];

interface Attachment {
  fileId: string;
  name: string;
}

function initialValues(doc: DocumentView | undefined, agencyId: string | null): Partial<Values> {
  if (!doc) {
    return {
      agencyId: agencyId ?? undefined,
      coIssuers: [],
      writtenOn: dayjs(),
      legalCategory: 'other',
      validity: 'in_force',
      portalSection: 'statutory',
      body: '',
      catalogItemIds: [],
      disclosureMode: 'proactive',
    };
  }
  return {
    title: doc.title,
    agencyId: doc.agencyId,
    coIssuers: doc.coIssuers.map((c) => c.id),
    docNumber: doc.docNumber ?? undefined,
    writtenOn: dayjs(doc.writtenOn),
    topic: doc.topic,
    genre: doc.genre,
    legalCategory: doc.legalCategory,
    validity: doc.validity,
    effectiveFrom: doc.effectiveFrom ? dayjs(doc.effectiveFrom) : null,
    effectiveTo: doc.effectiveTo ? dayjs(doc.effectiveTo) : null,
    portalSection: doc.portalSection,
    body: doc.body,
    catalogItemIds: doc.catalogItemIds,
    disclosureMode: doc.disclosureMode ?? 'proactive',
    withholdingGround: doc.withholdingGround,
    modeReason: doc.modeReason ?? undefined,
  };
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function toInput(v: Values, attachments: Attachment[]): DraftInput {
  const proactive = v.disclosureMode === 'proactive';
  return {
    title: v.title,
    agencyId: v.agencyId,
    coIssuers: v.coIssuers ?? [],
    docNumber: v.docNumber ?? null,
    writtenOn: v.writtenOn.format('YYYY-MM-DD'),
    topic: v.topic,
    genre: v.genre,
    legalCategory: v.legalCategory,
    validity: v.validity,
    effectiveFrom: day(v.effectiveFrom),
    effectiveTo: day(v.effectiveTo),
    portalSection: v.portalSection,
    body: v.body ?? '',
    attachmentIds: attachments.map((a) => a.fileId),
    catalogItemIds: v.catalogItemIds ?? [],
    disclosureMode: v.disclosureMode,
    withholdingGround: proactive ? null : (v.withholdingGround ?? null),
    modeReason: proactive ? null : (v.modeReason ?? null),
  };
}

/** 附件: uploaded one at a time to POST /api/files for the publishing agency; the server checks the content. */
function AttachmentsField(props: {
  agencyId: string | undefined;
  value: Attachment[];
  onChange: (next: Attachment[]) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  const fileList: UploadFile[] = [
    ...props.value.map((a) => ({ uid: a.fileId, name: a.name, status: 'done' as const })),
    ...uploading,
  ];
  return (
    <>
      <Upload
        fileList={fileList}
        multiple
        customRequest={(options) => {
          const file = options.file as File;
          setError(null);
          const uid = (file as File & { uid?: string }).uid ?? file.name;
          setUploading((u) => [...u, { uid, name: file.name, status: 'uploading' }]);
          uploadAttachment(file, props.agencyId)
            .then((saved: FileView) => {
              setUploading((u) => u.filter((f) => f.uid !== uid));
              props.onChange([...props.value, { fileId: saved.id, name: saved.name }]);
              options.onSuccess?.(saved);
            })
            .catch((e: unknown) => {
              setUploading((u) => u.filter((f) => f.uid !== uid));
              setError(e instanceof ApiError ? e.message : `${file.name} 上传失败`);
              options.onError?.(e instanceof Error ? e : new Error(String(e)));
            });
        }}
        onRemove={(f) => {
          props.onChange(props.value.filter((a) => a.fileId !== f.uid));
          return true;
        }}
      >
        <Button icon={<UploadOutlined />}>上传附件</Button>
      </Upload>
      {error && <Alert type="error" showIcon style={{ marginTop: 8 }} title={error} role="alert" />}
    </>
  );
}

function DraftForm({ mode, doc }: { mode: Mode; doc?: DocumentView }) {
  const me = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [attachments, setAttachments] = useState<Attachment[]>(doc?.attachments ?? []);
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [savedId, setSavedId] = useState<string | undefined>(doc?.id);
  const create = useCreateDraft();
  const update = useUpdateDraft();
  const revise = useRevise();
  const screenRevision = useScreenRevision();
  // A revision is screened before it is saved; each warning needs the publisher's reason.
  const [check, setCheck] = useState<ScreeningRecord | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const step = useStep();
  const agencyId = Form.useWatch('agencyId', form);
  const disclosureMode = Form.useWatch('disclosureMode', form);
  const validity = Form.useWatch('validity', form);
  const catalog = useCatalogItems(agencyId);
  const busy =
    create.isPending || update.isPending || revise.isPending || step.isPending || screenRevision.isPending;

  const fail = (error: unknown) => {
    if (!(error instanceof ApiError)) throw error;
    const onFields = applyFieldErrors(form, error, FIELDS);
    setGeneralError(onFields ? null : error.message);
    if (onFields) void message.error(error.message);
  };

  const save = async (andSubmit: boolean) => {
    setGeneralError(null);
    const values = await validValues(form);
    if (!values) return;
    const input = toInput(values, attachments);
    let id = savedId;
    try {
      if (mode === 'revise' && doc) {
        const body = { ...input, reason: values.reason ?? '' };
        const record = await screenRevision.mutateAsync({ id: doc.id, body });
        const warnings = record.findings.filter((f) => f.severity === 'warning');
        const blocked = record.findings.some((f) => f.severity === 'blocking');
        const explained = warnings.every((f) => (reasons[f.key] ?? '').trim().length >= 5);
        // Show what the check found; save only once nothing blocks and every warning has its reason.
        if (blocked || !explained) {
          setCheck(record);
          return;
        }
        await revise.mutateAsync({
          id: doc.id,
          body: {
            ...body,
            overrides: warnings.map((f) => ({ key: f.key, reason: (reasons[f.key] ?? '').trim() })),
          },
        });
        void message.success('已更新，生成新版本');
        void navigate(`/documents/${doc.id}`);
        return;
      }
      const saved = id ? await update.mutateAsync({ id, body: input }) : await create.mutateAsync(input);
      id = saved.id;
      setSavedId(id);
    } catch (error) {
      fail(error);
      return;
    }
    if (!andSubmit) {
      void message.success('草稿已保存');
      void navigate(`/documents/${id}`);
      return;
    }
    try {
      await step.mutateAsync({ id, step: 'submit' });
      void message.success('已提交审核');
      void navigate(`/documents/${id}`);
    } catch (error) {
      // The draft is saved (further saves update it); the refusal, e.g. no ground for a
      // non-proactive mode, goes on its field.
      fail(error);
    }
  };

  const nonProactive = disclosureMode !== undefined && disclosureMode !== 'proactive';
  const grounds = WITHHOLDING_GROUND_CODES.filter((g) => WITHHOLDING_GROUNDS[g].mode === disclosureMode);

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      requiredMark="optional"
      initialValues={initialValues(doc, me.currentAgencyId)}
      onValuesChange={(changed: Partial<Values>) => {
        if ('disclosureMode' in changed) form.setFieldValue('withholdingGround', null);
      }}
    >
      <Card title="基本信息" style={{ marginBottom: 16 }}>
        <Form.Item
          label="标题"
          name="title"
          rules={[{ required: true, whitespace: true, message: '请填写标题' }]}
        >
          <Input maxLength={300} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item label="发布机构" name="agencyId" rules={[{ required: true, message: '请选择发布机构' }]}>
            <AgencyTreeSelect disabled={mode === 'revise'} />
          </Form.Item>
          <Form.Item label="联合发文单位" name="coIssuers" extra="提交审核时向各单位征求会签意见">
            <AgencyTreeSelect multiple allowClear placeholder="无" excludeIds={agencyId ? [agencyId] : []} />
          </Form.Item>
          <Form.Item label="文号" name="docNumber" extra="格式如：西政办发〔2018〕47号；没有文号的留空">
            <Input maxLength={60} placeholder="西政办发〔2018〕47号" />
          </Form.Item>
          <Form.Item
            label="成文日期"
            name="writtenOn"
            rules={[{ required: true, message: '请选择成文日期' }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item
            label="主题分类"
            name="topic"
            rules={[{ required: true, whitespace: true, message: '请填写主题分类' }]}
          >
            <AutoComplete options={TOPICS.map((t) => ({ value: t }))} placeholder="如：教育" />
          </Form.Item>
          <Form.Item
            label="体裁"
            name="genre"
            rules={[{ required: true, whitespace: true, message: '请填写体裁' }]}
          >
            <AutoComplete options={GENRES.map((g) => ({ value: g }))} placeholder="如：通知" />
          </Form.Item>
          <Form.Item label="法定类别" name="legalCategory" extra="年度报告按此分类统计">
            <Select options={LEGAL_CATEGORIES.map((c) => ({ value: c, label: LEGAL_CATEGORY_LABELS[c] }))} />
          </Form.Item>
          <Form.Item label="专栏栏目" name="portalSection">
            <Select options={PORTAL_SECTIONS.map((s) => ({ value: s, label: PORTAL_SECTION_LABELS[s] }))} />
          </Form.Item>
          <Form.Item label="有效性" name="validity">
            <Radio.Group options={VALIDITIES.map((v) => ({ value: v, label: VALIDITY_LABELS[v] }))} />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 8 }}>
            <Form.Item label="施行日期" name="effectiveFrom">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              label="失效日期"
              name="effectiveTo"
              extra={validity === 'in_force' ? '有效期届满后自动显示为失效' : undefined}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </div>
        </div>
      </Card>

      <Card title="正文与附件" style={{ marginBottom: 16 }}>
        <Form.Item label="正文" name="body" rules={[{ required: true, message: '请填写正文' }]}>
          <RichTextEditor aria-label="正文" placeholder="在此输入正文" />
        </Form.Item>
        <Form.Item
          label="附件"
          extra="支持 PDF、OFD、Word、WPS、Excel、ET、JPG、PNG、TXT；文件内容须与扩展名相符"
        >
          <AttachmentsField agencyId={agencyId} value={attachments} onChange={setAttachments} />
        </Form.Item>
        {mode !== 'revise' && (
          <Form.Item label="目录事项" name="catalogItemIds" extra="发布时归入所选公开事项（可不选）">
            <Select
              mode="multiple"
              allowClear
              placeholder={catalog.isError ? '无法读取本单位的公开目录' : '选择本单位公开目录中的事项'}
              loading={catalog.isPending && Boolean(agencyId)}
              options={(catalog.data ?? []).map((i) => ({ value: i.id, label: i.label }))}
              optionFilterProp="label"
            />
          </Form.Item>
        )}
      </Card>

      {mode !== 'revise' && (
        <Card title="公开属性" style={{ marginBottom: 16 }}>
          <Form.Item
            label="公开属性"
            name="disclosureMode"
            rules={[{ required: true, message: '请确定公开属性' }]}
            extra="起草时确定公开属性（源头认定）；依申请公开、不予公开须说明依据和理由"
          >
            <Radio.Group
              optionType="button"
              options={DISCLOSURE_MODES.map((m) => ({ value: m, label: DISCLOSURE_MODE_LABELS[m] }))}
            />
          </Form.Item>
          {nonProactive && (
            <>
              <Form.Item label="不予公开依据" name="withholdingGround" extra="提交审核前须选择">
                <Select
                  allowClear
                  placeholder="选择依据的条款"
                  options={grounds.map((g) => ({ value: g, label: WITHHOLDING_GROUNDS[g].label }))}
                />
              </Form.Item>
              <Form.Item label="理由" name="modeReason" extra="至少 5 个字，提交审核前须填写">
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
            </>
          )}
        </Card>
      )}

      {mode === 'revise' && (
        <Card title="更新说明" style={{ marginBottom: 16 }}>
          <Form.Item
            label="更新原因"
            name="reason"
            rules={[{ required: true, whitespace: true, min: 2, message: '请填写更新原因（至少 2 个字）' }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
          <Typography.Text type="secondary">
            保存时系统对更新后的内容重新进行发布前检查；有须修改的问题或未说明理由的提醒时不能保存。
          </Typography.Text>
          {check && (
            <div style={{ marginTop: 12, display: 'flex', flexDirection: 'column', gap: 8 }}>
              {check.findings
                .filter((f) => f.severity === 'blocking')
                .map((f) => (
                  <FindingItem key={f.key} f={f} />
                ))}
              <WarningReasons
                warnings={check.findings.filter((f) => f.severity === 'warning')}
                reasons={reasons}
                onChange={(key, reason) => setReasons((r) => ({ ...r, [key]: reason }))}
              />
            </div>
          )}
        </Card>
      )}

      {generalError && (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={generalError} />
      )}
      <Space>
        {mode === 'revise' ? (
          <Button type="primary" loading={busy} onClick={() => void save(false)}>
            保存为新版本
          </Button>
        ) : (
          <>
            <Button loading={busy} onClick={() => void save(false)}>
              保存草稿
            </Button>
            <Button type="primary" loading={busy} onClick={() => void save(true)}>
              保存并提交审核
            </Button>
          </>
        )}
        <Link to={savedId ? `/documents/${savedId}` : '/documents'}>取消</Link>
      </Space>
    </Form>
  );
}

/** 起草文件 (/documents/new), 修改草稿 (/documents/:id/edit) and 更新已发布文件 (/documents/:id/revise). */
export function DocumentFormPage({ mode }: { mode: Mode }) {
  const { id } = useParams();
  const one = useDocument(mode === 'new' ? undefined : id);
  const title = mode === 'new' ? '起草文件' : mode === 'edit' ? '修改草稿' : '更新已发布文件';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
        {title}
        {one.data && <Typography.Text type="secondary">：{one.data.title}</Typography.Text>}
      </Typography.Title>
      {mode === 'new' ? (
        <DraftForm mode="new" />
      ) : one.isPending ? (
        <Spin />
      ) : one.isError ? (
        <Alert type="error" title={one.error.message} />
      ) : (
        <DraftForm key={one.data.id} mode={mode} doc={one.data} />
      )}
    </Space>
  );
}

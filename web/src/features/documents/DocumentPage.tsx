import { PaperClipOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Radio,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  CONSULTATION_STATUS_LABELS,
  LEGAL_CATEGORY_LABELS,
  PORTAL_SECTION_LABELS,
  REVIEW_DECISION_LABELS,
  REVIEW_STEP_LABELS,
  VALIDITY_LABELS,
  WITHHOLDING_GROUNDS,
  type WithholdingGround,
} from '../../../../src/modules/documents/model.ts';
import { ApiError } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { TONES } from '../../lib/tones.ts';
import {
  fileUrl,
  useAnswerConsultation,
  useDocument,
  useScreen,
  useStep,
  type DocumentAction,
  type DocumentView,
} from './api.ts';
import {
  EscalationAnswerDialog,
  PublishDialog,
  TextStepDialog,
  ValidityDialog,
  type TextStep,
} from './DocumentDialogs.tsx';
import { FindingsList } from './Findings.tsx';
import { BriefDeadline, ModeTag, publishedOn, StatusTag } from './shared.tsx';

const groundLabel = (code: string | null) =>
  code && code in WITHHOLDING_GROUNDS ? WITHHOLDING_GROUNDS[code as WithholdingGround].label : (code ?? '—');

type Dialog = TextStep | 'publish' | 'validity' | 'escalation-answer' | null;

function ActionBar({ doc, onOpen }: { doc: DocumentView; onOpen: (d: Dialog) => void }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const step = useStep();
  const has = (a: DocumentAction) => doc.allowedActions.includes(a);
  const submit = async () => {
    try {
      await step.mutateAsync({ id: doc.id, step: 'submit' });
      void message.success('已提交审核');
    } catch (e) {
      if (e instanceof ApiError) void message.error(e.message);
    }
  };
  return (
    <Space wrap>
      {has('edit') && <Button onClick={() => void navigate(`/documents/${doc.id}/edit`)}>修改草稿</Button>}
      {has('submit') && (
        <Button type="primary" loading={step.isPending} onClick={() => void submit()}>
          提交审核
        </Button>
      )}
      {has('approve') && (
        <Button type="primary" onClick={() => onOpen('approve')}>
          审核通过
        </Button>
      )}
      {has('return') && (
        <Button danger onClick={() => onOpen('return')}>
          退回修改
        </Button>
      )}
      {has('escalate') && <Button onClick={() => onOpen('escalate')}>报请保密行政管理部门确定</Button>}
      {has('answer_escalation') && (
        <Button onClick={() => onOpen('escalation-answer')}>登记保密部门答复</Button>
      )}
      {has('publish') && (
        <Button type="primary" onClick={() => onOpen('publish')}>
          发布
        </Button>
      )}
      {has('revise') && (
        <Button onClick={() => void navigate(`/documents/${doc.id}/revise`)}>更新内容</Button>
      )}
      {has('change_validity') && <Button onClick={() => onOpen('validity')}>变更有效性</Button>}
      {has('withdraw') && (
        <Button danger onClick={() => onOpen('withdraw')}>
          撤回
        </Button>
      )}
      {has('convert') && <Button onClick={() => onOpen('convert')}>转为主动公开</Button>}
    </Space>
  );
}

function Metadata({ doc }: { doc: DocumentView }) {
  return (
    <Descriptions bordered size="small" column={2}>
      <Descriptions.Item label="发布机构">{doc.agencyName}</Descriptions.Item>
      <Descriptions.Item label="联合发文单位">
        {doc.coIssuers.length ? doc.coIssuers.map((c) => c.name).join('、') : '—'}
      </Descriptions.Item>
      <Descriptions.Item label="文号">{doc.docNumber ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="成文日期">{formatDate(doc.writtenOn)}</Descriptions.Item>
      <Descriptions.Item label="主题分类">{doc.topic}</Descriptions.Item>
      <Descriptions.Item label="体裁">{doc.genre}</Descriptions.Item>
      <Descriptions.Item label="法定类别">{LEGAL_CATEGORY_LABELS[doc.legalCategory]}</Descriptions.Item>
      <Descriptions.Item label="专栏栏目">{PORTAL_SECTION_LABELS[doc.portalSection]}</Descriptions.Item>
      <Descriptions.Item label="有效性">
        {VALIDITY_LABELS[doc.validity]}
        {doc.effectiveFrom && `，${formatDate(doc.effectiveFrom)}起施行`}
        {doc.effectiveTo && `，${formatDate(doc.effectiveTo)}失效`}
        {doc.validityNote && <Typography.Text type="secondary">（{doc.validityNote}）</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label="公开属性">
        <ModeTag mode={doc.disclosureMode} />
      </Descriptions.Item>
      {doc.disclosureMode && doc.disclosureMode !== 'proactive' && (
        <>
          <Descriptions.Item label="不予公开依据">{groundLabel(doc.withholdingGround)}</Descriptions.Item>
          <Descriptions.Item label="理由">{doc.modeReason ?? '—'}</Descriptions.Item>
        </>
      )}
      <Descriptions.Item label="索引号">{doc.indexNumber ?? '发布时生成'}</Descriptions.Item>
      <Descriptions.Item label="发布日期">{publishedOn(doc.publishedAt)}</Descriptions.Item>
      <Descriptions.Item label="起草人">{doc.createdBy ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="版本">第 {doc.version} 版</Descriptions.Item>
      {doc.withdrawnAt && (
        <Descriptions.Item label="撤回" span={2}>
          {formatDateTime(doc.withdrawnAt)}：{doc.withdrawReason}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** The body as stored: sanitised rich text (server-side allow-list), or structured text shown as is. */
function Body({ doc }: { doc: DocumentView }) {
  if (doc.bodyFormat === 'html') {
    return <div className="document-body" dangerouslySetInnerHTML={{ __html: doc.body }} />;
  }
  return <div style={{ whiteSpace: 'pre-wrap' }}>{doc.body}</div>;
}

/** The review chain as steps, each with its latest decision; the full record below. */
function ReviewChain({ doc }: { doc: DocumentView }) {
  const lastSubmit = doc.reviews.map((r) => r.decision).lastIndexOf('submit');
  const current = doc.reviews.slice(Math.max(lastSubmit, 0));
  const done = ['approved', 'registered', 'published', 'withdrawn'].includes(doc.status);
  const currentIndex = doc.reviewStep ? doc.reviewChain.indexOf(doc.reviewStep) : -1;
  const returned = doc.status === 'returned' ? current.findLast((r) => r.decision === 'return') : undefined;
  const items = doc.reviewChain.map((step, i) => {
    const last = current.findLast((r) => r.step === step && r.decision !== 'submit');
    const status: 'finish' | 'process' | 'wait' | 'error' =
      returned?.step === step
        ? 'error'
        : done || (currentIndex >= 0 && i < currentIndex)
          ? 'finish'
          : i === currentIndex
            ? 'process'
            : 'wait';
    return {
      title: REVIEW_STEP_LABELS[step],
      status,
      content: last ? (
        <span>
          {REVIEW_DECISION_LABELS[last.decision]} · {last.actorName}
          <br />
          {formatDateTime(last.at)}
          {last.opinion && (
            <>
              <br />“{last.opinion}”
            </>
          )}
        </span>
      ) : i === currentIndex ? (
        '审核中'
      ) : undefined,
    };
  });
  if (doc.reviewChain.length === 0) {
    return <Typography.Text type="secondary">尚未提交审核</Typography.Text>;
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Steps size="small" orientation="vertical" items={items} aria-label="审核流程" />
      {doc.stepDeadline && doc.reviewStep === 'secrecy' && (
        <div>
          <Typography.Text strong>保密审查期限（10 个工作日）：</Typography.Text>
          <BriefDeadline deadline={doc.stepDeadline} />
        </div>
      )}
      {doc.escalation && (
        <Alert
          type={doc.escalation.answer ? 'info' : 'warning'}
          showIcon
          title={`已报请保密行政管理部门确定（${doc.escalation.askedBy}，${formatDateTime(doc.escalation.askedAt)}）`}
          description={
            <>
              <div>请示事项：{doc.escalation.question}</div>
              {doc.escalation.answer ? (
                <div>
                  {doc.escalation.authority}答复（{formatDateTime(doc.escalation.answeredAt)}）：
                  {doc.escalation.answer}
                </div>
              ) : (
                <div>等待答复期间保密审查期限暂停计算。</div>
              )}
            </>
          }
        />
      )}
      <div>
        <Typography.Title level={4} style={{ fontSize: 15 }}>
          审核记录
        </Typography.Title>
        <Timeline
          items={doc.reviews.map((r) => ({
            color: r.decision === 'return' ? 'red' : r.decision === 'approve' ? 'green' : 'blue',
            content: (
              <span>
                {formatDateTime(r.at)} · {r.actorName} ·{' '}
                {r.decision === 'submit'
                  ? REVIEW_DECISION_LABELS.submit
                  : `${REVIEW_STEP_LABELS[r.step]}：${REVIEW_DECISION_LABELS[r.decision]}`}
                {r.opinion && <Typography.Text type="secondary">（{r.opinion}）</Typography.Text>}
              </span>
            ),
          }))}
        />
      </div>
    </Space>
  );
}

/** 条例第二十六条: publication within N working days of formation; afterwards, how long it took. */
function PublicationClock({ doc }: { doc: DocumentView }) {
  if (doc.disclosureMode !== 'proactive' && !doc.publishedAt) {
    return <Typography.Text type="secondary">非主动公开的文件不计算公开时限。</Typography.Text>;
  }
  if (doc.publishedAt) {
    const within = doc.publishWorkingDays !== null && doc.publishWorkingDays <= doc.publicationDays;
    return (
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label="成文日期">{formatDate(doc.writtenOn)}</Descriptions.Item>
        <Descriptions.Item label="发布日期">{publishedOn(doc.publishedAt)}</Descriptions.Item>
        <Descriptions.Item label="用时">
          {doc.publishWorkingDays === null ? (
            '—（导入的文件）'
          ) : (
            <Space>
              <span>成文后第 {doc.publishWorkingDays} 个工作日发布</span>
              <Tag style={within ? TONES.success : TONES.danger}>
                {within
                  ? `在 ${doc.publicationDays} 个工作日时限内`
                  : `超过 ${doc.publicationDays} 个工作日时限`}
              </Tag>
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>
    );
  }
  return (
    <Space orientation="vertical">
      <span>
        自成文之日（{formatDate(doc.writtenOn)}）起 {doc.publicationDays} 个工作日内公开（《条例》第二十六条
        {doc.publicationDays < 20 ? '，本地规定更短' : ''}）。
      </span>
      {doc.publicationDeadline ? (
        <span>
          公开期限：
          <BriefDeadline deadline={doc.publicationDeadline} />
        </span>
      ) : (
        <Typography.Text type="secondary">提交审核后开始计时。</Typography.Text>
      )}
    </Space>
  );
}

function ConsultationAnswer({ doc, consultationId }: { doc: DocumentView; consultationId: string }) {
  const [form] = Form.useForm<{ decision: 'consent' | 'object'; opinion?: string }>();
  const answer = useAnswerConsultation();
  const { message } = App.useApp();
  const ok = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await answer.mutateAsync({
        id: doc.id,
        consultationId,
        body: { decision: values.decision, opinion: values.opinion?.trim() || null },
      });
      void message.success('已答复会签');
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.fields.opinion) form.setFields([{ name: 'opinion', errors: [e.fields.opinion] }]);
        else void message.error(e.message);
      }
    }
  };
  return (
    <Form form={form} layout="inline" initialValues={{ decision: 'consent' }} style={{ marginTop: 8 }}>
      <Form.Item name="decision">
        <Radio.Group
          options={[
            { value: 'consent', label: '同意' },
            { value: 'object', label: '不同意' },
          ]}
        />
      </Form.Item>
      <Form.Item name="opinion">
        <Input placeholder="会签意见（不同意时必填）" style={{ width: 280 }} maxLength={1000} />
      </Form.Item>
      <Button type="primary" loading={answer.isPending} onClick={() => void ok()}>
        答复
      </Button>
    </Form>
  );
}

function Consultations({ doc }: { doc: DocumentView }) {
  return (
    <List
      dataSource={doc.consultations}
      renderItem={(c) => (
        <List.Item>
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{c.agencyName}</Typography.Text>
              <Tag>{CONSULTATION_STATUS_LABELS[c.status]}</Tag>
              {c.status === 'pending' && c.deadline && <BriefDeadline deadline={c.deadline} />}
            </Space>
            {c.answeredAt && (
              <Typography.Text type="secondary">
                {c.answeredByName}，{formatDateTime(c.answeredAt)}
                {c.opinion && `：${c.opinion}`}
              </Typography.Text>
            )}
            {c.mayAnswer && <ConsultationAnswer doc={doc} consultationId={c.id} />}
          </Space>
        </List.Item>
      )}
    />
  );
}

function Screening({ doc }: { doc: DocumentView }) {
  const screen = useScreen();
  const { message } = App.useApp();
  const run = async () => {
    try {
      const r = await screen.mutateAsync(doc.id);
      void message.info(`检查完成：须修改 ${r.blocking} 项，提醒 ${r.warnings} 项`);
    } catch (e) {
      if (e instanceof ApiError) void message.error(e.message);
    }
  };
  return (
    <Card
      title="发布前检查"
      extra={
        doc.allowedActions.includes('screen') && (
          <Button loading={screen.isPending} onClick={() => void run()}>
            发布前检查
          </Button>
        )
      }
    >
      {doc.screening ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            检查时间：{formatDateTime(doc.screening.at)}；须修改 {doc.screening.blocking} 项，提醒{' '}
            {doc.screening.warnings} 项
          </Typography.Text>
          <FindingsList findings={doc.screening.findings} />
        </Space>
      ) : (
        <Typography.Text type="secondary">
          尚未检查。检查涉密标识、身份证号码等个人信息、敏感词、领导姓名职务、附件隐藏内容和失效链接。
        </Typography.Text>
      )}
    </Card>
  );
}

function Versions({ doc }: { doc: DocumentView }) {
  return (
    <Table
      size="small"
      rowKey="version"
      pagination={false}
      dataSource={doc.versions}
      locale={{ emptyText: '发布后记录版本' }}
      columns={[
        { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => `第 ${v} 版` },
        { title: '时间', dataIndex: 'createdAt', width: 160, render: (t: string) => formatDateTime(t) },
        { title: '操作人', dataIndex: 'createdByName', width: 160 },
        { title: '原因', dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
      ]}
    />
  );
}

/** One document: metadata, body, attachments, the review chain, the clocks, screening and versions. */
export function DocumentPage() {
  const { id } = useParams();
  const one = useDocument(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  if (one.isPending) return <Spin />;
  if (one.isError) return <Alert type="error" title={one.error.message} />;
  const doc = one.data;
  const textStep: TextStep | null =
    dialog === 'approve' ||
    dialog === 'return' ||
    dialog === 'withdraw' ||
    dialog === 'escalate' ||
    dialog === 'convert'
      ? dialog
      : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/documents">← 返回文件列表</Link>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
            {doc.title}
          </Typography.Title>
          <StatusTag status={doc.status} />
          {doc.reviewStep && <Tag color="processing">当前环节：{REVIEW_STEP_LABELS[doc.reviewStep]}</Tag>}
        </Space>
        <ActionBar doc={doc} onOpen={setDialog} />
      </Space>
      <Card title="基本信息">
        <Metadata doc={doc} />
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', gap: 16 }}>
        <Card title="审核流程">
          <ReviewChain doc={doc} />
        </Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card title="公开时限">
            <PublicationClock doc={doc} />
          </Card>
          {doc.consultations.length > 0 && (
            <Card title="联合发文会签">
              <Consultations doc={doc} />
            </Card>
          )}
        </Space>
      </div>
      <Screening doc={doc} />
      <Card title="正文">
        <Body doc={doc} />
        {doc.attachments.length > 0 && (
          <>
            <Typography.Title level={4} style={{ fontSize: 15, marginTop: 16 }}>
              附件
            </Typography.Title>
            <ul>
              {doc.attachments.map((a) => (
                <li key={a.fileId}>
                  <PaperClipOutlined /> <a href={fileUrl(a.fileId)}>{a.name}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
      {doc.versions.length > 0 && (
        <Card title="版本记录">
          <Versions doc={doc} />
        </Card>
      )}
      <TextStepDialog doc={doc} step={textStep} onClose={() => setDialog(null)} />
      <PublishDialog doc={doc} open={dialog === 'publish'} onClose={() => setDialog(null)} />
      <ValidityDialog doc={doc} open={dialog === 'validity'} onClose={() => setDialog(null)} />
      <EscalationAnswerDialog
        doc={doc}
        open={dialog === 'escalation-answer'}
        onClose={() => setDialog(null)}
      />
    </Space>
  );
}

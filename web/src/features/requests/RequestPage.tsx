import { DownloadOutlined, PaperClipOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import {
  APPLICANT_TYPE_LABELS,
  CHANNEL_LABELS,
  CONSULTATION_ANSWER_LABELS,
  CONSULTATION_KIND_LABELS,
  DELIVERY_LABELS,
  DISPUTE_KIND_LABELS,
  DISPUTE_OUTCOME_LABELS,
  FORM_LABELS,
  ID_TYPE_LABELS,
  type RequestEvent,
} from '../../../../src/modules/requests/model.ts';
import { ApiError } from '../../lib/api.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useCan, useSession } from '../../lib/session.ts';
import {
  DELIVERY_METHOD_LABELS,
  EVENT_PERMISSION,
  FEE_METHOD_LABELS,
  NOTICE_KIND_LABELS,
  noticeDocxUrl,
  noticePrintUrl,
  OUTCOME_INFO,
  outcomeLabel,
  useRequest,
  useRequestAction,
  useRequestMatches,
  useRevealIdentity,
  type Consultation,
  type DeliveryMethod,
  type Dispute,
  type FeeView,
  type NoticeView,
  type ReplyView,
  type RequestView,
} from './api.ts';
import { RequestDialogs, type RequestDialogState } from './RequestDialogs.tsx';
import { DeadlineSummary, StatusTag } from './shared.tsx';

type Open = (d: RequestDialogState) => void;

const pre = { whiteSpace: 'pre-wrap' as const, margin: 0 };

/** The buttons the state machine offers now, for the permissions the user holds here; the server decides. */
function ActionBar({ request: r, onOpen }: { request: RequestView; onOpen: Open }) {
  const me = useSession();
  const { message, modal } = App.useApp();
  const action = useRequestAction();
  const may = (event: RequestEvent) => {
    const need = EVENT_PERMISSION[event];
    return r.allowedEvents.includes(event) && (!need || me.allowedActions.includes(need));
  };
  const confirm = (title: string, content: string, path: 'reply/approve' | 'archive', done: string) =>
    modal.confirm({
      title,
      content,
      okText: title,
      cancelText: '取消',
      onOk: async () => {
        try {
          await action.mutateAsync({ id: r.id, path });
          void message.success(done);
        } catch (e) {
          if (e instanceof ApiError) void message.error(e.message);
        }
      },
    });
  const searching =
    (r.status === 'assigned' || r.status === 'consulting') && me.allowedActions.includes('request.handle');
  const reasonsAsked = r.notices.some((n) => n.kind === 'reasons_request');
  const buttons: ReactNode[] = [];
  const add = (key: string, show: boolean, node: ReactNode) =>
    show && buttons.push(<span key={key}>{node}</span>);

  add(
    'correction',
    may('request_correction'),
    <Button onClick={() => onOpen({ kind: 'correction' })}>补正告知</Button>,
  );
  add(
    'corrected',
    may('receive_correction'),
    <Button type="primary" onClick={() => onOpen({ kind: 'corrected' })}>
      登记补正
    </Button>,
  );
  add(
    'assign',
    may('assign'),
    <Button
      type={r.status === 'registered' ? 'primary' : 'default'}
      onClick={() => onOpen({ kind: 'assign' })}
    >
      {r.status === 'registered' ? '交办' : '重新交办'}
    </Button>,
  );
  add('search', searching, <Button onClick={() => onOpen({ kind: 'search' })}>检索记录</Button>);
  add(
    'consult',
    may('start_consultation'),
    <Button onClick={() => onOpen({ kind: 'consult' })}>征求意见</Button>,
  );
  add(
    'extend',
    may('extend') && r.extensionDays === null,
    <Button onClick={() => onOpen({ kind: 'extend' })}>延期</Button>,
  );
  add(
    'reasons',
    may('ask_reasons') && !reasonsAsked,
    <Button onClick={() => onOpen({ kind: 'reasons' })}>要求说明理由</Button>,
  );
  add(
    'long-limit',
    may('set_long_limit') && reasonsAsked,
    <Button onClick={() => onOpen({ kind: 'long-limit' })}>确定延期答复期限</Button>,
  );
  add('fee', may('issue_fee_notice'), <Button onClick={() => onOpen({ kind: 'fee' })}>收费通知</Button>);
  add(
    'payment',
    may('record_payment'),
    <Button type="primary" onClick={() => onOpen({ kind: 'payment' })}>
      登记缴费
    </Button>,
  );
  add(
    'reply',
    may('draft_reply'),
    <Button type="primary" onClick={() => onOpen({ kind: 'reply' })}>
      拟定答复
    </Button>,
  );
  add(
    'return',
    may('return_draft'),
    <Button danger onClick={() => onOpen({ kind: 'return' })}>
      退回
    </Button>,
  );
  add(
    'approve',
    may('approve_reply'),
    <Button
      type="primary"
      loading={action.isPending}
      onClick={() =>
        confirm(
          '审批并答复',
          '审批通过后即生成答复书，答复期限停止计算。',
          'reply/approve',
          '已审批，答复书已生成',
        )
      }
    >
      审批并答复
    </Button>,
  );
  add(
    'archive',
    may('archive'),
    <Button onClick={() => confirm('归档', '归档后该申请不能再修改。', 'archive', '已归档')}>归档</Button>,
  );
  return buttons.length > 0 ? <Space wrap>{buttons}</Space> : null;
}

/** The ID number masked; the disclosure office may reveal it (the reveal is in the audit log). */
function IdNumber({ request: r }: { request: RequestView }) {
  const canReveal = useCan('request.identity');
  const reveal = useRevealIdentity();
  const [shown, setShown] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const run = async () => {
    try {
      setShown((await reveal.mutateAsync(r.id)).idNumber);
    } catch (e) {
      if (e instanceof ApiError) setRefused(e.message);
    }
  };
  return (
    <Space wrap>
      <span>
        {ID_TYPE_LABELS[r.idType]} {shown ?? r.idNumberMasked}
      </span>
      {canReveal && !shown && (
        <Button size="small" loading={reveal.isPending} onClick={() => void run()}>
          查看证件号码
        </Button>
      )}
      {shown && <Typography.Text type="secondary">（查看记录已记入审计日志）</Typography.Text>}
      {refused && <Typography.Text type="danger">{refused}</Typography.Text>}
    </Space>
  );
}

function Clock({ request: r }: { request: RequestView }) {
  return (
    <Descriptions bordered size="small" column={2}>
      <Descriptions.Item label="收到日期">
        {formatDate(r.receivedOn)}（{CHANNEL_LABELS[r.channel]}）
      </Descriptions.Item>
      <Descriptions.Item label="答复期限">
        <DeadlineSummary deadline={r.deadline} />
      </Descriptions.Item>
      {r.extensionDays !== null && (
        <Descriptions.Item label="延期答复">延长 {r.extensionDays} 个工作日</Descriptions.Item>
      )}
      {r.longLimitDays !== null && (
        <Descriptions.Item label="延期答复期限（条例第三十五条）">
          {r.longLimitDays} 个工作日
        </Descriptions.Item>
      )}
      {r.milestones.length > 0 && (
        <Descriptions.Item label="内部办理时限" span={2}>
          <Space wrap size="middle">
            {r.milestones.map((m) => (
              <span key={m.milestone}>
                {m.label}：{formatDate(m.dueOn)}前（{m.days} 个工作日）
              </span>
            ))}
          </Space>
        </Descriptions.Item>
      )}
      {r.repliedOn && <Descriptions.Item label="答复日期">{formatDate(r.repliedOn)}</Descriptions.Item>}
      {r.archivedAt && <Descriptions.Item label="归档时间">{formatDateTime(r.archivedAt)}</Descriptions.Item>}
    </Descriptions>
  );
}

function Applicant({ request: r }: { request: RequestView }) {
  return (
    <Descriptions bordered size="small" column={2}>
      <Descriptions.Item label="申请人">
        {r.applicantName}（{APPLICANT_TYPE_LABELS[r.applicantType]}）
      </Descriptions.Item>
      <Descriptions.Item label="联系人">{r.contactPerson ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="证件" span={2}>
        <IdNumber request={r} />
      </Descriptions.Item>
      <Descriptions.Item label="联系电话">{r.phone}</Descriptions.Item>
      <Descriptions.Item label="电子邮箱">{r.email ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="通信地址" span={2}>
        {r.address ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label="获取信息的形式">{FORM_LABELS[r.form]}</Descriptions.Item>
      <Descriptions.Item label="获取信息的方式">{DELIVERY_LABELS[r.delivery]}</Descriptions.Item>
      {r.intakeNote && (
        <Descriptions.Item label="登记说明" span={2}>
          {r.intakeNote}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function Handling({ request: r }: { request: RequestView }) {
  return (
    <Descriptions bordered size="small" column={2}>
      <Descriptions.Item label="受理机关">{r.agencyName}</Descriptions.Item>
      <Descriptions.Item label="承办单位">{r.responsibleAgencyName ?? '尚未交办'}</Descriptions.Item>
      <Descriptions.Item label="承办人">{r.assigneeName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="案卷材料">
        {r.caseFiles.length} 份{r.identityProofs > 0 && `，身份证明 ${r.identityProofs} 份`}
        {r.caseFiles.length > 0 && (
          <Space wrap style={{ marginInlineStart: 8 }}>
            {r.caseFiles.map((f, i) => (
              <a key={f.id} href={`/api/files/${encodeURIComponent(f.fileId)}/content`}>
                <PaperClipOutlined /> 材料 {i + 1}
              </a>
            ))}
          </Space>
        )}
      </Descriptions.Item>
      <Descriptions.Item label="检索记录" span={2}>
        {r.searchRecord ? <Typography.Paragraph style={pre}>{r.searchRecord}</Typography.Paragraph> : '—'}
      </Descriptions.Item>
    </Descriptions>
  );
}

function Description({ request: r }: { request: RequestView }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={pre}>{r.description}</Typography.Paragraph>
      {r.purpose && <Typography.Text type="secondary">用途：{r.purpose}</Typography.Text>}
      {r.similar.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title="与以下申请的内容相似，请核实是否属于重复申请（条例第三十六条第（六）项）"
          description={
            <Space wrap size="middle">
              {r.similar.map((s) => (
                <span key={s.id}>
                  <Link to={`/requests/${s.id}`}>{s.trackingNumber}</Link>（相似度 {Math.round(s.score * 100)}
                  %{s.sameApplicant && '，同一申请人'}）
                </span>
              ))}
            </Space>
          }
        />
      )}
      <AlreadyPublic request={r} />
    </Space>
  );
}

/**
 * Published documents the portal finds for the description, as the applicant saw on the form: the
 * officer may answer by telling where they are (条例第三十六条第（一）项).
 */
function AlreadyPublic({ request: r }: { request: RequestView }) {
  const matches = useRequestMatches(r.id);
  let body: ReactNode;
  if (matches.isPending) body = <Spin size="small" />;
  else if (matches.isError) body = <Typography.Text type="danger">{matches.error.message}</Typography.Text>;
  else if (matches.data.length === 0)
    body = <Typography.Text type="secondary">门户网站上没有找到与描述相符的已公开信息。</Typography.Text>;
  else
    body = (
      <>
        <Typography.Text type="secondary">
          所需信息已经主动公开的，可以答复“已主动公开”，告知获取的方式和途径。
        </Typography.Text>
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {matches.data.map((m) => (
            <li key={m.id}>
              <Space wrap size="small">
                <a href={m.url} target="_blank" rel="noreferrer">
                  {m.title}
                </a>
                {m.docNumber && <Typography.Text type="secondary">{m.docNumber}</Typography.Text>}
                <Typography.Text type="secondary">发布日期 {formatDate(m.publishedOn)}</Typography.Text>
              </Space>
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <section aria-label="可能已主动公开的信息">
      <Typography.Text strong>可能已主动公开的信息（条例第三十六条第（一）项）</Typography.Text>
      <div>{body}</div>
    </section>
  );
}

function Correction({ request: r }: { request: RequestView }) {
  const c = r.correction;
  if (!c) return null;
  return (
    <Card title="补正">
      <Space orientation="vertical">
        <span>
          {formatDate(c.noticeOn)}发出补正告知，补正期限至{formatDate(c.dueOn)}；
          {c.correctedOn ? `${formatDate(c.correctedOn)}收到补正材料。` : '尚未收到补正材料。'}
        </span>
        <ol style={{ margin: 0 }}>
          {c.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ol>
      </Space>
    </Card>
  );
}

function Consultations({ request: r, onOpen }: { request: RequestView; onOpen: Open }) {
  const canAnswer = useCan('request.register') && r.status !== 'archived';
  if (r.consultations.length === 0) return null;
  return (
    <Card title="征求意见">
      <Table<Consultation>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={r.consultations}
        scroll={{ x: 900 }}
        columns={[
          { title: '类型', key: 'kind', width: 140, render: (_, c) => CONSULTATION_KIND_LABELS[c.kind] },
          { title: '被征求意见方', dataIndex: 'party', width: 160 },
          { title: '事项', dataIndex: 'matter' },
          {
            title: '发函 / 期限',
            key: 'dates',
            width: 220,
            render: (_, c) => `${formatDate(c.sentOn)} / ${formatDate(c.dueOn)}前`,
          },
          {
            title: '结果',
            key: 'answer',
            width: 220,
            render: (_, c) =>
              c.answer ? (
                <Space orientation="vertical" size={0}>
                  <span>
                    {CONSULTATION_ANSWER_LABELS[c.answer]}
                    {c.answeredOn && `（${formatDate(c.answeredOn)}）`}
                  </span>
                  {c.note && <Typography.Text type="secondary">{c.note}</Typography.Text>}
                  {c.overrideReason && (
                    <Typography.Text type="warning">公共利益理由：{c.overrideReason}</Typography.Text>
                  )}
                </Space>
              ) : canAnswer ? (
                <Button size="small" onClick={() => onOpen({ kind: 'answer', consultation: c })}>
                  登记结果
                </Button>
              ) : (
                '等待答复'
              ),
          },
        ]}
      />
    </Card>
  );
}

function Fee({ request: r }: { request: RequestView }) {
  const fee = r.fee as FeeView | null;
  if (!fee) return null;
  return (
    <Card title="信息处理费">
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label="计收方式">{FEE_METHOD_LABELS[fee.method]}</Descriptions.Item>
        <Descriptions.Item label="金额">{fee.amount} 元</Descriptions.Item>
        <Descriptions.Item label="缴费期限">
          {r.feeDueOn ? formatDate(r.feeDueOn) : '收费通知送达后起算（尚未登记送达）'}
        </Descriptions.Item>
        <Descriptions.Item label="缴费日期">{r.paidOn ? formatDate(r.paidOn) : '尚未缴费'}</Descriptions.Item>
        <Descriptions.Item label="收费依据" span={2}>
          {fee.basis}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Reply({ request: r }: { request: RequestView }) {
  const reply = r.reply as ReplyView | null;
  if (!reply) return null;
  const drafted = r.status === 'reply_drafted' || !r.repliedOn;
  return (
    <Card
      title={drafted ? '答复稿' : '答复'}
      extra={
        drafted ? (
          <Tag>{r.status === 'reply_drafted' ? '待审批' : '已退回修改'}</Tag>
        ) : (
          <Tag>{formatDate(r.repliedOn)}答复</Tag>
        )
      }
    >
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label="答复类型">
          {outcomeLabel(reply.outcome)}
          <Typography.Text type="secondary">（年报表三 {OUTCOME_INFO[reply.outcome].row}）</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="答复内容">
          <Typography.Paragraph style={pre}>{reply.text}</Typography.Paragraph>
        </Descriptions.Item>
        {reply.provision && (
          <Descriptions.Item label={reply.provision.alreadyPublic ? '已主动公开，获取途径' : '提供方式'}>
            {reply.provision.where}
          </Descriptions.Item>
        )}
        {reply.disclosedPart && (
          <Descriptions.Item label="予以公开的部分">{reply.disclosedPart}</Descriptions.Item>
        )}
        {reply.withheldParts && reply.withheldParts.length > 0 && (
          <Descriptions.Item label="不予公开的部分">
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {reply.withheldParts.map((p, i) => (
                <li key={i}>
                  {p.description}（
                  {p.ground in OUTCOME_INFO
                    ? OUTCOME_INFO[p.ground as keyof typeof OUTCOME_INFO].label
                    : p.ground}
                  ）：{p.reason}
                </li>
              ))}
            </ol>
          </Descriptions.Item>
        )}
        {reply.reason && <Descriptions.Item label="理由">{reply.reason}</Descriptions.Item>}
        {reply.searchRecord && <Descriptions.Item label="检索记录">{reply.searchRecord}</Descriptions.Item>}
        {reply.otherAgency?.name && (
          <Descriptions.Item label="负责公开的机关">
            {reply.otherAgency.name}（{reply.otherAgency.contact}）
          </Descriptions.Item>
        )}
        {reply.remedies && (
          <Descriptions.Item label="救济途径">
            行政复议机关：{reply.remedies.reconsiderationOrgan}；人民法院：{reply.remedies.court}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function Notices({ request: r, onOpen }: { request: RequestView; onOpen: Open }) {
  const canDeliver = useCan('request.register') && r.status !== 'archived';
  return (
    <Card title="告知书">
      <Table<NoticeView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={r.notices}
        locale={{ emptyText: '尚无告知书' }}
        columns={[
          {
            title: '告知书',
            key: 'title',
            render: (_, n) => (
              <Space orientation="vertical" size={0}>
                <span>{n.title || NOTICE_KIND_LABELS[n.kind]}</span>
                {n.title && n.title !== NOTICE_KIND_LABELS[n.kind] && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {NOTICE_KIND_LABELS[n.kind]}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: '送达对象',
            key: 'addressee',
            width: 160,
            render: (_, n) => (n.addressee === 'applicant' ? '申请人' : n.addressee),
          },
          { title: '出具日期', key: 'issuedOn', width: 140, render: (_, n) => formatDate(n.issuedOn) },
          {
            title: '送达',
            key: 'delivered',
            width: 200,
            render: (_, n) =>
              n.deliveredAt
                ? `${formatDateTime(n.deliveredAt)}${
                    n.deliveryMethod && n.deliveryMethod in DELIVERY_METHOD_LABELS
                      ? ` ${DELIVERY_METHOD_LABELS[n.deliveryMethod as DeliveryMethod]}`
                      : ''
                  }`
                : '未送达',
          },
          {
            title: '操作',
            key: 'actions',
            width: 270,
            render: (_, n) => (
              <Space size={0}>
                <Button
                  type="link"
                  icon={<DownloadOutlined />}
                  href={noticeDocxUrl(r.id, n.id)}
                  aria-label={`下载 ${n.title || NOTICE_KIND_LABELS[n.kind]}（.docx）`}
                >
                  下载
                </Button>
                <Button
                  type="link"
                  icon={<PrinterOutlined />}
                  href={noticePrintUrl(r.id, n.id)}
                  target="_blank"
                  aria-label={`打印 ${n.title || NOTICE_KIND_LABELS[n.kind]}`}
                >
                  打印
                </Button>
                {canDeliver && !n.deliveredAt && (
                  <Button type="link" onClick={() => onOpen({ kind: 'delivery', notice: n })}>
                    登记送达
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

function Disputes({ request: r, onOpen }: { request: RequestView; onOpen: Open }) {
  const canRecord = useCan('request.register') && r.status !== 'archived';
  if (!r.repliedOn && r.disputes.length === 0) return null;
  return (
    <Card
      title="行政复议和行政诉讼"
      extra={
        canRecord && r.repliedOn && <Button onClick={() => onOpen({ kind: 'dispute' })}>登记复议/诉讼</Button>
      }
    >
      <Table<Dispute>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={r.disputes}
        locale={{ emptyText: '没有复议或诉讼' }}
        scroll={{ x: 900 }}
        columns={[
          { title: '类型', key: 'kind', width: 200, render: (_, d) => DISPUTE_KIND_LABELS[d.kind] },
          { title: '复议机关或法院', dataIndex: 'body', width: 160 },
          { title: '收到日期', key: 'receivedOn', width: 130, render: (_, d) => formatDate(d.receivedOn) },
          {
            title: '答辩 / 举证期限',
            key: 'due',
            width: 220,
            render: (_, d) => `${formatDate(d.defenceDueOn)} / ${formatDate(d.evidenceDueOn)}`,
          },
          {
            title: '结果',
            key: 'outcome',
            render: (_, d) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {DISPUTE_OUTCOME_LABELS[d.outcome]}
                  {d.decidedOn && `（${formatDate(d.decidedOn)}）`}
                </span>
                {d.hearings.map((h, i) => (
                  <Typography.Text key={i} type="secondary">
                    {formatDate(h.on)}：{h.note}
                  </Typography.Text>
                ))}
                {d.followUp && <Typography.Text type="secondary">整改：{d.followUp}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 90,
            render: (_, d) =>
              canRecord && (
                <Button type="link" onClick={() => onOpen({ kind: 'dispute-update', dispute: d })}>
                  更新
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** One request: its clock, applicant, handling, consultations, fee, reply, notices and disputes. */
export function RequestPage() {
  const { id } = useParams();
  const one = useRequest(id);
  const [dialog, setDialog] = useState<RequestDialogState>(null);
  if (one.isPending) return <Spin />;
  if (one.isError) return <Alert type="error" title={one.error.message} />;
  const r = one.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/requests">← 返回申请列表</Link>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Typography.Title level={2} style={{ margin: 0, fontSize: 22 }}>
            申请 {r.trackingNumber}
          </Typography.Title>
          <StatusTag status={r.status} />
          {r.outcome && r.repliedOn && <Tag color="blue">{outcomeLabel(r.outcome)}</Tag>}
        </Space>
        <ActionBar request={r} onOpen={setDialog} />
      </Space>
      <Card title="办理时限">
        <Clock request={r} />
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 16 }}>
        <Card title="申请人">
          <Applicant request={r} />
        </Card>
        <Card title="所需政府信息">
          <Description request={r} />
        </Card>
      </div>
      <Card title="办理情况">
        <Handling request={r} />
      </Card>
      <Correction request={r} />
      <Consultations request={r} onOpen={setDialog} />
      <Fee request={r} />
      <Reply request={r} />
      <Notices request={r} onOpen={setDialog} />
      <Disputes request={r} onOpen={setDialog} />
      <RequestDialogs request={r} dialog={dialog} onClose={() => setDialog(null)} />
    </Space>
  );
}

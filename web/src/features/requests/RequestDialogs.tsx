import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
  type FormInstance,
  type SelectProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, type ReactNode } from 'react';
import { ROLE_LABELS } from '../../../../src/core/auth/roles.ts';
import {
  CONSULTATION_ANSWER_LABELS,
  CONSULTATION_ANSWERS,
  CONSULTATION_KIND_LABELS,
  CONSULTATION_KINDS,
  DISPUTE_KIND_LABELS,
  DISPUTE_KINDS,
  DISPUTE_OUTCOME_LABELS,
  DISPUTE_OUTCOMES,
  type ConsultationAnswer,
  type ConsultationKind,
  type DisputeKind,
  type DisputeOutcome,
} from '../../../../src/modules/requests/model.ts';
import { AgencyTreeSelect } from '../../components/AgencyTreeSelect.tsx';
import { validValues } from '../../lib/forms.ts';
import {
  DELIVERY_METHOD_LABELS,
  FEE_METHOD_LABELS,
  HANDLING_ROLES,
  NOTICE_KIND_LABELS,
  useRequestAction,
  useUnitUsers,
  type ActionPath,
  type Consultation,
  type DeliveryMethod,
  type Dispute,
  type FeeMethod,
  type NoticeView,
  type RequestView,
} from './api.ts';
import { useSubmit } from './forms.ts';
import { ReplyDialog } from './ReplyDialog.tsx';
import { isoDay, notAfterToday, todayValue } from './shared.tsx';

/** The dialogs of the detail page; the page says which one is open. */
export type RequestDialogState =
  | { kind: 'correction' }
  | { kind: 'corrected' }
  | { kind: 'assign' }
  | { kind: 'search' }
  | { kind: 'consult' }
  | { kind: 'answer'; consultation: Consultation }
  | { kind: 'extend' }
  | { kind: 'reasons' }
  | { kind: 'long-limit' }
  | { kind: 'fee' }
  | { kind: 'payment' }
  | { kind: 'reply' }
  | { kind: 'return' }
  | { kind: 'delivery'; notice: NoticeView }
  | { kind: 'dispute' }
  | { kind: 'dispute-update'; dispute: Dispute }
  | null;

interface ActionDialogProps<V> {
  request: RequestView;
  open: boolean;
  onClose: () => void;
  title: string;
  okText: string;
  path: ActionPath;
  /** The form's field names the server's field messages go to. */
  fields: string[];
  toBody: (values: V) => unknown;
  done: string;
  initialValues?: Partial<V>;
  danger?: boolean;
  width?: number;
  children: (form: FormInstance<V>) => ReactNode;
}

/** One action at /api/requests/:id/<path>: a form, the server's messages on its fields or as a message. */
function ActionDialog<V extends object>(props: ActionDialogProps<V>) {
  const { request, open, onClose } = props;
  const [form] = Form.useForm<V>();
  const action = useRequestAction();
  const submit = useSubmit();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    const run = () => action.mutateAsync({ id: request.id, path: props.path, body: props.toBody(values) });
    if (await submit(form, props.fields, run, props.done)) onClose();
  };
  return (
    <Modal
      title={`${props.title}：${request.trackingNumber}`}
      open={open}
      width={props.width ?? 560}
      okText={props.okText}
      okButtonProps={{ danger: props.danger }}
      confirmLoading={action.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<V> form={form} layout="vertical" initialValues={props.initialValues}>
        {props.children(form)}
      </Form>
    </Modal>
  );
}

const required = (message: string) => [{ required: true, whitespace: true, message }];
const requiredDay = (message: string) => [{ required: true, message }];

const dayPicker = <DatePicker style={{ width: '100%' }} disabledDate={notAfterToday} />;

// ---- 补正 (条例第三十条) ----

function CorrectionDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<{ items: string[] }>
      {...p}
      title="补正告知"
      okText="发出补正告知"
      path="correction"
      fields={['items']}
      done="已发出补正告知，答复期限暂停计算"
      initialValues={{ items: [''] }}
      toBody={(v) => ({ items: v.items.map((i) => i.trim()).filter(Boolean) })}
    >
      {() => (
        <>
          <p>须一次性告知申请人需要补正的全部事项和合理的补正期限（条例第三十条）。</p>
          <Form.List name="items">
            {(items, { add, remove }) => (
              <>
                {items.map((item, i) => (
                  <Space key={item.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item
                      name={item.name}
                      label={`补正事项 ${i + 1}`}
                      rules={required('请填写补正事项')}
                      style={{ width: 440 }}
                    >
                      <Input.TextArea rows={2} maxLength={500} />
                    </Form.Item>
                    {items.length > 1 && (
                      <Button
                        type="text"
                        aria-label={`删除补正事项 ${i + 1}`}
                        icon={<DeleteOutlined />}
                        onClick={() => remove(item.name)}
                      />
                    )}
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add('')} disabled={items.length >= 20}>
                  添加事项
                </Button>
              </>
            )}
          </Form.List>
        </>
      )}
    </ActionDialog>
  );
}

function CorrectedDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<{ receivedOn: Dayjs; description?: string }>
      {...p}
      title="登记补正"
      okText="登记"
      path="corrected"
      fields={['receivedOn', 'description']}
      done="已登记补正，答复期限自收到补正之日起重新计算"
      initialValues={{ receivedOn: todayValue() }}
      toBody={(v) => ({ receivedOn: isoDay(v.receivedOn), description: v.description?.trim() || undefined })}
    >
      {() => (
        <>
          <Form.Item label="收到补正材料日期" name="receivedOn" rules={requiredDay('请选择收到日期')}>
            {dayPicker}
          </Form.Item>
          <Form.Item label="补正后的描述" name="description" extra="不填则沿用原申请的描述">
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
        </>
      )}
    </ActionDialog>
  );
}

// ---- 交办 ----

interface AssignValues {
  agencyId: string;
  assigneeId: string;
}

function AssigneeSelect({ agencyId, ...rest }: SelectProps<string> & { agencyId: string | undefined }) {
  const users = useUnitUsers(agencyId);
  const options = (users.data ?? [])
    .filter((u) => u.active)
    .map((u) => ({
      user: u,
      roles: [...new Set(u.memberships.flatMap((m) => m.roles))].filter(
        (r): r is (typeof HANDLING_ROLES)[number] => (HANDLING_ROLES as readonly string[]).includes(r),
      ),
    }))
    .filter((o) => o.roles.length > 0)
    .map((o) => ({
      value: o.user.id,
      label: o.user.displayName,
      roles: o.roles.map((r) => ROLE_LABELS[r]).join('、'),
    }));
  return (
    <Select<string>
      {...rest}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={agencyId ? '请选择承办人' : '请先选择承办单位'}
      loading={users.isFetching}
      disabled={!agencyId}
      options={options}
      optionRender={(option) => (
        <Space>
          {option.data.label}
          <Typography.Text type="secondary">{option.data.roles}</Typography.Text>
        </Space>
      )}
      notFoundContent="该单位没有可办理依申请公开的人员"
    />
  );
}

function AssignDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<AssignValues>
      {...p}
      title="交办"
      okText="交办"
      path="assign"
      fields={['agencyId', 'assigneeId']}
      done="已交办，承办人会在“我的待办”中看到"
      initialValues={{ agencyId: p.request.responsibleAgencyId ?? undefined }}
      toBody={(v) => v}
    >
      {(form) => <AssignFields form={form} />}
    </ActionDialog>
  );
}

function AssignFields({ form }: { form: FormInstance<AssignValues> }) {
  const agencyId = Form.useWatch('agencyId', form);
  return (
    <>
      <Form.Item
        label="承办单位"
        name="agencyId"
        extra="受理机关或其下属单位"
        rules={[{ required: true, message: '请选择承办单位' }]}
      >
        <AgencyTreeSelect onChange={() => form.setFieldValue('assigneeId', undefined)} />
      </Form.Item>
      <Form.Item label="承办人" name="assigneeId" rules={[{ required: true, message: '请选择承办人' }]}>
        <AssigneeSelect agencyId={agencyId} />
      </Form.Item>
    </>
  );
}

// ---- 检索记录 ----

function SearchDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<{ record: string }>
      {...p}
      title="检索记录"
      okText="保存"
      path="search-record"
      fields={['record']}
      done="已登记检索记录"
      initialValues={{ record: p.request.searchRecord ?? '' }}
      toBody={(v) => ({ record: v.record.trim() })}
    >
      {() => (
        <Form.Item
          label="检索记录"
          name="record"
          extra="检索范围、检索词、检索人、检索时间和结果"
          rules={required('请填写检索记录')}
        >
          <Input.TextArea rows={6} maxLength={5000} showCount />
        </Form.Item>
      )}
    </ActionDialog>
  );
}

// ---- 征求意见 (条例第三十二条、第三十三条) ----

interface ConsultValues {
  kind: ConsultationKind;
  party: string;
  contact: string;
  matter: string;
  sentOn: Dayjs;
}

function ConsultDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<ConsultValues>
      {...p}
      title="征求意见"
      okText="登记发函"
      path="consultations"
      fields={['kind', 'party', 'contact', 'matter', 'sentOn']}
      done="已登记征求意见，征求意见期间不计入答复期限"
      initialValues={{ kind: 'third_party', sentOn: todayValue() }}
      toBody={(v) => ({
        kind: v.kind,
        party: v.party.trim(),
        contact: v.contact.trim(),
        matter: v.matter.trim(),
        sentOn: isoDay(v.sentOn),
      })}
    >
      {() => (
        <>
          <Form.Item label="征求对象" name="kind" rules={[{ required: true }]}>
            <Radio.Group
              options={CONSULTATION_KINDS.map((k) => ({ value: k, label: CONSULTATION_KIND_LABELS[k] }))}
            />
          </Form.Item>
          <Form.Item label="被征求意见方" name="party" rules={required('请填写被征求意见方')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label="联系方式" name="contact" rules={required('请填写联系方式')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label="征求意见的事项" name="matter" rules={required('请填写征求意见的事项')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item label="发函日期" name="sentOn" rules={requiredDay('请选择发函日期')}>
            {dayPicker}
          </Form.Item>
        </>
      )}
    </ActionDialog>
  );
}

interface AnswerValues {
  answer: ConsultationAnswer;
  answeredOn?: Dayjs;
  note?: string;
  overrideReason?: string;
}

function AnswerDialog(p: {
  request: RequestView;
  consultation: Consultation | null;
  open: boolean;
  onClose: () => void;
}) {
  const c = p.consultation;
  return (
    <ActionDialog<AnswerValues>
      request={p.request}
      open={p.open}
      onClose={p.onClose}
      title={`登记结果（${c?.party ?? ''}）`}
      okText="登记"
      path={`consultations/${c?.id ?? ''}/answer`}
      fields={['answer', 'answeredOn', 'note', 'overrideReason']}
      done="已登记征求意见结果"
      initialValues={{ answeredOn: todayValue() }}
      toBody={(v) => ({
        answer: v.answer,
        answeredOn: v.answeredOn ? isoDay(v.answeredOn) : undefined,
        note: v.note?.trim() || undefined,
        overrideReason: v.overrideReason?.trim() || undefined,
      })}
    >
      {(form) => <AnswerFields form={form} kind={c?.kind} />}
    </ActionDialog>
  );
}

function AnswerFields({
  form,
  kind,
}: {
  form: FormInstance<AnswerValues>;
  kind: ConsultationKind | undefined;
}) {
  const answer = Form.useWatch('answer', form);
  return (
    <>
      <Form.Item label="答复结果" name="answer" rules={[{ required: true, message: '请选择答复结果' }]}>
        <Select
          options={CONSULTATION_ANSWERS.map((a) => ({ value: a, label: CONSULTATION_ANSWER_LABELS[a] }))}
        />
      </Form.Item>
      <Form.Item label="答复日期" name="answeredOn">
        {dayPicker}
      </Form.Item>
      <Form.Item label="意见内容" name="note">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      {kind === 'third_party' && answer === 'refusal' && (
        <Form.Item
          label="公共利益理由"
          name="overrideReason"
          extra="认为不公开可能对公共利益造成重大影响、决定予以公开的，写明理由，并书面告知第三方（条例第三十二条）；不填则按第三方意见不予公开"
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      )}
    </>
  );
}

// ---- 延期, 说明理由, 第三十五条 ----

function ExtendDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<{ days: number; reason: string }>
      {...p}
      title="延期答复"
      okText="批准延期"
      path="extension"
      fields={['days', 'reason']}
      done="已延期，并生成延长答复期限告知书"
      initialValues={{ days: 15 }}
      toBody={(v) => ({ days: v.days, reason: v.reason.trim() })}
    >
      {() => (
        <>
          <p>
            需要延长答复期限的，经政府信息公开工作机构负责人同意，可延长一次，延长期限最长不超过 20
            个工作日（条例第三十三条第二款）。
          </p>
          <Form.Item label="延长天数" name="days" rules={[{ required: true, message: '请填写延长天数' }]}>
            <InputNumber min={1} max={20} precision={0} suffix="个工作日" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="延期理由" name="reason" rules={required('请填写延期理由')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </>
      )}
    </ActionDialog>
  );
}

function TextDialog(p: {
  request: RequestView;
  open: boolean;
  onClose: () => void;
  title: string;
  okText: string;
  path: ActionPath;
  field: string;
  label: string;
  done: string;
  danger?: boolean;
  intro?: string;
}) {
  return (
    <ActionDialog<Record<string, string>>
      request={p.request}
      open={p.open}
      onClose={p.onClose}
      title={p.title}
      okText={p.okText}
      path={p.path}
      fields={[p.field]}
      done={p.done}
      danger={p.danger}
      toBody={(v) => ({ [p.field]: (v[p.field] ?? '').trim() })}
    >
      {() => (
        <>
          {p.intro && <p>{p.intro}</p>}
          <Form.Item label={p.label} name={p.field} rules={required(`请填写${p.label}`)}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </>
      )}
    </ActionDialog>
  );
}

function LongLimitDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<{ days: number; reason: string }>
      {...p}
      title="确定延期答复期限"
      okText="确定"
      path="long-limit"
      fields={['days', 'reason']}
      done="已确定延期答复期限，并生成延期答复告知书"
      toBody={(v) => ({ days: v.days, reason: v.reason.trim() })}
    >
      {() => (
        <>
          <p>
            申请人申请公开政府信息的数量、频次明显超过合理范围，说明理由后行政机关认为理由不合理的，可以确定延迟答复的合理期限（条例第三十五条）。
          </p>
          <Form.Item
            label="答复期限"
            name="days"
            extra="自收到申请之日起的工作日数，须长于当前期限"
            rules={[{ required: true, message: '请填写答复期限' }]}
          >
            <InputNumber min={1} precision={0} suffix="个工作日" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="延期答复理由" name="reason" rules={required('请填写延期答复理由')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </>
      )}
    </ActionDialog>
  );
}

// ---- 收费 ----

interface FeeValues {
  method: FeeMethod;
  items?: number;
  pages?: number;
}

function FeeDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<FeeValues>
      {...p}
      title="收费通知"
      okText="发出收费通知"
      path="fee"
      fields={['method', 'items', 'pages']}
      done="已发出收费通知"
      initialValues={{ method: 'per_item', items: 1 }}
      toBody={(v) =>
        v.method === 'per_item' ? { method: v.method, items: v.items } : { method: v.method, pages: v.pages }
      }
    >
      {(form) => <FeeFields form={form} />}
    </ActionDialog>
  );
}

function FeeFields({ form }: { form: FormInstance<FeeValues> }) {
  const method = Form.useWatch('method', form);
  return (
    <>
      <p>
        金额按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）自动计算；未超过免费额度的不能发出收费通知。
      </p>
      <Form.Item label="计收方式" name="method" rules={[{ required: true, message: '请选择计收方式' }]}>
        <Radio.Group
          options={(Object.keys(FEE_METHOD_LABELS) as FeeMethod[]).map((m) => ({
            value: m,
            label: FEE_METHOD_LABELS[m],
          }))}
        />
      </Form.Item>
      {method === 'per_page' ? (
        <Form.Item label="页数" name="pages" rules={[{ required: true, message: '请填写页数' }]}>
          <InputNumber min={0} precision={0} suffix="页" style={{ width: 200 }} />
        </Form.Item>
      ) : (
        <Form.Item
          label="件数"
          name="items"
          extra="本申请计为几件"
          rules={[{ required: true, message: '请填写件数' }]}
        >
          <InputNumber min={1} precision={0} suffix="件" style={{ width: 200 }} />
        </Form.Item>
      )}
    </>
  );
}

function PaymentDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<{ paidOn: Dayjs }>
      {...p}
      title="登记缴费"
      okText="登记"
      path="payment"
      fields={['paidOn']}
      done="已登记缴费，答复期限恢复计算"
      initialValues={{ paidOn: todayValue() }}
      toBody={(v) => ({ paidOn: isoDay(v.paidOn) })}
    >
      {() => (
        <Form.Item label="缴费日期" name="paidOn" rules={requiredDay('请选择缴费日期')}>
          {dayPicker}
        </Form.Item>
      )}
    </ActionDialog>
  );
}

// ---- 送达 ----

const DEFAULT_DELIVERY: Record<RequestView['delivery'], DeliveryMethod> = {
  collect: 'in_person',
  post: 'post',
  email: 'email',
  online: 'online',
};

function DeliveryDialog(p: {
  request: RequestView;
  notice: NoticeView | null;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <ActionDialog<{ method: DeliveryMethod; deliveredAt?: Dayjs }>
      request={p.request}
      open={p.open}
      onClose={p.onClose}
      title={`登记送达（${p.notice ? p.notice.title || NOTICE_KIND_LABELS[p.notice.kind] : ''}）`}
      okText="登记送达"
      path="delivery"
      fields={['method', 'deliveredAt']}
      done="已登记送达"
      initialValues={{ method: DEFAULT_DELIVERY[p.request.delivery] }}
      toBody={(v) => ({
        noticeId: p.notice?.id,
        method: v.method,
        deliveredAt: v.deliveredAt ? v.deliveredAt.toISOString() : undefined,
      })}
    >
      {() => (
        <>
          <Form.Item label="送达方式" name="method" rules={[{ required: true, message: '请选择送达方式' }]}>
            <Select
              options={(Object.keys(DELIVERY_METHOD_LABELS) as DeliveryMethod[]).map((m) => ({
                value: m,
                label: DELIVERY_METHOD_LABELS[m],
              }))}
            />
          </Form.Item>
          <Form.Item label="送达时间" name="deliveredAt" extra="不填则记为现在">
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </>
      )}
    </ActionDialog>
  );
}

// ---- 复议、诉讼 ----

function DisputeDialog(p: { request: RequestView; open: boolean; onClose: () => void }) {
  return (
    <ActionDialog<{ kind: DisputeKind; receivedOn: Dayjs; body: string }>
      {...p}
      title="登记复议/诉讼"
      okText="登记"
      path="disputes"
      fields={['kind', 'receivedOn', 'body']}
      done="已登记，答辩和举证期限已计算"
      initialValues={{ kind: 'reconsideration', receivedOn: todayValue() }}
      toBody={(v) => ({ kind: v.kind, receivedOn: isoDay(v.receivedOn), body: v.body.trim() })}
    >
      {() => (
        <>
          <Form.Item label="类型" name="kind" rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={DISPUTE_KINDS.map((k) => ({ value: k, label: DISPUTE_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item label="收到日期" name="receivedOn" rules={requiredDay('请选择收到日期')}>
            {dayPicker}
          </Form.Item>
          <Form.Item label="复议机关或法院" name="body" rules={required('请填写受理机关或法院')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      )}
    </ActionDialog>
  );
}

interface DisputeUpdateValues {
  outcome: DisputeOutcome;
  decidedOn?: Dayjs;
  hearingOn?: Dayjs;
  hearingNote?: string;
  followUp?: string;
}

function DisputeUpdateDialog(p: {
  request: RequestView;
  dispute: Dispute | null;
  open: boolean;
  onClose: () => void;
}) {
  const d = p.dispute;
  return (
    <ActionDialog<DisputeUpdateValues>
      request={p.request}
      open={p.open}
      onClose={p.onClose}
      title={`更新${d ? DISPUTE_KIND_LABELS[d.kind] : ''}情况`}
      okText="保存"
      path={`disputes/${d?.id ?? ''}`}
      fields={['outcome', 'decidedOn', 'hearing', 'followUp']}
      done="已更新"
      initialValues={{ outcome: d?.outcome ?? 'pending', followUp: d?.followUp ?? undefined }}
      toBody={(v) => ({
        outcome: v.outcome,
        decidedOn: v.outcome !== 'pending' && v.decidedOn ? isoDay(v.decidedOn) : undefined,
        hearing:
          v.hearingOn && v.hearingNote?.trim()
            ? { on: isoDay(v.hearingOn), note: v.hearingNote.trim() }
            : undefined,
        followUp: v.followUp?.trim() || undefined,
      })}
    >
      {(form) => <DisputeUpdateFields form={form} />}
    </ActionDialog>
  );
}

function DisputeUpdateFields({ form }: { form: FormInstance<DisputeUpdateValues> }) {
  const outcome = Form.useWatch('outcome', form);
  const hearingOn = Form.useWatch('hearingOn', form);
  return (
    <>
      <Form.Item label="结果" name="outcome" rules={[{ required: true, message: '请选择结果' }]}>
        <Select options={DISPUTE_OUTCOMES.map((o) => ({ value: o, label: DISPUTE_OUTCOME_LABELS[o] }))} />
      </Form.Item>
      {outcome && outcome !== 'pending' && (
        <Form.Item label="结案日期" name="decidedOn" rules={requiredDay('请选择结案日期')}>
          {dayPicker}
        </Form.Item>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 2fr', columnGap: 16 }}>
        <Form.Item label="庭审或听证日期" name="hearingOn">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label="庭审或听证情况"
          name="hearingNote"
          rules={hearingOn ? required('请填写庭审或听证情况') : []}
        >
          <Input maxLength={1000} />
        </Form.Item>
      </div>
      <Form.Item
        label="整改落实情况"
        name="followUp"
        extra={outcome === 'corrected' ? '结果纠正的，须写明整改落实情况' : undefined}
      >
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </>
  );
}

/** The open dialog of the detail page, if any. */
export function RequestDialogs({
  request,
  dialog,
  onClose,
}: {
  request: RequestView;
  dialog: RequestDialogState;
  onClose: () => void;
}) {
  const is = (kind: NonNullable<RequestDialogState>['kind']) => dialog?.kind === kind;
  const common = { request, onClose };
  return (
    <>
      <CorrectionDialog {...common} open={is('correction')} />
      <CorrectedDialog {...common} open={is('corrected')} />
      <AssignDialog {...common} open={is('assign')} />
      <SearchDialog {...common} open={is('search')} />
      <ConsultDialog {...common} open={is('consult')} />
      <AnswerDialog
        {...common}
        open={is('answer')}
        consultation={dialog?.kind === 'answer' ? dialog.consultation : null}
      />
      <ExtendDialog {...common} open={is('extend')} />
      <TextDialog
        {...common}
        open={is('reasons')}
        title="要求说明理由"
        okText="发出通知"
        path="reasons"
        field="note"
        label="要求说明理由的内容"
        done="已发出说明理由通知书"
        intro="申请公开政府信息的数量、频次明显超过合理范围的，可以要求申请人说明理由（条例第三十五条）。"
      />
      <LongLimitDialog {...common} open={is('long-limit')} />
      <FeeDialog {...common} open={is('fee')} />
      <PaymentDialog {...common} open={is('payment')} />
      <ReplyDialog {...common} open={is('reply')} />
      <TextDialog
        {...common}
        open={is('return')}
        title="退回答复稿"
        okText="退回"
        path="reply/return"
        field="opinion"
        label="退回意见"
        done="已退回承办人修改"
        danger
      />
      <DeliveryDialog
        {...common}
        open={is('delivery')}
        notice={dialog?.kind === 'delivery' ? dialog.notice : null}
      />
      <DisputeDialog {...common} open={is('dispute')} />
      <DisputeUpdateDialog
        {...common}
        open={is('dispute-update')}
        dispute={dialog?.kind === 'dispute-update' ? dialog.dispute : null}
      />
    </>
  );
}

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Radio, Select, Typography, type FormInstance } from 'antd';
import { useEffect, useMemo } from 'react';
import { useAgencyTree, type AgencyTreeNode } from '../../lib/agencies.ts';
import { validValues } from '../../lib/forms.ts';
import {
  OUTCOME_FAMILY_LABELS,
  OUTCOME_INFO,
  OUTCOMES,
  SYSTEM_OUTCOMES,
  useRequestAction,
  WITHHOLDING_GROUNDS,
  type Outcome,
  type OutcomeFamily,
  type ReplyInput,
  type ReplyView,
  type RequestView,
} from './api.ts';
import { useSubmit } from './forms.ts';

interface Values {
  outcome?: Outcome;
  text?: string;
  provision?: { alreadyPublic: boolean; where?: string };
  disclosedPart?: string;
  withheldParts?: { description?: string; ground?: Outcome; reason?: string }[];
  reason?: string;
  /** unavailable_not_held: the search made, or the agency that holds the information. */
  notHeldBy?: 'search' | 'agency';
  searchRecord?: string;
  otherAgency?: { name?: string; contact?: string };
  remedies?: { reconsiderationOrgan?: string; court?: string };
}

const FIELDS = [
  'outcome',
  'text',
  'provision',
  'disclosedPart',
  'withheldParts',
  'reason',
  'searchRecord',
  'otherAgency',
  'remedies',
];

/** The outcomes that need a reason of their own (outcomes.ts checkReply). */
const needsReason = (o: Outcome | undefined): boolean =>
  o !== undefined &&
  (OUTCOME_INFO[o].family === 'withheld' ||
    OUTCOME_INFO[o].family === 'not_processed' ||
    o === 'unavailable_needs_creation');

const FAMILY_ORDER = Object.keys(OUTCOME_FAMILY_LABELS) as OutcomeFamily[];

const OUTCOME_OPTIONS = FAMILY_ORDER.map((family) => ({
  label: OUTCOME_FAMILY_LABELS[family],
  title: OUTCOME_FAMILY_LABELS[family],
  options: OUTCOMES.filter((o) => OUTCOME_INFO[o].family === family && !SYSTEM_OUTCOMES.includes(o)).map(
    (o) => ({ value: o, label: `${OUTCOME_INFO[o].row} ${OUTCOME_INFO[o].label}` }),
  ),
}));

/**
 * The reconsideration organ to suggest (行政复议法（2023年修订）第二十四条): for a department, office or
 * township, the government above it in the tree; for a government itself, nothing (the organ is the
 * government above, outside this platform's tree). Empty when the agency is not in the visible tree.
 */
function suggestedOrgan(forest: readonly AgencyTreeNode[], agencyId: string): string {
  const walk = (nodes: readonly AgencyTreeNode[], above: AgencyTreeNode[]): AgencyTreeNode[] | null => {
    for (const n of nodes) {
      if (n.id === agencyId) return above;
      const found = walk(n.children, [...above, n]);
      if (found) return found;
    }
    return null;
  };
  const above = walk(forest, []);
  return above?.findLast((a) => a.kind === 'government')?.name ?? '';
}

/** The form's values from a stored draft (a draft returned for changes opens as it was). */
function fromDraft(draft: ReplyView | null, request: RequestView, organ: string): Values {
  if (!draft) {
    return {
      provision: { alreadyPublic: false },
      withheldParts: [{}],
      notHeldBy: 'search',
      searchRecord: request.searchRecord ?? undefined,
      remedies: { reconsiderationOrgan: organ },
    };
  }
  return {
    outcome: draft.outcome,
    text: draft.text,
    provision: draft.provision ?? { alreadyPublic: false },
    disclosedPart: draft.disclosedPart,
    withheldParts: draft.withheldParts?.length
      ? draft.withheldParts.map((p) => ({ ...p, ground: p.ground as Outcome }))
      : [{}],
    reason: draft.reason,
    notHeldBy: draft.otherAgency?.name ? 'agency' : 'search',
    searchRecord: draft.searchRecord ?? request.searchRecord ?? undefined,
    otherAgency: draft.otherAgency,
    remedies: draft.remedies ?? { reconsiderationOrgan: organ },
  };
}

/** Only what the chosen outcome uses goes to the server (checkReply ignores the rest, but keep it clean). */
function toBody(v: Values): ReplyInput {
  const outcome = v.outcome as Outcome;
  const t = (s: string | undefined) => (s ?? '').trim();
  const body: ReplyInput = { outcome, text: t(v.text) };
  const family = OUTCOME_INFO[outcome].family;
  if (family === 'disclosed')
    body.provision = { alreadyPublic: Boolean(v.provision?.alreadyPublic), where: t(v.provision?.where) };
  if (family === 'partly_disclosed') {
    body.disclosedPart = t(v.disclosedPart);
    body.withheldParts = (v.withheldParts ?? []).map((p) => ({
      description: t(p.description),
      ground: p.ground ?? '',
      reason: t(p.reason),
    }));
  }
  if (needsReason(outcome)) body.reason = t(v.reason);
  if (outcome === 'unavailable_not_held') {
    if (v.notHeldBy === 'agency')
      body.otherAgency = { name: t(v.otherAgency?.name), contact: t(v.otherAgency?.contact) };
    else body.searchRecord = t(v.searchRecord);
  }
  if (OUTCOME_INFO[outcome].adverse)
    body.remedies = {
      reconsiderationOrgan: t(v.remedies?.reconsiderationOrgan),
      court: t(v.remedies?.court),
    };
  return body;
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

function WithheldParts() {
  return (
    <Form.List name="withheldParts">
      {(parts, { add, remove }) => (
        <>
          {parts.map((part, i) => (
            <Card
              key={part.key}
              size="small"
              title={`不予公开的部分 ${i + 1}`}
              style={{ marginBottom: 12 }}
              extra={
                parts.length > 1 && (
                  <Button
                    type="text"
                    aria-label={`删除不予公开的部分 ${i + 1}`}
                    icon={<DeleteOutlined />}
                    onClick={() => remove(part.name)}
                  />
                )
              }
            >
              <Form.Item
                label="内容"
                name={[part.name, 'description']}
                rules={required('请写明不予公开的内容')}
              >
                <Input maxLength={1000} />
              </Form.Item>
              <Form.Item
                label="依据"
                name={[part.name, 'ground']}
                rules={[{ required: true, message: '请选择依据' }]}
              >
                <Select
                  placeholder="请选择不予公开的依据"
                  options={WITHHOLDING_GROUNDS.map((g) => ({
                    value: g,
                    label: `${OUTCOME_INFO[g].row} ${OUTCOME_INFO[g].label}`,
                  }))}
                />
              </Form.Item>
              <Form.Item
                label="理由"
                name={[part.name, 'reason']}
                rules={required('请说明该部分不予公开的理由')}
              >
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Card>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
            添加不予公开的部分
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** The fields the chosen outcome needs (outcomes.ts checkReply). */
function OutcomeFields({ form }: { form: FormInstance<Values> }) {
  const outcome = Form.useWatch('outcome', form);
  const alreadyPublic = Form.useWatch((v: Values) => v.provision?.alreadyPublic, form);
  const notHeldBy = Form.useWatch('notHeldBy', form);
  if (!outcome) return null;
  const info = OUTCOME_INFO[outcome];
  return (
    <>
      {info.family === 'disclosed' && (
        <>
          <Form.Item label="是否已主动公开" name={['provision', 'alreadyPublic']}>
            <Radio.Group
              options={[
                { value: false, label: '尚未公开，向申请人提供' },
                { value: true, label: '已主动公开，告知获取途径' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label={alreadyPublic ? '获取的方式和途径' : '提供信息的方式'}
            name={['provision', 'where']}
            extra={
              alreadyPublic
                ? '条例第三十六条第（一）项：告知申请人获取该政府信息的方式、途径'
                : '条例第三十六条第（二）项：向申请人提供，或告知获取的方式、途径和时间'
            }
            rules={required(alreadyPublic ? '请写明获取的方式和途径' : '请写明提供信息的方式')}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      )}
      {info.family === 'partly_disclosed' && (
        <>
          <Form.Item
            label="予以公开的部分"
            name="disclosedPart"
            extra="条例第三十七条：能够作区分处理的，提供可以公开的部分，并说明不予公开部分的理由"
            rules={required('请写明予以公开的部分')}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <WithheldParts />
        </>
      )}
      {needsReason(outcome) && (
        <Form.Item label="理由" name="reason" rules={required('请说明理由')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      )}
      {outcome === 'unavailable_not_held' && (
        <>
          <Form.Item label="依据" name="notHeldBy">
            <Radio.Group
              options={[
                { value: 'search', label: '经检索没有该信息（附检索记录）' },
                { value: 'agency', label: '由其他机关负责公开（告知名称和联系方式）' },
              ]}
            />
          </Form.Item>
          {notHeldBy === 'agency' ? (
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
              <Form.Item
                label="负责公开的机关"
                name={['otherAgency', 'name']}
                rules={required('请写明机关名称')}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item
                label="联系方式"
                name={['otherAgency', 'contact']}
                rules={required('请写明联系方式')}
              >
                <Input maxLength={200} />
              </Form.Item>
            </div>
          ) : (
            <Form.Item
              label="检索记录"
              name="searchRecord"
              extra="检索范围、检索词、检索人、检索时间"
              rules={required('请填写检索记录')}
            >
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
          )}
        </>
      )}
      {info.adverse && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            救济途径（条例第五十一条）：答复书写明申请行政复议和提起行政诉讼的机关。
          </Typography.Paragraph>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
            <Form.Item
              label="行政复议机关"
              name={['remedies', 'reconsiderationOrgan']}
              rules={required('请写明行政复议机关')}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item
              label="人民法院"
              name={['remedies', 'court']}
              rules={required('请写明有管辖权的人民法院')}
            >
              <Input maxLength={200} placeholder="如：西吉县人民法院" />
            </Form.Item>
          </div>
        </>
      )}
    </>
  );
}

/** 拟定答复: the outcome (a row of table 三) and the evidence it needs; the head then approves. */
export function ReplyDialog({
  request,
  open,
  onClose,
}: {
  request: RequestView;
  open: boolean;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const action = useRequestAction();
  const submit = useSubmit();
  const tree = useAgencyTree();
  const organ = useMemo(
    () => suggestedOrgan(tree.data ?? [], request.agencyId),
    [tree.data, request.agencyId],
  );
  const initial = useMemo(
    () => fromDraft(request.reply as ReplyView | null, request, organ),
    [request, organ],
  );
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const refused = request.consultations.some(
    (c) => c.kind === 'third_party' && c.answer === 'refusal' && !c.overrideReason,
  );

  const ok = async () => {
    const values = await validValues(form);
    if (!values) return;
    const run = () => action.mutateAsync({ id: request.id, path: 'reply', body: toBody(values) });
    if (await submit(form, FIELDS, run, '答复稿已提交审批')) onClose();
  };

  return (
    <Modal
      title={`拟定答复：${request.trackingNumber}`}
      open={open}
      width={760}
      okText="提交审批"
      confirmLoading={action.isPending}
      onOk={() => void ok()}
      onCancel={onClose}
      destroyOnHidden
    >
      {refused && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="第三方不同意公开，且未记录公共利益理由：不能予以公开（条例第三十二条）。"
        />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={initial}>
        <Form.Item label="答复类型" name="outcome" rules={[{ required: true, message: '请选择答复类型' }]}>
          <Select<Outcome>
            placeholder="请选择答复类型（即年报表三的办理结果）"
            options={OUTCOME_OPTIONS}
            showSearch={{ optionFilterProp: 'label' }}
            listHeight={360}
          />
        </Form.Item>
        <Form.Item label="答复内容" name="text" rules={required('请填写答复内容')}>
          <Input.TextArea rows={5} maxLength={20000} showCount />
        </Form.Item>
        <OutcomeFields form={form} />
      </Form>
    </Modal>
  );
}

/**
 * On-request disclosure (依申请公开), as data and pure rules: who applies, how a request arrives and
 * when it counts as received, and the state machine every request moves through (drawn in
 * docs/state-machines.md). The reply categories are in outcomes.ts, the clocks in deadlines.ts,
 * the fees in fees.ts.
 */
import { conflict } from '../../core/errors.ts';
import { isValidIdNumber } from '../../core/validators.ts';

/** 条例第二十九条: a natural person, or a legal person or other organisation (by kind, for table 三). */
export const APPLICANT_TYPES = [
  'natural_person',
  'commercial',
  'research',
  'public_interest',
  'legal_service',
  'other_org',
] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = {
  natural_person: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_service: '法律服务机构',
  other_org: '其他组织',
};

/** 条例第二十九条 (一): the applicant's 身份证明. Only the resident ID card has a check digit to verify. */
export const ID_TYPES = [
  'resident_id',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'uscc',
  'other',
] as const;
export type IdType = (typeof ID_TYPES)[number];
export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  uscc: '统一社会信用代码',
  other: '其他有效证件',
};

/** 条例第二十九条 (三): the form the applicant asks for, and how it reaches them. */
export const FORMS = ['paper', 'electronic', 'inspection'] as const;
export type Form = (typeof FORMS)[number];
export const FORM_LABELS: Record<Form, string> = {
  paper: '纸质文本',
  electronic: '电子文本',
  inspection: '当场查阅',
};

export const DELIVERIES = ['collect', 'post', 'email', 'online'] as const;
export type Delivery = (typeof DELIVERIES)[number];
export const DELIVERY_LABELS: Record<Delivery, string> = {
  collect: '自行领取',
  post: '邮寄',
  email: '电子邮件',
  online: '网上获取',
};

/**
 * How a request arrived (条例第二十九条: in writing, by letter or data message; orally when writing
 * is genuinely difficult, the office filling in the form).
 */
export const CHANNELS = [
  'online',
  'in_person',
  'oral',
  'post_signed',
  'post_ordinary',
  'fax',
  'email',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, string> = {
  online: '网上申请',
  in_person: '当面提交',
  oral: '口头申请（代为填写）',
  post_signed: '邮寄（需签收）',
  post_ordinary: '平信邮寄',
  fax: '传真',
  email: '电子邮件',
};

/** The dates a channel's receipt date may come from (YYYY-MM-DD, Beijing). */
export interface ReceiptFacts {
  /** The day the applicant handed it in (in person, orally) or submitted it online. */
  submittedOn?: string;
  /** The day the agency signed for a letter that needs a signature. */
  signedOn?: string;
  /** The day the office and the applicant confirmed it (ordinary letters, fax, e-mail). */
  confirmedOn?: string;
}

/**
 * 条例第三十一条, the day a request counts as received:
 * (一) in person: the day it is handed in (an oral request is taken in person, 第二十九条);
 * (二) by post: the day the agency signs for it; an ordinary letter needing no signature, the day the
 *      office confirms it with the applicant, which it must do on the day the letter arrives;
 * (三) online or by fax: the day both sides confirm it. The portal confirms at once (its
 *      acknowledgement with the tracking number), so a portal request is received the day it is sent.
 * Returns the date, or a Chinese message naming what is missing.
 */
export function receiptDate(channel: Channel, facts: ReceiptFacts): { date: string } | { error: string } {
  const need = (value: string | undefined, message: string) => (value ? { date: value } : { error: message });
  switch (channel) {
    case 'online':
    case 'in_person':
    case 'oral':
      return need(facts.submittedOn, '请填写提交日期');
    case 'post_signed':
      return need(facts.signedOn, '请填写签收日期（条例第三十一条第二项）');
    case 'post_ordinary':
    case 'fax':
    case 'email':
      return need(facts.confirmedOn, '请填写与申请人确认收到的日期（条例第三十一条）');
  }
}

/** The identity number's shape for its type; the resident ID card is checked by its check digit. */
export function idNumberProblem(type: IdType, number: string, today: Date): string | null {
  const n = number.trim();
  if (n === '') return '请填写证件号码';
  if (type === 'resident_id')
    return isValidIdNumber(n, today) ? null : '身份证号码有误，请核对（校验位不符或日期无效）';
  if (n.length > 40 || !/^[0-9A-Za-z()（）-]+$/.test(n)) return '证件号码格式有误';
  return null;
}

/** The part of an identity number shown to staff and on notices: the first 3 and the last 4 characters. */
export function maskIdNumber(number: string): string {
  const n = number.trim();
  if (n.length <= 7) return '*'.repeat(n.length);
  return `${n.slice(0, 3)}${'*'.repeat(n.length - 7)}${n.slice(-4)}`;
}

/** The second factor of the tracking page: the last four digits of the applicant's phone. */
export function phoneTail(phone: string): string {
  return phone.replace(/\D/g, '').slice(-4);
}

/**
 * The tracking number the applicant is given: year and a per-year sequence, e.g. 2026-000123. It
 * names the request but opens nothing: the tracking page also needs the private link's token or
 * the phone's last four digits.
 */
export function formatTrackingNumber(year: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`bad tracking sequence ${seq}`);
  return `${year}-${String(seq).padStart(6, '0')}`;
}

export const TRACKING_NUMBER = /^\d{4}-\d{6,}$/;

/**
 * The lifecycle (条例第四十五条: 登记、审核、办理、答复、归档). A reply (答复) is issued once, with
 * its category (outcomes.ts); every ending, including a lapsed correction or fee, is a reply.
 */
export const REQUEST_STATUSES = [
  'registered',
  'correction_pending',
  'assigned',
  'consulting',
  'awaiting_payment',
  'reply_drafted',
  'replied',
  'delivered',
  'archived',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  registered: '已登记',
  correction_pending: '待补正',
  assigned: '办理中',
  consulting: '征求意见中',
  awaiting_payment: '待缴费',
  reply_drafted: '答复待审批',
  replied: '已答复',
  delivered: '已送达',
  archived: '已归档',
};

/** The states in which the reply clock runs or is paused: the request is still to be answered. */
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'registered',
  'correction_pending',
  'assigned',
  'consulting',
  'awaiting_payment',
  'reply_drafted',
];

export const REQUEST_EVENTS = [
  'request_correction',
  'receive_correction',
  'lapse_correction',
  'assign',
  'start_consultation',
  'finish_consultations',
  'extend',
  'ask_reasons',
  'set_long_limit',
  'issue_fee_notice',
  'record_payment',
  'lapse_fee',
  'draft_reply',
  'return_draft',
  'approve_reply',
  'record_delivery',
  'archive',
] as const;
export type RequestEvent = (typeof REQUEST_EVENTS)[number];
export const REQUEST_EVENT_LABELS: Record<RequestEvent, string> = {
  request_correction: '发出补正告知',
  receive_correction: '收到补正材料',
  lapse_correction: '逾期未补正',
  assign: '交办承办单位',
  start_consultation: '征求意见',
  finish_consultations: '意见征求完毕',
  extend: '延期答复',
  ask_reasons: '要求说明理由',
  set_long_limit: '确定延期答复期限',
  issue_fee_notice: '发出收费通知',
  record_payment: '登记缴费',
  lapse_fee: '逾期未缴费',
  draft_reply: '拟定答复',
  return_draft: '退回答复稿',
  approve_reply: '审批并答复',
  record_delivery: '登记送达',
  archive: '归档',
};

/**
 * The state machine, the only way a request changes state. The guards that need more than the
 * state (the 7-day correction limit, one correction, one extension, evidence for a reply) are in
 * deadlines.ts and outcomes.ts and are applied by the service before it moves the state.
 */
export const REQUEST_TRANSITIONS: readonly { from: RequestStatus; event: RequestEvent; to: RequestStatus }[] =
  [
    // 条例第三十条: one correction notice, then the corrected request starts the clock again, or lapses.
    { from: 'registered', event: 'request_correction', to: 'correction_pending' },
    { from: 'assigned', event: 'request_correction', to: 'correction_pending' },
    { from: 'correction_pending', event: 'receive_correction', to: 'registered' },
    { from: 'correction_pending', event: 'lapse_correction', to: 'replied' },
    { from: 'registered', event: 'assign', to: 'assigned' },
    { from: 'assigned', event: 'assign', to: 'assigned' },
    // 条例第三十二条、第三十三条: third-party and other-agency consultation; its time is not counted.
    { from: 'assigned', event: 'start_consultation', to: 'consulting' },
    { from: 'consulting', event: 'start_consultation', to: 'consulting' },
    { from: 'consulting', event: 'finish_consultations', to: 'assigned' },
    // 条例第三十三条第二款: one extension, with the office head's approval.
    { from: 'registered', event: 'extend', to: 'registered' },
    { from: 'assigned', event: 'extend', to: 'assigned' },
    { from: 'consulting', event: 'extend', to: 'consulting' },
    { from: 'reply_drafted', event: 'extend', to: 'reply_drafted' },
    // 条例第三十五条: requests clearly beyond a reasonable range.
    { from: 'assigned', event: 'ask_reasons', to: 'assigned' },
    { from: 'assigned', event: 'set_long_limit', to: 'assigned' },
    // 条例第四十二条, 国办函〔2020〕109号: the fee notice, payment, or the request lapses unpaid.
    { from: 'assigned', event: 'issue_fee_notice', to: 'awaiting_payment' },
    { from: 'awaiting_payment', event: 'record_payment', to: 'assigned' },
    { from: 'awaiting_payment', event: 'lapse_fee', to: 'replied' },
    { from: 'assigned', event: 'draft_reply', to: 'reply_drafted' },
    { from: 'reply_drafted', event: 'return_draft', to: 'assigned' },
    { from: 'reply_drafted', event: 'approve_reply', to: 'replied' },
    { from: 'replied', event: 'record_delivery', to: 'delivered' },
    { from: 'delivered', event: 'record_delivery', to: 'delivered' },
    // 条例第四十五条: archived requests are read-only.
    { from: 'delivered', event: 'archive', to: 'archived' },
  ];

export function transition(status: RequestStatus, event: RequestEvent): RequestStatus {
  const t = REQUEST_TRANSITIONS.find((x) => x.from === status && x.event === event);
  if (!t) {
    throw conflict(
      `该申请当前状态为“${REQUEST_STATUS_LABELS[status]}”，不能${REQUEST_EVENT_LABELS[event]}`,
      'invalid_state',
    );
  }
  return t.to;
}

export function availableEvents(status: RequestStatus): RequestEvent[] {
  return [...new Set(REQUEST_TRANSITIONS.filter((t) => t.from === status).map((t) => t.event))];
}

/** Consultations (条例第三十二条 third parties, 第三十三条 other agencies) and how each ended. */
export const CONSULTATION_KINDS = ['third_party', 'agency'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];
export const CONSULTATION_KIND_LABELS: Record<ConsultationKind, string> = {
  third_party: '征求第三方意见',
  agency: '征求其他机关意见',
};

export const CONSULTATION_ANSWERS = ['consent', 'refusal', 'no_answer'] as const;
export type ConsultationAnswer = (typeof CONSULTATION_ANSWERS)[number];
export const CONSULTATION_ANSWER_LABELS: Record<ConsultationAnswer, string> = {
  consent: '同意公开',
  refusal: '不同意公开',
  no_answer: '逾期未答复',
};

/**
 * 条例第三十二条: a third party's refusal with reasons stops disclosure of its information, unless
 * the agency finds that withholding would seriously harm the public interest; then it discloses,
 * records why, and tells the third party in writing. Returns the problem, or null if the reply may
 * disclose over the consultations' answers.
 */
export function disclosureBlockedBy(
  consultations: readonly {
    kind: ConsultationKind;
    answer: ConsultationAnswer | null;
    override: string | null;
  }[],
): string | null {
  if (consultations.some((c) => c.answer === null)) return '尚有征求意见未答复，不能据此公开';
  const refused = consultations.find(
    (c) => c.kind === 'third_party' && c.answer === 'refusal' && !c.override?.trim(),
  );
  return refused
    ? '第三方不同意公开；如因不公开可能对公共利益造成重大影响而决定公开，须写明理由（条例第三十二条）'
    : null;
}

/** Disputes (行政复议 / 行政诉讼) attached to a request; they feed table 四 of the annual report. */
export const DISPUTE_KINDS = [
  'reconsideration',
  'litigation_direct',
  'litigation_after_reconsideration',
] as const;
export type DisputeKind = (typeof DISPUTE_KINDS)[number];
export const DISPUTE_KIND_LABELS: Record<DisputeKind, string> = {
  reconsideration: '行政复议',
  litigation_direct: '行政诉讼（未经复议直接起诉）',
  litigation_after_reconsideration: '行政诉讼（复议后起诉）',
};

export const DISPUTE_OUTCOMES = ['upheld', 'corrected', 'other', 'pending'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];
export const DISPUTE_OUTCOME_LABELS: Record<DisputeOutcome, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
};

/** Left out of the comparison: white space and punctuation. */
const DROPPED = /^[\s\p{P}]$/u;
// DROPPED decided once per code unit (the regex is slow): 0 not yet, 1 kept, 2 dropped.
const droppedUnits = new Uint8Array(0x10000);

/**
 * The character bigrams of a text without its white space and punctuation, each as one number:
 * the two UTF-16 code units that `slice(i, i + 2)` of that text would give. What `similarity`
 * compares; worked out once for a description compared with many.
 */
export function bigrams(text: string): number[] {
  const out: number[] = [];
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
      // A character outside the BMP: two code units, kept or dropped together (rare: not memoised).
      i += 1;
      if (DROPPED.test(text.slice(i - 1, i + 1))) continue;
      if (previous >= 0) out.push(previous * 0x10000 + unit);
      out.push(unit * 0x10000 + next);
      previous = next;
      continue;
    }
    let known = droppedUnits[unit];
    if (!known) droppedUnits[unit] = known = DROPPED.test(text[i] ?? '') ? 2 : 1;
    if (known === 2) continue;
    if (previous >= 0) out.push(previous * 0x10000 + unit);
    previous = unit;
  }
  return out;
}

/**
 * Two descriptions are alike when they share most of their character bigrams (Dice coefficient):
 * enough to flag a possible repeat (条例第三十六条第六项) for the officer, who decides.
 */
export function similarity(a: string, b: string): number {
  return similarityTo(a)(bigrams(b));
}

/** `similarity(a, ·)` for many descriptions, given their `bigrams`: a's are counted once. */
export function similarityTo(a: string): (b: readonly number[]) => number {
  // Each distinct bigram of a gets a slot; counts[slot] is how often it occurs in a.
  const slots = new Map<number, number>();
  const counts: number[] = [];
  const ga = bigrams(a);
  for (const g of ga) {
    const slot = slots.get(g);
    if (slot === undefined) {
      slots.set(g, counts.length);
      counts.push(1);
    } else counts[slot] = (counts[slot] ?? 0) + 1;
  }
  // How many of a slot's bigrams b has matched; valid where round[slot] is this comparison's.
  const used = new Uint32Array(counts.length);
  const round = new Uint32Array(counts.length);
  let current = 0;
  return (gb) => {
    if (ga.length + gb.length === 0) return 0;
    current += 1;
    let shared = 0;
    // Each of b's bigrams counts while a still has an unmatched one like it: Σ min(count in a, count in b).
    for (const g of gb) {
      const slot = slots.get(g);
      if (slot === undefined) continue;
      if (round[slot] !== current) {
        round[slot] = current;
        used[slot] = 0;
      }
      if ((used[slot] ?? 0) < (counts[slot] ?? 0)) {
        used[slot] = (used[slot] ?? 0) + 1;
        shared += 1;
      }
    }
    return (2 * shared) / (ga.length + gb.length);
  };
}

/** The similarity from which an earlier request is shown to the officer as a possible repeat. */
export const DUPLICATE_THRESHOLD = 0.6;

/**
 * Documents (政府信息): the vocabulary of a document and the pure rules about it — the lifecycle and
 * review chain, disclosure modes and their grounds, index numbers, validity, the 专栏 columns and
 * the structured text of a body. No I/O.
 */
import type { Role } from '../../core/auth/roles.ts';
import { conflict, invalid } from '../../core/errors.ts';

/** 公开属性 (条例第十三条): proactive, on request, or withheld. */
export const DISCLOSURE_MODES = ['proactive', 'on_request', 'withheld'] as const;
export type DisclosureMode = (typeof DISCLOSURE_MODES)[number];
export const DISCLOSURE_MODE_LABELS: Record<DisclosureMode, string> = {
  proactive: '主动公开',
  on_request: '依申请公开',
  withheld: '不予公开',
};

/**
 * Grounds for not disclosing proactively, coded by the 条例's article and item. Withheld: the
 * absolute bars of Art 14, the third-party rule of Art 15 and the discretionary categories of
 * Art 16. On request: information outside the proactive scope of Arts 19–21, which the public
 * obtains by request (Art 13 para 2, Art 27).
 */
export const WITHHOLDING_GROUNDS = {
  art14_state_secret: { mode: 'withheld', label: '第十四条：依法确定为国家秘密' },
  art14_prohibited: { mode: 'withheld', label: '第十四条：法律、行政法规禁止公开' },
  art14_security: {
    mode: 'withheld',
    label: '第十四条：公开后可能危及国家安全、公共安全、经济安全、社会稳定',
  },
  art15_third_party: {
    mode: 'withheld',
    label: '第十五条：涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害',
  },
  art16_1_internal: {
    mode: 'withheld',
    label: '第十六条第一款：人事管理、后勤管理、内部工作流程等内部事务信息',
  },
  art16_2_process: {
    mode: 'withheld',
    label: '第十六条第二款：讨论记录、过程稿、磋商信函、请示报告等过程性信息',
  },
  art16_2_enforcement: { mode: 'withheld', label: '第十六条第二款：行政执法案卷信息' },
  art13_on_request: {
    mode: 'on_request',
    label: '第十三条、第二十七条：不属于第十九条至第二十一条规定的主动公开范围，依申请公开',
  },
  art15_on_request: {
    mode: 'on_request',
    label: '第十五条、第三十二条：涉及第三方权益，依申请并征求第三方意见后决定是否公开',
  },
} as const satisfies Record<string, { mode: Exclude<DisclosureMode, 'proactive'>; label: string }>;
export type WithholdingGround = keyof typeof WITHHOLDING_GROUNDS;
export const WITHHOLDING_GROUND_CODES = Object.keys(WITHHOLDING_GROUNDS) as WithholdingGround[];

export interface ModeFacts {
  mode: DisclosureMode | null;
  ground: WithholdingGround | null;
  reason: string | null;
}

/**
 * 公开属性源头认定 (南宁: 办文笺 without the attribute is returned; 黄岩区/韶关: stated at drafting
 * with reasons): every document has a mode before it moves on, and anything but proactive names a
 * ground of its own mode and a reason. Returns the problems, field by field (empty = fine).
 */
export function modeProblems(facts: ModeFacts): Record<string, string> {
  const problems: Record<string, string> = {};
  if (facts.mode === null) {
    problems.disclosureMode = '请确定公开属性（主动公开、依申请公开或不予公开）';
    return problems;
  }
  if (facts.mode === 'proactive') return problems;
  if (facts.ground === null) problems.withholdingGround = '非主动公开的文件须选择依据的条款';
  else if (WITHHOLDING_GROUNDS[facts.ground].mode !== facts.mode) {
    problems.withholdingGround = `所选条款不适用于“${DISCLOSURE_MODE_LABELS[facts.mode]}”`;
  }
  if (!facts.reason || facts.reason.trim().length < 5) {
    problems.modeReason = '请说明不主动公开的理由（至少 5 个字）';
  }
  return problems;
}

/**
 * The lifecycle of a document (docs/state-machines.md). A proactive document ends its review chain
 * `approved` and waits for publication; an on-request or withheld one ends it `registered`
 * (登记备查, reviewed again in the yearly self-review, 条例第十八条).
 */
export const DOCUMENT_STATUSES = [
  'draft',
  'in_review',
  'returned',
  'approved',
  'registered',
  'published',
  'withdrawn',
] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: '草稿',
  in_review: '审核中',
  returned: '已退回',
  approved: '待发布',
  registered: '已登记（不主动公开）',
  published: '已发布',
  withdrawn: '已撤回',
};

export const DOCUMENT_EVENTS = [
  'submit',
  'approve',
  'return',
  'finish_review',
  'publish',
  'revise',
  'withdraw',
  'convert',
] as const;
export type DocumentEvent = (typeof DOCUMENT_EVENTS)[number];
export const DOCUMENT_EVENT_LABELS: Record<DocumentEvent, string> = {
  submit: '提交审核',
  approve: '审核通过',
  return: '退回修改',
  finish_review: '完成审核',
  publish: '发布',
  revise: '更新内容',
  withdraw: '撤回',
  convert: '转为主动公开',
};

/**
 * The state machine, the only way a document changes state. `approve` moves to the next step of
 * the review chain; `finish_review` is the last step's approval (→ approved or registered by mode).
 */
export const DOCUMENT_TRANSITIONS: readonly {
  from: DocumentStatus;
  event: DocumentEvent;
  to: DocumentStatus;
}[] = [
  { from: 'draft', event: 'submit', to: 'in_review' },
  { from: 'returned', event: 'submit', to: 'in_review' },
  { from: 'in_review', event: 'approve', to: 'in_review' },
  { from: 'in_review', event: 'return', to: 'returned' },
  { from: 'approved', event: 'return', to: 'returned' },
  { from: 'published', event: 'revise', to: 'published' },
  { from: 'published', event: 'withdraw', to: 'withdrawn' },
  { from: 'approved', event: 'publish', to: 'published' },
  // 条例第十八条: withheld or on-request information that may now be disclosed becomes proactive.
  { from: 'registered', event: 'convert', to: 'approved' },
];

/** The end of the review chain: proactive documents wait for publication, the rest are registered. */
export function reviewOutcome(mode: DisclosureMode): DocumentStatus {
  return mode === 'proactive' ? 'approved' : 'registered';
}

export function transition(status: DocumentStatus, event: DocumentEvent): DocumentStatus {
  const t = DOCUMENT_TRANSITIONS.find((x) => x.from === status && x.event === event);
  if (!t) {
    throw conflict(
      `该文件当前状态为“${DOCUMENT_STATUS_LABELS[status]}”，不能${DOCUMENT_EVENT_LABELS[event]}`,
      'invalid_state',
    );
  }
  return t.to;
}

export function availableEvents(status: DocumentStatus): DocumentEvent[] {
  return DOCUMENT_TRANSITIONS.filter((t) => t.from === status).map((t) => t.event);
}

/**
 * The review chain (西吉县 2018 rules: 起草单位 → 单位负责人 → 分管领导 → 政务公开办 → 保密部门;
 * 黄岩区: 拟稿科室 → 保密审查 → 秘书科 → 领导签发). Steps run in this order; an agency may leave
 * steps out by configuration, except the secrecy review: 条例第十七条 requires every agency to
 * review before disclosure (先审查、后公开).
 */
export const REVIEW_STEPS = ['unit_head', 'secrecy', 'leader', 'office'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];
export const REVIEW_STEP_LABELS: Record<ReviewStep, string> = {
  unit_head: '科室负责人审核',
  secrecy: '保密审查',
  leader: '分管领导签发',
  office: '政务公开办审核',
};
/** Who acts at each step, in the document's agency (or above it). */
export const REVIEW_STEP_ROLES: Record<ReviewStep, Role> = {
  unit_head: 'unit_head',
  secrecy: 'secrecy_reviewer',
  leader: 'leader_in_charge',
  office: 'disclosure_officer',
};

/** What a reviewer decided; `escalate`/`answer` record a referral to the secrecy authority (条例第十七条). */
export const REVIEW_DECISIONS = ['submit', 'approve', 'return', 'escalate', 'answer'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  submit: '提交审核',
  approve: '同意',
  return: '退回',
  escalate: '报请保密行政管理部门确定',
  answer: '保密行政管理部门答复',
};

/** 会签: a co-issuer consents, objects, or lets the limit pass (silence = consent, 西吉县 2018). */
export const CONSULTATION_STATUSES = ['pending', 'consented', 'objected', 'silent_consent'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  pending: '待答复',
  consented: '同意',
  objected: '不同意',
  silent_consent: '逾期未答复，视为同意',
};

/**
 * Has a consultation lapsed into consent? Only a pending one whose answer limit has passed:
 * an answer, once given, stands.
 */
export function lapsesToConsent(status: ConsultationStatus, overdue: boolean): boolean {
  return status === 'pending' && overdue;
}

/** Publication waits for every co-issuer: consent, or silence past the limit. An objection stops it. */
export function consultationBlocker(statuses: readonly ConsultationStatus[]): string | null {
  if (statuses.includes('objected')) return '联合发文单位不同意发布，请退回修改或与其协商';
  if (statuses.includes('pending')) return '尚有联合发文单位未答复会签意见（答复期限届满后视为同意）';
  return null;
}

/** The configured steps in chain order; refuses a chain without the secrecy review (条例第十七条). */
export function normaliseChain(steps: readonly ReviewStep[]): ReviewStep[] {
  const chain = REVIEW_STEPS.filter((s) => steps.includes(s));
  if (!chain.includes('secrecy')) {
    throw invalid('审核流程必须包含保密审查（《条例》第十七条：公开前应当依法审查）', {
      reviewSteps: '审核流程必须包含保密审查',
    });
  }
  return chain;
}

/** 有效性: in force, expired (失效) or repealed (废止). */
export const VALIDITIES = ['in_force', 'expired', 'repealed'] as const;
export type Validity = (typeof VALIDITIES)[number];
export const VALIDITY_LABELS: Record<Validity, string> = {
  in_force: '有效',
  expired: '失效',
  repealed: '废止',
};

/**
 * The legal category a document is counted under in the annual report (年度报告格式 table 二):
 * 规章, 行政规范性文件, and the Art 20 items 行政许可/行政处罚/行政强制/行政事业性收费; everything else.
 */
export const LEGAL_CATEGORIES = [
  'rule',
  'normative',
  'licensing',
  'penalty',
  'enforcement',
  'fee',
  'other',
] as const;
export type LegalCategory = (typeof LEGAL_CATEGORIES)[number];
export const LEGAL_CATEGORY_LABELS: Record<LegalCategory, string> = {
  rule: '规章',
  normative: '行政规范性文件',
  licensing: '行政许可',
  penalty: '行政处罚',
  enforcement: '行政强制',
  fee: '行政事业性收费',
  other: '其他',
};

/**
 * The columns of the 政府信息公开专栏 that hold documents (国办公开办函〔2019〕61号; rules.md §6).
 * 依申请公开 is a procedure page, not a column of documents, so it is not here.
 */
export const PORTAL_SECTIONS = ['guide', 'rules', 'statutory', 'annual_reports'] as const;
export type PortalSection = (typeof PORTAL_SECTIONS)[number];
export const PORTAL_SECTION_LABELS: Record<PortalSection, string> = {
  guide: '信息公开指南',
  rules: '信息公开制度',
  statutory: '法定主动公开内容',
  annual_reports: '信息公开年报',
};

/**
 * How a body is stored: structured text (imported rule sets, see parseBody) or rich text from the
 * console editor, sanitised on save (body.ts).
 */
export const BODY_FORMATS = ['text', 'html'] as const;
export type BodyFormat = (typeof BODY_FORMATS)[number];

/** China Standard Time has no daylight saving: a fixed UTC+8. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in Beijing of an instant, as 'YYYY-MM-DD'. */
export function beijingDate(at: Date | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * 索引号 = `{agency code}/{year}-{sequence}` with the sequence zero-padded to five digits (and wider
 * once it passes 99999). The agency code is its 统一社会信用代码; the year is the publication year
 * (rules.md §7.2: the dominant modern pattern, e.g. 11370812004339255B/2020-22849).
 */
export function formatIndexNumber(agencyCode: string, year: number, seq: number): string {
  if (!agencyCode) throw new Error('index number needs an agency code');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`bad year ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`bad sequence ${seq}`);
  return `${agencyCode}/${year}-${String(seq).padStart(5, '0')}`;
}

/** The year an index number counts in: the publication year, in Beijing. */
export function indexYear(publishedAt: Date | string): number {
  return Number(beijingDate(publishedAt).slice(0, 4));
}

/**
 * 文号 shape: issuer's code, the year in 六角括号 and a number, e.g. 西政办发〔2018〕47号 or
 * 韶府办明电〔2019〕3号 (党政机关公文格式 GB/T 9704: 发文字号 = 发文机关代字 + 年份 + 发文顺序号).
 */
export function isDocumentNumber(value: string): boolean {
  return /^[\u4e00-\u9fa5A-Za-z]{1,20}〔\d{4}〕\d{1,5}号$/.test(value);
}

export interface ValidityFacts {
  validity: Validity;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/**
 * The validity to show on a given day: a repealed document stays 废止; one whose effective period
 * ended before `today` is 失效 even if nobody updated it (e.g. 西吉县 rules "有效期至2022年4月30日").
 */
export function currentValidity(doc: ValidityFacts, today: string): Validity {
  if (doc.validity === 'repealed') return 'repealed';
  if (doc.validity === 'expired') return 'expired';
  if (doc.effectiveTo !== null && today > doc.effectiveTo) return 'expired';
  return 'in_force';
}

/** One block of a structured-text body. */
export type BodyBlock =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'signature'; lines: string[] };

/**
 * Structured text, the body format of imported and typed documents: one block per line; `## ` and
 * `### ` start headings (the parts and chapters inside a document), consecutive `> ` lines form the
 * signature block (落款: issuer and date, set flush right); blank lines only separate. Everything is
 * text — nothing in a body is ever markup, so nothing in it can inject HTML.
 */
export function parseBody(text: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const heading = /^(#{2,3})\s+(.+)$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1] === '##' ? 2 : 3, text: (heading[2] ?? '').trim() });
      continue;
    }
    if (line.startsWith('>')) {
      const content = line.slice(1).trim();
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'signature') last.lines.push(content);
      else blocks.push({ kind: 'signature', lines: [content] });
      continue;
    }
    blocks.push({ kind: 'paragraph', text: line });
  }
  return blocks;
}

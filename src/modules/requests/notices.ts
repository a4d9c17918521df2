/**
 * The notices (告知书) of on-request disclosure (依申请公开) (pure): their kinds, the default templates
 * an administrator may edit, placeholder filling, Chinese dates, and the rendering of a filled notice
 * to .docx (for Word/WPS, printed and sealed) and to an HTML fragment (the staff's print view and
 * the tracking page, under the strict CSP: no inline style or script). No I/O.
 */
import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun,
  type IRunOptions,
} from 'docx';
import { invalid } from '../../core/errors.ts';
import { FEE_METHOD_LABELS, PAYMENT_WINDOW_WORKING_DAYS, type FeeBreakdown } from './fees.ts';
import {
  OUTCOME_FAMILY_LABELS,
  OUTCOME_INFO,
  type Outcome,
  type ReplyDraft,
  type WithholdingGround,
} from './outcomes.ts';

const REGULATION = '《中华人民共和国政府信息公开条例》';

/** The codes are stored and used by other modules: never rename one. */
export const NOTICE_KINDS = [
  'acknowledgement',
  'correction',
  'extension',
  'third_party_consultation',
  'third_party_override',
  'reasons_request',
  'long_limit',
  'fee',
  'reply',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  acknowledgement: '政府信息公开申请登记回执',
  correction: '补正申请告知书',
  extension: '延长答复期限告知书',
  third_party_consultation: '第三方意见征询函',
  third_party_override: '公开决定告知书（第三方）',
  reasons_request: '说明理由通知书',
  long_limit: '延期答复告知书',
  fee: '收费通知书',
  reply: '政府信息公开申请答复书',
};

export function isNoticeKind(k: string): k is NoticeKind {
  return (NOTICE_KINDS as readonly string[]).includes(k);
}

/**
 * A notice template. `body` is plain text: every non-blank line is a paragraph (blank lines between
 * them keep the text readable in the editor), `{{name}}` marks a placeholder. Title and body may both
 * use placeholders.
 */
export interface Template {
  kind: NoticeKind;
  title: string;
  body: string;
}

/** In every notice: who, about which request, and who issues it. */
const COMMON = [
  'applicantName',
  'agencyName',
  'trackingNumber',
  'receivedOn',
  'description',
  'issuedOn',
  'contact',
] as const;

/**
 * The placeholders each kind may use; the caller supplies a value for every one of them (an edited
 * template may use any). Dates are given already written in Chinese (chineseDate).
 */
export const PLACEHOLDERS: Record<NoticeKind, readonly string[]> = {
  acknowledgement: [...COMMON, 'channel', 'dueOn'],
  correction: [...COMMON, 'items', 'correctionDueOn'],
  extension: [...COMMON, 'reason', 'extensionDays', 'dueOn'],
  // Addressed to the third party, not to the applicant.
  third_party_consultation: [...COMMON, 'thirdPartyName', 'reason', 'answerDueOn'],
  third_party_override: [...COMMON, 'thirdPartyName', 'reason', 'disclosedContent', 'remedies'],
  reasons_request: [...COMMON, 'reason', 'reasonsDueOn'],
  long_limit: [...COMMON, 'reason', 'dueOn'],
  fee: [...COMMON, 'basis', 'feeMethod', 'feeLines', 'amount', 'paymentMethod', 'paymentDueRule'],
  reply: [...COMMON, 'outcomeLabel', 'article', 'replyText', 'withheldParts', 'remedies'],
};

// The opening shared by the notices sent to the applicant.
const RECEIVED =
  '你（单位）于{{receivedOn}}向本机关提出的政府信息公开申请（申请编号：{{trackingNumber}}）收悉。你（单位）申请获取的政府信息为：{{description}}。';
// The opening of the letters to a third party: the applicant's identity is not the third party's business.
const RECEIVED_THIRD_PARTY =
  '本机关于{{receivedOn}}收到政府信息公开申请（申请编号：{{trackingNumber}}），申请获取以下政府信息：{{description}}。';

const body = (...paragraphs: string[]): string => paragraphs.join('\n\n');

/** The texts in force until an administrator edits them, after notices issued by county governments. */
export const DEFAULT_TEMPLATES: Record<NoticeKind, Template> = {
  // 第三十一条 fixes the day of receipt; 第三十三条 runs the reply limit from it.
  acknowledgement: {
    kind: 'acknowledgement',
    title: '政府信息公开申请登记回执',
    body: body(
      '{{applicantName}}：',
      '你（单位）于{{receivedOn}}通过{{channel}}向本机关提出的政府信息公开申请已收到并登记，申请编号为{{trackingNumber}}。你（单位）申请获取的政府信息为：{{description}}。',
      `根据${REGULATION}第三十一条的规定，本机关收到申请的日期为{{receivedOn}}。根据该条例第三十三条第二款的规定，本机关将自收到申请之日起20个工作日内，即{{dueOn}}前作出答复；需要延长答复期限的，经本机关政府信息公开工作机构负责人同意，将另行告知，延长的期限最长不超过20个工作日。征求第三方和其他机关意见所需时间不计算在答复期限内。`,
      '查询办理进度时，请提供上述申请编号。联系方式：{{contact}}。',
      '特此回执。',
    ),
  },
  // 第三十条: everything to correct is told ONCE, with a reasonable period; the limit restarts from
  // the corrected request; no correction in time without good reason = the request is abandoned.
  correction: {
    kind: 'correction',
    title: '补正申请告知书',
    body: body(
      '{{applicantName}}：',
      RECEIVED,
      `经审查，你（单位）的申请内容不明确，本机关无法据此确定你（单位）所需的政府信息。根据${REGULATION}第三十条的规定，现一次性告知你（单位）需要补正的事项如下：`,
      '{{items}}',
      '请你（单位）于{{correctionDueOn}}前按照上述要求作出补正，并通过原申请渠道或者直接向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。',
      '如对补正事项有疑问，请与本机关联系。联系方式：{{contact}}。',
      '特此告知。',
    ),
  },
  // 第三十三条第二款: the head of the disclosure office consents; at most 20 more working days.
  extension: {
    kind: 'extension',
    title: '延长答复期限告知书',
    body: body(
      '{{applicantName}}：',
      RECEIVED,
      `因{{reason}}，本机关不能在规定的期限内作出答复。根据${REGULATION}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{extensionDays}}个工作日，本机关将于{{dueOn}}前作出答复。`,
      '特此告知。',
    ),
  },
  // 第三十二条: the third party answers within 15 working days of receiving the request for opinion.
  third_party_consultation: {
    kind: 'third_party_consultation',
    title: '第三方意见征询函',
    body: body(
      '{{thirdPartyName}}：',
      RECEIVED_THIRD_PARTY,
      `经审查，本机关认为该政府信息的公开可能损害你（单位）的合法权益，理由是：{{reason}}。根据${REGULATION}第三十二条的规定，现书面征求你（单位）的意见。`,
      `请你（单位）自收到本函之日起15个工作日内，即{{answerDueOn}}前，向本机关提出书面意见；不同意公开的，请说明理由并提供相关依据。逾期未提出意见的，由本机关依照${REGULATION}的规定决定是否公开。`,
      '联系方式：{{contact}}。',
      '特此函询。',
    ),
  },
  // 第三十二条: disclosed over the third party's objection for the public interest → the third party is
  // told the content and the reasons in writing. The decision is adverse to it, hence the remedies.
  third_party_override: {
    kind: 'third_party_override',
    title: '公开决定告知书',
    body: body(
      '{{thirdPartyName}}：',
      `${RECEIVED_THIRD_PARTY}本机关已依照${REGULATION}第三十二条的规定书面征求你（单位）的意见，你（单位）不同意公开。`,
      `经审查，本机关认为不公开该政府信息可能对公共利益造成重大影响，理由是：{{reason}}。根据${REGULATION}第三十二条的规定，本机关决定予以公开，现将决定公开的内容告知如下：`,
      '{{disclosedContent}}',
      '{{remedies}}',
      '特此告知。',
    ),
  },
  // 第三十五条: requests clearly beyond a reasonable number or frequency → the applicant states reasons.
  reasons_request: {
    kind: 'reasons_request',
    title: '说明理由通知书',
    body: body(
      '{{applicantName}}：',
      RECEIVED,
      `经审查，{{reason}}，申请的数量、频次明显超过合理范围。根据${REGULATION}第三十五条的规定，请你（单位）于{{reasonsDueOn}}前向本机关书面说明申请理由。`,
      `本机关认为申请理由不合理的，将告知你（单位）不予处理；认为申请理由合理，但无法在${REGULATION}第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知你（单位）。`,
      '特此告知。',
    ),
  },
  // 第三十五条: reasons accepted but the 第三十三条 limits cannot be kept → a reasonable longer limit.
  long_limit: {
    kind: 'long_limit',
    title: '延期答复告知书',
    body: body(
      '{{applicantName}}：',
      RECEIVED,
      `你（单位）申请的数量、频次明显超过合理范围，本机关已要求你（单位）说明理由。经审查，本机关认为你（单位）的申请理由合理，但因{{reason}}，无法在${REGULATION}第三十三条规定的期限内答复。根据该条例第三十五条的规定，本机关确定延迟答复的期限，将于{{dueOn}}前作出答复。`,
      '特此告知。',
    ),
  },
  // 条例第四十二条 and 国办函〔2020〕109号: basis, standard, amount, payment method, the payment
  // period and the consequence of not paying.
  fee: {
    kind: 'fee',
    title: '收费通知书',
    body: body(
      '{{applicantName}}：',
      RECEIVED,
      `你（单位）申请公开政府信息的数量、频次明显超过合理范围。根据${REGULATION}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定对你（单位）的申请收取信息处理费。有关事项通知如下：`,
      `一、收费依据：${REGULATION}第四十二条，{{basis}}。`,
      '二、计收方式：{{feeMethod}}。',
      '三、收费标准及计算：',
      '{{feeLines}}',
      '四、收费金额：人民币{{amount}}元。',
      '五、缴费方式：{{paymentMethod}}。',
      '六、缴费期限：请你（单位）{{paymentDueRule}}缴纳上述费用。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。',
      '联系方式：{{contact}}。',
      '特此通知。',
    ),
  },
  // 第三十六条 and 第三十七条: what is said depends on the outcome (replyValues writes it); an adverse
  // reply ends with the remedies (条例第五十一条). Empty {{withheldParts}}/{{remedies}} vanish.
  reply: {
    kind: 'reply',
    title: '政府信息公开申请答复书',
    body: body(
      '{{applicantName}}：',
      RECEIVED,
      '经审查，本机关根据{{article}}的规定，对你（单位）的申请作出{{outcomeLabel}}的答复，具体如下：',
      '{{replyText}}',
      '{{withheldParts}}',
      '{{remedies}}',
      '特此告知。',
    ),
  },
};

/** Admins edit the templates; a body past this is a paste accident, not a notice. */
export const MAX_BODY_CHARS = 20_000;
export const MAX_TITLE_CHARS = 100;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const ANY_BRACES = /\{\{([^{}]*)\}\}/g;

/**
 * Whether an (edited) template may be saved: a title on one line, a body within MAX_BODY_CHARS, and
 * only the placeholders of its kind. Returns a message for the administrator, or null.
 */
export function checkTemplate(kind: NoticeKind, t: Template): string | null {
  if (!isNoticeKind(kind) || t.kind !== kind) return '模板类型与告知书类型不符';
  if (typeof t.title !== 'string' || t.title.trim() === '') return '请填写告知书标题';
  if (/[\r\n]/.test(t.title.trim())) return '告知书标题不能换行';
  if (t.title.length > MAX_TITLE_CHARS) return `告知书标题不能超过${MAX_TITLE_CHARS}个字符`;
  if (typeof t.body !== 'string' || t.body.trim() === '') return '请填写告知书正文';
  if (t.body.length > MAX_BODY_CHARS) return `告知书正文不能超过${MAX_BODY_CHARS}个字符`;

  const allowed = PLACEHOLDERS[kind];
  for (const text of [t.title, t.body]) {
    for (const m of text.matchAll(ANY_BRACES)) {
      const name = (m[1] ?? '').trim();
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
        return `“${m[0]}”不是有效的占位符：占位符由英文字母和数字组成，如{{applicantName}}`;
      }
      if (!allowed.includes(name)) {
        const list = allowed.map((p) => `{{${p}}}`).join('、');
        return `模板使用了不支持的占位符“{{${name}}}”。${NOTICE_KIND_LABELS[kind]}可以使用的占位符：${list}`;
      }
    }
    // What is left after the valid placeholders is plain text: lone braces mean a broken placeholder.
    if (/\{\{|\}\}/.test(text.replace(ANY_BRACES, '')))
      return '模板中有不完整的占位符，请检查“{{”和“}}”是否成对';
  }
  return null;
}

export interface FilledNotice {
  title: string;
  paragraphs: string[];
}

/**
 * Fills a template. Every placeholder used needs a value (a missing one is the caller's bug: throws);
 * an empty value is allowed and a paragraph left empty is dropped, so optional blocks such as the
 * remedies of a favourable reply vanish. A value with line breaks becomes several paragraphs. Values
 * are inserted once: a value that contains "{{x}}" is not filled again.
 */
export function fillTemplate(t: Template, values: Record<string, string>): FilledNotice {
  const problem = checkTemplate(t.kind, t);
  if (problem) throw invalid(problem);

  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (_, name: string) => {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (typeof value !== 'string') throw new Error(`fillTemplate(${t.kind}): no value for {{${name}}}`);
      return value;
    });

  const title = tidy(fill(t.title).replace(/\s*[\r\n]+\s*/g, ''));
  if (title === '') throw new Error(`fillTemplate(${t.kind}): the title is empty once filled`);
  const paragraphs = t.body
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .flatMap((line) => fill(line).split(/\r?\n/))
    .map(tidy)
    .filter((p) => p !== '');
  return { title, paragraphs };
}

/**
 * Trims (full-width spaces too: staff indent by habit, the renderer indents) and folds the double
 * full stop left by a value that ends its own sentence before the template's "。".
 */
function tidy(p: string): string {
  return p.trim().replace(/([。！？；])。/gu, '$1');
}

/** '2026-12-02' → '2026年12月2日' (GB/T 9704: Arabic numerals, no leading zeros). */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2026-02-30 over into March: a real date survives the round trip.
  if (!m || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    throw new Error(`chineseDate: not a date YYYY-MM-DD: ${isoDate}`);
  }
  return `${y}年${mo}月${d}日`;
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 21 → 二十一 (1–99: no notice lists more). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`chineseNumber: 1–99 only, got ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return DIGITS[ones] ?? '';
  return `${tens === 1 ? '' : (DIGITS[tens] ?? '')}十${DIGITS[ones] ?? ''}`;
}

/** Items as （一）…, （二）…, one per line: the value of {{items}} and the like. */
export function numberedList(items: readonly string[]): string {
  return items
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s, i) => `（${chineseNumber(i + 1)}）${sentence(s)}`)
    .join('\n');
}

/** Ends a sentence with one "。" whatever the staff typed. */
function sentence(s: string): string {
  const t = s.trim().replace(/[。．.]+$/u, '');
  return /[！？；）)”」]$/u.test(t) ? t : `${t}。`;
}

/** The values of the fee notice's own placeholders, from the computed fee (fees.ts). */
export function feeValues(
  fee: FeeBreakdown,
): Record<'basis' | 'feeMethod' | 'feeLines' | 'amount' | 'paymentDueRule', string> {
  const unit = fee.method === 'per_item' ? '件' : '页';
  const lines = fee.lines.map((l) => {
    const range = l.from === l.to ? `第${l.from}${unit}` : `第${l.from}至${l.to}${unit}`;
    const charge = l.rate === 0 ? '免费' : `每${unit}${l.rate}元，小计${l.subtotal}元`;
    return `${range}，共${l.count}${unit}：${charge}。`;
  });
  return {
    basis: fee.basis,
    feeMethod: FEE_METHOD_LABELS[fee.method],
    feeLines: lines.join('\n'),
    amount: String(fee.amount),
    paymentDueRule: `自收到本通知次日起${PAYMENT_WINDOW_WORKING_DAYS}个工作日内`,
  };
}

/** How the reply states each withholding ground, after the wording of 条例第十四条–第十六条 and 第三十六条. */
const GROUND_PHRASES: Record<WithholdingGround, string> = {
  withheld_state_secret: '属于依法确定为国家秘密的政府信息',
  withheld_prohibited_by_law: '属于法律、行政法规禁止公开的政府信息',
  withheld_security_stability: '公开后可能危及国家安全、公共安全、经济安全、社会稳定',
  withheld_third_party: '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害',
  withheld_internal_affairs: '属于人事管理、后勤管理、内部工作流程等方面的内部事务信息',
  withheld_process_info:
    '属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息',
  withheld_enforcement_file: '属于行政执法案卷信息',
  withheld_administrative_query: '属于有关法律、行政法规对信息的获取有特别规定的信息',
};

/** The opening sentence of the reply, for the outcomes whose facts need no input. */
const FIXED_LEADS: Partial<Record<Outcome, string>> = {
  unavailable_needs_creation:
    '本机关没有你（单位）申请获取的现成信息，提供该信息需要对现有政府信息进行加工、分析，本机关不予提供。',
  unavailable_unclear_after_correction:
    '本机关已一次性告知你（单位）需要补正的事项，但补正后的申请内容仍不明确，本机关无法确定你（单位）申请获取的政府信息，无法提供。',
  not_processed_petition:
    '你（单位）以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理。',
  not_processed_repeated:
    '本机关已就你（单位）申请获取的政府信息作出答复，你（单位）重复申请公开相同的政府信息，本机关不予重复处理。',
  not_processed_publication:
    '你（单位）申请获取的是政府公报、报刊、书籍等公开出版物，本机关不作为政府信息公开申请处理，你（单位）可以通过公开出版物获取。',
  not_processed_excessive:
    '你（单位）申请的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理，不予处理。',
  not_processed_confirmation:
    '你（单位）要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。',
  other_correction_lapsed:
    '本机关已一次性告知你（单位）需要补正的事项和补正期限，你（单位）无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。',
  other_fee_unpaid: `本机关已向你（单位）发出收费通知，你（单位）未在收到收费通知次日起${PAYMENT_WINDOW_WORKING_DAYS}个工作日内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。`,
};

/**
 * A reply as drafted (outcomes.ts), with the remedies already written as the sentence to print
 * (remediesText): '' for a favourable reply. `text` is the staff's own explanation, printed after
 * what the outcome itself says.
 */
export type ReplyNoticeInput = Omit<ReplyDraft, 'remedies' | 'text'> & { text?: string; remedies: string };

export type ReplyValues = Record<
  'outcomeLabel' | 'article' | 'replyText' | 'withheldParts' | 'remedies',
  string
>;

/**
 * The values of the reply's own placeholders. What the reply says depends on the outcome (第三十六条
 * 各项, 第三十七条, 第三十八条, 第三十九条, 第三十条, 109号). Throws on an adverse reply without its
 * remedies sentence (条例第五十一条) and on a reply that would say nothing; the per-field evidence
 * messages are checkReply's.
 */
export function replyValues(r: ReplyNoticeInput): ReplyValues {
  const info = OUTCOME_INFO[r.outcome];
  const remedies = r.remedies.trim();
  if (info.adverse && remedies === '') {
    throw new Error(`replyValues(${r.outcome}): an adverse reply ends with the remedies sentence`);
  }
  const need = (value: string | undefined, what: string): string => {
    const v = value?.trim() ?? '';
    if (v === '') throw new Error(`replyValues(${r.outcome}): ${what} is missing (see checkReply)`);
    return v;
  };
  const reasonLine = r.reason?.trim() ? [`理由：${sentence(r.reason)}`] : [];
  let article = info.article ?? REGULATION;
  let lead: string[] = [];
  let withheld = '';

  switch (info.family) {
    case 'disclosed': {
      const where = need(r.provision?.where, 'provision.where');
      if (r.provision?.alreadyPublic) {
        article = `${REGULATION}第三十六条第（一）项`;
        lead = [`你（单位）申请获取的政府信息已经主动公开，可以通过以下方式和途径获取：${sentence(where)}`];
      } else {
        article = `${REGULATION}第三十六条第（二）项`;
        lead = [
          `你（单位）申请获取的政府信息属于公开范围，本机关予以公开。获取信息的方式、途径和时间：${sentence(where)}`,
        ];
      }
      break;
    }
    case 'partly_disclosed': {
      lead = [
        `你（单位）申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。本机关向你（单位）提供可以公开的部分：${sentence(need(r.disclosedPart, 'disclosedPart'))}`,
      ];
      if (!r.withheldParts?.length) need(undefined, 'withheldParts');
      const parts = (r.withheldParts ?? []).map((p, i) => {
        const ground = OUTCOME_INFO[p.ground];
        const phrase = GROUND_PHRASES[p.ground as WithholdingGround] ?? ground.label;
        return `（${chineseNumber(i + 1)}）${sentence(p.description)}该部分内容${phrase}，根据${ground.article ?? REGULATION}的规定，不予公开。理由：${sentence(p.reason)}`;
      });
      if (parts.length > 0) withheld = ['下列内容不予公开：', ...parts].join('\n');
      break;
    }
    case 'withheld': {
      const phrase = GROUND_PHRASES[r.outcome as WithholdingGround];
      need(r.reason, 'reason');
      lead = [`你（单位）申请获取的政府信息${phrase}，本机关决定不予公开。`];
      // 第三十六条第（七）项: such registers are obtained under their own laws.
      if (r.outcome === 'withheld_administrative_query') {
        lead = [`你（单位）申请获取的政府信息${phrase}，请你（单位）依照有关法律、行政法规的规定办理。`];
      }
      lead.push(...reasonLine);
      break;
    }
    case 'unavailable':
      if (r.outcome === 'unavailable_not_held') {
        const agency = r.otherAgency;
        if (agency && (agency.name.trim() !== '' || agency.contact.trim() !== '')) {
          article = `${REGULATION}第三十六条第（五）项`;
          const name = need(agency.name, 'otherAgency.name');
          const contact = need(agency.contact, 'otherAgency.contact');
          lead = [
            `你（单位）申请获取的政府信息不属于本机关负责公开的范围。经确认，该政府信息由${name}负责公开，联系方式：${sentence(contact)}`,
          ];
        } else {
          article = `${REGULATION}第三十六条第（四）项`;
          lead = [
            '经检索，本机关未制作或者获取你（单位）申请获取的政府信息，该政府信息不存在。',
            `检索情况：${sentence(need(r.searchRecord, 'searchRecord'))}`,
          ];
        }
      } else {
        if (r.outcome === 'unavailable_needs_creation') need(r.reason, 'reason');
        lead = [FIXED_LEADS[r.outcome] ?? '', ...reasonLine];
      }
      break;
    case 'not_processed':
      need(r.reason, 'reason');
      lead = [FIXED_LEADS[r.outcome] ?? '', ...reasonLine];
      break;
    case 'other':
      lead = [FIXED_LEADS[r.outcome] ?? '', ...reasonLine];
      break;
  }

  const replyText = [...lead, r.text?.trim() ?? ''].filter((p) => p.trim() !== '').join('\n');
  if (replyText === '') throw new Error(`replyValues(${r.outcome}): the reply says nothing`);
  return {
    outcomeLabel: outcomeLabel(r.outcome),
    article,
    replyText,
    withheldParts: withheld,
    remedies,
  };
}

/** The outcome as the reply names it: the family, but 不再处理 for the two requests deemed abandoned. */
function outcomeLabel(o: Outcome): string {
  if (o === 'other_correction_lapsed' || o === 'other_fee_unpaid') return '不再处理';
  return OUTCOME_FAMILY_LABELS[OUTCOME_INFO[o].family];
}

/** A filled notice, ready to render. */
export interface NoticeDocument {
  title: string;
  paragraphs: string[];
  agencyName: string;
  /** YYYY-MM-DD; printed in Chinese under the agency name. */
  issuedOn: string;
  /** 发文字号, e.g. 西政公开〔2026〕3号: under the title in the .docx (no 版头), in the 版头 in HTML. */
  docNumber?: string;
}

// Characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates): one in
// document.xml and Word refuses to open the file.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
const clean = (s: string): string => s.replace(NOT_XML, '');

/**
 * The layout both renderers share: a first paragraph such as "张三：" is the salutation (顶格, no
 * indent); the date is written in Chinese.
 */
function layout(n: NoticeDocument): {
  title: string;
  docNumber: string;
  salutation: string | null;
  paragraphs: string[];
  agencyName: string;
  date: string;
} {
  const title = clean(n.title).trim();
  if (title === '') throw new Error('renderNotice: empty title');
  const paragraphs = n.paragraphs.map((p) => clean(p).trim()).filter((p) => p !== '');
  const first = paragraphs[0];
  const isSalutation = first !== undefined && /[：:]$/u.test(first) && first.length <= 60;
  return {
    title,
    docNumber: clean(n.docNumber ?? '').trim(),
    salutation: isSalutation ? first : null,
    paragraphs: isSalutation ? paragraphs.slice(1) : paragraphs,
    agencyName: clean(n.agencyName).trim(),
    date: chineseDate(n.issuedOn),
  };
}

// GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm, title in 小标宋 二号 (22 pt), body in
// 仿宋 三号 (16 pt) at 28 pt line spacing, the date 右空四字. Sizes in half-points, lengths in twips.
const A4 = { width: 11906, height: 16838 };
const MARGINS = { top: 2098, bottom: 1984, left: 1588, right: 1474 };
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const TITLE_SIZE = 44;
const BODY_SIZE = 32;
const LINE = 560;
const CHAR = 320;

const language = { value: 'zh-CN', eastAsia: 'zh-CN' };
const bodyRun = (text: string): IRunOptions => ({
  text,
  font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: BODY_FONT },
  size: BODY_SIZE,
  language,
});
const exact = (before = 0) => ({ line: LINE, lineRule: LineRuleType.EXACT, before, after: 0 });

/** The notice as a .docx file (Office Open XML) for Word and WPS. */
export async function renderDocx(n: NoticeDocument): Promise<Buffer> {
  const l = layout(n);
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 720, lineRule: LineRuleType.EXACT, after: l.docNumber ? 0 : LINE },
      children: [
        new TextRun({
          text: l.title,
          font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: TITLE_FONT },
          size: TITLE_SIZE,
          language,
        }),
      ],
    }),
  ];
  if (l.docNumber) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { ...exact(), after: LINE },
        children: [new TextRun(bodyRun(l.docNumber))],
      }),
    );
  }
  if (l.salutation) {
    children.push(new Paragraph({ spacing: exact(), children: [new TextRun(bodyRun(l.salutation))] }));
  }
  for (const p of l.paragraphs) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        spacing: exact(),
        // firstLineChars is what Word's "首行缩进 2 字符" writes; firstLine is for readers that ignore it.
        indent: { firstLineChars: 200, firstLine: 2 * CHAR },
        children: [new TextRun(bodyRun(p))],
      }),
    );
  }
  children.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: exact(2 * LINE),
      indent: { right: 4 * CHAR },
      children: [new TextRun(bodyRun(l.agencyName))],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: exact(),
      indent: { right: 4 * CHAR },
      children: [new TextRun(bodyRun(l.date))],
    }),
  );

  const doc = new Document({
    title: l.title,
    creator: l.agencyName,
    styles: {
      default: {
        document: {
          run: { font: { eastAsia: BODY_FONT }, size: BODY_SIZE, language },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { ...A4, orientation: PageOrientation.PORTRAIT },
            margin: MARGINS,
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: BODY_FONT },
                    size: 28,
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? '');

/**
 * The notice as an HTML fragment, for the staff's print view and the applicant's tracking page: the
 * parts of GB/T 9704 — the issuing agency and the 文号 above a red rule (版头), the title, the
 * salutation, the body, and the agency and the Chinese date at the end (落款). Everything escaped,
 * no inline style or script (the CSP); portal.css styles the classes, on screen and on A4. `level`
 * is the title's heading level in the page around it.
 */
export function renderHtml(n: NoticeDocument, level: 1 | 2 | 3 = 1): string {
  const l = layout(n);
  const out: string[] = ['<article class="notice-sheet">', '<header class="notice-masthead">'];
  out.push(`<p class="notice-issuer">${escapeHtml(l.agencyName)}</p>`);
  if (l.docNumber) out.push(`<p class="notice-doc-number">${escapeHtml(l.docNumber)}</p>`);
  out.push('</header>', `<h${level} class="notice-title">${escapeHtml(l.title)}</h${level}>`);
  out.push('<div class="notice-body">');
  if (l.salutation) out.push(`<p class="notice-salutation">${escapeHtml(l.salutation)}</p>`);
  for (const p of l.paragraphs) out.push(`<p>${escapeHtml(p)}</p>`);
  out.push(
    '</div>',
    '<footer class="notice-signature">',
    `<p class="notice-agency">${escapeHtml(l.agencyName)}</p>`,
    `<p class="notice-date"><time datetime="${escapeHtml(n.issuedOn)}">${escapeHtml(l.date)}</time></p>`,
    '</footer>',
    '</article>',
  );
  return out.join('\n');
}

/**
 * The reply to an on-request disclosure (依申请公开) (pure): its category (答复类型) — exactly the
 * outcome rows of table 三 of the annual report (国办公开办函〔2021〕30号), so that every reply is counted
 * where it was decided — and the evidence a reply must carry before it may be issued. No I/O.
 */

const REGULATION = '《中华人民共和国政府信息公开条例》';
const FEE_MEASURES = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

/**
 * The outcome rows of table 三, in the printed order. The codes are stored and shared with other
 * modules: never rename one.
 */
export const OUTCOMES = [
  'disclosed',
  'partly_disclosed',
  'withheld_state_secret',
  'withheld_prohibited_by_law',
  'withheld_security_stability',
  'withheld_third_party',
  'withheld_internal_affairs',
  'withheld_process_info',
  'withheld_enforcement_file',
  'withheld_administrative_query',
  'unavailable_not_held',
  'unavailable_needs_creation',
  'unavailable_unclear_after_correction',
  'not_processed_petition',
  'not_processed_repeated',
  'not_processed_publication',
  'not_processed_excessive',
  'not_processed_confirmation',
  'other_correction_lapsed',
  'other_fee_unpaid',
  'other_other',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The blocks （一）–（六） of table 三's 本年度办理结果. */
export const OUTCOME_FAMILIES = [
  'disclosed',
  'partly_disclosed',
  'withheld',
  'unavailable',
  'not_processed',
  'other',
] as const;
export type OutcomeFamily = (typeof OUTCOME_FAMILIES)[number];

export const OUTCOME_FAMILY_LABELS: Record<OutcomeFamily, string> = {
  disclosed: '予以公开',
  partly_disclosed: '部分公开',
  withheld: '不予公开',
  unavailable: '无法提供',
  not_processed: '不予处理',
  other: '其他处理',
};

export interface OutcomeInfo {
  family: OutcomeFamily;
  /** The row's label in table 三 (2021 format). */
  label: string;
  /** The row's number in table 三, e.g. '（三）1'. */
  row: string;
  /**
   * The provision the reply rests on. null for the two categories that exist only in practice and
   * the format (（五）5 确认或重新出具, （六）3 其他): they have no article of their own, and inventing
   * one would put a wrong citation into replies.
   */
  article: string | null;
  /**
   * The applicant did not get all it asked for, so the reply must state the remedies (条例第五十一条).
   * Every outcome but 予以公开: a partly disclosed reply is adverse for its withheld part.
   */
  adverse: boolean;
}

// The format names no articles: this mapping to the 条例 is ours, row by row.
export const OUTCOME_INFO: Record<Outcome, OutcomeInfo> = {
  disclosed: {
    family: 'disclosed',
    label: '予以公开',
    row: '（一）',
    article: `${REGULATION}第三十六条第（一）项、第（二）项`,
    adverse: false,
  },
  partly_disclosed: {
    family: 'partly_disclosed',
    label: '部分公开',
    row: '（二）',
    article: `${REGULATION}第三十七条`,
    adverse: true,
  },
  withheld_state_secret: {
    family: 'withheld',
    label: '属于国家秘密',
    row: '（三）1',
    article: `${REGULATION}第十四条`,
    adverse: true,
  },
  withheld_prohibited_by_law: {
    family: 'withheld',
    label: '其他法律行政法规禁止公开',
    row: '（三）2',
    article: `${REGULATION}第十四条`,
    adverse: true,
  },
  withheld_security_stability: {
    family: 'withheld',
    label: '危及“三安全一稳定”',
    row: '（三）3',
    article: `${REGULATION}第十四条`,
    adverse: true,
  },
  withheld_third_party: {
    family: 'withheld',
    label: '保护第三方合法权益',
    row: '（三）4',
    article: `${REGULATION}第十五条`,
    adverse: true,
  },
  withheld_internal_affairs: {
    family: 'withheld',
    label: '属于三类内部事务信息',
    row: '（三）5',
    article: `${REGULATION}第十六条第一款`,
    adverse: true,
  },
  withheld_process_info: {
    family: 'withheld',
    label: '属于四类过程性信息',
    row: '（三）6',
    article: `${REGULATION}第十六条第二款`,
    adverse: true,
  },
  withheld_enforcement_file: {
    family: 'withheld',
    label: '属于行政执法案卷',
    row: '（三）7',
    article: `${REGULATION}第十六条第二款`,
    adverse: true,
  },
  // A practice category: registers such as 工商、不动产登记资料 are obtained under their own laws.
  withheld_administrative_query: {
    family: 'withheld',
    label: '属于行政查询事项',
    row: '（三）8',
    article: `${REGULATION}第三十六条第（七）项`,
    adverse: true,
  },
  unavailable_not_held: {
    family: 'unavailable',
    label: '本机关不掌握相关政府信息',
    row: '（四）1',
    article: `${REGULATION}第三十六条第（四）项、第（五）项`,
    adverse: true,
  },
  unavailable_needs_creation: {
    family: 'unavailable',
    label: '没有现成信息需要另行制作',
    row: '（四）2',
    article: `${REGULATION}第三十八条`,
    adverse: true,
  },
  unavailable_unclear_after_correction: {
    family: 'unavailable',
    label: '补正后申请内容仍不明确',
    row: '（四）3',
    article: `${REGULATION}第三十条`,
    adverse: true,
  },
  not_processed_petition: {
    family: 'not_processed',
    label: '信访举报投诉类申请',
    row: '（五）1',
    article: `${REGULATION}第三十九条第一款`,
    adverse: true,
  },
  not_processed_repeated: {
    family: 'not_processed',
    label: '重复申请',
    row: '（五）2',
    article: `${REGULATION}第三十六条第（六）项`,
    adverse: true,
  },
  not_processed_publication: {
    family: 'not_processed',
    label: '要求提供公开出版物',
    row: '（五）3',
    article: `${REGULATION}第三十九条第二款`,
    adverse: true,
  },
  not_processed_excessive: {
    family: 'not_processed',
    label: '无正当理由大量反复申请',
    row: '（五）4',
    article: `${REGULATION}第三十五条`,
    adverse: true,
  },
  not_processed_confirmation: {
    family: 'not_processed',
    label: '要求行政机关确认或重新出具已获取信息',
    row: '（五）5',
    article: null,
    adverse: true,
  },
  other_correction_lapsed: {
    family: 'other',
    label: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    row: '（六）1',
    article: `${REGULATION}第三十条`,
    adverse: true,
  },
  // 109号: unpaid within 20 working days of the fee notice = the request is deemed abandoned.
  other_fee_unpaid: {
    family: 'other',
    label: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    row: '（六）2',
    article: FEE_MEASURES,
    adverse: true,
  },
  other_other: { family: 'other', label: '其他', row: '（六）3', article: null, adverse: true },
};

/**
 * The grounds a withheld part of a partly disclosed reply may rest on (条例第三十七条: the withheld
 * part is given its reasons): the eight 不予公开 categories.
 */
export const WITHHOLDING_GROUNDS = [
  'withheld_state_secret',
  'withheld_prohibited_by_law',
  'withheld_security_stability',
  'withheld_third_party',
  'withheld_internal_affairs',
  'withheld_process_info',
  'withheld_enforcement_file',
  'withheld_administrative_query',
] as const satisfies readonly Outcome[];
export type WithholdingGround = (typeof WITHHOLDING_GROUNDS)[number];

export function isWithholdingGround(o: string): o is WithholdingGround {
  return (WITHHOLDING_GROUNDS as readonly string[]).includes(o);
}

export interface ReplyDraft {
  outcome: Outcome;
  /** What the reply says to the applicant (required, non-blank, every outcome). */
  text: string;
  /** disclosed: how the information is provided, or for already-public info where to find it (Art 36 (一)(二)). */
  provision?: { alreadyPublic: boolean; where: string };
  /** partly_disclosed: the part disclosed, and each withheld part with its ground. */
  disclosedPart?: string;
  withheldParts?: { description: string; ground: Outcome /* one of WITHHOLDING_GROUNDS */; reason: string }[];
  /** withheld_*, unavailable_needs_creation, not_processed_*: the reason in this case. */
  reason?: string;
  /** unavailable_not_held: the record of the search made (where, what terms, by whom, when)… */
  searchRecord?: string;
  /** …or, when another agency holds it, that agency and its contact (Art 36 (五)). */
  otherAgency?: { name: string; contact: string };
  /** Every adverse reply: the remedies (条例第五十一条): the reconsideration organ and the court. */
  remedies?: { reconsiderationOrgan: string; court: string };
}

export interface ReplyProblem {
  field: string;
  message: string;
}

const blank = (s: string | null | undefined): boolean => (s ?? '').trim() === '';

/**
 * "A reply cannot be issued unless its evidence is there." Returns the problems, field by field
 * (empty = the reply may be issued). Fields that the outcome does not use are ignored.
 */
export function checkReply(d: ReplyDraft): ReplyProblem[] {
  const problems: ReplyProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const info = OUTCOME_INFO[d.outcome];

  if (blank(d.text)) add('text', '请填写答复内容');

  switch (info.family) {
    case 'disclosed':
      // Art 36 (一): already public → tell where and how to get it; (二) → provide it, or tell the
      // way, channel and time to obtain it.
      if (blank(d.provision?.where)) {
        add(
          'provision.where',
          d.provision?.alreadyPublic
            ? '已主动公开的信息须告知申请人获取的方式和途径（条例第三十六条第（一）项）'
            : '须写明提供信息的方式，或获取信息的方式、途径和时间（条例第三十六条第（二）项）',
        );
      }
      break;
    case 'partly_disclosed': {
      // Art 37: provide the separable disclosable part and give reasons for the part withheld.
      if (blank(d.disclosedPart)) add('disclosedPart', '部分公开须写明予以公开的部分（条例第三十七条）');
      const parts = d.withheldParts ?? [];
      if (parts.length === 0) add('withheldParts', '部分公开须列明不予公开的部分及其理由（条例第三十七条）');
      parts.forEach((p, i) => {
        if (blank(p.description)) add(`withheldParts.${i}.description`, '请写明不予公开的内容');
        if (!isWithholdingGround(p.ground)) add(`withheldParts.${i}.ground`, '不予公开部分须写明理由及依据');
        if (blank(p.reason)) add(`withheldParts.${i}.reason`, '请说明该部分不予公开的理由');
      });
      break;
    }
    case 'withheld':
      // Art 36 (三): tell the applicant and give the reasons.
      if (blank(d.reason)) add('reason', '不予公开须说明理由（条例第三十六条第（三）项）');
      break;
    case 'unavailable':
      if (d.outcome === 'unavailable_not_held') checkNotHeld(d, add);
      // Art 38: say why providing it would need processing or analysis of existing information.
      else if (d.outcome === 'unavailable_needs_creation' && blank(d.reason)) {
        add('reason', '请说明需要另行制作或加工、分析的理由（条例第三十八条）');
      }
      break;
    case 'not_processed':
      if (blank(d.reason)) add('reason', `不予处理须说明理由（${info.article ?? '请写明依据'}）`);
      break;
    case 'other':
      // 逾期不补正 / 逾期未缴费: the facts are in the request's record; text and remedies suffice.
      break;
  }

  // 条例第五十一条: an applicant who considers its rights infringed may seek reconsideration or sue;
  // the reply tells it where.
  if (info.adverse) {
    if (blank(d.remedies?.reconsiderationOrgan)) {
      add('remedies.reconsiderationOrgan', '请写明行政复议机关（条例第五十一条）');
    }
    if (blank(d.remedies?.court)) add('remedies.court', '请写明有管辖权的人民法院（条例第五十一条）');
  }
  return problems;
}

/**
 * Art 36 (四): not found after search → the information does not exist (the search record is the
 * evidence); (五) not this organ's to disclose → name the organ that is, with its contact. An
 * otherAgency with both fields blank is an empty form row and counts as not given.
 */
function checkNotHeld(d: ReplyDraft, add: (field: string, message: string) => void): void {
  const agency = d.otherAgency;
  const agencyGiven = agency !== undefined && !(blank(agency.name) && blank(agency.contact));
  if (agencyGiven) {
    if (blank(agency.name))
      add('otherAgency.name', '请写明负责公开该信息的行政机关名称（条例第三十六条第（五）项）');
    if (blank(agency.contact)) {
      add('otherAgency.contact', '请写明负责公开该信息的行政机关的联系方式（条例第三十六条第（五）项）');
    }
  } else if (blank(d.searchRecord)) {
    add(
      'searchRecord',
      '须附检索记录（检索范围、检索词、检索人、检索时间），或告知负责公开该信息的行政机关名称及联系方式（条例第三十六条第（四）项、第（五）项）',
    );
  }
}

/**
 * Whether the applicant must seek reconsideration before suing: 行政复议法（2023年修订）第二十三条第一款
 * 第（四）项 (申请政府信息公开，行政机关不予公开), in force since 2024-01-01, and 第二款 requires the organ
 * to tell the applicant so in the reply. True for the replies that withhold (in whole or in part);
 * whether 无法提供 / 不予处理 replies are also "不予公开" under that item is argued both ways, so they
 * are false here and a region that reads it wider passes its own flag to remediesText.
 */
export function reconsiderationFirst(outcome: Outcome): boolean {
  const family = OUTCOME_INFO[outcome].family;
  return family === 'withheld' || family === 'partly_disclosed';
}

/**
 * The remedies sentence of an adverse reply (条例第五十一条). Periods: 行政复议法第二十条 — 60 days from
 * knowing of the act; 行政诉讼法第四十六条 — 6 months for a direct suit. With reconsiderationFirst
 * (行政复议法第二十三条), the suit follows the reconsideration decision: 行政诉讼法第四十五条 — 15 days
 * from receiving it.
 */
export function remediesText(
  r: { reconsiderationOrgan: string; court: string },
  opts: { reconsiderationFirst?: boolean } = {},
): string {
  const organ = r.reconsiderationOrgan.trim();
  const court = r.court.trim();
  if (opts.reconsiderationFirst) {
    return `如对本答复不服，可以自收到本答复之日起六十日内向${organ}申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向${court}提起行政诉讼。`;
  }
  return `如对本答复不服，可以自收到本答复之日起六十日内向${organ}申请行政复议，或者自收到本答复之日起六个月内向${court}提起行政诉讼。`;
}

/**
 * Tables 三 and 四 of the annual report (条例第五十条; format 国办公开办函〔2021〕30号), computed from the
 * request and dispute records (pure). Every number keeps the ids of the records behind it, so that
 * a reader can drill down from a cell to the requests it counts.
 */
import { isIsoDate } from '../../core/calendar/dates.ts';
import {
  APPLICANT_TYPES,
  DISPUTE_KIND_LABELS,
  DISPUTE_KINDS,
  DISPUTE_OUTCOME_LABELS,
  DISPUTE_OUTCOMES,
  type ApplicantType,
  type DisputeKind,
  type DisputeOutcome,
} from './model.ts';
import { OUTCOMES, OUTCOME_FAMILY_LABELS, OUTCOME_INFO, type Outcome } from './outcomes.ts';

/** The applicant columns of table 三: 自然人, then the five kinds of 法人或其他组织 (the applicant types). */
export const APPLICANT_COLUMNS = APPLICANT_TYPES;
export type ApplicantColumn = ApplicantType;

export const APPLICANT_COLUMN_LABELS: Record<ApplicantColumn, string> = {
  natural_person: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_service: '法律服务机构',
  other_org: '其他',
};
/** The header spanning the last five applicant columns. */
export const LEGAL_PERSON_HEADING = '法人或其他组织';
export const TOTAL_LABEL = '总计';

export type Column = ApplicantColumn | 'total';
export const COLUMNS: readonly Column[] = [...APPLICANT_COLUMNS, 'total'];

/** One on-request disclosure request, as the statistics see it. */
export interface RequestFact {
  id: string;
  applicant: ApplicantColumn;
  /** YYYY-MM-DD, Beijing: the receipt day of 条例第三十一条. */
  receivedOn: string;
  outcome: Outcome | null;
  /** YYYY-MM-DD: the day the reply (the outcome) was issued; null while the request is open. */
  repliedOn: string | null;
}

export type TableThreeRowKey = 'new' | 'carried_over' | Outcome | 'total' | 'carried_forward';

export interface TableRow<K extends string, C extends string> {
  key: K;
  label: string;
  cells: Record<C, number>;
  /** The records behind each cell (drill-down), in input order. */
  ids: Record<C, string[]>;
}

export interface TableThree {
  year: number;
  rows: TableRow<TableThreeRowKey, Column>[];
}

/** The label spanning the outcome rows and the total. */
export const RESULTS_HEADING = '三、本年度办理结果';

function outcomeRowLabel(o: Outcome): string {
  const info = OUTCOME_INFO[o];
  if (o === 'disclosed') return '（一）予以公开';
  // The format's own words: a request answered by separating the parts is counted here only.
  if (o === 'partly_disclosed') return '（二）部分公开（区分处理的，只计这一情形，不计其他情形）';
  const family = info.row.slice(0, 3);
  const item = info.row.slice(3);
  return `${family}${OUTCOME_FAMILY_LABELS[info.family]}：${item}.${info.label}`;
}

const THREE_LABELS: Record<TableThreeRowKey, string> = {
  new: '一、本年新收政府信息公开申请数量',
  carried_over: '二、上年结转政府信息公开申请数量',
  ...(Object.fromEntries(OUTCOMES.map((o) => [o, outcomeRowLabel(o)])) as Record<Outcome, string>),
  total: '（七）总计',
  carried_forward: '四、结转下年度继续办理',
};

/** The rows of table 三 in the printed order. */
export const TABLE_THREE_ROW_KEYS: readonly TableThreeRowKey[] = [
  'new',
  'carried_over',
  ...OUTCOMES,
  'total',
  'carried_forward',
];

function emptyRow<K extends string, C extends string>(
  key: K,
  label: string,
  columns: readonly C[],
): TableRow<K, C> {
  const cells = {} as Record<C, number>;
  const ids = {} as Record<C, string[]>;
  for (const c of columns) {
    cells[c] = 0;
    ids[c] = [];
  }
  return { key, label, cells, ids };
}

function count(row: TableRow<string, Column>, applicant: ApplicantColumn, id: string): void {
  for (const c of [applicant, 'total'] as const) {
    row.cells[c] += 1;
    row.ids[c].push(id);
  }
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`年度无效：${year}`);
}

/**
 * Table 三 for `year`. A request counts
 * - in 一 (本年新收) when received in the year;
 * - in 二 (上年结转) when received before 1 January and not yet replied to on that day;
 * - in the row of its outcome when the reply was issued in the year — once, in one row only (so a
 *   partly disclosed request is in （二） only, as the format requires);
 * - in 四 (结转下年度) when received by 31 December and not replied to by then.
 * Hence per column 一 + 二 = （七）总计 + 四 by construction. An outcome without a reply date is a
 * decision not yet issued: the request is open. Records that contradict themselves (a reply date
 * without an outcome, a reply before receipt, a malformed date) throw: counting them anywhere would
 * print a table that does not add up.
 */
export function tableThree(facts: readonly RequestFact[], year: number): TableThree {
  checkYear(year);
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const rows = new Map<TableThreeRowKey, TableRow<TableThreeRowKey, Column>>(
    TABLE_THREE_ROW_KEYS.map((k) => [k, emptyRow(k, THREE_LABELS[k], COLUMNS)]),
  );
  const row = (k: TableThreeRowKey) => rows.get(k) as TableRow<TableThreeRowKey, Column>;

  for (const f of facts) {
    checkFact(f);
    if (f.receivedOn > last) continue;
    if (f.repliedOn !== null && f.repliedOn < first) continue;
    count(row(f.receivedOn >= first ? 'new' : 'carried_over'), f.applicant, f.id);
    if (f.repliedOn !== null && f.repliedOn <= last) {
      count(row(f.outcome as Outcome), f.applicant, f.id);
      count(row('total'), f.applicant, f.id);
    } else {
      count(row('carried_forward'), f.applicant, f.id);
    }
  }
  return { year, rows: TABLE_THREE_ROW_KEYS.map(row) };
}

function checkFact(f: RequestFact): void {
  const where = `申请 ${f.id}`;
  if (!isIsoDate(f.receivedOn)) throw new RangeError(`${where}：收到日期无效（${f.receivedOn}）`);
  // An outcome without a reply date is a decision not yet issued: the request is still open.
  if (f.repliedOn !== null && f.outcome === null) throw new RangeError(`${where}：已答复的申请须有答复类型`);
  if (f.repliedOn !== null) {
    if (!isIsoDate(f.repliedOn)) throw new RangeError(`${where}：答复日期无效（${f.repliedOn}）`);
    if (f.repliedOn < f.receivedOn) throw new RangeError(`${where}：答复日期早于收到日期`);
  }
}

/** A table 三 as checked: computed here, or typed in from a published report (no ids). */
export interface TableThreeCells {
  rows: readonly { key: string; label: string; cells: Record<Column, number> }[];
}

/**
 * The format's consistency checks (its header note and its structure), in Chinese, empty = fine:
 * per column 一 + 二 = （七）总计 + 四; per column the outcome rows add up to （七）总计; per row the six
 * applicant columns add up to 总计. A computed table always passes; a typed-in one may not.
 */
export function checkTableThree(t: TableThreeCells): string[] {
  const problems: string[] = [];
  const byKey = new Map(t.rows.map((r) => [r.key, r]));
  const missing = TABLE_THREE_ROW_KEYS.filter((k) => !byKey.has(k));
  if (missing.length > 0) return [`表格缺少以下行：${missing.map((k) => THREE_LABELS[k]).join('、')}`];
  const cell = (k: TableThreeRowKey, c: Column) => byKey.get(k)?.cells[c] ?? 0;
  const columnName = (c: Column) => (c === 'total' ? TOTAL_LABEL : APPLICANT_COLUMN_LABELS[c]);

  for (const c of COLUMNS) {
    const inflow = cell('new', c) + cell('carried_over', c);
    const outflow = cell('total', c) + cell('carried_forward', c);
    if (inflow !== outflow) {
      problems.push(
        `“${columnName(c)}”列：第一项加第二项之和（${inflow}）不等于第三项总计加第四项之和（${outflow}）`,
      );
    }
    const sum = OUTCOMES.reduce((n, o) => n + cell(o, c), 0);
    if (sum !== cell('total', c)) {
      problems.push(
        `“${columnName(c)}”列：各项办理结果之和（${sum}）不等于（七）总计（${cell('total', c)}）`,
      );
    }
  }
  for (const k of TABLE_THREE_ROW_KEYS) {
    const sum = APPLICANT_COLUMNS.reduce((n, c) => n + cell(k, c), 0);
    if (sum !== cell(k, 'total')) {
      problems.push(`“${THREE_LABELS[k]}”行：各类申请人之和（${sum}）不等于总计（${cell(k, 'total')}）`);
    }
  }
  return problems;
}

// ---- Table 四: 政府信息公开行政复议、行政诉讼情况 ----

export { DISPUTE_KIND_LABELS, DISPUTE_KINDS };
export type { DisputeKind };
/** The result columns of each group of table 四 (the dispute outcomes), then 总计. */
export const DISPUTE_RESULTS = DISPUTE_OUTCOMES;
export type DisputeResult = DisputeOutcome;
export const DISPUTE_RESULT_LABELS: Record<DisputeResult | 'total', string> = {
  ...DISPUTE_OUTCOME_LABELS,
  total: TOTAL_LABEL,
};

const DISPUTE_COLUMNS: readonly (DisputeResult | 'total')[] = [...DISPUTE_RESULTS, 'total'];

export interface DisputeFact {
  id: string;
  kind: DisputeKind;
  /** YYYY-MM-DD: the day the reconsideration organ or the court received the case. */
  receivedOn: string;
  /** The result as known now; 'pending' while undecided. */
  outcome: DisputeResult;
  /** YYYY-MM-DD: the day of the decision or judgment; null while pending. */
  decidedOn: string | null;
}

export interface TableFour {
  year: number;
  /** One group per kind, in the printed order: 5 cells each, 15 in all. */
  groups: TableRow<DisputeKind, DisputeResult | 'total'>[];
}

/**
 * Table 四 for `year`. The format does not say which year a case counts in; we choose:
 * - a case counts in the year it was received (as requests do in 一), and in that year only, so no
 *   case is counted twice across reports;
 * - its result is the one known at 31 December of that year: a case decided later (or not yet) is
 *   尚未审结, which keeps a published report reproducible from the records whenever it is rerun.
 * Each group's 总计 is the sum of its four results (the check real reports satisfy).
 */
export function tableFour(disputes: readonly DisputeFact[], year: number): TableFour {
  checkYear(year);
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const groups = new Map(DISPUTE_KINDS.map((k) => [k, emptyRow(k, DISPUTE_KIND_LABELS[k], DISPUTE_COLUMNS)]));
  for (const d of disputes) {
    checkDispute(d);
    if (d.receivedOn < first || d.receivedOn > last) continue;
    const result: DisputeResult = d.decidedOn !== null && d.decidedOn <= last ? d.outcome : 'pending';
    const group = groups.get(d.kind) as TableRow<DisputeKind, DisputeResult | 'total'>;
    for (const c of [result, 'total'] as const) {
      group.cells[c] += 1;
      group.ids[c].push(d.id);
    }
  }
  return {
    year,
    groups: DISPUTE_KINDS.map((k) => groups.get(k) as TableRow<DisputeKind, DisputeResult | 'total'>),
  };
}

function checkDispute(d: DisputeFact): void {
  const where = `复议诉讼案件 ${d.id}`;
  if (!isIsoDate(d.receivedOn)) throw new RangeError(`${where}：收案日期无效（${d.receivedOn}）`);
  if ((d.outcome === 'pending') !== (d.decidedOn === null)) {
    throw new RangeError(`${where}：审结结果与审结日期须同时填写或同时为空`);
  }
  if (d.decidedOn !== null) {
    if (!isIsoDate(d.decidedOn)) throw new RangeError(`${where}：审结日期无效（${d.decidedOn}）`);
    if (d.decidedOn < d.receivedOn) throw new RangeError(`${where}：审结日期早于收案日期`);
  }
}

/** Table 四's check, in Chinese (empty = fine): in each group 维持 + 纠正 + 其他 + 尚未审结 = 总计. */
export function checkTableFour(t: {
  groups: readonly { label: string; cells: Record<DisputeResult | 'total', number> }[];
}): string[] {
  const problems: string[] = [];
  for (const g of t.groups) {
    const sum = DISPUTE_RESULTS.reduce((n, r) => n + g.cells[r], 0);
    if (sum !== g.cells.total)
      problems.push(`“${g.label}”：各项结果之和（${sum}）不等于总计（${g.cells.total}）`);
  }
  return problems;
}

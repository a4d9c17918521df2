/**
 * Tables 三 and 四 of the annual report (条例第五十条; format 国办公开办函〔2021〕30号), computed from the
 * request and dispute records (pure). The rule is one function per table that names the cells a
 * record counts in; the tables add up records counted in groups (`count` records alike), and the
 * drill-down asks the same function whether a group belongs to a cell.
 */
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

/**
 * Requests alike for table 三: `count` requests of one applicant column and outcome, received in
 * `receivedYear` and replied to in `repliedYear` (null: no reply issued yet). The table compares
 * each date with the report's year only, so the years are all it needs, and the store counts a
 * year's requests in a few hundred such groups. One request is a fact with count 1.
 */
export interface RequestFact {
  applicant: ApplicantColumn;
  /** The year of the receipt day of 条例第三十一条 (Beijing). */
  receivedYear: number;
  /** Set once decided; counted only with a reply issued (a decision not yet issued leaves it open). */
  outcome: Outcome | null;
  repliedYear: number | null;
  count: number;
}

export type TableThreeRowKey = 'new' | 'carried_over' | Outcome | 'total' | 'carried_forward';

export interface TableRow<K extends string, C extends string> {
  key: K;
  label: string;
  cells: Record<C, number>;
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

/** One cell of table 三 or 四: the table, its row (table 四: the kind of case) and its column. */
export type StatisticsCell =
  | { table: 'three'; row: TableThreeRowKey; column: Column }
  | { table: 'four'; row: DisputeKind; column: DisputeColumn };

/** How the drill-down names a cell: `three.<row>.<column>` or `four.<kind>.<result>`. */
export type CellKey = `three.${TableThreeRowKey}.${Column}` | `four.${DisputeKind}.${DisputeColumn}`;
export const cellKey = (c: StatisticsCell): CellKey => `${c.table}.${c.row}.${c.column}` as CellKey;

function checkYear(year: number, what = '年度'): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`${what}无效：${year}`);
}

function checkCount(count: number, where: string): void {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${where}：件数无效（${count}）`);
}

/**
 * The cells of table 三 for `year` that a request counts in (empty: it is not in that year's
 * table). A request counts, in its applicant column and in 总计,
 * - in 一 (本年新收) when received in the year;
 * - in 二 (上年结转) when received before 1 January and not yet replied to on that day;
 * - in the row of its outcome and in （七）总计 when the reply was issued in the year — in one
 *   outcome row only (so a partly disclosed request is in （二） only, as the format requires);
 * - in 四 (结转下年度) when received by 31 December and not replied to by then.
 * Hence per column 一 + 二 = （七）总计 + 四 by construction. Records that contradict themselves (a
 * reply without an outcome, a reply in a year before the receipt, a year that is no year) throw:
 * counting them anywhere would print a table that does not add up.
 */
export function tableThreeCells(f: RequestFact, year: number): StatisticsCell[] {
  checkFact(f);
  if (f.receivedYear > year || (f.repliedYear !== null && f.repliedYear < year)) return [];
  const rows: TableThreeRowKey[] = [f.receivedYear === year ? 'new' : 'carried_over'];
  if (f.repliedYear === year) rows.push(f.outcome as Outcome, 'total');
  else rows.push('carried_forward');
  return rows.flatMap((row): StatisticsCell[] => [
    { table: 'three', row, column: f.applicant },
    { table: 'three', row, column: 'total' },
  ]);
}

function checkFact(f: RequestFact): void {
  const where = `${f.receivedYear} 年收到的申请`;
  checkYear(f.receivedYear, '申请的收到年度');
  checkCount(f.count, where);
  if (f.repliedYear === null) return;
  checkYear(f.repliedYear, `${where}的答复年度`);
  if (f.outcome === null) throw new RangeError(`${where}：已答复的申请须有答复类型`);
  if (f.repliedYear < f.receivedYear)
    throw new RangeError(`${where}：答复年度（${f.repliedYear}）早于收到年度`);
}

/** Adds up weighted facts into rows: each fact adds its count to every cell the rule names. */
function tally<F extends { count: number }, K extends string, C extends string>(
  facts: readonly F[],
  cellsOf: (f: F) => StatisticsCell[],
  keys: readonly K[],
  labels: Record<K, string>,
  columns: readonly C[],
): TableRow<K, C>[] {
  const rows = new Map<string, TableRow<K, C>>(
    keys.map((key) => [
      key,
      { key, label: labels[key], cells: Object.fromEntries(columns.map((c) => [c, 0])) as Record<C, number> },
    ]),
  );
  for (const f of facts) {
    for (const c of cellsOf(f)) (rows.get(c.row) as TableRow<K, C>).cells[c.column as C] += f.count;
  }
  return keys.map((k) => rows.get(k) as TableRow<K, C>);
}

/** Table 三 for `year` (the rule is `tableThreeCells`). */
export function tableThree(facts: readonly RequestFact[], year: number): TableThree {
  checkYear(year);
  return {
    year,
    rows: tally(facts, (f) => tableThreeCells(f, year), TABLE_THREE_ROW_KEYS, THREE_LABELS, COLUMNS),
  };
}

/** A table 三 as checked: computed here, or typed in from a published report. */
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
export type DisputeColumn = DisputeResult | 'total';
export const DISPUTE_RESULT_LABELS: Record<DisputeColumn, string> = {
  ...DISPUTE_OUTCOME_LABELS,
  total: TOTAL_LABEL,
};

export const DISPUTE_COLUMNS: readonly DisputeColumn[] = [...DISPUTE_RESULTS, 'total'];

/**
 * Cases alike for table 四: `count` reconsiderations or lawsuits of one kind, received (by the
 * reconsideration organ or the court) in `receivedYear`, with the result known now, decided in
 * `decidedYear` (null while pending).
 */
export interface DisputeFact {
  kind: DisputeKind;
  receivedYear: number;
  outcome: DisputeResult;
  decidedYear: number | null;
  count: number;
}

export interface TableFour {
  year: number;
  /** One group per kind, in the printed order: 5 cells each, 15 in all. */
  groups: TableRow<DisputeKind, DisputeColumn>[];
}

/**
 * The cells of table 四 for `year` that a case counts in. The format does not say which year a
 * case counts in; we choose:
 * - a case counts in the year it was received (as requests do in 一), and in that year only, so no
 *   case is counted twice across reports;
 * - its result is the one known at 31 December of that year: a case decided later (or not yet) is
 *   尚未审结, which keeps a published report reproducible from the records whenever it is rerun.
 * Each group's 总计 is the sum of its four results (the check real reports satisfy).
 */
export function tableFourCells(d: DisputeFact, year: number): StatisticsCell[] {
  checkDispute(d);
  if (d.receivedYear !== year) return [];
  const result: DisputeResult = d.decidedYear !== null && d.decidedYear <= year ? d.outcome : 'pending';
  return [
    { table: 'four', row: d.kind, column: result },
    { table: 'four', row: d.kind, column: 'total' },
  ];
}

function checkDispute(d: DisputeFact): void {
  const where = `${d.receivedYear} 年收案的复议诉讼案件`;
  checkYear(d.receivedYear, '复议诉讼案件的收案年度');
  checkCount(d.count, where);
  if ((d.outcome === 'pending') !== (d.decidedYear === null)) {
    throw new RangeError(`${where}：审结结果与审结日期须同时填写或同时为空`);
  }
  if (d.decidedYear === null) return;
  checkYear(d.decidedYear, `${where}的审结年度`);
  if (d.decidedYear < d.receivedYear)
    throw new RangeError(`${where}：审结年度（${d.decidedYear}）早于收案年度`);
}

/** Table 四 for `year` (the rule is `tableFourCells`). */
export function tableFour(disputes: readonly DisputeFact[], year: number): TableFour {
  checkYear(year);
  return {
    year,
    groups: tally(
      disputes,
      (d) => tableFourCells(d, year),
      DISPUTE_KINDS,
      DISPUTE_KIND_LABELS,
      DISPUTE_COLUMNS,
    ),
  };
}

/** Table 四's check, in Chinese (empty = fine): in each group 维持 + 纠正 + 其他 + 尚未审结 = 总计. */
export function checkTableFour(t: {
  groups: readonly { label: string; cells: Record<DisputeColumn, number> }[];
}): string[] {
  const problems: string[] = [];
  for (const g of t.groups) {
    const sum = DISPUTE_RESULTS.reduce((n, r) => n + g.cells[r], 0);
    if (sum !== g.cells.total)
      problems.push(`“${g.label}”：各项结果之和（${sum}）不等于总计（${g.cells.total}）`);
  }
  return problems;
}

// ---- Drill-down ----

/** Every cell of both tables by its key: the keys the drill-down accepts. */
export const CELLS: ReadonlyMap<CellKey, StatisticsCell> = new Map(
  [
    ...TABLE_THREE_ROW_KEYS.flatMap((row) =>
      COLUMNS.map((column): StatisticsCell => ({ table: 'three', row, column })),
    ),
    ...DISPUTE_KINDS.flatMap((row) =>
      DISPUTE_COLUMNS.map((column): StatisticsCell => ({ table: 'four', row, column })),
    ),
  ].map((c) => [cellKey(c), c]),
);
export const CELL_KEYS: readonly CellKey[] = [...CELLS.keys()];

/** Whether a fact counts in the cell: the very rule the table counts with. */
export const inTableThreeCell = (f: RequestFact, year: number, cell: CellKey): boolean =>
  tableThreeCells(f, year).some((c) => cellKey(c) === cell);
export const inTableFourCell = (d: DisputeFact, year: number, cell: CellKey): boolean =>
  tableFourCells(d, year).some((c) => cellKey(c) === cell);

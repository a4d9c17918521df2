import { describe, expect, it } from 'vitest';
import { OUTCOMES, type Outcome } from './outcomes.ts';
import {
  APPLICANT_COLUMNS,
  checkTableFour,
  checkTableThree,
  tableFour,
  tableThree,
  TABLE_THREE_ROW_KEYS,
  type ApplicantColumn,
  type Column,
  type DisputeFact,
  type RequestFact,
  type TableThree,
  type TableThreeRowKey,
} from './statistics.ts';

const req = (
  id: string,
  applicant: ApplicantColumn,
  receivedOn: string,
  outcome: Outcome | null = null,
  repliedOn: string | null = null,
): RequestFact => ({ id, applicant, receivedOn, outcome, repliedOn });

const row = (t: TableThree, key: TableThreeRowKey) => {
  const r = t.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};

/** The cells of a row as [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计]. */
const line = (t: TableThree, key: TableThreeRowKey) =>
  ([...APPLICANT_COLUMNS, 'total'] as Column[]).map((c) => row(t, key).cells[c]);

// An agency's year 2025, hand-counted.
const FACTS: RequestFact[] = [
  req('r01', 'natural_person', '2024-12-20', 'disclosed', '2025-01-10'), // carried over, replied 2025
  req('r02', 'natural_person', '2025-02-03', 'disclosed', '2025-02-20'),
  req('r03', 'commercial', '2025-03-05', 'partly_disclosed', '2025-03-28'),
  req('r04', 'natural_person', '2025-04-01', 'withheld_third_party', '2025-04-25'),
  req('r05', 'legal_service', '2025-05-12', 'unavailable_not_held', '2025-06-06'),
  req('r06', 'natural_person', '2025-06-02', 'not_processed_petition', '2025-06-03'),
  req('r07', 'research', '2025-07-15', 'other_correction_lapsed', '2025-08-20'),
  req('r08', 'natural_person', '2025-12-22', 'disclosed', '2026-01-15'), // replied next year
  req('r09', 'public_interest', '2025-12-29', 'withheld_process_info'), // decided, not yet issued
  req('r10', 'natural_person', '2024-11-02', 'disclosed', '2024-11-28'), // all in 2024
  req('r11', 'other_org', '2026-01-04'), // all in 2026
  req('r12', 'commercial', '2024-12-30'), // open since 2024
];

describe('table 三 of 2025, cell by cell', () => {
  const t = tableThree(FACTS, 2025);

  it('prints the rows in the order of the format: 一, 二, the 21 results, （七）总计, 四', () => {
    expect(t.rows.map((r) => r.key)).toEqual([
      'new',
      'carried_over',
      ...OUTCOMES,
      'total',
      'carried_forward',
    ]);
    expect(row(t, 'new').label).toBe('一、本年新收政府信息公开申请数量');
    expect(row(t, 'withheld_third_party').label).toBe('（三）不予公开：4.保护第三方合法权益');
    expect(row(t, 'carried_forward').label).toBe('四、结转下年度继续办理');
  });

  it('counts the requests received in 2025 in 一, and those open on 1 January in 二', () => {
    //                          自然人 商业 科研 公益 法律 其他 总计
    expect(line(t, 'new')).toEqual([4, 1, 1, 1, 1, 0, 8]);
    expect(line(t, 'carried_over')).toEqual([1, 1, 0, 0, 0, 0, 2]);
  });

  it('counts each reply issued in 2025 in the row of its outcome', () => {
    expect(line(t, 'disclosed')).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(line(t, 'partly_disclosed')).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(line(t, 'withheld_third_party')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(line(t, 'unavailable_not_held')).toEqual([0, 0, 0, 0, 1, 0, 1]);
    expect(line(t, 'not_processed_petition')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(line(t, 'other_correction_lapsed')).toEqual([0, 0, 1, 0, 0, 0, 1]);
    const counted: Outcome[] = [
      'disclosed',
      'partly_disclosed',
      'withheld_third_party',
      'unavailable_not_held',
      'not_processed_petition',
      'other_correction_lapsed',
    ];
    for (const o of OUTCOMES.filter((x) => !counted.includes(x))) {
      expect(line(t, o)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    }
    expect(line(t, 'total')).toEqual([4, 1, 1, 0, 1, 0, 7]);
  });

  it('carries the requests still open on 31 December to 四, a decision not yet issued included', () => {
    expect(line(t, 'carried_forward')).toEqual([1, 1, 0, 1, 0, 0, 3]);
    expect(row(t, 'carried_forward').ids.total).toEqual(['r08', 'r09', 'r12']);
  });

  it('adds up: 一 + 二 = （七）总计 + 四 in every column, and passes the format’s checks', () => {
    expect(checkTableThree(t)).toEqual([]);
  });

  it('keeps the requests behind every number (drill-down)', () => {
    expect(row(t, 'new').ids.natural_person).toEqual(['r02', 'r04', 'r06', 'r08']);
    expect(row(t, 'new').ids.total).toEqual(['r02', 'r03', 'r04', 'r05', 'r06', 'r07', 'r08', 'r09']);
    expect(row(t, 'carried_over').ids.total).toEqual(['r01', 'r12']);
    expect(row(t, 'disclosed').ids.natural_person).toEqual(['r01', 'r02']);
    expect(row(t, 'total').ids.total).toEqual(['r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07']);
    for (const r of t.rows) {
      for (const c of [...APPLICANT_COLUMNS, 'total'] as Column[]) expect(r.ids[c]).toHaveLength(r.cells[c]);
    }
  });

  it('ignores requests both received and answered in another year', () => {
    const all = t.rows.flatMap((r) => r.ids.total);
    expect(all).not.toContain('r10');
    expect(all).not.toContain('r11');
  });
});

describe('a request received in December and answered in January', () => {
  const december = [req('d1', 'natural_person', '2025-12-22', 'disclosed', '2026-01-15')];

  it('is new and carried forward (四) in the year received', () => {
    const y1 = tableThree(december, 2025);
    expect(row(y1, 'new').cells.total).toBe(1);
    expect(row(y1, 'carried_forward').ids.total).toEqual(['d1']);
    expect(row(y1, 'disclosed').cells.total).toBe(0);
  });

  it('is carried over (二) and counted in its outcome row the next year, so 四 of one year is 二 of the next', () => {
    const y2 = tableThree(december, 2026);
    expect(row(y2, 'new').cells.total).toBe(0);
    expect(row(y2, 'carried_over').ids.total).toEqual(['d1']);
    expect(row(y2, 'disclosed').ids.total).toEqual(['d1']);
    expect(row(y2, 'carried_forward').cells.total).toBe(0);
    expect(row(tableThree(FACTS, 2026), 'carried_over').ids.total).toEqual(
      row(tableThree(FACTS, 2025), 'carried_forward').ids.total,
    );
  });

  it('is answered on 31 December → no carry-forward; on 1 January → carried forward', () => {
    const onNewYearsEve = tableThree([req('e', 'research', '2025-12-01', 'disclosed', '2025-12-31')], 2025);
    expect(row(onNewYearsEve, 'carried_forward').cells.total).toBe(0);
    const onNewYearsDay = tableThree([req('e', 'research', '2025-12-01', 'disclosed', '2026-01-01')], 2025);
    expect(row(onNewYearsDay, 'carried_forward').cells.research).toBe(1);
  });
});

it('counts a partly disclosed request only in （二）, never also under 不予公开', () => {
  const t = tableThree([req('p', 'commercial', '2025-03-05', 'partly_disclosed', '2025-03-28')], 2025);
  const rowsWithIt = t.rows.filter((r) => r.ids.total.includes('p')).map((r) => r.key);
  expect(rowsWithIt).toEqual(['new', 'partly_disclosed', 'total']);
});

describe('checkTableThree on a table typed in by hand', () => {
  const corrupt = (edit: (t: TableThree) => void): string[] => {
    const t = structuredClone(tableThree(FACTS, 2025));
    edit(t);
    return checkTableThree(t);
  };

  it('finds a column whose 一 + 二 differs from （七）总计 + 四 (and the row that no longer adds up)', () => {
    const problems = corrupt((t) => {
      row(t, 'new').cells.natural_person = 5;
    });
    expect(problems).toEqual([
      '“自然人”列：第一项加第二项之和（6）不等于第三项总计加第四项之和（5）',
      '“一、本年新收政府信息公开申请数量”行：各类申请人之和（9）不等于总计（8）',
    ]);
  });

  it('finds outcome rows that do not add up to （七）总计', () => {
    const problems = corrupt((t) => {
      row(t, 'withheld_state_secret').cells.research = 1;
      row(t, 'withheld_state_secret').cells.total = 1;
    });
    expect(problems).toEqual([
      '“科研机构”列：各项办理结果之和（2）不等于（七）总计（1）',
      '“总计”列：各项办理结果之和（8）不等于（七）总计（7）',
    ]);
  });

  it('reports missing rows rather than reading them as zero', () => {
    expect(checkTableThree({ rows: [] })[0]).toContain('表格缺少以下行');
  });

  it('covers every row of the format', () => {
    expect(TABLE_THREE_ROW_KEYS).toHaveLength(25);
  });
});

describe('records that contradict themselves are refused, not counted somewhere', () => {
  it('refuses a reply date without an outcome, a reply before receipt, and a malformed date', () => {
    expect(() => tableThree([req('x', 'research', '2025-03-01', null, '2025-03-02')], 2025)).toThrow('x');
    expect(() => tableThree([req('x', 'research', '2025-03-01', 'disclosed', '2025-02-28')], 2025)).toThrow();
    expect(() => tableThree([req('x', 'research', '2025-02-30')], 2025)).toThrow();
    expect(() => tableThree([], 25)).toThrow();
  });
});

describe('table 四 of 2025', () => {
  const dispute = (
    id: string,
    kind: DisputeFact['kind'],
    receivedOn: string,
    outcome: DisputeFact['outcome'],
    decidedOn: string | null,
  ): DisputeFact => ({ id, kind, receivedOn, outcome, decidedOn });
  const DISPUTES: DisputeFact[] = [
    dispute('a1', 'reconsideration', '2025-03-01', 'upheld', '2025-05-01'),
    dispute('a2', 'reconsideration', '2025-04-01', 'corrected', '2025-05-20'),
    dispute('a3', 'reconsideration', '2025-11-20', 'corrected', '2026-01-10'), // decided after year end
    dispute('s1', 'litigation_direct', '2025-02-01', 'other', '2025-09-01'),
    dispute('s2', 'litigation_direct', '2025-06-01', 'pending', null),
    dispute('s3', 'litigation_after_reconsideration', '2024-12-01', 'upheld', '2025-02-10'), // counted in 2024
    dispute('s4', 'litigation_after_reconsideration', '2025-08-08', 'upheld', '2025-12-31'),
  ];
  const t = tableFour(DISPUTES, 2025);
  const cells = (i: number) => {
    const g = t.groups[i];
    if (!g) throw new Error(`no group ${i}`);
    return [g.cells.upheld, g.cells.corrected, g.cells.other, g.cells.pending, g.cells.total];
  };

  it('has the three groups of the format, five cells each', () => {
    expect(t.groups.map((g) => g.key)).toEqual([
      'reconsideration',
      'litigation_direct',
      'litigation_after_reconsideration',
    ]);
  });

  it('counts a case in the year received, with its result as known on 31 December', () => {
    //                 维持 纠正 其他 未结 总计
    expect(cells(0)).toEqual([1, 1, 0, 1, 3]);
    expect(cells(1)).toEqual([0, 0, 1, 1, 2]);
    expect(cells(2)).toEqual([1, 0, 0, 0, 1]);
    expect(checkTableFour(t)).toEqual([]);
  });

  it('shows a case decided after the year end as 尚未审结, with its id', () => {
    expect(t.groups[0]?.ids.pending).toEqual(['a3']);
    expect(t.groups[0]?.ids.total).toEqual(['a1', 'a2', 'a3']);
  });

  it('counts a case received in December 2024 in the 2024 report only, there as pending', () => {
    const y2024 = tableFour(DISPUTES, 2024);
    expect(y2024.groups[2]?.ids.pending).toEqual(['s3']);
    expect(t.groups[2]?.ids.total).toEqual(['s4']);
  });

  it('refuses a decided case without a decision date', () => {
    expect(() => tableFour([dispute('z', 'reconsideration', '2025-01-01', 'upheld', null)], 2025)).toThrow(
      'z',
    );
  });

  it('finds a group whose results do not add up to its 总计', () => {
    const bad = structuredClone(t);
    if (bad.groups[1]) bad.groups[1].cells.total = 3;
    expect(checkTableFour(bad)).toEqual(['“行政诉讼（未经复议直接起诉）”：各项结果之和（2）不等于总计（3）']);
  });
});

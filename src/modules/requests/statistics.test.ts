import { describe, expect, it } from 'vitest';
import { OUTCOMES, type Outcome } from './outcomes.ts';
import {
  APPLICANT_COLUMNS,
  CELL_KEYS,
  CELLS,
  cellKey,
  checkTableFour,
  checkTableThree,
  inTableFourCell,
  inTableThreeCell,
  tableFour,
  tableFourCells,
  tableThree,
  tableThreeCells,
  TABLE_THREE_ROW_KEYS,
  type ApplicantColumn,
  type Column,
  type DisputeFact,
  type RequestFact,
  type TableThree,
  type TableThreeRowKey,
} from './statistics.ts';

/** One request (count 1) received in `receivedYear`, replied to in `repliedYear`. */
const req = (
  applicant: ApplicantColumn,
  receivedYear: number,
  outcome: Outcome | null = null,
  repliedYear: number | null = null,
  count = 1,
): RequestFact => ({ applicant, receivedYear, outcome, repliedYear, count });

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
  req('natural_person', 2024, 'disclosed', 2025), // r01: carried over, replied 2025
  req('natural_person', 2025, 'disclosed', 2025), // r02
  req('commercial', 2025, 'partly_disclosed', 2025), // r03
  req('natural_person', 2025, 'withheld_third_party', 2025), // r04
  req('legal_service', 2025, 'unavailable_not_held', 2025), // r05
  req('natural_person', 2025, 'not_processed_petition', 2025), // r06
  req('research', 2025, 'other_correction_lapsed', 2025), // r07
  req('natural_person', 2025, 'disclosed', 2026), // r08: replied next year
  req('public_interest', 2025, 'withheld_process_info'), // r09: decided, not yet issued
  req('natural_person', 2024, 'disclosed', 2024), // r10: all in 2024
  req('other_org', 2026), // r11: all in 2026
  req('commercial', 2024), // r12: open since 2024
];
const [r01, , , , , , , r08, r09, r10, r11, r12] = FACTS as [RequestFact, ...RequestFact[]];

/** The cells of table 三 a fact counts in, as keys. */
const cellsOf = (f: RequestFact | undefined, year = 2025) => (f ? tableThreeCells(f, year).map(cellKey) : []);

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
    for (const f of [r08, r09, r12]) expect(cellsOf(f)).toContain('three.carried_forward.total');
  });

  it('adds up: 一 + 二 = （七）总计 + 四 in every column, and passes the format’s checks', () => {
    expect(checkTableThree(t)).toEqual([]);
  });

  it('names the cells each request counts in: its applicant column and 总计, in each row', () => {
    expect(cellsOf(r01)).toEqual([
      'three.carried_over.natural_person',
      'three.carried_over.total',
      'three.disclosed.natural_person',
      'three.disclosed.total',
      'three.total.natural_person',
      'three.total.total',
    ]);
    expect(cellsOf(r09)).toEqual([
      'three.new.public_interest',
      'three.new.total',
      'three.carried_forward.public_interest',
      'three.carried_forward.total',
    ]);
  });

  it('finds the requests behind every number by the rule that counts them (drill-down)', () => {
    const behind = (key: (typeof CELL_KEYS)[number]) =>
      FACTS.flatMap((f, i) => (inTableThreeCell(f, 2025, key) ? [`r${String(i + 1).padStart(2, '0')}`] : []));
    expect(behind('three.new.natural_person')).toEqual(['r02', 'r04', 'r06', 'r08']);
    expect(behind('three.new.total')).toEqual(['r02', 'r03', 'r04', 'r05', 'r06', 'r07', 'r08', 'r09']);
    expect(behind('three.carried_over.total')).toEqual(['r01', 'r12']);
    expect(behind('three.disclosed.natural_person')).toEqual(['r01', 'r02']);
    expect(behind('three.total.total')).toEqual(['r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07']);
    expect(behind('three.carried_forward.total')).toEqual(['r08', 'r09', 'r12']);
    // Every cell of the table: as many requests behind it as it counts.
    for (const r of t.rows) {
      for (const c of [...APPLICANT_COLUMNS, 'total'] as Column[]) {
        expect(behind(`three.${r.key}.${c}`)).toHaveLength(r.cells[c]);
      }
    }
  });

  it('ignores requests both received and answered in another year', () => {
    expect(cellsOf(r10)).toEqual([]);
    expect(cellsOf(r11)).toEqual([]);
  });
});

describe('weighted facts: a group of n requests alike counts as n requests', () => {
  const alike = (f: RequestFact, n: number): RequestFact[] => Array.from({ length: n }, () => f);
  const grouped = (facts: readonly RequestFact[]): RequestFact[] => {
    const groups = new Map<string, RequestFact>();
    for (const f of facts) {
      const key = JSON.stringify([f.applicant, f.receivedYear, f.outcome, f.repliedYear]);
      const g = groups.get(key);
      groups.set(key, g ? { ...g, count: g.count + f.count } : f);
    }
    return [...groups.values()];
  };

  it('gives the table of the requests one by one', () => {
    // Each of the hand-counted requests 1 to 4 times over, then counted in groups.
    const many = FACTS.flatMap((f, i) => alike(f, 1 + (i % 4)));
    const groups = grouped(many);
    expect(groups).toHaveLength(FACTS.length);
    for (const year of [2024, 2025, 2026]) expect(tableThree(groups, year)).toEqual(tableThree(many, year));
    // r08 four times, r09 once, r12 four times.
    expect(line(tableThree(groups, 2025), 'carried_forward')).toEqual([4, 4, 0, 1, 0, 0, 9]);
  });

  it('adds its count to every cell it is in', () => {
    const t = tableThree(
      [req('research', 2025, 'disclosed', 2025, 7), req('research', 2025, null, null, 2)],
      2025,
    );
    expect(line(t, 'new')).toEqual([0, 0, 9, 0, 0, 0, 9]);
    expect(line(t, 'disclosed')).toEqual([0, 0, 7, 0, 0, 0, 7]);
    expect(line(t, 'carried_forward')).toEqual([0, 0, 2, 0, 0, 0, 2]);
    expect(checkTableThree(t)).toEqual([]);
  });

  it('refuses a count that is not a positive whole number', () => {
    expect(() => tableThree([req('research', 2025, null, null, 0)], 2025)).toThrow('件数无效');
    expect(() => tableThree([req('research', 2025, null, null, 1.5)], 2025)).toThrow('件数无效');
  });
});

describe('cell keys', () => {
  it('name every cell of both tables once: 25 rows × 7 columns of 三, 3 × 5 of 四', () => {
    expect(CELL_KEYS).toHaveLength(25 * 7 + 3 * 5);
    expect(new Set(CELL_KEYS).size).toBe(CELL_KEYS.length);
    for (const key of CELL_KEYS) {
      const cell = CELLS.get(key);
      expect(cell && cellKey(cell)).toBe(key);
    }
    expect(CELLS.get('four.litigation_direct.pending')).toEqual({
      table: 'four',
      row: 'litigation_direct',
      column: 'pending',
    });
  });
});

describe('a request received in one year and answered in the next', () => {
  const december = req('natural_person', 2025, 'disclosed', 2026);

  it('is new and carried forward (四) in the year received', () => {
    expect(cellsOf(december, 2025)).toEqual([
      'three.new.natural_person',
      'three.new.total',
      'three.carried_forward.natural_person',
      'three.carried_forward.total',
    ]);
  });

  it('is carried over (二) and counted in its outcome row the next year, so 四 of one year is 二 of the next', () => {
    expect(cellsOf(december, 2026).filter((k) => k.endsWith('.total'))).toEqual([
      'three.carried_over.total',
      'three.disclosed.total',
      'three.total.total',
    ]);
    expect(line(tableThree(FACTS, 2026), 'carried_over')).toEqual(
      line(tableThree(FACTS, 2025), 'carried_forward'),
    );
  });

  it('is in no table of a later year', () => {
    expect(cellsOf(december, 2027)).toEqual([]);
  });
});

it('counts a partly disclosed request only in （二）, never also under 不予公开', () => {
  const rowsWithIt = cellsOf(req('commercial', 2025, 'partly_disclosed', 2025)).filter((k) =>
    k.endsWith('.total'),
  );
  expect(rowsWithIt).toEqual(['three.new.total', 'three.partly_disclosed.total', 'three.total.total']);
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
  it('refuses a reply without an outcome, a reply in a year before the receipt, and a year that is no year', () => {
    expect(() => tableThree([req('research', 2025, null, 2025)], 2025)).toThrow('已答复的申请须有答复类型');
    expect(() => tableThree([req('research', 2025, 'disclosed', 2024)], 2025)).toThrow('早于收到年度');
    expect(() => tableThree([req('research', Number.NaN)], 2025)).toThrow('收到年度无效');
    expect(() => tableThree([req('research', 2025, 'disclosed', 0)], 2025)).toThrow('答复年度无效');
    expect(() => tableThree([], 25)).toThrow();
  });
});

describe('table 四 of 2025', () => {
  const dispute = (
    kind: DisputeFact['kind'],
    receivedYear: number,
    outcome: DisputeFact['outcome'],
    decidedYear: number | null,
    count = 1,
  ): DisputeFact => ({ kind, receivedYear, outcome, decidedYear, count });
  const DISPUTES: DisputeFact[] = [
    dispute('reconsideration', 2025, 'upheld', 2025), // a1
    dispute('reconsideration', 2025, 'corrected', 2025), // a2
    dispute('reconsideration', 2025, 'corrected', 2026), // a3: decided after year end
    dispute('litigation_direct', 2025, 'other', 2025), // s1
    dispute('litigation_direct', 2025, 'pending', null), // s2
    dispute('litigation_after_reconsideration', 2024, 'upheld', 2025), // s3: counted in 2024
    dispute('litigation_after_reconsideration', 2025, 'upheld', 2025), // s4
  ];
  const [, , a3, , , s3, s4] = DISPUTES;
  const casesIn = (key: (typeof CELL_KEYS)[number], year = 2025) =>
    DISPUTES.filter((d) => inTableFourCell(d, year, key));
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

  it('shows a case decided after the year end as 尚未审结 (drill-down: the same rule)', () => {
    expect(casesIn('four.reconsideration.pending')).toEqual([a3]);
    expect(casesIn('four.reconsideration.total')).toEqual(DISPUTES.slice(0, 3));
    expect(a3 && tableFourCells(a3, 2026)).toEqual([]);
  });

  it('counts a case received in 2024 in the 2024 report only, there as pending', () => {
    const y2024 = tableFour(DISPUTES, 2024);
    expect(y2024.groups[2]?.cells.pending).toBe(1);
    expect(casesIn('four.litigation_after_reconsideration.pending', 2024)).toEqual([s3]);
    expect(casesIn('four.litigation_after_reconsideration.total')).toEqual([s4]);
  });

  it('counts a group of n cases as n cases', () => {
    const weighted = tableFour([dispute('litigation_direct', 2025, 'corrected', 2025, 4)], 2025);
    expect(weighted).toEqual(
      tableFour(
        Array.from({ length: 4 }, () => dispute('litigation_direct', 2025, 'corrected', 2025)),
        2025,
      ),
    );
    expect(weighted.groups[1]?.cells).toEqual({ upheld: 0, corrected: 4, other: 0, pending: 0, total: 4 });
  });

  it('refuses a decided case without a decision date, and a decision before the case', () => {
    expect(() => tableFour([dispute('reconsideration', 2025, 'upheld', null)], 2025)).toThrow(
      '审结结果与审结日期须同时填写或同时为空',
    );
    expect(() => tableFour([dispute('reconsideration', 2025, 'upheld', 2024)], 2025)).toThrow('早于收案年度');
  });

  it('finds a group whose results do not add up to its 总计', () => {
    const bad = structuredClone(t);
    if (bad.groups[1]) bad.groups[1].cells.total = 3;
    expect(checkTableFour(bad)).toEqual(['“行政诉讼（未经复议直接起诉）”：各项结果之和（2）不等于总计（3）']);
  });
});

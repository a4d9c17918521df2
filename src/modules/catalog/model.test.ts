import { describe, expect, it } from 'vitest';
import { isWeekend } from '../../core/calendar/dates.ts';
import {
  checkConsistency,
  deleteError,
  describeFreshness,
  lastDuePeriod,
  moveError,
  periodContaining,
  placementError,
  staleness,
  summarize,
  workingDayCounter,
  type CatalogDocumentFacts,
  type NodeRef,
} from './model.ts';

/** Weekdays work, weekends do not, and the 2026 Dragon Boat Festival (19 June) is a holiday. */
const addWorkingDays = workingDayCounter((d) => !isWeekend(d) && d !== '2026-06-19');

const stage: NodeRef = { id: 's', kind: 'stage', parentId: null };
const field: NodeRef = { id: 'f', kind: 'field', parentId: 's' };
const subfield: NodeRef = { id: 'sf', kind: 'field', parentId: 'f' };
const item: NodeRef = { id: 'i', kind: 'item', parentId: 'f' };

const doc = (id: string, writtenOn: string, publishedAt: string): CatalogDocumentFacts => ({
  id,
  title: `文件${id}`,
  writtenOn,
  publishedAt,
});

describe('the shape of the tree: stage → field (nesting once) → item', () => {
  it('puts stages at the root and nothing else', () => {
    expect(placementError('stage', null, null)).toBeNull();
    expect(placementError('stage', field, stage)).toBe('公开环节只能位于目录的第一层');
    expect(placementError('field', null, null)).toBe('领域和公开事项须放在某个公开环节之下');
    expect(placementError('item', null, null)).toBe('领域和公开事项须放在某个公开环节之下');
  });

  it('lets a field sit under a stage or under a first-level field, but not deeper', () => {
    expect(placementError('field', stage, null)).toBeNull();
    expect(placementError('field', field, stage)).toBeNull();
    expect(placementError('field', subfield, field)).toBe('领域最多嵌套一层（一级领域之下可设二级领域）');
  });

  it('lets an item sit under a stage or any field, and nothing under an item', () => {
    expect(placementError('item', stage, null)).toBeNull();
    expect(placementError('item', field, stage)).toBeNull();
    expect(placementError('item', subfield, field)).toBeNull();
    expect(placementError('item', item, field)).toBe('公开事项之下不能再添加节点');
    expect(placementError('field', item, field)).toBe('公开事项之下不能再添加节点');
  });

  it('does not move a stage, a node under itself, or a field with subfields under another field', () => {
    expect(moveError(stage, null, null, [])).toBe('公开环节是标准目录的固定结构，不能移动');
    expect(moveError(field, subfield, field, [subfield])).toBe('不能移到自身或其下级节点之下');
    const other: NodeRef = { id: 'o', kind: 'field', parentId: 's' };
    expect(moveError(field, other, stage, [subfield])).toBe(
      '该领域下设有二级领域，不能再移到其他领域之下（领域最多嵌套一层）',
    );
    expect(moveError(field, other, stage, [item])).toBeNull();
    expect(moveError(item, stage, null, [])).toBeNull();
  });

  it('deletes only what nothing hangs on: no children, no filed documents, never a stage', () => {
    expect(deleteError('stage', 0, 0)).toBe('公开环节是标准目录的固定结构，不能删除');
    expect(deleteError('field', 2, 0)).toBe('该节点下还有 2 个下级节点，请先删除或移走下级节点');
    expect(deleteError('item', 0, 3)).toContain('该公开事项下已归档 3 件政府信息');
    expect(deleteError('item', 0, 0)).toBeNull();
  });
});

describe('working days and periods', () => {
  it('counts working days from the day after the start (rules.md §10), skipping weekends and holidays', () => {
    expect(addWorkingDays('2026-06-05', 1)).toBe('2026-06-08'); // Friday → Monday
    expect(addWorkingDays('2026-06-17', 2)).toBe('2026-06-22'); // Thu 18, (Fri 19 holiday), Mon 22
    expect(addWorkingDays('2026-06-05', 0)).toBe('2026-06-05');
  });

  it('finds the period containing a date', () => {
    expect(periodContaining('2026-05-20', 'month')).toEqual({ start: '2026-05-01', end: '2026-05-31' });
    expect(periodContaining('2026-02-10', 'quarter')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(periodContaining('2026-08-01', 'half_year')).toEqual({ start: '2026-07-01', end: '2026-12-31' });
    expect(periodContaining('2026-12-31', 'year')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('takes as due the last closed period whose grace has run out before today', () => {
    // 8 June: May's information is due 20 working days after 31 May (29 June), so April is the last due month.
    expect(lastDuePeriod('2026-06-08', 'month', 20, addWorkingDays)).toMatchObject({
      start: '2026-04-01',
      end: '2026-04-30',
    });
    // Last year's information was due in late January: 2025 is due by 8 June 2026.
    expect(lastDuePeriod('2026-06-08', 'year', 20, addWorkingDays)).toMatchObject({
      start: '2025-01-01',
      end: '2025-12-31',
      due: '2026-01-28',
    });
    // On 10 January 2026 the 2025 information is not yet due: 2024 is.
    expect(lastDuePeriod('2026-01-10', 'year', 20, addWorkingDays).end).toBe('2024-12-31');
  });
});

describe('stale items: the newest content is older than the 公开时限 allows', () => {
  const today = '2026-06-08';

  it('after formation (条例第二十六条): the newest document was published within N working days of its 生成日期', () => {
    const rule = { kind: 'after_formation', workingDays: 20 } as const;
    // Written Friday 8 May 2026; 20 working days later is Friday 5 June.
    expect(
      staleness(rule, [doc('a', '2026-05-08', '2026-06-05T08:00:00Z')], today, addWorkingDays),
    ).toBeNull();
    const late = staleness(rule, [doc('a', '2026-05-08', '2026-06-08T02:00:00Z')], today, addWorkingDays);
    expect(late).toMatchObject({ dueDate: '2026-06-05', newest: { id: 'a' } });
    expect(late?.reason).toBe(
      '最新一件信息生成于 2026-05-08，2026-06-08 才公开，超过“形成之日起 20 个工作日内”的时限（应于 2026-06-05 前公开）',
    );
  });

  it('judges by the newest document, not by older ones', () => {
    const rule = { kind: 'after_formation', workingDays: 20 } as const;
    const oldAndLate = doc('old', '2018-03-22', '2026-06-01T02:00:00Z');
    const recentInTime = doc('new', '2026-06-01', '2026-06-02T02:00:00Z');
    expect(staleness(rule, [oldAndLate, recentInTime], today, addWorkingDays)).toBeNull();
  });

  it('realtime (实时公开): by the next working day after formation', () => {
    const rule = { kind: 'realtime' } as const;
    expect(
      staleness(rule, [doc('a', '2026-06-05', '2026-06-08T02:00:00Z')], today, addWorkingDays),
    ).toBeNull();
    expect(
      staleness(rule, [doc('a', '2026-06-04', '2026-06-08T02:00:00Z')], today, addWorkingDays)?.dueDate,
    ).toBe('2026-06-05');
  });

  it('periodic: the newest document must have been formed after the last period that is due', () => {
    const yearly = { kind: 'periodic', every: 'year', graceWorkingDays: 20 } as const;
    // The 2026 budget (formed February 2026) covers the year 2025 due in January.
    expect(
      staleness(yearly, [doc('b', '2026-02-20', '2026-02-25T02:00:00Z')], today, addWorkingDays),
    ).toBeNull();
    // Nothing since the 2024 budget: the 2025 period closed and ran past its due date.
    const stale = staleness(yearly, [doc('b', '2024-02-20', '2024-02-26T02:00:00Z')], today, addWorkingDays);
    expect(stale).toMatchObject({ dueDate: '2026-01-28' });
    expect(stale?.reason).toBe(
      '每年公开：2025-01-01 至 2025-12-31 的信息应于 2026-01-28 前公开，但最新一件信息生成于 2024-02-20',
    );
    const monthly = { kind: 'periodic', every: 'month', graceWorkingDays: 20 } as const;
    expect(
      staleness(monthly, [doc('m', '2026-05-06', '2026-05-07T02:00:00Z')], today, addWorkingDays),
    ).toBeNull();
    expect(
      staleness(monthly, [doc('m', '2026-04-20', '2026-04-21T02:00:00Z')], today, addWorkingDays),
    ).not.toBeNull();
  });

  it('none (长期公开): never stale; and an item without documents is empty, not stale', () => {
    expect(
      staleness({ kind: 'none' }, [doc('a', '2010-01-01', '2010-01-05T00:00:00Z')], today, addWorkingDays),
    ).toBeNull();
    expect(staleness({ kind: 'after_formation', workingDays: 20 }, [], today, addWorkingDays)).toBeNull();
  });

  it('describes each rule in words', () => {
    expect(describeFreshness({ kind: 'after_formation', workingDays: 20 })).toBe(
      '信息形成（变更）之日起 20 个工作日内公开',
    );
    expect(describeFreshness({ kind: 'periodic', every: 'quarter', graceWorkingDays: 20 })).toBe(
      '每季度公开，期满后 20 个工作日内',
    );
  });
});

describe('the consistency report: the catalog and what is published must agree', () => {
  const published = [
    doc('d1', '2026-06-01', '2026-06-02T02:00:00Z'),
    doc('d2', '2024-02-20', '2024-02-26T02:00:00Z'),
    doc('d3', '2026-05-20', '2026-05-21T02:00:00Z'),
  ];
  const run = (filings: { itemId: string; documentId: string }[]) =>
    checkConsistency({
      items: [
        { id: 'enrolment', mode: 'proactive', freshness: { kind: 'after_formation', workingDays: 20 } },
        {
          id: 'budget',
          mode: 'proactive',
          freshness: { kind: 'periodic', every: 'year', graceWorkingDays: 20 },
        },
        { id: 'final-accounts', mode: 'proactive', freshness: { kind: 'none' } },
        { id: 'personnel-files', mode: 'on_request', freshness: { kind: 'none' } },
      ],
      published,
      filings,
      today: '2026-06-08',
      addWorkingDays,
    });

  it('lists proactive items with no published document as empty (依申请公开 items are not published)', () => {
    const r = run([
      { itemId: 'enrolment', documentId: 'd1' },
      { itemId: 'budget', documentId: 'd2' },
    ]);
    expect(r.empty).toEqual(['final-accounts']);
  });

  it('lists items whose newest document is older than their 时限 allows as stale', () => {
    const r = run([
      { itemId: 'enrolment', documentId: 'd1' },
      { itemId: 'budget', documentId: 'd2' },
    ]);
    expect(r.stale.map((s) => s.itemId)).toEqual(['budget']);
  });

  it('lists published documents filed under no item as unfiled', () => {
    const r = run([
      { itemId: 'enrolment', documentId: 'd1' },
      { itemId: 'budget', documentId: 'd2' },
    ]);
    expect(r.unfiled.map((d) => d.id)).toEqual(['d3']);
  });

  it('ignores filings of documents no longer published: their item counts as empty again', () => {
    const r = run([{ itemId: 'final-accounts', documentId: 'withdrawn-one' }]);
    expect(r.empty).toEqual(['enrolment', 'budget', 'final-accounts']);
    expect(r.unfiled.map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
  });
});

describe('内容概述 from the body', () => {
  it('takes the first characters on one line', () => {
    expect(summarize('## 第一章\n\n为进一步做好政务公开工作，\n现将有关事项通知如下。', 20)).toBe(
      '第一章 为进一步做好政务公开工作， 现将…',
    );
    expect(summarize('短文')).toBe('短文');
  });
});

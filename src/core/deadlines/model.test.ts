import { describe, expect, it } from 'vitest';
import { yearOf } from '../calendar/dates.ts';
import { buildCalendar, type CalendarEntry } from '../calendar/model.ts';
import { nationalEntries, nationalYears } from '../calendar/national.ts';
import { computeDeadline, explainDeadline, type DeadlineSpec } from './model.ts';

const national = nationalEntries();
const calendar = buildCalendar({ years: nationalYears().map((y) => y.year), entries: national });

function spec(start: string, length: number, more: Partial<DeadlineSpec> = {}): DeadlineSpec {
  return {
    start,
    length,
    unit: 'working_days',
    regionCode: '',
    pauses: [],
    restarts: [],
    extensions: [],
    ...more,
  };
}

const NOW = new Date('2024-01-01T00:00:00Z');
const due = (s: DeadlineSpec, now = NOW) => computeDeadline(s, calendar, now);

describe('期间开始之日不计算在内: the start day is day 0, day 1 is the first working day after it', () => {
  // rules.md §10: received Friday 2024-09-27, answered by 2024-10-30.
  const result = due(spec('2024-09-27T10:00:00+08:00', 20));

  it('a request received on Friday 2024-09-27 is due on 2024-10-30, at the end of that day', () => {
    expect(result.dueDate).toBe('2024-10-30');
    expect(result.dueAt).toBe('2024-10-30T15:59:59.999Z'); // 23:59:59.999 in Shanghai
  });

  it('the breakdown shows day 0, the skipped days with their reasons and the counted days', () => {
    const b = result.breakdown;
    expect(b[0]).toEqual({ date: '2024-09-27', counted: false, reason: 'start_day' });
    expect(b[1]).toEqual({ date: '2024-09-28', counted: false, reason: 'weekend' });
    // Sunday 09-29 is a 调休 working day: it is day 1.
    expect(b[2]).toEqual({
      date: '2024-09-29',
      counted: true,
      n: 1,
      reason: 'adjusted_working_day',
      name: '国庆节',
    });
    expect(b[3]).toEqual({ date: '2024-09-30', counted: true, n: 2 });
    for (const d of b.slice(4, 11))
      expect(d).toMatchObject({ counted: false, reason: 'holiday', name: '国庆节' });
    expect(b.slice(4, 11).map((d) => d.date)).toEqual([
      '2024-10-01',
      '2024-10-02',
      '2024-10-03',
      '2024-10-04',
      '2024-10-05',
      '2024-10-06',
      '2024-10-07',
    ]);
    expect(b.find((d) => d.date === '2024-10-12')).toMatchObject({
      counted: true,
      reason: 'adjusted_working_day',
    });
    expect(b.at(-1)).toEqual({ date: '2024-10-30', counted: true, n: 20 });
    expect(b.filter((d) => d.counted)).toHaveLength(20);
  });

  it('explains itself in Chinese (worked example 1 of docs/deadlines.md)', () => {
    expect(
      explainDeadline(
        spec('2024-09-27T10:00:00+08:00', 20),
        due(spec('2024-09-27T10:00:00+08:00', 20), new Date('2024-10-15T02:00:00Z')),
      ),
    ).toBe(
      [
        '自2024-09-27（星期五）起算（期间开始之日不计算在内，当日不计入）。',
        '期限20个工作日。',
        '第1个工作日为2024-09-29（星期日，国庆节调休上班），第20个工作日为2024-10-30（星期三），期限于当日24时（北京时间）届满。',
        '调休上班日照常计入：2024-09-29（星期日，国庆节调休上班）、2024-10-12（星期六，国庆节调休上班）。',
        '跳过：9月28日 周末；10月1日–7日 国庆节；10月13日 周末；10月19日–20日 周末；10月26日–27日 周末。',
        '截至2024-10-15，距届满还有11个工作日。',
      ].join('\n'),
    );
  });

  it('the start day counts as Shanghai’s date: 01:00 UTC on the 27th is 09:00 on the 27th in Shanghai', () => {
    expect(due(spec('2024-09-27T01:00:00Z', 20)).dueDate).toBe('2024-10-30');
    // 17:00 UTC on the 26th is already 01:00 on the 27th in Shanghai.
    expect(due(spec('2024-09-26T17:00:00Z', 20)).dueDate).toBe('2024-10-30');
  });
});

describe('Spring Festival and National Day weeks with their 调休 weekends, 2024–2026', () => {
  const cases: [string, string, string][] = [
    // [received, due after 20 working days, why]
    ['2024-02-02', '2024-03-06', '2024 春节 02-10..17 off; Sun 02-04 and Sun 02-18 work'],
    ['2024-09-27', '2024-10-30', '2024 国庆 10-01..07 off; Sun 09-29 and Sat 10-12 work'],
    ['2025-01-24', '2025-02-27', '2025 春节 01-28..02-04 off; Sun 01-26 and Sat 02-08 work'],
    ['2025-09-25', '2025-10-29', '2025 国庆+中秋 10-01..08 off; Sun 09-28 and Sat 10-11 work'],
    ['2026-02-13', '2026-03-19', '2026 春节 02-15..23 off (9 days); Sat 02-14 and Sat 02-28 work'],
    ['2026-09-18', '2026-10-22', '2026 中秋 09-25..27 and 国庆 10-01..07 off; Sun 09-20 and Sat 10-10 work'],
  ];
  for (const [received, expected, why] of cases) {
    it(`received ${received} → due ${expected} (${why})`, () => {
      const r = due(spec(received, 20));
      expect(r.dueDate).toBe(expected);
      expect(r.provisional).toBe(false);
    });
  }

  it('2026: Saturday 02-14 is day 1, then nothing counts until Tuesday 02-24', () => {
    const b = due(spec('2026-02-13', 20)).breakdown;
    expect(b[1]).toEqual({
      date: '2026-02-14',
      counted: true,
      n: 1,
      reason: 'adjusted_working_day',
      name: '春节',
    });
    expect(b.slice(2, 11).every((d) => d.reason === 'holiday' && d.name === '春节')).toBe(true);
    expect(b[11]).toEqual({ date: '2026-02-24', counted: true, n: 2 });
  });
});

describe('a start on a weekend or a holiday', () => {
  it('Saturday 2024-09-28 is day 0; the 调休 Sunday after it is day 1', () => {
    const r = due(spec('2024-09-28', 20));
    expect(r.breakdown[1]).toMatchObject({ date: '2024-09-29', n: 1 });
    expect(r.dueDate).toBe('2024-10-30');
  });

  it('a start on the 调休 Sunday 2024-09-29 is still day 0', () => {
    expect(due(spec('2024-09-29', 20)).dueDate).toBe('2024-10-31');
  });

  it('a request received during National Day (2024-10-03) counts from 2024-10-08', () => {
    const r = due(spec('2024-10-03', 20));
    expect(r.breakdown.find((d) => d.counted)).toMatchObject({ date: '2024-10-08', n: 1 });
    expect(r.dueDate).toBe('2024-11-01');
  });
});

describe('pauses: the days of a pause [from, to) do not count', () => {
  const consultation = { from: '2024-09-27', to: '2024-10-10', reason: '征求第三方意见' };

  it('a third-party consultation across National Day adds exactly the working days it covered', () => {
    expect(due(spec('2024-09-23', 20)).dueDate).toBe('2024-10-24');
    const r = due(spec('2024-09-23', 20, { pauses: [consultation] }));
    // Paused working days: 09-27, 09-29 (调休), 09-30, 10-08, 10-09 — five; the holiday stays a holiday.
    expect(r.breakdown.filter((d) => d.reason === 'pause').map((d) => d.date)).toEqual([
      '2024-09-27',
      '2024-09-29',
      '2024-09-30',
      '2024-10-08',
      '2024-10-09',
    ]);
    expect(r.breakdown.find((d) => d.date === '2024-10-03')).toMatchObject({
      reason: 'holiday',
      name: '国庆节',
    });
    // The day the pause ends counts again.
    expect(r.breakdown.find((d) => d.date === '2024-10-10')).toEqual({
      date: '2024-10-10',
      counted: true,
      n: 4,
    });
    expect(r.dueDate).toBe('2024-10-31');
  });

  it('explains the pause (worked example 2 of docs/deadlines.md)', () => {
    const s = spec('2024-09-23', 20, { pauses: [consultation] });
    expect(explainDeadline(s, due(s, new Date('2024-10-15T02:00:00Z')))).toBe(
      [
        '自2024-09-23（星期一）起算（期间开始之日不计算在内，当日不计入）。',
        '期限20个工作日。',
        '第1个工作日为2024-09-24（星期二），第20个工作日为2024-10-31（星期四），期限于当日24时（北京时间）届满。',
        '调休上班日照常计入：2024-10-12（星期六，国庆节调休上班）。',
        '征求第三方意见：自2024-09-27起暂停，2024-10-10恢复计算（暂停期间不计入期限）。',
        '跳过：9月27日 暂停（征求第三方意见）；9月28日 周末；9月29日–30日 暂停（征求第三方意见）；10月1日–7日 国庆节；10月8日–9日 暂停（征求第三方意见）；10月13日 周末；10月19日–20日 周末；10月26日–27日 周末。',
        '截至2024-10-15，距届满还有12个工作日。',
      ].join('\n'),
    );
  });

  it('a pause that begins and ends on the same day costs nothing', () => {
    const r = due(
      spec('2024-09-23', 20, { pauses: [{ from: '2024-09-25', to: '2024-09-25', reason: '当日回复' }] }),
    );
    expect(r.dueDate).toBe('2024-10-24');
  });

  it('an open pause counts as paused through today; the due date assumes the clock restarts tomorrow', () => {
    const open = { ...consultation, to: null };
    const r = due(spec('2024-09-23', 20, { pauses: [open] }), new Date('2024-10-09T02:00:00Z'));
    expect(r.paused).toBe(true);
    expect(r.dueDate).toBe('2024-10-31'); // as if it ended today: same as a pause to 10-10
    const later = due(spec('2024-09-23', 20, { pauses: [open] }), new Date('2024-10-10T02:00:00Z'));
    expect(later.dueDate).toBe('2024-11-01'); // one more working day paused
  });
});

describe('restarts: after 补正 the 20 working days run again from the corrected request (Art 30)', () => {
  it('counts from the latest restart and ignores the days before it', () => {
    const s = spec('2024-09-02', 20, {
      restarts: [
        { at: '2024-09-10T15:00:00+08:00', reason: '申请人补正后重新提交' },
        { at: '2024-09-05', reason: '第一次补正' },
      ],
    });
    const r = due(s);
    expect(r.startDate).toBe('2024-09-10');
    expect(r.breakdown[0]).toEqual({
      date: '2024-09-10',
      counted: false,
      reason: 'start_day',
      name: '申请人补正后重新提交',
    });
    // 09-14 (Sat) is a 调休 day for 中秋 (09-15..17), then 国庆.
    expect(r.breakdown.find((d) => d.date === '2024-09-14')).toMatchObject({
      n: 4,
      reason: 'adjusted_working_day',
    });
    expect(r.dueDate).toBe('2024-10-14');
    expect(explainDeadline(s, r)).toMatch(/^因申请人补正后重新提交，自2024-09-10（星期二）重新起算/);
  });
});

describe('extensions add to the length (Art 33: 延长不超过20个工作日)', () => {
  it('20 + 20 working days from 2024-09-27 end on 2024-11-27', () => {
    const s = spec('2024-09-27', 20, {
      extensions: [{ length: 20, reason: '需要较长时间检索', approvedBy: '政务公开办负责人' }],
    });
    const r = due(s);
    expect(r.totalLength).toBe(40);
    expect(r.dueDate).toBe('2024-11-27');
    expect(explainDeadline(s, r)).toContain(
      '期限20个工作日；延长20个工作日（需要较长时间检索，政务公开办负责人批准），合计40个工作日。',
    );
  });
});

describe('hour clocks run day and night, holidays included (rules.md §10)', () => {
  const hours = (start: string, n: number, more: Partial<DeadlineSpec> = {}) =>
    due(spec(start, n, { unit: 'hours', ...more }));

  it('1 hour: first release of an opinion incident at 09:30 is due at 10:30', () => {
    const r = hours('2024-10-01T09:30:00+08:00', 1);
    expect(r.dueAt).toBe('2024-10-01T02:30:00.000Z');
    expect(r.dueDate).toBe('2024-10-01');
  });

  it('5 hours from 22:00 on New Year’s Eve run across midnight into the 元旦 holiday', () => {
    const r = hours('2024-12-31T22:00:00+08:00', 5);
    expect(r.dueAt).toBe('2024-12-31T19:00:00.000Z'); // 03:00 on 2025-01-01 in Shanghai
    expect(r.dueDate).toBe('2025-01-01');
    expect(r.breakdown).toEqual([
      { date: '2024-12-31', counted: true, hours: 2 },
      { date: '2025-01-01', counted: true, hours: 3, name: '元旦' },
    ]);
  });

  it('24 hours from 18:00 on 09-30 end at 18:00 on the National Day holiday', () => {
    const r = hours('2024-09-30T18:00:00+08:00', 24);
    expect(r.dueAt).toBe('2024-10-01T10:00:00.000Z');
    expect(r.breakdown.map((d) => d.hours)).toEqual([6, 18]);
  });

  it('a pause stops the hour clock for exactly its length', () => {
    const r = hours('2024-10-01T08:00:00+08:00', 24, {
      pauses: [
        { from: '2024-10-01T12:00:00+08:00', to: '2024-10-01T15:00:00+08:00', reason: '等待上级指示' },
      ],
    });
    expect(r.dueAt).toBe('2024-10-02T03:00:00.000Z'); // 11:00 on 10-02 instead of 08:00
  });
});

describe('calendar days count every day, holidays included', () => {
  it('7 days from 2024-09-27 end on 2024-10-04, in the middle of National Day', () => {
    const r = due(spec('2024-09-27', 7, { unit: 'calendar_days' }));
    expect(r.dueDate).toBe('2024-10-04');
    expect(r.breakdown.filter((d) => d.counted)).toHaveLength(7);
    expect(r.breakdown.at(-1)).toEqual({ date: '2024-10-04', counted: true, n: 7, name: '国庆节' });
  });

  it('paused days do not count', () => {
    const r = due(
      spec('2024-09-27', 7, {
        unit: 'calendar_days',
        pauses: [{ from: '2024-09-30', to: '2024-10-02', reason: '会商' }],
      }),
    );
    expect(r.dueDate).toBe('2024-10-06');
  });
});

describe('regional overrides', () => {
  // Test data for the mechanism: a Ningxia holiday on Monday 2024-10-14 (not a real arrangement).
  const override: CalendarEntry = {
    regionCode: '640000',
    date: '2024-10-14',
    isWorking: false,
    name: '测试节',
    source: 'admin',
  };
  const withOverride = buildCalendar({
    years: nationalYears().map((y) => y.year),
    entries: [...national, override],
  });

  it('a weekday made non-working in the province moves deadlines there and in its counties, not elsewhere', () => {
    const s = (regionCode: string) => spec('2024-09-27', 20, { regionCode });
    const now = NOW;
    expect(computeDeadline(s(''), withOverride, now).dueDate).toBe('2024-10-30');
    expect(computeDeadline(s('110000'), withOverride, now).dueDate).toBe('2024-10-30');
    expect(computeDeadline(s('640000'), withOverride, now).dueDate).toBe('2024-10-31');
    const county = computeDeadline(s('640422'), withOverride, now);
    expect(county.dueDate).toBe('2024-10-31');
    expect(county.breakdown.find((d) => d.date === '2024-10-14')).toEqual({
      date: '2024-10-14',
      counted: false,
      reason: 'holiday',
      name: '测试节',
    });
  });
});

describe('years without national data are never guessed silently', () => {
  // The calendar as it stood in November 2026: national data up to 2026, the 2027 notice not yet in.
  const until2026 = buildCalendar({
    years: nationalYears()
      .map((y) => y.year)
      .filter((y) => y <= 2026),
    entries: national.filter((e) => yearOf(e.date) <= 2026),
  });

  it('a deadline running into 2027 is provisional and says so', () => {
    const s = spec('2026-12-15', 20);
    const r = computeDeadline(s, until2026, new Date('2026-12-15T02:00:00Z'));
    expect(r.dueDate).toBe('2027-01-12'); // the weekday rule's answer (it even counts 2027-01-01)
    expect(r.provisional).toBe(true);
    expect(r.missingYears).toEqual([2027]);
    expect(explainDeadline(s, r)).toContain('尚无2027年的国务院节假日安排数据');
  });

  it('a deadline that stays inside covered years is not provisional', () => {
    const r = computeDeadline(spec('2026-11-20', 20), until2026, new Date('2026-11-20T02:00:00Z'));
    expect(r.provisional).toBe(false);
  });
});

describe('working days left and overdue', () => {
  const s = spec('2024-09-27', 20); // due 2024-10-30 (Wed)
  const at = (iso: string) => due(s, new Date(iso));

  it('counts the working days after today up to the due day; 0 on the due day', () => {
    expect(at('2024-10-25T02:00:00Z').workingDaysLeft).toBe(3); // 10-28, 10-29, 10-30
    expect(at('2024-10-29T02:00:00Z').workingDaysLeft).toBe(1);
    expect(at('2024-10-30T15:00:00Z')).toMatchObject({ workingDaysLeft: 0, overdue: false }); // 23:00 Shanghai
  });

  it('is overdue from 00:00 the next day, and negative by the working days since, at least 1', () => {
    expect(at('2024-10-30T16:00:00Z')).toMatchObject({ workingDaysLeft: -1, overdue: true }); // 10-31 00:00
    expect(at('2024-11-02T02:00:00Z')).toMatchObject({ workingDaysLeft: -2, overdue: true }); // Sat after 10-31, 11-01
    expect(at('2024-11-04T02:00:00Z').workingDaysLeft).toBe(-3);
  });

  it('a Friday deadline seen on Saturday is already one day late', () => {
    const friday = spec('2024-10-31', 1); // due Friday 2024-11-01
    expect(due(friday, new Date('2024-11-02T02:00:00Z'))).toMatchObject({
      workingDaysLeft: -1,
      overdue: true,
    });
  });
});

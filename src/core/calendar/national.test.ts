import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, datesOfYear, isWeekend } from './dates.ts';
import { buildCalendar } from './model.ts';
import { chineseDaysYears, fixtureYears, mergeNational, nationalEntries, nationalYears } from './national.ts';

/**
 * The State Council notices for 2024–2026 as /work/shared/domain/rules.md §9 lists them:
 * 2024 国办发明电〔2023〕7号, 2025 国办发明电〔2024〕12号, 2026 notice of 2025-11-04.
 * `off` ranges are inclusive and include the weekend days inside a holiday; `work` are the
 * 调休 weekends that are working days.
 */
const NOTICES: Record<number, { name: string | string[]; off: [string, string]; work?: string[] }[]> = {
  2024: [
    { name: '元旦', off: ['2024-01-01', '2024-01-01'] },
    { name: '春节', off: ['2024-02-10', '2024-02-17'], work: ['2024-02-04', '2024-02-18'] },
    { name: '清明节', off: ['2024-04-04', '2024-04-06'], work: ['2024-04-07'] },
    { name: '劳动节', off: ['2024-05-01', '2024-05-05'], work: ['2024-04-28', '2024-05-11'] },
    { name: '端午节', off: ['2024-06-10', '2024-06-10'] },
    { name: '中秋节', off: ['2024-09-15', '2024-09-17'], work: ['2024-09-14'] },
    { name: '国庆节', off: ['2024-10-01', '2024-10-07'], work: ['2024-09-29', '2024-10-12'] },
  ],
  2025: [
    { name: '元旦', off: ['2025-01-01', '2025-01-01'] },
    { name: '春节', off: ['2025-01-28', '2025-02-04'], work: ['2025-01-26', '2025-02-08'] },
    { name: '清明节', off: ['2025-04-04', '2025-04-06'] },
    { name: '劳动节', off: ['2025-05-01', '2025-05-05'], work: ['2025-04-27'] },
    { name: '端午节', off: ['2025-05-31', '2025-06-02'] },
    // 国庆节、中秋节 together (中秋 fell on 10-06).
    { name: ['国庆节', '中秋节'], off: ['2025-10-01', '2025-10-08'], work: ['2025-09-28', '2025-10-11'] },
  ],
  2026: [
    { name: '元旦', off: ['2026-01-01', '2026-01-03'], work: ['2026-01-04'] },
    { name: '春节', off: ['2026-02-15', '2026-02-23'], work: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', off: ['2026-04-04', '2026-04-06'] },
    { name: '劳动节', off: ['2026-05-01', '2026-05-05'], work: ['2026-05-09'] },
    { name: '端午节', off: ['2026-06-19', '2026-06-21'] },
    { name: '中秋节', off: ['2026-09-25', '2026-09-27'] },
    { name: '国庆节', off: ['2026-10-01', '2026-10-07'], work: ['2026-09-20', '2026-10-10'] },
  ],
};

const calendar = buildCalendar({ years: nationalYears().map((y) => y.year), entries: nationalEntries() });

describe('the national calendar matches the State Council notices (rules.md §9)', () => {
  for (const [year, holidays] of Object.entries(NOTICES)) {
    describe(year, () => {
      const off = new Map<string, string[]>();
      const work = new Map<string, string[]>();
      for (const h of holidays) {
        const names = Array.isArray(h.name) ? h.name : [h.name];
        for (let d = h.off[0]; d <= h.off[1]; d = addDays(d, 1)) off.set(d, names);
        for (const d of h.work ?? []) work.set(d, names);
      }

      it('has national data for the year', () => {
        expect(calendar.isCovered(Number(year))).toBe(true);
      });

      it('every listed holiday day is off, with the holiday’s name', () => {
        for (const [date, names] of off) {
          const day = calendar.day(date);
          expect({ date, isWorking: day.isWorking, reason: day.reason }).toEqual({
            date,
            isWorking: false,
            reason: 'holiday',
          });
          expect(names, date).toContain(day.name);
        }
      });

      it('every listed make-up day is a working weekend day (调休上班)', () => {
        for (const [date, names] of work) {
          expect(isWeekend(date), `${date} is a weekend day`).toBe(true);
          const day = calendar.day(date);
          expect({ date, isWorking: day.isWorking, reason: day.reason }).toEqual({
            date,
            isWorking: true,
            reason: 'adjusted_working_day',
          });
          expect(names, date).toContain(day.name);
        }
      });

      it('every other day follows the weekday rule: nothing more, nothing less', () => {
        for (const date of datesOfYear(Number(year))) {
          if (off.has(date) || work.has(date)) continue;
          expect({ date, isWorking: calendar.day(date).isWorking }).toEqual({
            date,
            isWorking: !isWeekend(date),
          });
        }
      });
    });
  }
});

describe('chinese-days as the source', () => {
  it('covers every year from 2004 to at least 2026, and nothing far ahead', () => {
    const years = nationalYears().map((y) => y.year);
    expect(years[0]).toBe(2004);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
    expect(years.at(-1)).toBeGreaterThanOrEqual(2026);
    expect(calendar.isCovered(2099)).toBe(false);
  });

  it('reads the Chinese names and completes the short ones (清明 → 清明节)', () => {
    const years = chineseDaysYears({
      holidays: { '2024-04-04': 'Tomb-sweeping Day,清明,1', '2024-10-01': 'National Day,国庆节,3' },
      workdays: { '2024-04-07': 'Tomb-sweeping Day,清明,1' },
    });
    expect(years.get(2024)?.days).toEqual([
      { date: '2024-04-04', isWorking: false, name: '清明节' },
      { date: '2024-04-07', isWorking: true, name: '清明节' },
      { date: '2024-10-01', isWorking: false, name: '国庆节' },
    ]);
  });
});

describe('fixture years', () => {
  const fixture = {
    year: 2024,
    notice: '国办发明电〔2023〕7号',
    url: 'https://zh.wikisource.org/wiki/国务院办公厅关于2024年部分节假日安排的通知',
    days: [{ date: '2024-01-01', isWorking: false, name: '元旦' }],
  };

  function withFixtures<T>(files: Record<string, unknown>, fn: (dir: string) => T): T {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-fixtures-'));
    try {
      for (const [name, content] of Object.entries(files))
        writeFileSync(join(dir, name), JSON.stringify(content));
      return fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('a fixture replaces the library’s year whole and is marked as a fixture', () => {
    const library = chineseDaysYears({
      holidays: { '2024-01-01': "New Year's Day,元旦,1", '2024-02-12': 'Spring Festival,春节,3' },
      workdays: {},
    });
    const merged = withFixtures({ '2024.json': fixture }, (dir) => mergeNational(library, fixtureYears(dir)));
    expect(merged).toHaveLength(1);
    expect(merged[0]?.source).toBe('fixture');
    expect(merged[0]?.days).toEqual([{ date: '2024-01-01', isWorking: false, name: '元旦' }]);
  });

  it('a missing fixture folder means no fixtures', () => {
    expect(fixtureYears(join(tmpdir(), 'gongkai-no-such-folder')).size).toBe(0);
  });

  it('refuses a fixture with a date outside its year or without a source', () => {
    const wrongYear = { ...fixture, days: [{ date: '2025-01-01', isWorking: false, name: '元旦' }] };
    expect(() => withFixtures({ 'x.json': wrongYear }, fixtureYears)).toThrow(/invalid/);
    const { url: _url, ...noUrl } = fixture;
    expect(() => withFixtures({ 'x.json': noUrl }, fixtureYears)).toThrow(/invalid/);
  });
});

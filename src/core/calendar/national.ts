/**
 * The national calendar's data: the `chinese-days` package's JSON (read directly: its functions
 * silently fall back to the weekday rule for years it lacks), and fixture files in ./fixtures for
 * a year the package lacks or gets wrong. A fixture year replaces the package's year whole.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isIsoDate, yearOf } from './dates.ts';
import { NATIONAL, type CalendarEntry } from './model.ts';

export interface NationalYear {
  year: number;
  source: 'chinese-days' | 'fixture';
  /** Holidays (incl. the weekend days inside a holiday) and 调休 working weekends, by date. */
  days: { date: string; isWorking: boolean; name: string }[];
  /** sha256 of the days: a changed package or fixture reloads the year. */
  hash: string;
}

const dateMap = z.record(z.string().refine(isIsoDate), z.string());
const chineseDaysSchema = z.object({ holidays: dateMap, workdays: dateMap });
export type ChineseDaysData = z.infer<typeof chineseDaysSchema>;

/** chinese-days writes 'National Day,国庆节,3'; the notices say 清明节, 端午节, 中秋节. */
const FULL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

function chineseName(value: string): string {
  const name = value.split(',')[1]?.trim() || value;
  return FULL_NAMES[name] ?? name;
}

function hashDays(days: NationalYear['days']): string {
  return createHash('sha256').update(JSON.stringify(days)).digest('hex');
}

function toYears(source: NationalYear['source'], days: NationalYear['days']): Map<number, NationalYear> {
  const byYear = new Map<number, NationalYear['days']>();
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const list = byYear.get(yearOf(d.date)) ?? [];
    list.push(d);
    byYear.set(yearOf(d.date), list);
  }
  return new Map(
    [...byYear].map(([year, list]) => [year, { year, source, days: list, hash: hashDays(list) }]),
  );
}

/** The years in chinese-days' data (every year with at least one holiday). */
export function chineseDaysYears(data: ChineseDaysData): Map<number, NationalYear> {
  const days = [
    ...Object.entries(data.holidays).map(([date, v]) => ({ date, isWorking: false, name: chineseName(v) })),
    ...Object.entries(data.workdays).map(([date, v]) => ({ date, isWorking: true, name: chineseName(v) })),
  ];
  return toYears('chinese-days', days);
}

/**
 * A fixture: one year as the State Council notice lists it, e.g.
 * `{ "year": 2027, "notice": "国办发明电〔2026〕N号", "url": "https://www.gov.cn/…",
 *    "days": [{ "date": "2027-01-01", "isWorking": false, "name": "元旦" }, …] }`
 * with every holiday date (weekend days inside a holiday too) and every 调休 working weekend.
 */
export const fixtureSchema = z
  .object({
    year: z.number().int().min(1949).max(2200),
    notice: z.string().min(1),
    url: z.url(),
    days: z.array(
      z.object({ date: z.string().refine(isIsoDate), isWorking: z.boolean(), name: z.string().min(1) }),
    ),
  })
  .refine((f) => f.days.every((d) => yearOf(d.date) === f.year), {
    message: 'every date must be in the year',
  });

export function fixtureYears(dir: string): Map<number, NationalYear> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw e;
  }
  const out = new Map<number, NationalYear>();
  for (const file of files.sort()) {
    const parsed = fixtureSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`calendar fixture ${file} is invalid: ${parsed.error.message}`);
    const year = toYears('fixture', parsed.data.days).get(parsed.data.year);
    // A year with no holiday at all cannot be a notice's year; refuse rather than mark it covered.
    if (!year) throw new Error(`calendar fixture ${file} lists no days`);
    out.set(parsed.data.year, year);
  }
  return out;
}

/** Package years overlaid with fixture years (a fixture wins for its whole year). */
export function mergeNational(
  library: Map<number, NationalYear>,
  fixtures: Map<number, NationalYear>,
): NationalYear[] {
  const merged = new Map(library);
  for (const [year, y] of fixtures) merged.set(year, y);
  return [...merged.values()].sort((a, b) => a.year - b.year);
}

export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

let cached: NationalYear[] | null = null;

/** The national years this build ships: chinese-days plus ./fixtures. */
export function nationalYears(): NationalYear[] {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const raw: unknown = JSON.parse(
      readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8'),
    );
    const library = chineseDaysYears(chineseDaysSchema.parse(raw));
    cached = mergeNational(library, fixtureYears(FIXTURES_DIR));
  }
  return cached;
}

/** The national years as calendar entries (what the seeding writes to calendar_days). */
export function nationalEntries(years: NationalYear[] = nationalYears()): CalendarEntry[] {
  return years.flatMap((y) =>
    y.days.map((d) => ({
      regionCode: NATIONAL,
      date: d.date,
      isWorking: d.isWorking,
      name: d.name,
      source: y.source,
    })),
  );
}

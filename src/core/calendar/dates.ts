/**
 * Calendar dates ('YYYY-MM-DD') and instants, as counted in Asia/Shanghai. China has kept UTC+8
 * without daylight saving since 1991, so a fixed offset is exact for every date we count, and no
 * time-zone database is needed. Instants are stored as UTC ISO text; days are Shanghai calendar days.
 */

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An explicit zone is required: a bare local time would be read in the server's zone.
const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

/** A real calendar date written 'YYYY-MM-DD' (2024-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** An ISO-8601 date-time with an explicit zone ('Z' or ±hh:mm) whose date part is real. */
export function isIsoDateTime(s: string): boolean {
  const m = DATETIME_RE.exec(s);
  return m !== null && isIsoDate(m[1] as string) && !Number.isNaN(Date.parse(s));
}

/**
 * Reads a point in time: an ISO date-time with a zone, or a plain date meaning the start of that
 * day in Shanghai. Throws RangeError on anything else (callers validate user input first).
 */
export function parseInstant(s: string): Date {
  if (isIsoDate(s)) return startOfDay(s);
  if (isIsoDateTime(s)) return new Date(s);
  throw new RangeError(`not an ISO date or date-time with a zone: ${s}`);
}

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:mm' in Shanghai, for people. */
export function shanghaiDateTime(instant: Date): string {
  const iso = new Date(instant.getTime() + OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** 00:00:00.000 of a date in Shanghai. */
export function startOfDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - OFFSET_MS);
}

/** 23:59:59.999 of a date in Shanghai: the last instant of the day, when a period of days ends. */
export function endOfDay(date: string): Date {
  return new Date(startOfDay(date).getTime() + DAY_MS - 1);
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00.000Z`).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** '2024-10-30（星期三）', or with a note: '2024-09-29（星期日，国庆节调休）'. */
export function formatDate(date: string, note?: string): string {
  return `${date}（${WEEKDAY_NAMES[dayOfWeek(date)]}${note ? `，${note}` : ''}）`;
}

/** '10月1日', or '2025年1月1日' when `withYear`. */
export function formatMonthDay(date: string, withYear = false): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${withYear ? `${y}年` : ''}${m}月${d}日`;
}

/** Every date of a year, in order. */
export function datesOfYear(year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) out.push(d);
  return out;
}

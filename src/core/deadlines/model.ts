/**
 * Deadlines (期限) as data: a start, a length in working days, calendar days or hours, pauses,
 * restarts and extensions. `computeDeadline` answers the due date, the working days left and
 * whether it is overdue, with the day-by-day breakdown behind the answer; `explainDeadline` says
 * the same in Chinese. Pure: the calendar comes in as a snapshot and "now" as an argument.
 *
 * The counting rule is that of Chinese procedural law (《民事诉讼法》第八十五条: 期间开始的时和日，
 * 不计算在期间内; applied to administrative cases by 《行政诉讼法》第一百零一条): the start day is
 * day 0, day 1 is the first working day after it, and the period ends at the end (23:59:59.999
 * Asia/Shanghai) of working day N. The 条例 (Art 33) gives "自收到申请之日起20个工作日内";
 * see docs/deadlines.md.
 */
import {
  addDays,
  endOfDay,
  formatDate,
  formatMonthDay,
  parseInstant,
  shanghaiDate,
  shanghaiDateTime,
  yearOf,
} from '../calendar/dates.ts';
import type { CalendarSnapshot } from '../calendar/model.ts';

export const DEADLINE_UNITS = ['working_days', 'calendar_days', 'hours'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export const UNIT_LABELS: Record<DeadlineUnit, string> = {
  working_days: '个工作日',
  calendar_days: '日',
  hours: '小时',
};

/**
 * A period that does not count (third-party or other-agency consultation, Art 32–33). Days: the
 * Shanghai dates from `from`'s date up to but not including `to`'s date ([from, to)): the day the
 * pause begins is not counted, the day it ends counts again. Hours: the instants [from, to).
 * `to` null = still paused; the due date is then projected as if the clock restarts tomorrow
 * (days) or now (hours).
 */
export interface DeadlinePause {
  from: string;
  to: string | null;
  reason: string;
}

/** The count begins again from `at` (e.g. a corrected request received after 补正, Art 30). */
export interface DeadlineRestart {
  at: string;
  reason: string;
}

/** Adds `length` units (Art 33: 延长答复期限, with the approval of the office's head). */
export interface DeadlineExtension {
  length: number;
  reason: string;
  approvedBy: string;
}

/**
 * `start`, pause bounds and restart `at` are ISO date-times with a zone, or plain dates meaning
 * 00:00 of that day in Shanghai. `regionCode` is '' (national) or a 行政区划代码.
 */
export interface DeadlineSpec {
  start: string;
  length: number;
  unit: DeadlineUnit;
  regionCode: string;
  pauses: DeadlinePause[];
  restarts: DeadlineRestart[];
  extensions: DeadlineExtension[];
}

export const BREAKDOWN_REASONS = [
  'start_day',
  'weekend',
  'holiday',
  'adjusted_working_day',
  'pause',
] as const;
export type BreakdownReason = (typeof BREAKDOWN_REASONS)[number];

/**
 * One date between start and due. Skipped days carry the reason (weekend, holiday with its name,
 * pause with its reason); a counted 调休 weekend carries 'adjusted_working_day'. For calendar days
 * and hours a holiday's name is shown on counted days too, since holidays count there.
 */
export interface BreakdownDay {
  date: string;
  counted: boolean;
  /** The ordinal of a counted day (working day 1, 2, … or calendar day 1, 2, …). */
  n?: number;
  reason?: BreakdownReason;
  name?: string;
  /** Hour clocks: the hours counted on this date. */
  hours?: number;
}

export interface DeadlineResult {
  /** End of day N (days), or the exact instant (hours); UTC ISO. */
  dueAt: string;
  dueDate: string;
  /** Working days after today up to the due date; 0 on the due day; −k when k working days late (≥ 1). */
  workingDaysLeft: number;
  overdue: boolean;
  /** An open pause: the due date assumes the clock restarts tomorrow (days) or now (hours). */
  paused: boolean;
  /** True when a year without national holiday data was used: the weekday rule stood in for it. */
  provisional: boolean;
  missingYears: number[];
  /** Day 0 of the count (the start, or the latest restart). */
  startDate: string;
  startedAt: string;
  restart: DeadlineRestart | null;
  /** The length with every extension added. */
  totalLength: number;
  asOf: string;
  breakdown: BreakdownDay[];
}

const HOUR_MS = 3_600_000;
// Ten years of dates: no real period is longer, and a calendar with no working days must not hang.
const MAX_DAYS = 3660;

export function totalLength(spec: DeadlineSpec): number {
  return spec.length + spec.extensions.reduce((sum, e) => sum + e.length, 0);
}

/** An open pause stops the clock (and the due date is then only a projection). */
export function isPaused(spec: Pick<DeadlineSpec, 'pauses'>): boolean {
  return spec.pauses.some((p) => p.to === null);
}

/** The restart that counts: the latest one. */
export function latestRestart(spec: DeadlineSpec): DeadlineRestart | null {
  let latest: DeadlineRestart | null = null;
  for (const r of spec.restarts) {
    if (!latest || parseInstant(r.at).getTime() >= parseInstant(latest.at).getTime()) latest = r;
  }
  return latest;
}

interface DateRange {
  from: string;
  to: string;
  reason: string;
}

/** Pauses as Shanghai date ranges [from, to); an open pause covers today as well. */
function pauseDateRanges(pauses: DeadlinePause[], today: string): DateRange[] {
  return pauses.map((p) => {
    const from = shanghaiDate(parseInstant(p.from));
    const to = p.to === null ? addDays(from > today ? from : today, 1) : shanghaiDate(parseInstant(p.to));
    return { from, to, reason: p.reason };
  });
}

/** Working days in (from, to], counted in the deadline's region. */
function workingDaysBetween(from: string, to: string, isWorking: (d: string) => boolean): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorking(d)) n++;
  return n;
}

export function computeDeadline(spec: DeadlineSpec, calendar: CalendarSnapshot, now: Date): DeadlineResult {
  const missing = new Set<number>();
  // Every lookup that decides a count goes through here, so that a guessed year is never silent.
  const isWorking = (date: string): boolean => {
    const day = calendar.day(date, spec.regionCode);
    if (!day.covered) missing.add(yearOf(date));
    return day.isWorking;
  };
  const restart = latestRestart(spec);
  const started = parseInstant(restart?.at ?? spec.start);
  const total = totalLength(spec);
  const today = shanghaiDate(now);

  const counted =
    spec.unit === 'hours'
      ? countHours(spec, calendar, started, total, now)
      : countDays(spec, calendar, started, total, today, isWorking, restart);

  const dueDate = counted.dueDate;
  let workingDaysLeft = 0;
  if (today < dueDate) workingDaysLeft = workingDaysBetween(today, dueDate, isWorking);
  else if (today > dueDate) workingDaysLeft = -Math.max(1, workingDaysBetween(dueDate, today, isWorking));

  const missingYears = [...missing].sort((a, b) => a - b);
  return {
    dueAt: counted.dueAt.toISOString(),
    dueDate,
    workingDaysLeft,
    overdue: now.getTime() > counted.dueAt.getTime(),
    paused: isPaused(spec),
    provisional: missingYears.length > 0,
    missingYears,
    startDate: shanghaiDate(started),
    startedAt: started.toISOString(),
    restart,
    totalLength: total,
    asOf: now.toISOString(),
    breakdown: counted.breakdown,
  };
}

interface Counted {
  dueAt: Date;
  dueDate: string;
  breakdown: BreakdownDay[];
}

/** Working days and calendar days: 期间开始之日不计算在内, then count N days, skipping pauses. */
function countDays(
  spec: DeadlineSpec,
  calendar: CalendarSnapshot,
  started: Date,
  total: number,
  today: string,
  isWorking: (d: string) => boolean,
  restart: DeadlineRestart | null,
): Counted {
  const startDate = shanghaiDate(started);
  const pauses = pauseDateRanges(spec.pauses, today);
  const pauseOn = (d: string): DateRange | undefined => pauses.find((p) => p.from <= d && d < p.to);
  const breakdown: BreakdownDay[] = [
    { date: startDate, counted: false, reason: 'start_day', ...(restart ? { name: restart.reason } : {}) },
  ];
  let n = 0;
  let date = startDate;
  for (let i = 0; n < total; i++) {
    if (i >= MAX_DAYS) throw new RangeError(`no due date within ${MAX_DAYS} days of ${startDate}`);
    date = addDays(date, 1);
    if (spec.unit === 'working_days') {
      if (!isWorking(date)) {
        const day = calendar.day(date, spec.regionCode);
        breakdown.push({
          date,
          counted: false,
          reason: day.reason === 'weekend' ? 'weekend' : 'holiday',
          ...(day.name ? { name: day.name } : {}),
        });
        continue;
      }
      const pause = pauseOn(date);
      if (pause) {
        breakdown.push({ date, counted: false, reason: 'pause', name: pause.reason });
        continue;
      }
      n++;
      const day = calendar.day(date, spec.regionCode);
      breakdown.push(
        day.reason === 'adjusted_working_day'
          ? {
              date,
              counted: true,
              n,
              reason: 'adjusted_working_day',
              ...(day.name ? { name: day.name } : {}),
            }
          : { date, counted: true, n },
      );
    } else {
      const pause = pauseOn(date);
      if (pause) {
        breakdown.push({ date, counted: false, reason: 'pause', name: pause.reason });
        continue;
      }
      n++;
      // Calendar days count holidays; the name is shown only so that the breakdown says so.
      const day = calendar.day(date, spec.regionCode);
      breakdown.push({
        date,
        counted: true,
        n,
        ...(day.reason === 'holiday' && day.name ? { name: day.name } : {}),
      });
    }
  }
  return { dueAt: endOfDay(date), dueDate: date, breakdown };
}

/** Hour clocks run day and night, holidays included (rules.md §10); pauses stop them. */
function countHours(
  spec: DeadlineSpec,
  calendar: CalendarSnapshot,
  started: Date,
  total: number,
  now: Date,
): Counted {
  const start = started.getTime();
  const intervals = spec.pauses
    .map((p) => {
      const from = parseInstant(p.from).getTime();
      const to = p.to === null ? Math.max(from, now.getTime()) : parseInstant(p.to).getTime();
      return { from, to };
    })
    .filter((p) => p.to > p.from)
    .sort((a, b) => a.from - b.from);

  let cursor = start;
  let remaining = total * HOUR_MS;
  for (const p of intervals) {
    if (p.to <= cursor) continue;
    const from = Math.max(p.from, cursor);
    if (from - cursor >= remaining) break;
    remaining -= from - cursor;
    cursor = p.to;
  }
  const due = cursor + remaining;

  const overlap = (a0: number, a1: number, b0: number, b1: number): number =>
    Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  const breakdown: BreakdownDay[] = [];
  const dueDate = shanghaiDate(new Date(due));
  for (let date = shanghaiDate(started); date <= dueDate; date = addDays(date, 1)) {
    const d0 = parseInstant(date).getTime();
    const d1 = d0 + 24 * HOUR_MS;
    const inPeriod = overlap(start, due, d0, d1);
    const paused = intervals.reduce(
      (sum, p) => sum + overlap(Math.max(p.from, start), Math.min(p.to, due), d0, d1),
      0,
    );
    const ms = inPeriod - paused;
    const day = calendar.day(date, spec.regionCode);
    const name = day.reason === 'holiday' && day.name ? { name: day.name } : {};
    if (ms > 0)
      breakdown.push({ date, counted: true, hours: Math.round((ms / HOUR_MS) * 100) / 100, ...name });
    else if (paused > 0) breakdown.push({ date, counted: false, reason: 'pause', hours: 0 });
    else breakdown.push({ date, counted: false, hours: 0, ...name });
  }
  return { dueAt: new Date(due), dueDate, breakdown };
}

// ---------------------------------------------------------------------------------------------
// The explanation in Chinese, for every screen and notice.

const REASON_TEXT: Record<BreakdownReason, string> = {
  start_day: '起算日',
  weekend: '周末',
  holiday: '节假日',
  adjusted_working_day: '调休上班',
  pause: '暂停',
};

interface Run {
  from: string;
  to: string;
  label: string;
}

/** Consecutive dates with the same label, as '10月1日–7日 国庆节'. */
function runs(days: BreakdownDay[], label: (d: BreakdownDay) => string): Run[] {
  const out: Run[] = [];
  for (const d of days) {
    const l = label(d);
    const last = out[out.length - 1];
    if (last && last.label === l && addDays(last.to, 1) === d.date) last.to = d.date;
    else out.push({ from: d.date, to: d.date, label: l });
  }
  return out;
}

function formatRun(r: Run, baseYear: number): string {
  const withYear = yearOf(r.from) !== baseYear || yearOf(r.to) !== baseYear;
  const from = formatMonthDay(r.from, withYear);
  if (r.from === r.to) return `${from} ${r.label}`;
  const sameMonth = r.from.slice(0, 7) === r.to.slice(0, 7);
  const to = sameMonth ? `${Number(r.to.slice(8))}日` : formatMonthDay(r.to, withYear);
  return `${from}–${to} ${r.label}`;
}

function skipLabel(d: BreakdownDay): string {
  if (d.reason === 'pause') return `暂停（${d.name ?? ''}）`;
  if (d.reason === 'holiday') return d.name ?? REASON_TEXT.holiday;
  return REASON_TEXT[d.reason ?? 'weekend'];
}

/** A counted day, with 调休 noted: '2024-09-29（星期日，国庆节调休）'. */
function formatCounted(d: BreakdownDay): string {
  return formatDate(d.date, d.reason === 'adjusted_working_day' ? `${d.name ?? ''}调休上班` : undefined);
}

function pauseText(spec: DeadlineSpec, p: DeadlinePause): string {
  const at = (s: string): string =>
    spec.unit === 'hours' ? `${shanghaiDateTime(parseInstant(s))}` : shanghaiDate(parseInstant(s));
  const end = p.to === null ? '，尚未恢复' : `，${at(p.to)}恢复计算`;
  return `${p.reason}：自${at(p.from)}起暂停${end}（暂停期间不计入期限）。`;
}

function lengthText(spec: DeadlineSpec): string {
  const unit = UNIT_LABELS[spec.unit];
  let text = `期限${spec.length}${unit}`;
  for (const e of spec.extensions) text += `；延长${e.length}${unit}（${e.reason}，${e.approvedBy}批准）`;
  if (spec.extensions.length > 0) text += `，合计${totalLength(spec)}${unit}`;
  return text;
}

function statusText(result: DeadlineResult): string {
  const today = shanghaiDate(new Date(result.asOf));
  if (result.paused) {
    return `目前处于暂停状态，上述届满时间按暂停于今日结束推算，恢复计算后将重新确定。`;
  }
  if (result.overdue) {
    return result.workingDaysLeft < 0
      ? `截至${today}，已逾期${-result.workingDaysLeft}个工作日。`
      : `截至${shanghaiDateTime(new Date(result.asOf))}，已逾期。`;
  }
  if (result.workingDaysLeft === 0) return `今天（${today}）为届满日。`;
  return `截至${today}，距届满还有${result.workingDaysLeft}个工作日。`;
}

/**
 * "自2024-09-27（星期五）起算（期间开始之日不计算在内）。期限20个工作日。第1个工作日为…，
 * 第20个工作日为2024-10-30（星期三），期限于当日24时届满。跳过：9月28日 周末；10月1日–7日 国庆节；…"
 */
export function explainDeadline(spec: DeadlineSpec, result: DeadlineResult): string {
  const lines: string[] = [];
  const baseYear = yearOf(result.startDate);
  const counted = result.breakdown.filter((d) => d.counted);
  const skipped = result.breakdown.filter((d) => !d.counted && d.reason && d.reason !== 'start_day');

  if (spec.unit === 'hours') {
    const start = shanghaiDateTime(new Date(result.startedAt));
    lines.push(
      result.restart
        ? `因${result.restart.reason}，自${start}（北京时间）重新起算。`
        : `自${start}（北京时间）起算。`,
    );
    lines.push(`${lengthText(spec)}，按自然小时连续计算，夜间和节假日照常计时。`);
    lines.push(`期限于${shanghaiDateTime(new Date(result.dueAt))}（北京时间）届满。`);
    const holidays = counted.filter((d) => d.name);
    if (holidays.length > 0) {
      lines.push(
        `期间经过：${runs(holidays, (d) => d.name ?? '')
          .map((r) => formatRun(r, baseYear))
          .join('；')}（照常计时）。`,
      );
    }
  } else {
    lines.push(
      result.restart
        ? `因${result.restart.reason}，自${formatDate(result.startDate)}重新起算（期间开始之日不计算在内，当日不计入），此前经过的日数不再计算。`
        : `自${formatDate(result.startDate)}起算（期间开始之日不计算在内，当日不计入）。`,
    );
    const unitWord = spec.unit === 'working_days' ? '个工作日' : '日';
    lines.push(`${lengthText(spec)}${spec.unit === 'calendar_days' ? '（自然日，节假日照常计算）' : ''}。`);
    const first = counted[0];
    const last = counted[counted.length - 1];
    const firstText = first && counted.length > 1 ? `第1${unitWord}为${formatCounted(first)}，` : '';
    lines.push(
      `${firstText}第${result.totalLength}${unitWord}为${last ? formatCounted(last) : formatDate(result.dueDate)}，期限于当日24时（北京时间）届满。`,
    );
    const adjusted = counted.filter((d) => d.reason === 'adjusted_working_day');
    if (adjusted.length > 0) {
      lines.push(`调休上班日照常计入：${adjusted.map(formatCounted).join('、')}。`);
    }
    if (spec.unit === 'calendar_days') {
      const holidays = counted.filter((d) => d.name);
      if (holidays.length > 0) {
        lines.push(
          `计入的节假日：${runs(holidays, (d) => d.name ?? '')
            .map((r) => formatRun(r, baseYear))
            .join('；')}。`,
        );
      }
    }
  }
  for (const p of spec.pauses) lines.push(pauseText(spec, p));
  if (skipped.length > 0) {
    const what = spec.unit === 'working_days' ? '跳过' : '暂停不计';
    lines.push(
      `${what}：${runs(skipped, skipLabel)
        .map((r) => formatRun(r, baseYear))
        .join('；')}。`,
    );
  }
  if (result.provisional) {
    lines.push(
      `注意：尚无${result.missingYears.join('、')}年的国务院节假日安排数据，这些年份暂按周一至周五为工作日计算，结果为临时结果；安排公布并录入后将重新计算。`,
    );
  }
  lines.push(statusText(result));
  return lines.join('\n');
}

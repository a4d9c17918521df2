/**
 * The working-day calendar as a pure lookup. A 工作日 is Monday–Friday, minus the holidays of the
 * State Council's yearly notice (国务院办公厅关于部分节假日安排的通知), plus the weekend days it
 * makes working (调休上班); regions add their own holidays on top (e.g. Ningxia's 开斋节 and
 * 古尔邦节). Only the exceptions are stored; every other day follows the weekday rule.
 */
import { isValidDivisionCode } from '../validators.ts';
import { dayOfWeek, isWeekend, yearOf } from './dates.ts';

export const CALENDAR_SOURCES = ['chinese-days', 'fixture', 'admin'] as const;
export type CalendarSource = (typeof CALENDAR_SOURCES)[number];

/** The national calendar's region code. */
export const NATIONAL = '';

/** One stored exception: a national day (region '') or a regional override. */
export interface CalendarEntry {
  regionCode: string;
  date: string;
  isWorking: boolean;
  /** The holiday's name ('国庆节', '开斋节'); for a working weekend, the holiday it makes up for. */
  name: string | null;
  source: CalendarSource;
}

/** Why a day is or is not a working day. */
export const DAY_REASONS = ['workday', 'weekend', 'holiday', 'adjusted_working_day'] as const;
export type DayReason = (typeof DAY_REASONS)[number];

export const DAY_REASON_LABELS: Record<DayReason, string> = {
  workday: '工作日',
  weekend: '周末',
  holiday: '节假日',
  adjusted_working_day: '调休上班',
};

export interface CalendarDay {
  date: string;
  isWorking: boolean;
  reason: DayReason;
  name: string | null;
  /** Where the answer came from; 'weekday_rule' when no entry decides the day. */
  source: CalendarSource | 'weekday_rule';
  /** The region whose entry decided the day ('' national), or null for the weekday rule. */
  regionCode: string | null;
  /** False when the year has no national data: the answer is the weekday rule's guess. */
  covered: boolean;
}

/** A region is '' (national) or a 6-digit 行政区划代码 (GB/T 2260). */
export function isValidRegionCode(code: string): boolean {
  return code === NATIONAL || isValidDivisionCode(code);
}

/**
 * The regions whose overrides apply to a region, from the widest to the region itself:
 * '640422' (西吉县) → ['640000' 宁夏, '640400' 固原市, '640422']. A county inherits its province's and
 * its prefecture's overrides, and its own come last, so the most specific one decides.
 */
export function regionChain(regionCode: string): string[] {
  if (regionCode === NATIONAL) return [];
  if (!isValidDivisionCode(regionCode)) throw new RangeError(`not a region code: ${regionCode}`);
  const chain = [`${regionCode.slice(0, 2)}0000`, `${regionCode.slice(0, 4)}00`, regionCode];
  return chain.filter((c, i) => chain.indexOf(c) === i);
}

function reasonOf(date: string, isWorking: boolean, hasEntry: boolean): DayReason {
  if (isWorking) return isWeekend(date) ? 'adjusted_working_day' : 'workday';
  // A weekend day inside a holiday (10-05 of the National Day week) carries the holiday's name.
  return hasEntry ? 'holiday' : 'weekend';
}

export interface CalendarSnapshot<E extends CalendarEntry = CalendarEntry> {
  /** Years with national data, ascending. */
  readonly coveredYears: readonly number[];
  isCovered(year: number): boolean;
  /** The day in a region ('' or omitted = national). */
  day(date: string, regionCode?: string): CalendarDay;
  /** Regional overrides, of one region (exact code) or all, ordered by region and date. */
  overrides(regionCode?: string): E[];
  /** Regions that have at least one override. */
  regions(): string[];
}

/** Builds the in-memory calendar from the stored years and entries (E: entries with more fields, e.g. who set them). */
export function buildCalendar<E extends CalendarEntry>(input: {
  years: Iterable<number>;
  entries: Iterable<E>;
}): CalendarSnapshot<E> {
  const coveredYears = [...new Set(input.years)].sort((a, b) => a - b);
  const covered = new Set(coveredYears);
  const byRegion = new Map<string, Map<string, E>>();
  for (const e of input.entries) {
    let m = byRegion.get(e.regionCode);
    if (!m) byRegion.set(e.regionCode, (m = new Map<string, E>()));
    m.set(e.date, e);
  }
  const regionCodes = [...byRegion.keys()].filter((r) => r !== NATIONAL).sort();

  function computeDay(date: string, regionCode: string): CalendarDay {
    const isCovered = covered.has(yearOf(date));
    let entry: E | undefined;
    for (const r of [NATIONAL, ...regionChain(regionCode)]) entry = byRegion.get(r)?.get(date) ?? entry;
    if (entry) {
      return {
        date,
        isWorking: entry.isWorking,
        reason: reasonOf(date, entry.isWorking, true),
        name: entry.name,
        source: entry.source,
        regionCode: entry.regionCode,
        covered: isCovered,
      };
    }
    const isWorking = dayOfWeek(date) >= 1 && dayOfWeek(date) <= 5;
    return {
      date,
      isWorking,
      reason: reasonOf(date, isWorking, false),
      name: null,
      source: 'weekday_rule',
      regionCode: null,
      covered: isCovered,
    };
  }

  // A snapshot never changes, and deadline counts ask for the same few hundred days over and over
  // (bench/: most of a recompute was spent here), so each answer is kept, frozen.
  const days = new Map<string, CalendarDay>();
  return {
    coveredYears,
    isCovered: (year) => covered.has(year),
    day(date, regionCode = NATIONAL) {
      const key = `${regionCode}|${date}`;
      let day = days.get(key);
      if (!day) days.set(key, (day = Object.freeze(computeDay(date, regionCode))));
      return day;
    },
    overrides(regionCode) {
      const regions = regionCode === undefined ? regionCodes : regionCodes.filter((r) => r === regionCode);
      return regions.flatMap((r) =>
        [...(byRegion.get(r)?.values() ?? [])].sort((a, b) => a.date.localeCompare(b.date)),
      );
    },
    regions: () => [...regionCodes],
  };
}

/** The provincial-level divisions (GB/T 2260), to name a region in the calendar editor. */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  '110000': '北京市',
  '120000': '天津市',
  '130000': '河北省',
  '140000': '山西省',
  '150000': '内蒙古自治区',
  '210000': '辽宁省',
  '220000': '吉林省',
  '230000': '黑龙江省',
  '310000': '上海市',
  '320000': '江苏省',
  '330000': '浙江省',
  '340000': '安徽省',
  '350000': '福建省',
  '360000': '江西省',
  '370000': '山东省',
  '410000': '河南省',
  '420000': '湖北省',
  '430000': '湖南省',
  '440000': '广东省',
  '450000': '广西壮族自治区',
  '460000': '海南省',
  '500000': '重庆市',
  '510000': '四川省',
  '520000': '贵州省',
  '530000': '云南省',
  '540000': '西藏自治区',
  '610000': '陕西省',
  '620000': '甘肃省',
  '630000': '青海省',
  '640000': '宁夏回族自治区',
  '650000': '新疆维吾尔自治区',
  '710000': '台湾省',
  '810000': '香港特别行政区',
  '820000': '澳门特别行政区',
};

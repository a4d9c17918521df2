import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { computeDeadline, explainDeadline } from '../deadlines/model.ts';
import { MAX_LENGTH } from '../deadlines/schemas.ts';
import { isIsoDate, startOfDay } from './dates.ts';
import { isValidRegionCode, NATIONAL } from './model.ts';
import { MAX_YEAR, MIN_YEAR } from './schemas.ts';
import { createCalendarReader, type Calendar } from './service.ts';

/**
 * `gongkai calendar due --from YYYY-MM-DD --working-days N [--region CODE] [--explain]` and
 * `gongkai calendar is-working YYYY-MM-DD [--region CODE]`. The answer is the last line of stdout;
 * warnings (a year without national data) go to stderr. Reads the configured database (migrated
 * first, national data loaded), so regional overrides entered by admins count.
 */
const USAGE = `用法 / usage:
  gongkai calendar due --from YYYY-MM-DD --working-days N [--region CODE] [--explain]
  gongkai calendar is-working YYYY-MM-DD [--region CODE]`;

class UsageError extends Error {}

function fail(zh: string, en: string): never {
  throw new UsageError(`错误：${zh}\nError: ${en}`);
}

function parseDate(value: string | undefined, flag: string): string {
  if (value === undefined) fail(`缺少日期 ${flag}`, `missing date ${flag}`);
  if (!isIsoDate(value)) {
    fail(`日期“${value}”无效，应为 YYYY-MM-DD`, `"${value}" is not a valid date (expected YYYY-MM-DD)`);
  }
  const year = Number(value.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) {
    fail(`日期须在 ${MIN_YEAR}–${MAX_YEAR} 年之间`, `the date must be within ${MIN_YEAR}–${MAX_YEAR}`);
  }
  return value;
}

function parseRegion(value: string | undefined): string {
  if (value === undefined) return NATIONAL;
  if (value === '' || !isValidRegionCode(value)) {
    fail(
      `地区代码“${value}”无效，应为 6 位行政区划代码，如 640000`,
      `"${value}" is not a region code (6-digit administrative division code, e.g. 640000)`,
    );
  }
  return value;
}

function parseWorkingDays(value: string | undefined): number {
  if (value === undefined) fail('缺少 --working-days', 'missing --working-days');
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LENGTH.working_days) {
    fail(
      `工作日数“${value}”无效，应为 1–${MAX_LENGTH.working_days} 的整数`,
      `"${value}" is not a positive integer up to ${MAX_LENGTH.working_days}`,
    );
  }
  return n;
}

function warnProvisional(years: readonly number[]): void {
  if (years.length === 0) return;
  console.error(
    `警告：尚无 ${years.join('、')} 年的国务院节假日安排数据，暂按周一至周五为工作日计算，结果为临时结果。\n` +
      `Warning: no national holiday data for ${years.join(', ')}; Monday–Friday assumed, the result is provisional.`,
  );
}

async function withCalendar<T>(fn: (calendar: Calendar) => T): Promise<T> {
  const db = connect(loadConfig().db);
  try {
    await migrateToLatest(db.kysely);
    return fn(await createCalendarReader(db, systemClock).load());
  } finally {
    await db.close();
  }
}

async function due(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      'working-days': { type: 'string' },
      region: { type: 'string' },
      explain: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const from = parseDate(values.from, '--from');
  const length = parseWorkingDays(values['working-days']);
  const regionCode = parseRegion(values.region);
  const spec = {
    start: from,
    length,
    unit: 'working_days' as const,
    regionCode,
    pauses: [],
    restarts: [],
    extensions: [],
  };
  // "Now" is the start: the command answers when the period ends, not how much of it is left today.
  const result = await withCalendar((calendar) => computeDeadline(spec, calendar, startOfDay(from)));
  warnProvisional(result.missingYears);
  if (values.explain) console.log(explainDeadline(spec, result));
  console.log(result.dueDate);
  return 0;
}

async function isWorking(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { region: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1) fail('只能给出一个日期', 'give exactly one date');
  const date = parseDate(positionals[0], 'YYYY-MM-DD');
  const regionCode = parseRegion(values.region);
  const day = await withCalendar((calendar) => calendar.day(date, regionCode));
  if (!day.covered) warnProvisional([Number(date.slice(0, 4))]);
  console.log(day.isWorking ? 'true' : 'false');
  return 0;
}

export async function calendarCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'due') return await due(rest);
    if (sub === 'is-working') return await isWorking(rest);
    fail(`未知的子命令“${sub ?? ''}”`, `unknown subcommand "${sub ?? ''}"`);
  } catch (e) {
    // parseArgs throws TypeError with a code for unknown or malformed options.
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      const message = e instanceof UsageError ? e.message : `错误：参数有误\nError: ${(e as Error).message}`;
      console.error(`${message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

import { firstFieldOr, parseInput } from '../validation.ts';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { can } from '../auth/permissions.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { forbidden, notFound } from '../errors.ts';
import { datesOfYear } from './dates.ts';
import { buildCalendar, NATIONAL, PROVINCE_NAMES, type CalendarDay, type CalendarSnapshot } from './model.ts';
import { nationalYears } from './national.ts';
import {
  calendarYearQuerySchema,
  overrideInputSchema,
  overrideKeySchema,
  regionQuerySchema,
  type CalendarYearView,
  type OverrideInput,
  type OverrideView,
  type RegionView,
} from './schemas.ts';
import * as store from './store.ts';
import type { StoredOverride } from './store.ts';

type K = Kysely<Database>;

export type Calendar = CalendarSnapshot<StoredOverride>;

/** Reads the calendar: cached in memory, reloaded when the tables change (in any process). */
export interface CalendarReader {
  /**
   * The calendar as a pure lookup. Pass the transaction when inside one (on SQLite a read through
   * the root connection would wait for that transaction). The first load in a process also brings
   * the national rows up to date with the shipped data (chinese-days + fixtures).
   */
  load(k?: K): Promise<Calendar>;
}

/** Brings the stored national years up to the shipped ones; returns the years written. */
async function syncNationalYears(k: K, clock: Clock): Promise<number[]> {
  const loaded = await store.loadedYears(k);
  const stale = nationalYears().filter((y) => loaded.get(y.year) !== y.hash);
  if (stale.length === 0) return [];
  const now = clock.now().toISOString();
  const write = async (t: K): Promise<void> => {
    for (const y of stale) await store.replaceNationalYear(t, y, now);
  };
  if (k.isTransaction) await write(k);
  else await k.transaction().execute(write);
  return stale.map((y) => y.year);
}

interface SyncingReader extends CalendarReader {
  /** Brings the national rows up to date now; returns every year written since the last call. */
  sync(): Promise<number[]>;
}

const PARSE_OPTIONS = { rootField: 'value', message: firstFieldOr('提交的数据有误，请检查后重试') };

export function createCalendarReader(db: Db, clock: Clock): SyncingReader {
  let cache: { fingerprint: string; calendar: Calendar } | null = null;
  // Years a load brought up to date, not yet reported by sync(): start-up recomputes deadlines for them.
  const synced = new Set<number>();
  return {
    async load(k = db.kysely) {
      let fingerprint = await store.fingerprint(k);
      if (cache?.fingerprint === fingerprint) return cache.calendar;
      const written = await syncNationalYears(k, clock);
      if (written.length > 0) {
        for (const y of written) synced.add(y);
        fingerprint = await store.fingerprint(k);
      }
      const calendar = buildCalendar(await store.loadAll(k));
      cache = { fingerprint, calendar };
      return calendar;
    },
    async sync() {
      for (const y of await syncNationalYears(db.kysely, clock)) synced.add(y);
      const years = [...synced].sort((a, b) => a - b);
      synced.clear();
      return years;
    },
  };
}

/** Called after every calendar change; returns how many open deadlines moved. */
export type CalendarChangeListener = () => Promise<number>;

export interface CalendarService extends CalendarReader {
  day(date: string, regionCode?: string): Promise<CalendarDay>;
  isWorking(date: string, regionCode?: string): Promise<boolean>;
  /** Every day of a year in a region, for the calendar editor and GET /api/calendar. */
  year(year: number, regionCode?: string): Promise<CalendarYearView>;
  /** Regional overrides, of one region (exact code) or all. */
  overrides(regionCode?: string): Promise<OverrideView[]>;
  /** The national calendar, the provinces, and every region that has overrides. */
  regions(): Promise<RegionView[]>;
  /** Sets (adds or replaces) a regional override; audited; then every open deadline is recomputed. */
  setOverride(actor: Actor, input: OverrideInput): Promise<{ override: OverrideView; moved: number }>;
  removeOverride(actor: Actor, regionCode: string, date: string): Promise<{ override: null; moved: number }>;
  /**
   * Brings the national rows up to the shipped data and, if anything changed since the process
   * started, recomputes open deadlines. Called once at start-up (a newer chinese-days or a new
   * fixture year takes effect, and the people whose deadlines moved are told).
   */
  syncNational(): Promise<{ changedYears: number[]; moved: number }>;
  /** Registers what runs after a change (the composition root: deadlines.recomputeOpen). */
  onChange(listener: CalendarChangeListener): void;
}

export interface CalendarDeps {
  db: Db;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  /** ORGS' agency tree: overrides are region-wide, so the admin must hold the role at a root agency. */
  orgs: { agencyPath(id: string): Promise<string[]> };
}

function toView(o: StoredOverride): OverrideView {
  return {
    regionCode: o.regionCode,
    date: o.date,
    isWorking: o.isWorking,
    name: o.name,
    source: o.source,
    updatedAt: o.updatedAt,
    updatedBy: o.updatedBy,
  };
}

function regionName(code: string): string {
  if (code === NATIONAL) return '全国（国务院节假日安排）';
  const province = PROVINCE_NAMES[`${code.slice(0, 2)}0000`] ?? '';
  return code.endsWith('0000') ? province : `${province} ${code}`;
}

export function createCalendarService({ db, clock, audit, orgs }: CalendarDeps): CalendarService {
  const reader = createCalendarReader(db, clock);
  const listeners: CalendarChangeListener[] = [];

  async function changed(): Promise<number> {
    let moved = 0;
    for (const listener of listeners) moved += await listener();
    return moved;
  }

  /** 'calendar.manage' held at a root agency (the region's government): the calendar is region-wide. */
  async function assertManage(actor: Actor): Promise<void> {
    for (const m of actor.memberships) {
      if (!can({ userId: actor.userId, memberships: [m] }, 'calendar.manage', [m.agencyId])) continue;
      const path = await orgs.agencyPath(m.agencyId).catch(() => []);
      if (path[0] === m.agencyId) return;
    }
    if (can(actor, 'calendar.manage', [])) return; // the system itself
    throw forbidden('只有本级政府的系统管理员可以调整工作日历');
  }

  return {
    load: (k) => reader.load(k),
    async day(date, regionCode = NATIONAL) {
      return (await reader.load()).day(date, regionCode);
    },
    async isWorking(date, regionCode = NATIONAL) {
      return (await reader.load()).day(date, regionCode).isWorking;
    },
    async year(year, regionCode = NATIONAL) {
      const q = parseInput(calendarYearQuerySchema, { year, region: regionCode }, PARSE_OPTIONS);
      const calendar = await reader.load();
      return {
        year: q.year,
        regionCode: q.region,
        covered: calendar.isCovered(q.year),
        days: datesOfYear(q.year).map((d) => calendar.day(d, q.region)),
      };
    },
    async overrides(regionCode) {
      const region =
        regionCode === undefined ? undefined : parseInput(regionQuerySchema, regionCode, PARSE_OPTIONS);
      return (await reader.load()).overrides(region).map(toView);
    },
    async regions() {
      const calendar = await reader.load();
      const codes = new Set([NATIONAL, ...Object.keys(PROVINCE_NAMES), ...calendar.regions()]);
      return [...codes]
        .sort()
        .map((code) => ({ code, name: regionName(code), overrides: calendar.overrides(code).length }));
    },
    async setOverride(actor, input) {
      const o = parseInput(overrideInputSchema, input, PARSE_OPTIONS);
      await assertManage(actor);
      const override: StoredOverride = {
        regionCode: o.regionCode,
        date: o.date,
        isWorking: o.isWorking,
        name: o.name,
        source: 'admin',
        updatedAt: clock.now().toISOString(),
        updatedBy: actor.userId,
      };
      await db.kysely.transaction().execute(async (trx) => {
        const before = await store.findOverride(trx, o.regionCode, o.date);
        await store.upsertOverride(trx, override);
        await audit.record(trx, {
          actor,
          agencyId: null,
          entityType: 'calendar_override',
          entityId: `${o.regionCode}:${o.date}`,
          action: 'calendar_override.set',
          before: before ? toView(before) : null,
          after: toView(override),
        });
      });
      return { override: toView(override), moved: await changed() };
    },
    async removeOverride(actor, regionCode, date) {
      const key = parseInput(overrideKeySchema, { regionCode, date }, PARSE_OPTIONS);
      await assertManage(actor);
      await db.kysely.transaction().execute(async (trx) => {
        const before = await store.findOverride(trx, key.regionCode, key.date);
        if (!before) throw notFound('该地区在这一天没有调整记录');
        await store.deleteOverride(trx, key.regionCode, key.date);
        await audit.record(trx, {
          actor,
          agencyId: null,
          entityType: 'calendar_override',
          entityId: `${key.regionCode}:${key.date}`,
          action: 'calendar_override.removed',
          before: toView(before),
          after: null,
        });
      });
      return { override: null, moved: await changed() };
    },
    async syncNational() {
      const changedYears = await reader.sync();
      return { changedYears, moved: changedYears.length > 0 ? await changed() : 0 };
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CalendarEntry } from './model.ts';
import { NATIONAL } from './model.ts';
import type { NationalYear } from './national.ts';

/** SQL of the calendar tables. Every function takes the executor: the root or a transaction. */

type K = Kysely<Database>;

export interface StoredOverride extends CalendarEntry {
  updatedAt: string;
  updatedBy: string | null;
}

/**
 * The calendar's revision, incremented by every write below in the writer's transaction. Read on
 * every load, so that a change made by another server process sharing the database is seen.
 */
export async function fingerprint(k: K): Promise<string> {
  const row = await k
    .selectFrom('calendar_revision')
    .select('revision')
    .where('id', '=', 1)
    .executeTakeFirst();
  return String(row?.revision ?? 0);
}

async function bumpRevision(k: K): Promise<void> {
  await k
    .updateTable('calendar_revision')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

export async function loadedYears(k: K): Promise<Map<number, string>> {
  const rows = await k.selectFrom('calendar_years').select(['year', 'data_hash']).execute();
  return new Map(rows.map((r) => [Number(r.year), r.data_hash]));
}

export async function loadAll(k: K): Promise<{ years: number[]; entries: StoredOverride[] }> {
  const [years, days] = await Promise.all([
    k.selectFrom('calendar_years').select('year').execute(),
    k.selectFrom('calendar_days').selectAll().execute(),
  ]);
  return {
    years: years.map((y) => Number(y.year)),
    entries: days.map((d) => ({
      regionCode: d.region_code,
      date: d.date,
      isWorking: Number(d.is_working) === 1,
      name: d.name,
      source: d.source,
      updatedAt: d.updated_at,
      updatedBy: d.updated_by,
    })),
  };
}

/**
 * Makes the stored national rows of one year exactly the given ones. Upserts (not delete + insert),
 * so that two processes loading the same year at once on PostgreSQL do not collide.
 */
export async function replaceNationalYear(k: K, year: NationalYear, now: string): Promise<void> {
  const dates = year.days.map((d) => d.date);
  await k
    .deleteFrom('calendar_days')
    .where('region_code', '=', NATIONAL)
    .where('date', '>=', `${year.year}-01-01`)
    .where('date', '<=', `${year.year}-12-31`)
    .where('date', 'not in', dates)
    .execute();
  await k
    .insertInto('calendar_days')
    .values(
      year.days.map((d) => ({
        region_code: NATIONAL,
        date: d.date,
        is_working: d.isWorking ? 1 : 0,
        name: d.name,
        source: year.source,
        updated_at: now,
        updated_by: null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['region_code', 'date']).doUpdateSet((eb) => ({
        is_working: eb.ref('excluded.is_working'),
        name: eb.ref('excluded.name'),
        source: eb.ref('excluded.source'),
        updated_at: eb.ref('excluded.updated_at'),
        updated_by: null,
      })),
    )
    .execute();
  await k
    .insertInto('calendar_years')
    .values({ year: year.year, source: year.source, data_hash: year.hash, loaded_at: now })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({ source: year.source, data_hash: year.hash, loaded_at: now }),
    )
    .execute();
  await bumpRevision(k);
}

export async function findOverride(k: K, regionCode: string, date: string): Promise<StoredOverride | null> {
  const row = await k
    .selectFrom('calendar_days')
    .selectAll()
    .where('region_code', '=', regionCode)
    .where('date', '=', date)
    .executeTakeFirst();
  if (!row) return null;
  return {
    regionCode: row.region_code,
    date: row.date,
    isWorking: Number(row.is_working) === 1,
    name: row.name,
    source: row.source,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export async function upsertOverride(k: K, o: StoredOverride): Promise<void> {
  const values = {
    region_code: o.regionCode,
    date: o.date,
    is_working: o.isWorking ? 1 : 0,
    name: o.name,
    source: o.source,
    updated_at: o.updatedAt,
    updated_by: o.updatedBy,
  };
  await k
    .insertInto('calendar_days')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['region_code', 'date']).doUpdateSet({
        is_working: values.is_working,
        name: values.name,
        source: values.source,
        updated_at: values.updated_at,
        updated_by: values.updated_by,
      }),
    )
    .execute();
  await bumpRevision(k);
}

export async function deleteOverride(k: K, regionCode: string, date: string): Promise<void> {
  await k
    .deleteFrom('calendar_days')
    .where('region_code', '=', regionCode)
    .where('date', '=', date)
    .execute();
  await bumpRevision(k);
}

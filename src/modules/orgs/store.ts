import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { Agency, AgencyKind } from './model.ts';
import type { AgenciesTable } from './tables.ts';

/** The database or a transaction: store functions run in either. */
export type Executor = Kysely<Database>;

export type AgencyRow = Selectable<AgenciesTable>;

export function toAgency(row: AgencyRow): Agency {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    shortName: row.short_name,
    kind: row.kind,
    uscc: row.uscc,
    divisionCode: row.division_code,
    regionCode: row.region_code,
    address: row.address,
    phone: row.phone,
    sortOrder: Number(row.sort_order),
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findAgency(db: Executor, id: string): Promise<Agency | null> {
  const row = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAgency(row) : null;
}

export async function listAgencies(db: Executor): Promise<Agency[]> {
  const rows = await db.selectFrom('agencies').selectAll().orderBy('sort_order').orderBy('name').execute();
  return rows.map(toAgency);
}

export async function findRoot(db: Executor): Promise<Agency | null> {
  const row = await db.selectFrom('agencies').selectAll().where('parent_id', 'is', null).executeTakeFirst();
  return row ? toAgency(row) : null;
}

export async function countAgencies(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('agencies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findByUscc(db: Executor, uscc: string): Promise<Agency | null> {
  const row = await db.selectFrom('agencies').selectAll().where('uscc', '=', uscc).executeTakeFirst();
  return row ? toAgency(row) : null;
}

export async function childrenOf(db: Executor, parentId: string): Promise<Agency[]> {
  const rows = await db.selectFrom('agencies').selectAll().where('parent_id', '=', parentId).execute();
  return rows.map(toAgency);
}

/**
 * The ids from the root down to the agency, in one recursive query (the tree is shallow, but
 * callers such as the permission check run this on every request). Empty when the id is unknown.
 * The depth bound stops a corrupted, looping tree from running away.
 */
export async function pathIds(db: Executor, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string; depth: number }>`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 0 from agencies where id = ${id}
      union all
      select a.id, a.parent_id, c.depth + 1 from agencies a join chain c on a.id = c.parent_id
      where c.depth < 64
    )
    select id, depth from chain order by depth desc`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * The path root → `id` and the offices of the governments on it, for `authorityPath`.
 */
export async function pathWithOffices(
  db: Executor,
  id: string,
): Promise<{ path: string[]; kinds: Map<string, AgencyKind>; officeOf: Map<string, string> }> {
  const path = await pathIds(db, id);
  if (path.length === 0) return { path, kinds: new Map(), officeOf: new Map() };
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'parent_id', 'kind', 'active'])
    .where((eb) =>
      eb.or([eb('id', 'in', path), eb.and([eb('parent_id', 'in', path), eb('kind', '=', 'office')])]),
    )
    .execute();
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
  const officeOf = new Map(
    rows
      .filter((r) => r.kind === 'office' && r.active === 1 && r.parent_id)
      .map((r) => [r.parent_id as string, r.id]),
  );
  return { path, kinds, officeOf };
}

export async function namesOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertAgency(db: Executor, agency: Agency): Promise<void> {
  await db
    .insertInto('agencies')
    .values({
      id: agency.id,
      parent_id: agency.parentId,
      name: agency.name,
      short_name: agency.shortName,
      kind: agency.kind,
      uscc: agency.uscc,
      division_code: agency.divisionCode,
      region_code: agency.regionCode,
      address: agency.address,
      phone: agency.phone,
      sort_order: agency.sortOrder,
      active: agency.active ? 1 : 0,
      created_at: agency.createdAt,
      updated_at: agency.updatedAt,
    })
    .execute();
}

export async function updateAgency(db: Executor, agency: Agency): Promise<void> {
  await db
    .updateTable('agencies')
    .set({
      parent_id: agency.parentId,
      name: agency.name,
      short_name: agency.shortName,
      kind: agency.kind,
      uscc: agency.uscc,
      division_code: agency.divisionCode,
      region_code: agency.regionCode,
      address: agency.address,
      phone: agency.phone,
      sort_order: agency.sortOrder,
      active: agency.active ? 1 : 0,
      updated_at: agency.updatedAt,
    })
    .where('id', '=', agency.id)
    .execute();
}

import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { DisclosureGuidesTable } from './tables.ts';

/** The database or a transaction. */
export type Executor = Kysely<Database>;
export type GuideRow = Selectable<DisclosureGuidesTable>;

export async function find(db: Executor, agencyId: string): Promise<GuideRow | null> {
  return (
    (await db
      .selectFrom('disclosure_guides')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .executeTakeFirst()) ?? null
  );
}

/** One row per agency: the first save inserts, later saves replace it. */
export async function upsert(db: Executor, row: GuideRow): Promise<void> {
  const { agency_id: _agency, ...rest } = row;
  await db
    .insertInto('disclosure_guides')
    .values(row)
    .onConflict((oc) => oc.column('agency_id').doUpdateSet(rest))
    .execute();
}

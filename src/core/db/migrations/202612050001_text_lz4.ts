import { sql } from 'kysely';
import { dialectOf, type MigrationDb } from '../schema-helpers.ts';

/**
 * PostgreSQL: the long texts (a document's body, its search entry's text; about 3 kB each) are
 * compressed with lz4 instead of pglz, PostgreSQL's default, when they move out of line (TOAST).
 * Measured, 100,000 bodies of the bench's documents into a bare table, twice each: pglz 6.2 / 5.8 s,
 * lz4 3.4 / 3.5 s, 6% larger. Values already stored keep their compression until rewritten.
 * lz4 needs a server built with it (PostgreSQL 14 and later as Debian, Ubuntu, the official images
 * and the managed services ship it); on one without, the columns keep pglz.
 */
const COLUMNS = [
  ['documents', 'body'],
  ['search_entries', 'text'],
] as const;

export async function up(db: MigrationDb): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  if (!(await lz4Available(db))) return;
  for (const [table, column] of COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set compression lz4`.execute(
      db,
    );
  }
}

export async function down(db: MigrationDb): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const [table, column] of COLUMNS) {
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set compression default`.execute(
      db,
    );
  }
}

/** Whether the server compresses with lz4: a server built without it refuses the setting. */
async function lz4Available(db: MigrationDb): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    select exists (select 1 from pg_settings
                   where name = 'default_toast_compression' and 'lz4' = any(enumvals)) as ok`.execute(db);
  return rows[0]?.ok === true;
}

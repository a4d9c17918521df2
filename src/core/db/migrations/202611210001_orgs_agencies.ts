import { sql } from 'kysely';
import type { MigrationDb } from '../schema-helpers.ts';

/** The agency tree (orgs). Memberships (auth) reference agencies.id, so this runs first. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text')
    .addColumn('division_code', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('phone', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Both engines let several NULLs through a unique index, which is what "unique when present" means.
  await db.schema.createIndex('agencies_uscc_unique').on('agencies').column('uscc').unique().execute();
  // One region, one root: a partial unique index over a constant admits a single parentless row
  // (same syntax on SQLite and PostgreSQL), so even two concurrent first starts cannot make two.
  await sql`create unique index agencies_single_root on agencies ((parent_id is null)) where parent_id is null`.execute(
    db,
  );
  await db.schema
    .createIndex('agencies_parent_idx')
    .on('agencies')
    .columns(['parent_id', 'sort_order'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('agencies').execute();
}

import type { MigrationDb } from '../schema-helpers.ts';

/**
 * The working-day calendar (core/calendar): national exceptions (region '') and regional overrides
 * in one table, and the years that have national data. The national rows are reference data loaded
 * at start-up from chinese-days (see docs/deadlines.md), not here, so that a newer package or a new
 * fixture year reaches existing databases too.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('calendar_days')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('is_working', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('calendar_days_pk', ['region_code', 'date'])
    .execute();
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('data_hash', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('calendar_years').execute();
  await db.schema.dropTable('calendar_days').execute();
}

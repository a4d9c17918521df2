import type { MigrationDb } from '../schema-helpers.ts';

/**
 * One counter that every calendar write increments in its transaction. Server processes compare it
 * to the revision they loaded: a change is seen even when row counts and timestamps look the same
 * (an override changed twice in one millisecond, another server's clock behind this one's).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('calendar_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('calendar_revision').values({ id: 1, revision: 0 }).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('calendar_revision').execute();
}

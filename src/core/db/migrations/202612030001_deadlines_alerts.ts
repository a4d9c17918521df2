import type { MigrationDb } from '../schema-helpers.ts';

/**
 * Each deadline's next alert (core/deadlines, reminders/model `nextAlert`): the instant it falls
 * due and which one, so that the hourly sweep selects by index only the deadlines with an alert due
 * instead of computing every open one. Open rows get '' (sorts before every instant): the calendar
 * is not at hand here, so the first sweep computes and stores theirs.
 */
export async function up(db: MigrationDb): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('deadlines').addColumn('alert_at', 'text').execute();
  await db.schema.alterTable('deadlines').addColumn('next_alert', 'text').execute();
  await db.updateTable('deadlines').set({ alert_at: '' }).where('status', '=', 'open').execute();
  await db.schema
    .createIndex('deadlines_status_alert')
    .on('deadlines')
    .columns(['status', 'alert_at'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('deadlines_status_alert').execute();
  await db.schema.alterTable('deadlines').dropColumn('next_alert').execute();
  await db.schema.alterTable('deadlines').dropColumn('alert_at').execute();
}

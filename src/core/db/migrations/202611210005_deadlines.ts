import type { MigrationDb } from '../schema-helpers.ts';

/**
 * Stored deadlines (core/deadlines): the inputs (spec JSON) and the last computed due instant, so
 * that a calendar change can recompute every open one. agency_id has no foreign key on purpose:
 * core sits below the orgs module that owns agencies.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('deadlines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'text')
    .addColumn('assignee_role', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reminders_sent', 'text', (c) => c.notNull())
    .addColumn('escalated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('deadlines_status_due').on('deadlines').columns(['status', 'due_at']).execute();
  await db.schema
    .createIndex('deadlines_entity')
    .on('deadlines')
    .columns(['entity_type', 'entity_id'])
    .execute();
  await db.schema
    .createIndex('deadlines_assignee_user')
    .on('deadlines')
    .columns(['assignee_user_id', 'status'])
    .execute();
  await db.schema.createIndex('deadlines_agency').on('deadlines').columns(['agency_id', 'status']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('deadlines').execute();
}

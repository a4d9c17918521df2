import type { MigrationDb } from '../schema-helpers.ts';

/** 政府信息公开指南 per agency (modules/guides). A null content column follows the generated text. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('disclosure_guides')
    .addColumn('agency_id', 'text', (c) => c.primaryKey().references('agencies.id'))
    .addColumn('office_name', 'text')
    .addColumn('office_address', 'text')
    .addColumn('office_hours', 'text')
    .addColumn('phone', 'text')
    .addColumn('fax', 'text')
    .addColumn('internet_contact', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('how_to_apply', 'text')
    .addColumn('fee_rule', 'text')
    .addColumn('classification', 'text')
    .addColumn('arrangement', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('disclosure_guides').execute();
}

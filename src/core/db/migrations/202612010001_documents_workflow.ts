import type { MigrationDb } from '../schema-helpers.ts';

/**
 * The proactive-disclosure workflow: drafts with their disclosure mode, the review chain and its
 * records, co-issuer consultations, versions of published documents, withdrawal and the agencies'
 * disclosure settings.
 */
export async function up(db: MigrationDb): Promise<void> {
  // Each its own statement: SQLite adds one column per ALTER TABLE.
  for (const name of [
    'withholding_ground',
    'mode_reason',
    'review_chain',
    'escalation',
    'publication_deadline_id',
    'step_deadline_id',
    'withdrawn_at',
    'withdraw_reason',
    'validity_note',
    'screening',
    'created_by',
    'created_by_name',
  ]) {
    await db.schema.alterTable('documents').addColumn(name, 'text').execute();
  }
  await db.schema.alterTable('documents').addColumn('review_step', 'integer').execute();
  await db.schema.alterTable('documents').addColumn('publish_working_days', 'integer').execute();
  for (const [name, initial] of [
    ['co_issuers', '[]'],
    ['attachments', '[]'],
    ['catalog_item_ids', '[]'],
  ] as const) {
    await db.schema
      .alterTable('documents')
      .addColumn(name, 'text', (c) => c.notNull().defaultTo(initial))
      .execute();
  }
  await db.schema
    .alterTable('documents')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // Staff lists: an agency's documents by state, newest change first.
  await db.schema
    .createIndex('documents_agency_status_idx')
    .on('documents')
    .columns(['agency_id', 'status', 'updated_at'])
    .execute();

  await db.schema
    .createTable('document_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('opinion', 'text')
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('document_reviews_doc_idx')
    .on('document_reviews')
    .columns(['document_id', 'at'])
    .execute();

  await db.schema
    .createTable('document_consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opinion', 'text')
    .addColumn('deadline_id', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_by_name', 'text')
    .execute();
  await db.schema
    .createIndex('document_consultations_doc_idx')
    .on('document_consultations')
    .columns(['document_id', 'agency_id'])
    .execute();
  await db.schema
    .createIndex('document_consultations_status_idx')
    .on('document_consultations')
    .columns(['status'])
    .execute();

  await db.schema
    .createTable('document_versions')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_versions_pk', ['document_id', 'version'])
    .execute();

  await db.schema
    .createTable('document_settings')
    .addColumn('agency_id', 'text', (c) => c.primaryKey().references('agencies.id'))
    .addColumn('review_steps', 'text')
    .addColumn('publication_days', 'integer')
    .addColumn('consultation_days', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('document_settings').execute();
  await db.schema.dropTable('document_versions').execute();
  await db.schema.dropTable('document_consultations').execute();
  await db.schema.dropTable('document_reviews').execute();
}

import type { MigrationDb } from '../schema-helpers.ts';

/**
 * 依申请公开 (modules/requests): requests, their consultations, notices, identity proofs (kept apart
 * from the case file), case files, disputes, per-agency settings, notice templates and the yearly
 * tracking-number sequence.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('request_sequences')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('tracking_number', 'text', (c) => c.notNull().unique())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('intake_by', 'text')
    .addColumn('intake_note', 'text')
    .addColumn('applicant_type', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('contact_person', 'text')
    .addColumn('id_type', 'text', (c) => c.notNull())
    .addColumn('id_number_sealed', 'text', (c) => c.notNull())
    .addColumn('id_number_masked', 'text', (c) => c.notNull())
    .addColumn('applicant_key', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('phone_tail', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('form', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    .addColumn('responsible_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('assignee_id', 'text')
    .addColumn('deadline_id', 'text')
    .addColumn('correction_items', 'text')
    .addColumn('correction_notice_on', 'text')
    .addColumn('correction_due_on', 'text')
    .addColumn('corrected_on', 'text')
    .addColumn('extension_days', 'integer')
    .addColumn('reasons_requested_on', 'text')
    .addColumn('long_limit_days', 'integer')
    .addColumn('fee', 'text')
    .addColumn('fee_notice_on', 'text')
    .addColumn('fee_due_on', 'text')
    .addColumn('paid_on', 'text')
    .addColumn('search_record', 'text')
    .addColumn('reply', 'text')
    .addColumn('outcome', 'text')
    .addColumn('replied_on', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('similar', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('requests_agency_received')
    .on('requests')
    .columns(['agency_id', 'received_on'])
    .execute();
  await db.schema
    .createIndex('requests_status')
    .on('requests')
    .columns(['status', 'correction_due_on'])
    .execute();
  await db.schema
    .createIndex('requests_applicant')
    .on('requests')
    .columns(['applicant_key', 'received_on'])
    .execute();
  await db.schema
    .createIndex('requests_replied')
    .on('requests')
    .columns(['agency_id', 'replied_on'])
    .execute();

  await db.schema
    .createTable('request_consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('matter', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_on', 'text')
    .addColumn('answer_note', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('request_consultations_request')
    .on('request_consultations')
    .column('request_id')
    .execute();

  await db.schema
    .createTable('request_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('addressee', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('paragraphs', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('delivery_method', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('request_notices_request')
    .on('request_notices')
    .columns(['request_id', 'seq'])
    .unique()
    .execute();

  await db.schema
    .createTable('request_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_files_request').on('request_files').column('request_id').execute();

  await db.schema
    .createTable('request_disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('defence_due_on', 'text', (c) => c.notNull())
    .addColumn('evidence_due_on', 'text', (c) => c.notNull())
    .addColumn('hearings', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text')
    .addColumn('follow_up', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('request_disputes_request')
    .on('request_disputes')
    .column('request_id')
    .execute();

  await db.schema
    .createTable('request_settings')
    .addColumn('agency_id', 'text', (c) => c.primaryKey().references('agencies.id'))
    .addColumn('reply_days', 'integer')
    .addColumn('extension_days', 'integer')
    .addColumn('correction_period_days', 'integer')
    .addColumn('fee_window_counted', 'integer')
    .addColumn('milestones', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('request_notice_templates')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_notice_templates_pk', ['agency_id', 'kind'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of [
    'request_notice_templates',
    'request_settings',
    'request_disputes',
    'request_files',
    'request_notices',
    'request_consultations',
    'requests',
    'request_sequences',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}

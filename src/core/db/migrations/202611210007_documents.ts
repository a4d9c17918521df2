import type { MigrationDb } from '../schema-helpers.ts';

/** Documents (政府信息) and the per-agency, per-year 索引号 counter. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text')
    .addColumn('written_on', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('index_number', 'text')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('genre', 'text', (c) => c.notNull())
    .addColumn('legal_category', 'text', (c) => c.notNull())
    .addColumn('validity', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text')
    .addColumn('effective_to', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_format', 'text', (c) => c.notNull())
    .addColumn('disclosure_mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('portal_section', 'text', (c) => c.notNull())
    .addColumn('source_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Several NULLs (drafts) pass a unique index on both engines; published numbers never collide.
  await db.schema
    .createIndex('documents_index_number_unique')
    .on('documents')
    .column('index_number')
    .unique()
    .execute();
  // The portal's column lists: newest published first.
  await db.schema
    .createIndex('documents_section_idx')
    .on('documents')
    .columns(['status', 'portal_section', 'published_at'])
    .execute();
  await db.schema
    .createIndex('documents_agency_idx')
    .on('documents')
    .columns(['agency_id', 'status', 'published_at'])
    .execute();

  await db.schema
    .createTable('index_number_sequences')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('index_number_sequences_pk', ['agency_id', 'year'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('index_number_sequences').execute();
  await db.schema.dropTable('documents').execute();
}

import type { MigrationDb } from '../schema-helpers.ts';

/** 主动公开目录 (modules/catalog): the agencies' catalog trees and the documents filed under their items. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('catalog_nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('parent_id', 'text', (c) => c.references('catalog_nodes.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('elements', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_nodes_agency').on('catalog_nodes').column('agency_id').execute();
  await db.schema.createIndex('catalog_nodes_parent').on('catalog_nodes').column('parent_id').execute();

  await db.schema
    .createTable('catalog_item_documents')
    .addColumn('item_id', 'text', (c) => c.notNull().references('catalog_nodes.id'))
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('filed_at', 'text', (c) => c.notNull())
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_item_documents_pk', ['item_id', 'document_id'])
    .execute();
  await db.schema
    .createIndex('catalog_item_documents_document')
    .on('catalog_item_documents')
    .column('document_id')
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('catalog_item_documents').execute();
  await db.schema.dropTable('catalog_nodes').execute();
}

import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { CatalogItemDocumentsTable, CatalogNodesTable } from './tables.ts';

/** The database or a transaction. */
export type Executor = Kysely<Database>;
export type NodeRow = Selectable<CatalogNodesTable>;
export type FilingRow = Selectable<CatalogItemDocumentsTable>;

export async function insertNode(db: Executor, row: NodeRow): Promise<void> {
  await db.insertInto('catalog_nodes').values(row).execute();
}

export async function findNode(db: Executor, id: string): Promise<NodeRow | null> {
  return (await db.selectFrom('catalog_nodes').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findNodes(db: Executor, ids: readonly string[]): Promise<NodeRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('catalog_nodes')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Every node of an agency's catalog, in display order within each parent. */
export async function nodesOfAgency(db: Executor, agencyId: string): Promise<NodeRow[]> {
  return db
    .selectFrom('catalog_nodes')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('sort_order')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Agencies that have a catalog (for the portal's picker). */
export async function agenciesWithCatalog(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('catalog_nodes').select('agency_id').distinct().execute();
  return rows.map((r) => r.agency_id);
}

export async function updateNode(
  db: Executor,
  id: string,
  patch: Partial<Omit<NodeRow, 'id' | 'agency_id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('catalog_nodes').set(patch).where('id', '=', id).execute();
}

/** Sets the stage of several nodes (a moved subtree). */
export async function setStage(db: Executor, ids: readonly string[], stage: NodeRow['stage']): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('catalog_nodes')
    .set({ stage })
    .where('id', 'in', [...ids])
    .execute();
}

export async function deleteNode(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('catalog_nodes').where('id', '=', id).execute();
}

export async function countChildren(db: Executor, id: string): Promise<number> {
  const row = await db
    .selectFrom('catalog_nodes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('parent_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function maxSortOrder(db: Executor, agencyId: string, parentId: string): Promise<number> {
  const row = await db
    .selectFrom('catalog_nodes')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('agency_id', '=', agencyId)
    .where('parent_id', '=', parentId)
    .executeTakeFirst();
  return Number(row?.m ?? 0);
}

// Filings

export async function insertFilings(db: Executor, rows: readonly FilingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('catalog_item_documents')
    .values([...rows])
    .execute();
}

export async function deleteFiling(db: Executor, itemId: string, documentId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('catalog_item_documents')
    .where('item_id', '=', itemId)
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function filingsOfDocument(db: Executor, documentId: string): Promise<FilingRow[]> {
  return db
    .selectFrom('catalog_item_documents')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('filed_at')
    .execute();
}

export async function filingsOfItem(db: Executor, itemId: string): Promise<FilingRow[]> {
  return db.selectFrom('catalog_item_documents').selectAll().where('item_id', '=', itemId).execute();
}

/** Every filing under an agency's items. */
export async function filingsOfAgency(db: Executor, agencyId: string): Promise<FilingRow[]> {
  return db
    .selectFrom('catalog_item_documents as f')
    .innerJoin('catalog_nodes as n', 'n.id', 'f.item_id')
    .select(['f.item_id', 'f.document_id', 'f.filed_at', 'f.filed_by'])
    .where('n.agency_id', '=', agencyId)
    .execute();
}

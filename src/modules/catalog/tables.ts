import type { NodeKind, Stage } from './model.ts';

/**
 * 主动公开目录: each agency's tree of stages, fields and items. Migration 202612010005_catalog.
 * `stage` is the stage the node sits in (its root's), kept on every node for the report and the portal.
 */
export interface CatalogNodesTable {
  id: string;
  agency_id: string;
  parent_id: string | null;
  kind: NodeKind;
  stage: Stage;
  name: string;
  sort_order: number;
  /** An item's elements (JSON: ItemElements); null for stages and fields. */
  elements: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * 归档: a published document filed under a catalog item (one document may sit under several items).
 * The catalog owns the link; `document_id` names a row of `documents` (no foreign key: the documents
 * module owns that table and may rebuild it).
 */
export interface CatalogItemDocumentsTable {
  item_id: string;
  document_id: string;
  filed_at: string;
  filed_by: string;
}

declare module '../../core/db/database.ts' {
  interface Database {
    catalog_nodes: CatalogNodesTable;
    catalog_item_documents: CatalogItemDocumentsTable;
  }
}

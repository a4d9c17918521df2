import type { Generated } from 'kysely';

/**
 * The search index (migrations 202612010002_search_index, 202612020001_search_replica); the FTS5
 * table is reached through raw SQL only.
 */
export interface SearchEntriesTable {
  /** Publication time in ms × 1024 + a slot: unique, and its order is recency order. */
  rank_key: number;
  /** The document's id. */
  id: string;
  agency_id: string;
  title: string;
  doc_number: string | null;
  /** The plain text of the body, as indexed; snippets are cut from it. */
  text: string;
  topic: string;
  /** Publication year in Beijing. */
  year: number;
  validity: 'in_force' | 'expired' | 'repealed';
  effective_to: string | null;
  published_at: string;
}

/** PostgreSQL: the rank keys written or removed, in commit order, for the replicas to follow. */
export interface SearchChangesTable {
  seq: Generated<number>;
  rank_key: number;
}

/** PostgreSQL: one row, the id of this database's search index (a replica of another is made again). */
export interface SearchSourceTable {
  id: string;
}

declare module '../db/database.ts' {
  interface Database {
    search_entries: SearchEntriesTable;
    search_changes: SearchChangesTable;
    search_source: SearchSourceTable;
  }
}

/** The search index (migration 202612010002_search_index); the FTS5 table is reached through raw SQL only. */
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

declare module '../db/database.ts' {
  interface Database {
    search_entries: SearchEntriesTable;
  }
}

import { sql } from 'kysely';
import { dialectOf, withSeq, type MigrationDb } from '../schema-helpers.ts';
import * as searchIndex from './202612010002_search_index.ts';

/**
 * PostgreSQL searches a local FTS5 replica of its search index (core/search/replica.ts, decision
 * 0012): the tsvector columns, their GIN indexes and `search_chunks` go, and `search_changes` logs
 * the rank key of every entry written or removed, in commit order, for the replicas to follow. The
 * entries already indexed are logged once, so that a replica starts from all of them.
 * `search_source` names this database, so that a replica made from another is never continued
 * from this one's log. SQLite keeps
 * its FTS5 index in the main database: nothing changes there.
 */
export async function up(db: MigrationDb): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await db.schema.dropTable('search_chunks').execute();
  // Dropping a column drops its GIN index with it.
  await db.schema
    .alterTable('search_entries')
    .dropColumn('title_tsv')
    .dropColumn('doc_tsv')
    .dropColumn('words_tsv')
    .execute();
  await withSeq(db.schema.createTable('search_changes'), 'postgres')
    .addColumn('rank_key', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into search_changes (rank_key) select rank_key from search_entries order by rank_key`.execute(
    db,
  );
  await db.schema
    .createTable('search_source')
    .addColumn('id', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into search_source (id) values (gen_random_uuid()::text)`.execute(db);
}

/**
 * Back to the tsvector index of 202612010002, empty: the published documents must be indexed again
 * (`search.indexMany`).
 */
export async function down(db: MigrationDb): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await db.schema.dropTable('search_source').execute();
  await db.schema.dropTable('search_changes').execute();
  await db.schema.dropTable('search_entries').execute();
  await searchIndex.up(db);
}

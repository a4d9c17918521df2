import { sql } from 'kysely';
import { dialectOf, type MigrationDb } from '../schema-helpers.ts';

/**
 * The full-text search index (core/search): one row per searchable document in `search_entries`,
 * keyed by `rank_key` (publication time in ms × 1024 + a slot, so that key order is recency order).
 * SQLite: an FTS5 table over the space-joined tokens, contentless, rowid = rank_key: `body` (title
 * and body), `title` and `words` (their tokens marked, so that each column has its own doclists —
 * core/search/store.ts); the 'ascii' tokenizer splits only at ASCII separators, so every token
 * made by the app stays whole. PostgreSQL: tsvectors built by the app (lexemes and positions as
 * given), all on the entry row so that one scan (newest first, or a GIN bitmap) decides a match:
 * `title_tsv` (the title), `doc_tsv` (title, a gap, then the body — its first chunk), `words_tsv`
 * (ranking words).
 * A tsvector keeps positions up to 16383 and 256 per lexeme, so the rest of a long body lives in
 * `search_chunks` (parts 1…; almost no document has any).
 */
export async function up(db: MigrationDb): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  let entries = db.schema
    .createTable('search_entries')
    .addColumn('rank_key', postgres ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('validity', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull());
  if (postgres) {
    entries = entries
      .addColumn('title_tsv', sql`tsvector`, (c) => c.notNull())
      .addColumn('doc_tsv', sql`tsvector`, (c) => c.notNull())
      .addColumn('words_tsv', sql`tsvector`, (c) => c.notNull());
  }
  await entries.execute();
  await db.schema.createIndex('search_entries_topic_idx').on('search_entries').column('topic').execute();
  await db.schema.createIndex('search_entries_year_idx').on('search_entries').column('year').execute();

  if (postgres) {
    await db.schema
      .createTable('search_chunks')
      .addColumn('rank_key', 'bigint', (c) =>
        c.notNull().references('search_entries.rank_key').onDelete('cascade'),
      )
      .addColumn('part', 'integer', (c) => c.notNull())
      .addColumn('body_tsv', sql`tsvector`, (c) => c.notNull())
      .addPrimaryKeyConstraint('search_chunks_pk', ['rank_key', 'part'])
      .execute();
    // A body's tsvector hardly compresses (pglz gives up on it): store it out of line as it is.
    await sql`alter table search_entries alter column doc_tsv set storage external`.execute(db);
    await sql`create index search_entries_title_gin on search_entries using gin (title_tsv)`.execute(db);
    await sql`create index search_entries_doc_gin on search_entries using gin (doc_tsv)`.execute(db);
    await sql`create index search_entries_words_gin on search_entries using gin (words_tsv)`.execute(db);
    await sql`create index search_chunks_body_gin on search_chunks using gin (body_tsv)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(title, body, words, content='', contentless_delete=1, tokenize='ascii')`.execute(
      db,
    );
  }
}

export async function down(db: MigrationDb): Promise<void> {
  if (dialectOf(db) === 'postgres') await db.schema.dropTable('search_chunks').execute();
  else await sql`drop table search_fts`.execute(db);
  await db.schema.dropTable('search_entries').execute();
}

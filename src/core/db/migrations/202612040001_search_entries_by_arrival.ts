import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type MigrationDb } from '../schema-helpers.ts';

/**
 * SQLite (the main database, and PostgreSQL's search replica): `search_entries` is stored in the
 * order rows arrive, with `rank_key` as a unique index, no longer as the rowid. A rowid table is a
 * B-tree ordered by its rowid, and an entry row carries the document's text (about 3 kB): a bulk
 * import in publication-random order put every row into a random leaf of a table of gigabytes,
 * writing a random page each time (measured, 600,000 rows of 3 kB into a bare table: 27 s per
 * 100,000 rows at the end keyed by rowid, 12 s appended with the key in an index). FTS5's rowid
 * stays the rank key; a match finds its entry through the index. PostgreSQL's tables are heaps
 * already: nothing changes there.
 * The rows are copied once (minutes for a million entries).
 */
export async function up(db: MigrationDb): Promise<void> {
  if (dialectOf(db) === 'sqlite') await rebuild(db, sql`integer not null unique`);
}

export async function down(db: MigrationDb): Promise<void> {
  if (dialectOf(db) === 'sqlite') await rebuild(db, sql`integer primary key`);
}

/** `search_entries` again with this rank-key column, its rows copied in key order. */
async function rebuild(db: MigrationDb, rankKey: RawBuilder<unknown>): Promise<void> {
  await sql`create table search_entries_rebuilt (
    rank_key ${rankKey},
    id text not null unique,
    agency_id text not null,
    title text not null,
    doc_number text,
    text text not null,
    topic text not null,
    year integer not null,
    validity text not null,
    effective_to text,
    published_at text not null)`.execute(db);
  await sql`insert into search_entries_rebuilt
    select rank_key, id, agency_id, title, doc_number, text, topic, year, validity, effective_to, published_at
    from search_entries order by rank_key`.execute(db);
  await db.schema.dropTable('search_entries').execute();
  await sql`alter table search_entries_rebuilt rename to search_entries`.execute(db);
  await db.schema.createIndex('search_entries_topic_idx').on('search_entries').column('topic').execute();
  await db.schema.createIndex('search_entries_year_idx').on('search_entries').column('year').execute();
}

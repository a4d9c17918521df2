import { sql, type Kysely, type RawBuilder } from 'kysely';
import { byColumns } from '../db/by-columns.ts';
import type { Engine } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import type { SearchEntriesTable } from './tables.ts';

/**
 * SQL of the search index. Matching runs in FTS5 on a SQLite database: the main one on SQLite, the
 * local replica (replica.ts) on PostgreSQL, whose main database keeps the entry rows and the log of
 * changes the replicas follow. Everything that decides a match is a token made in model.ts, and
 * FTS5 re-splits the space-joined tokens at the spaces (its 'ascii' tokenizer splits at nothing else
 * a token can hold).
 *
 * Speed (docs/decisions/0010-search-bigrams.md, "Query plan"): one capped count of all matches, and
 * per ranking tier only a `limit`ed fetch newest first, so a common bigram (公开) costs a page and
 * the count cap, not every match. The FTS5 MATCH streams rowids (= rank keys) newest first.
 */
export type Executor = Kysely<Database>;

/** A document ready for the index: its entry row and its FTS5 columns. */
export interface Prepared {
  row: SearchEntriesTable;
  index: IndexColumns;
}

/** The FTS5 columns as space-joined tokens (see TITLE_MARK). */
export interface IndexColumns {
  title: string;
  body: string;
  words: string;
}

/** The ranking tiers, in order; `all` is every match (for the count). */
export type Tier = 'title' | 'words' | 'rest' | 'all';

/**
 * What a search asks: `phrases[i]` (the tokens of term i)
 * must occur in a row, in the title or the body; `words` (the query's jieba words) rank a document
 * into the `words` tier when all of them are among its words.
 */
export interface Match {
  phrases: string[][];
  words: string[];
}

export interface Filters {
  agencyId?: string;
  topic?: string;
  year?: number;
  validity?: 'in_force' | 'expired' | 'repealed';
  /** 'YYYY-MM-DD' in Beijing: the day an effective period is judged against. */
  today: string;
}

/**
 * Stands between the title and the body in the `body` column, so that no phrase runs from one into
 * the other. model.ts never makes it: `~` is punctuation there.
 */
export const TITLE_END = '~';

/** The FTS5 columns of a document from its token streams (pure; runs in the preparer's worker). */
export function encodeIndex(
  titleTokens: readonly string[],
  bodyTokens: readonly string[],
  words: readonly string[],
): IndexColumns {
  return {
    title: titleTokens.map((t) => TITLE_MARK + t).join(' '),
    body: `${titleTokens.join(' ')} ${TITLE_END} ${bodyTokens.join(' ')}`,
    words: words.map((w) => WORD_MARK + w).join(' '),
  };
}

const ftsPhrase = (tokens: readonly string[]): string => `"${tokens.join(' ')}"`;

const and = (parts: RawBuilder<unknown>[]): RawBuilder<unknown> => sql.join(parts, sql` and `);

/**
 * The FTS5 columns hold different tokens, so that each has its own doclists: `body` the
 * title's tokens, TITLE_END and the body's (a match anywhere), `title` the title's tokens marked
 * with TITLE_MARK, `words` the ranking words marked with WORD_MARK. A title-tier or words-tier
 * query then reads only title or word doclists, never the long body doclists of a common bigram.
 * The marks are punctuation to model.ts, so no token of its own starts with them.
 */
export const TITLE_MARK = '§';
export const WORD_MARK = '¶';

function ftsCondition(m: Match, tier: Tier): string {
  const title = m.phrases.map((p) => ftsPhrase(p.map((t) => TITLE_MARK + t))).join(' AND ');
  if (tier === 'title') return title;
  const found = m.phrases.map(ftsPhrase).join(' AND ');
  if (tier === 'all') return found;
  const words = m.words.map((w) => ftsPhrase([WORD_MARK + w])).join(' AND ');
  if (tier === 'words') return `(${found} AND ${words}) NOT (${title})`;
  return words ? `((${found}) NOT (${title})) NOT (${words})` : `(${found}) NOT (${title})`;
}

function filterSql(f: Filters): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (f.agencyId !== undefined) out.push(sql`e.agency_id = ${f.agencyId}`);
  if (f.topic !== undefined) out.push(sql`e.topic = ${f.topic}`);
  if (f.year !== undefined) out.push(sql`e.year = ${f.year}`);
  // An in-force document whose effective period has ended counts as 失效 (expired).
  if (f.validity === 'in_force') {
    out.push(sql`e.validity = 'in_force' and (e.effective_to is null or e.effective_to >= ${f.today})`);
  } else if (f.validity === 'expired') {
    out.push(sql`(e.validity = 'expired' or (e.validity = 'in_force' and e.effective_to < ${f.today}))`);
  } else if (f.validity === 'repealed') {
    out.push(sql`e.validity = 'repealed'`);
  }
  return out;
}

/** The documents of a tier that pass the filters, newest first: FTS5 `f` joined to search_entries `e`. */
function tierQuery(
  m: Match,
  tier: Tier,
  f: Filters,
  columns: RawBuilder<unknown>,
  ordered: boolean,
): RawBuilder<unknown> {
  const filters = filterSql(f);
  const match = ftsCondition(m, tier);
  // Without filters the count needs no entry row: FTS5 alone.
  if (filters.length === 0 && !ordered)
    return sql`select ${columns} from search_fts f where search_fts match ${match}`;
  // CROSS JOIN keeps FTS5 the outer loop, which yields rowids (rank keys) newest first and stops early.
  return sql`select ${columns} from search_fts f cross join search_entries e on e.rank_key = f.rowid where ${and(
    [sql`search_fts match ${match}`, ...filters],
  )}${ordered ? sql` order by f.rowid desc` : sql``}`;
}

const ENTRY_COLUMNS = sql`e.rank_key, e.id, e.agency_id, e.title, e.doc_number, e.text, e.topic, e.year, e.validity, e.effective_to, e.published_at`;

/** How many documents of a tier pass the filters, counting no further than `cap`. */
export async function count(db: Executor, m: Match, tier: Tier, f: Filters, cap: number): Promise<number> {
  const inner = tierQuery(m, tier, f, sql`1 as one`, false);
  const { rows } = await sql<{ n: number }>`select count(*) as n from (${inner} limit ${cap}) t`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function fetchTier(
  db: Executor,
  m: Match,
  tier: Tier,
  f: Filters,
  offset: number,
  limit: number,
): Promise<SearchEntriesTable[]> {
  const q = tierQuery(m, tier, f, ENTRY_COLUMNS, true);
  const { rows } = await sql<SearchEntriesTable>`${q} limit ${limit} offset ${offset}`.execute(db);
  return rows.map(entryRow);
}

const entryRow = (r: SearchEntriesTable): SearchEntriesTable => ({
  ...r,
  rank_key: Number(r.rank_key),
  year: Number(r.year),
});

/** The rank keys already taken among `keys`. */
export async function takenKeys(db: Executor, keys: readonly number[]): Promise<Set<number>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('search_entries')
    .select('rank_key')
    .where('rank_key', 'in', keys)
    .execute();
  return new Set(rows.map((r) => Number(r.rank_key)));
}

export async function takenInRange(db: Executor, from: number, to: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('search_entries')
    .select('rank_key')
    .where('rank_key', '>=', from)
    .where('rank_key', '<=', to)
    .execute();
  return new Set(rows.map((r) => Number(r.rank_key)));
}

/** The rank keys of the given document ids that are in the index. */
export async function keysOf(db: Executor, ids: readonly string[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('search_entries').select('rank_key').where('id', 'in', ids).execute();
  return rows.map((r) => Number(r.rank_key));
}

/**
 * Takes the entries with these keys out. On SQLite (the main database or a replica) with their FTS5
 * rows; on PostgreSQL the removal is logged for the replicas.
 */
export async function removeKeys(db: Executor, engine: Engine, keys: readonly number[]): Promise<void> {
  if (keys.length === 0) return;
  if (engine === 'sqlite') {
    for (const k of keys) await sql`delete from search_fts where rowid = ${k}`.execute(db);
  } else {
    await logChanges(db, keys);
  }
  await db.deleteFrom('search_entries').where('rank_key', 'in', keys).execute();
}

/** Rows per SQLite INSERT statement: well under its bound-parameter limit (32766). */
const ROWS_PER_INSERT = 250;

/** SQLite (the main database or a replica): the entry rows and their FTS5 rows. */
export async function insertPrepared(db: Executor, items: readonly Prepared[]): Promise<void> {
  // FTS5 writes its pending doclists out as a new segment whenever a rowid is not above the last
  // one; rows in rank-key order keep a transaction's rows in one segment (measured: half the cost
  // of rows in publication-random order, as a bulk import gives them).
  const ordered = [...items].sort((a, b) => a.row.rank_key - b.row.rank_key);
  for (let i = 0; i < ordered.length; i += ROWS_PER_INSERT) {
    const part = ordered.slice(i, i + ROWS_PER_INSERT);
    await db
      .insertInto('search_entries')
      .values(part.map((p) => p.row))
      .execute();
    await sql`insert into search_fts (rowid, title, body, words) values ${sql.join(
      part.map(({ row, index: x }) => sql`(${row.rank_key}, ${x.title}, ${x.body}, ${x.words})`),
    )}`.execute(db);
  }
}

/** Rows per PostgreSQL INSERT of whole columns (a bulk load's batch is 20,000: about 60 MB). */
const ROWS_PER_COLUMN_INSERT = 2000;

/**
 * PostgreSQL: the entry rows, their changes logged for the replicas; each column goes as one array
 * (core/db/by-columns.ts).
 */
export async function insertRows(db: Executor, rows: readonly SearchEntriesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await logChanges(
    db,
    rows.map((r) => r.rank_key),
  );
  for (let i = 0; i < rows.length; i += ROWS_PER_COLUMN_INSERT) {
    const part = rows.slice(i, i + ROWS_PER_COLUMN_INSERT);
    await sql`insert into search_entries ${byColumns(part, ENTRY_ARRAYS)}`.execute(db);
  }
}

const ENTRY_ARRAYS = {
  rank_key: 'bigint',
  id: 'text',
  agency_id: 'text',
  title: 'text',
  doc_number: 'text',
  text: 'text',
  topic: 'text',
  year: 'int',
  validity: 'text',
  effective_to: 'text',
  published_at: 'text',
} as const;

/**
 * Appends keys to PostgreSQL's change log. A replica reads the log up to the highest seq it sees
 * and never looks below it again, so seqs must become visible in order: the transaction-scoped
 * advisory lock makes the writers of the index take turns until they commit (a lower seq can
 * then not commit after a higher one). Publishing is rare; a bulk load is one writer.
 */
async function logChanges(db: Executor, keys: readonly number[]): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SEARCH_CHANGES_LOCK}::bigint)`.execute(db);
  await sql`insert into search_changes (rank_key) select unnest(${[...keys]}::bigint[])`.execute(db);
}

/** The advisory lock key of the search change log ('gksearch' as a number). */
const SEARCH_CHANGES_LOCK = 0x676b736561726368n.toString();

/**
 * FTS5 settings during a bulk load, and their defaults. `hashsize`: the in-memory doclists of a
 * transaction (a load's transactions are larger; each time they outgrow this, one more segment is
 * written). `automerge`/`crisismerge`: FTS5 normally merges segments level by level as they
 * accumulate, rewriting the index several times over as it grows; during the load it merges none,
 * and `endBulkLoad` merges them all once (`optimize`). Measured on 100,000 documents, quiet machine:
 * 0.69 ms per document with the default merging, 0.34 ms without, plus 17.5 s (0.18 ms per
 * document) for the optimize. FTS5 keeps at most 2,000 segments; a load writes about one per
 * transaction of 2,000 documents.
 */
const FTS_SETTINGS = {
  bulk: { hashsize: 16 * 1024 * 1024, automerge: 0, crisismerge: 1000 },
  normal: { hashsize: 1024 * 1024, automerge: 4, crisismerge: 16 },
} as const;

async function ftsSettings(db: Executor, values: Record<string, number>): Promise<void> {
  // Written as SQL literals: node:sqlite binds a JS number as a REAL, and FTS5 wants an integer.
  for (const [name, value] of Object.entries(values)) {
    await sql`insert into search_fts (search_fts, rank) values (${name}, ${sql.lit(value)})`.execute(db);
  }
}

/** SQLite (the main database or a replica), before a bulk load: FTS5's bulk settings. */
export async function beginBulkLoad(db: Executor): Promise<void> {
  await ftsSettings(db, FTS_SETTINGS.bulk);
}

/**
 * After a bulk load: one merge of all segments, FTS5's settings back, fresh statistics of the entry
 * table (the planner's only use of them here; FTS5 plans its own tables, and the other tables
 * belong to their modules — a whole-database ANALYZE reads every table, the gigabytes of FTS5
 * segments included).
 */
export async function endBulkLoad(db: Executor): Promise<void> {
  await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
  await ftsSettings(db, FTS_SETTINGS.normal);
  await sql`analyze search_entries`.execute(db);
}

/** The topics and years in the index, for the filter lists. */
export async function facets(db: Executor): Promise<{ topics: string[]; years: number[] }> {
  const [topics, years] = await Promise.all([
    db.selectFrom('search_entries').select('topic').distinct().orderBy('topic').execute(),
    db.selectFrom('search_entries').select('year').distinct().orderBy('year', 'desc').execute(),
  ]);
  return { topics: topics.map((t) => t.topic), years: years.map((y) => Number(y.year)) };
}

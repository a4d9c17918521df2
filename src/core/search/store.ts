import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Engine } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import type { SearchEntriesTable } from './tables.ts';

/**
 * SQL of the search index, for both engines. Everything that decides a match is a token made in
 * model.ts: SQLite's FTS5 re-splits the space-joined tokens at the spaces (its 'ascii' tokenizer
 * splits at nothing else a token can hold), and PostgreSQL gets tsvector/tsquery literals with the
 * lexemes as they are ('simple' semantics, no parser in between), so both engines see the same tokens.
 *
 * Speed (docs/decisions/0010-search-bigrams.md, "Query plan"): one capped count of all matches, and
 * per ranking tier only a `limit`ed fetch newest first, so a common bigram (公开) costs a page and
 * the count cap, not every match. SQLite: the FTS5 MATCH streams rowids (= rank keys) newest first.
 * PostgreSQL: every condition is on the entry row, so the planner can either walk the primary key
 * backwards and stop after the page (common terms) or intersect GIN posting lists (rare terms);
 * the phrase (`<->`) is verified only on the rows the GIN lists leave.
 */
export type Executor = Kysely<Database>;

/** A document ready for the index: its row and its index columns, encoded for the engine. */
export interface Prepared {
  row: SearchEntriesTable;
  index: IndexColumns;
}

/**
 * SQLite: the FTS5 columns as space-joined tokens. PostgreSQL: tsvector literals of the entry row,
 * and of the overflow chunks of a long body (search_chunks parts 1…).
 */
export type IndexColumns =
  | { engine: 'sqlite'; title: string; body: string; words: string }
  | { engine: 'postgres'; title: string; doc: string; words: string; chunks: string[] };

/** The ranking tiers, in order; `all` is every match (for the count). */
export type Tier = 'title' | 'words' | 'rest' | 'all';

/**
 * What a search asks, made once per search by `prepareMatch`: `phrases[i]` (the tokens of term i)
 * must occur in a row, in the title or the body; `words` (the query's jieba words) rank a document
 * into the `words` tier when all of them are among its words.
 */
export interface Match {
  phrases: string[][];
  words: string[];
  /** PostgreSQL: per term, the entries whose overflow chunks (search_chunks) hold the phrase. */
  overflow: number[][];
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
 * PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383 in a tsvector; a
 * document's token stream is split into chunks that stay under both, overlapping by more than the
 * longest query phrase (MAX_QUERY_LENGTH characters give at most 51 tokens), so a phrase is always
 * inside one. Chunk 0 is the entry's `doc_tsv`; the others (long bodies only) are `search_chunks`.
 */
export const CHUNK_TOKENS = 16_000;
export const CHUNK_OVERLAP = 64;
const MAX_POSITIONS = 255;
/**
 * Stands between the title and the body in `doc_tsv`, so that no phrase runs from one into the
 * other. model.ts never makes it: `~` is punctuation there.
 */
export const TITLE_END = '~';

export function chunk(tokens: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let start = 0;
  while (start < tokens.length) {
    const counts = new Map<string, number>();
    let end = start;
    while (end < tokens.length && end - start < CHUNK_TOKENS) {
      const t = tokens[end] as string;
      const n = (counts.get(t) ?? 0) + 1;
      if (n > MAX_POSITIONS) break;
      counts.set(t, n);
      end++;
    }
    chunks.push(tokens.slice(start, end));
    if (end >= tokens.length) break;
    start = end - CHUNK_OVERLAP;
  }
  return chunks;
}

/** A tsvector literal with positions 1… in token order (tokens hold only letters, digits and Han). */
export function tsvectorLiteral(tokens: readonly string[]): string {
  const positions = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    const list = positions.get(t);
    if (list) list.push(i + 1);
    else positions.set(t, [i + 1]);
  });
  let out = '';
  for (const [t, ps] of positions) out += `${out ? ' ' : ''}'${t}':${ps.join(',')}`;
  return out;
}

const lexemes = (tokens: readonly string[]): string => [...new Set(tokens)].map((t) => `'${t}'`).join(' ');

/** The index columns of a document from its token streams (pure; runs in the bulk loader's worker). */
export function encodeIndex(
  engine: Engine,
  titleTokens: readonly string[],
  bodyTokens: readonly string[],
  words: readonly string[],
): IndexColumns {
  if (engine === 'sqlite') {
    return {
      engine,
      title: titleTokens.map((t) => TITLE_MARK + t).join(' '),
      body: `${titleTokens.join(' ')} ${TITLE_END} ${bodyTokens.join(' ')}`,
      words: words.map((w) => WORD_MARK + w).join(' '),
    };
  }
  const [first = [], ...more] = chunk([...titleTokens, TITLE_END, ...bodyTokens]);
  return {
    engine,
    title: tsvectorLiteral(titleTokens),
    doc: tsvectorLiteral(first),
    words: lexemes(words),
    chunks: more.map(tsvectorLiteral),
  };
}
const pgPhrase = (tokens: readonly string[]): string => `(${tokens.map((t) => `'${t}'`).join(' <-> ')})`;
const pgAll = (phrases: readonly string[][]): string => phrases.map(pgPhrase).join(' & ');
const ftsPhrase = (tokens: readonly string[]): string => `"${tokens.join(' ')}"`;

const and = (parts: RawBuilder<unknown>[]): RawBuilder<unknown> => sql.join(parts, sql` and `);

/** The PostgreSQL match of a search: the entries (among them, long bodies) holding each phrase. */
export async function prepareMatch(
  db: Executor,
  engine: Engine,
  phrases: string[][],
  words: string[],
): Promise<Match> {
  const overflow: number[][] = phrases.map(() => []);
  if (engine === 'postgres') {
    // search_chunks holds only the parts after the first of long bodies: a small GIN lookup.
    const { rows } = await sql<{ rank_key: string; hit: boolean[] }>`select rank_key, array[${sql.join(
      phrases.map((p) => sql`bool_or(body_tsv @@ ${pgPhrase(p)}::tsquery)`),
    )}] as hit from search_chunks where body_tsv @@ ${phrases.map(pgPhrase).join(' | ')}::tsquery group by rank_key`.execute(
      db,
    );
    for (const r of rows) r.hit.forEach((h, i) => h && overflow[i]?.push(Number(r.rank_key)));
  }
  return { phrases, words, overflow };
}

function pgFound(m: Match): RawBuilder<unknown> {
  if (m.overflow.every((keys) => keys.length === 0)) return sql`e.doc_tsv @@ ${pgAll(m.phrases)}::tsquery`;
  return and(
    m.phrases.map((p, i) => {
      const keys = m.overflow[i] ?? [];
      const inDoc = sql`e.doc_tsv @@ ${pgPhrase(p)}::tsquery`;
      return keys.length === 0 ? inDoc : sql`(${inDoc} or e.rank_key = any(${keys}::bigint[]))`;
    }),
  );
}

function pgCondition(m: Match, tier: Tier): RawBuilder<unknown> {
  const inTitle = sql`e.title_tsv @@ ${pgAll(m.phrases)}::tsquery`;
  if (tier === 'title') return inTitle;
  const found = pgFound(m);
  if (tier === 'all') return found;
  const words =
    m.words.length > 0
      ? sql`e.words_tsv @@ ${m.words.map((w) => `'${w}'`).join(' & ')}::tsquery`
      : sql`false`;
  return tier === 'words'
    ? sql`${found} and ${words} and not (${inTitle})`
    : sql`${found} and not (${inTitle}) and not (${words})`;
}

/**
 * SQLite: the FTS5 columns hold different tokens, so that each has its own doclists: `body` the
 * title's tokens, TITLE_END and the body's (a match anywhere), `title` the title's tokens marked
 * with TITLE_MARK, `words` the ranking words marked with WORD_MARK. A title-tier or words-tier
 * query then reads only title or word doclists, never the long body doclists of a common bigram.
 * The marks are punctuation to model.ts, so no token of its own starts with them.
 */
export const TITLE_MARK = '§';
export const WORD_MARK = '¶';

const ftsTitle = (m: Match): string =>
  m.phrases.map((p) => ftsPhrase(p.map((t) => TITLE_MARK + t))).join(' AND ');
const ftsWords = (m: Match): string => m.words.map((w) => ftsPhrase([WORD_MARK + w])).join(' AND ');

function ftsCondition(m: Match, tier: Tier): string {
  const title = ftsTitle(m);
  if (tier === 'title') return title;
  const found = m.phrases.map(ftsPhrase).join(' AND ');
  if (tier === 'all') return found;
  const words = ftsWords(m);
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

/** The documents of a tier that pass the filters, newest first: a select of search_entries `e`. */
function tierQuery(
  engine: Engine,
  m: Match,
  tier: Tier,
  f: Filters,
  columns: RawBuilder<unknown>,
  ordered: boolean,
  before?: number,
): RawBuilder<unknown> {
  const filters = filterSql(f);
  if (before !== undefined)
    filters.push(engine === 'postgres' ? sql`e.rank_key < ${before}` : sql`f.rowid < ${before}`);
  if (engine === 'postgres') {
    const where = and([pgCondition(m, tier), ...filters]);
    return ordered
      ? sql`select ${columns} from search_entries e where ${where} order by e.rank_key desc`
      : sql`select ${columns} from search_entries e where ${where}`;
  }
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
export async function count(
  db: Executor,
  engine: Engine,
  m: Match,
  tier: Tier,
  f: Filters,
  cap: number,
  before?: number,
): Promise<number> {
  const inner = tierQuery(engine, m, tier, f, sql`1 as one`, false, before);
  const { rows } = await sql<{ n: number }>`select count(*) as n from (${inner} limit ${cap}) t`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function fetchTier(
  db: Executor,
  engine: Engine,
  m: Match,
  tier: Tier,
  f: Filters,
  offset: number,
  limit: number,
  before?: number,
): Promise<SearchEntriesTable[]> {
  const q = tierQuery(engine, m, tier, f, ENTRY_COLUMNS, true, before);
  const { rows } = await sql<SearchEntriesTable>`${q} limit ${limit} offset ${offset}`.execute(db);
  return rows.map(entryRow);
}

const entryRow = (r: SearchEntriesTable): SearchEntriesTable => ({
  ...r,
  rank_key: Number(r.rank_key),
  year: Number(r.year),
});

/** A match among the newest: its key and its ranking tier. */
export interface Ranked {
  key: number;
  tier: Exclude<Tier, 'all'>;
}

/**
 * The newest `cap` matches that pass the filters, newest first, each with its tier. Fewer than
 * `cap` means these are all the matches.
 * - PostgreSQL, in one statement: the phrase is verified once per row, the tier costs two small
 *   tsvector checks on the `cap` rows.
 * - SQLite: one FTS5 walk for the matches' rowids, then the title and word doclists read only over
 *   the rowid range those span (FTS5 seeks a doclist to a rowid range), instead of one walk of the
 *   phrases' doclists per tier.
 */
export async function newestRanked(
  db: Executor,
  engine: Engine,
  m: Match,
  f: Filters,
  cap: number,
): Promise<Ranked[]> {
  if (engine === 'sqlite') return newestRankedFts(db, m, f, cap);
  const inTitle = sql`e.title_tsv @@ ${pgAll(m.phrases)}::tsquery`;
  const inWords =
    m.words.length > 0
      ? sql`e.words_tsv @@ ${m.words.map((w) => `'${w}'`).join(' & ')}::tsquery`
      : sql`false`;
  // The tier is computed on the `cap` rows only, after the limit: the inner query carries the two
  // tsvectors as (TOAST) references and never reads those of the rows the sort throws away.
  const newest = sql`select e.rank_key, e.title_tsv, e.words_tsv from search_entries e where ${and([
    pgFound(m),
    ...filterSql(f),
  ])} order by e.rank_key desc limit ${cap}`;
  const { rows } = await sql<{
    rank_key: string;
    t: boolean;
    w: boolean;
  }>`select e.rank_key, ${inTitle} as t, ${inWords} as w from (${newest}) e order by e.rank_key desc`.execute(
    db,
  );
  return rows.map((r) => ({ key: Number(r.rank_key), tier: r.t ? 'title' : r.w ? 'words' : 'rest' }));
}

async function newestRankedFts(db: Executor, m: Match, f: Filters, cap: number): Promise<Ranked[]> {
  // Without filters FTS5 alone; with them, the entry rows joined (tierQuery).
  const newest =
    filterSql(f).length === 0
      ? sql`select rowid as k from search_fts where search_fts match ${ftsCondition(m, 'all')} order by rowid desc`
      : tierQuery('sqlite', m, 'all', f, sql`f.rowid as k`, true);
  const { rows } = await sql<{ k: number }>`${newest} limit ${cap}`.execute(db);
  const keys = rows.map((r) => Number(r.k));
  const [first, last] = [keys[keys.length - 1], keys[0]];
  if (first === undefined || last === undefined) return [];
  const within = async (match: string): Promise<Set<number>> => {
    const { rows: hits } = await sql<{
      k: number;
    }>`select rowid as k from search_fts where search_fts match ${match} and rowid >= ${first} and rowid <= ${last}`.execute(
      db,
    );
    return new Set(hits.map((r) => Number(r.k)));
  };
  const inTitle = await within(ftsTitle(m));
  const inWords = m.words.length > 0 ? await within(ftsWords(m)) : new Set<number>();
  return keys.map((key) => ({
    key,
    tier: inTitle.has(key) ? 'title' : inWords.has(key) ? 'words' : 'rest',
  }));
}

/** The entries with these keys (in no particular order). */
export async function entries(db: Executor, keys: readonly number[]): Promise<SearchEntriesTable[]> {
  if (keys.length === 0) return [];
  const { rows } =
    await sql<SearchEntriesTable>`select ${ENTRY_COLUMNS} from search_entries e where e.rank_key in (${sql.join(
      keys,
    )})`.execute(db);
  return rows.map(entryRow);
}

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

export async function removeKeys(db: Executor, engine: Engine, keys: readonly number[]): Promise<void> {
  if (keys.length === 0) return;
  if (engine === 'sqlite') {
    for (const k of keys) await sql`delete from search_fts where rowid = ${k}`.execute(db);
  }
  // PostgreSQL: the chunks go with their entry (on delete cascade).
  await db.deleteFrom('search_entries').where('rank_key', 'in', keys).execute();
}

/** Rows per INSERT statement: well under both engines' bound-parameter limits (32766, 65535). */
const ROWS_PER_INSERT = 250;

export async function insertPrepared(
  db: Executor,
  engine: Engine,
  items: readonly Prepared[],
): Promise<void> {
  // FTS5 writes its pending doclists out as a new segment whenever a rowid is not above the last
  // one; rows in rank-key order keep a transaction's rows in one segment (measured: half the cost
  // of rows in publication-random order, as a bulk import gives them).
  const ordered = [...items].sort((a, b) => a.row.rank_key - b.row.rank_key);
  for (let i = 0; i < ordered.length; i += ROWS_PER_INSERT) {
    await insertRows(db, engine, ordered.slice(i, i + ROWS_PER_INSERT));
  }
}

async function insertRows(db: Executor, engine: Engine, items: readonly Prepared[]): Promise<void> {
  if (items.length === 0) return;
  if (engine === 'sqlite') {
    await db
      .insertInto('search_entries')
      .values(items.map((p) => p.row))
      .execute();
    await sql`insert into search_fts (rowid, title, body, words) values ${sql.join(
      items.map(({ row, index: x }) =>
        x.engine === 'sqlite' ? sql`(${row.rank_key}, ${x.title}, ${x.body}, ${x.words})` : wrongEngine(),
      ),
    )}`.execute(db);
    return;
  }
  const rest: RawBuilder<unknown>[] = [];
  const rows = items.map(({ row: r, index: x }) => {
    if (x.engine !== 'postgres') return wrongEngine();
    x.chunks.forEach((literal, i) => rest.push(sql`(${r.rank_key}, ${i + 1}, ${literal}::tsvector)`));
    return sql`(${r.rank_key}, ${r.id}, ${r.agency_id}, ${r.title}, ${r.doc_number}, ${r.text}, ${r.topic}, ${r.year}, ${r.validity}, ${r.effective_to}, ${r.published_at}, ${x.title}::tsvector, ${x.doc}::tsvector, ${x.words}::tsvector)`;
  });
  await sql`insert into search_entries (rank_key, id, agency_id, title, doc_number, text, topic, year, validity, effective_to, published_at, title_tsv, doc_tsv, words_tsv) values ${sql.join(rows)}`.execute(
    db,
  );
  for (let i = 0; i < rest.length; i += 500) {
    await sql`insert into search_chunks (rank_key, part, body_tsv) values ${sql.join(rest.slice(i, i + 500))}`.execute(
      db,
    );
  }
}

const wrongEngine = (): never => {
  throw new Error('search: index columns encoded for the other engine');
};

/**
 * The GIN indexes of migration 202612010002, which a bulk load may drop and build again at the
 * end (building a GIN index once is many times cheaper than updating it row by row).
 */
const PG_INDEXES: [name: string, table: string, column: string][] = [
  ['search_entries_title_gin', 'search_entries', 'title_tsv'],
  ['search_entries_doc_gin', 'search_entries', 'doc_tsv'],
  ['search_entries_words_gin', 'search_entries', 'words_tsv'],
  ['search_chunks_body_gin', 'search_chunks', 'body_tsv'],
];

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

export async function beginBulkLoad(db: Executor, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    await ftsSettings(db, FTS_SETTINGS.bulk);
    return;
  }
  for (const [name] of PG_INDEXES) await sql`drop index if exists ${sql.ref(name)}`.execute(db);
}

/** Builds what beginBulkLoad dropped, and refreshes the planner's statistics (both engines). */
export async function endBulkLoad(db: Executor, engine: Engine): Promise<void> {
  if (engine !== 'postgres') {
    await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
    await ftsSettings(db, FTS_SETTINGS.normal);
    await sql`analyze`.execute(db);
    return;
  }
  await db.connection().execute(async (c) => {
    await sql`set maintenance_work_mem = '512MB'`.execute(c);
    for (const [name, table, column] of PG_INDEXES) {
      await sql`create index if not exists ${sql.ref(name)} on ${sql.table(table)} using gin (${sql.ref(column)})`.execute(
        c,
      );
    }
    await sql`reset maintenance_work_mem`.execute(c);
    // VACUUM sets the visibility map (index-only and bitmap scans skip heap pages); ANALYZE the
    // bigram frequencies the planner chooses between plans by.
    await sql`vacuum analyze search_entries`.execute(c);
    await sql`vacuum analyze search_chunks`.execute(c);
  });
}

/** The topics and years in the index, for the filter lists. */
export async function facets(db: Executor): Promise<{ topics: string[]; years: number[] }> {
  const [topics, years] = await Promise.all([
    db.selectFrom('search_entries').select('topic').distinct().orderBy('topic').execute(),
    db.selectFrom('search_entries').select('year').distinct().orderBy('year', 'desc').execute(),
  ]);
  return { topics: topics.map((t) => t.topic), years: years.map((y) => Number(y.year)) };
}

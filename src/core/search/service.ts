import { sql, type Kysely } from 'kysely';
import { shanghaiDate } from '../calendar/dates.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { highlightAll, parseQuery, snippet, type Highlight } from './model.ts';
import { entryRow, SLOTS, withIndex, type SearchEntry, type SearchValidity } from './prepare.ts';
import { writeAhead } from './preparer.ts';
import { openReplica, type Replica } from './replica.ts';
import * as store from './store.ts';
import type { SearchEntriesTable } from './tables.ts';
import { queryWords } from './words.ts';

export type { SearchEntry, SearchValidity } from './prepare.ts';

export interface SearchQuery {
  /** What the visitor typed: space-separated terms, all of which must occur. */
  q: string;
  agencyId?: string;
  topic?: string;
  /** Publication year (Beijing). */
  year?: number;
  /** The validity as of today: an in-force document past its effective period counts as expired. */
  validity?: SearchValidity;
  /** 1-based. */
  page?: number;
  /** 1…MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE. */
  pageSize?: number;
}

export interface SearchHit {
  id: string;
  agencyId: string;
  /** The title with the query's hits marked. */
  title: Highlight[];
  docNumber: string | null;
  publishedAt: string;
  /** 'YYYY-MM-DD' in Beijing. */
  publishedOn: string;
  topic: string;
  validity: SearchValidity;
  /** A passage of the body around the first hit, hits marked. */
  snippet: Highlight[];
}

export interface SearchPage {
  items: SearchHit[];
  /** The number of matches, exact when `totalExact`; otherwise at least this many ("超过"). */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
  /** Whether a next page has matches (known even when the total is not exact). */
  hasNext: boolean;
}

export interface SearchService {
  /** Adds a published document to the index, or replaces its entry (a new version), inside `trx`. */
  index(trx: Kysely<Database>, entry: SearchEntry): Promise<void>;
  /** Takes a document out of the index (withdrawn); unknown ids are ignored. */
  remove(trx: Kysely<Database>, id: string): Promise<void>;
  /** Indexes many documents in batches, each batch its own transaction (import, benchmark). */
  indexMany(entries: Iterable<SearchEntry>): Promise<void>;
  /** Before a bulk import into an index that nobody searches meanwhile: SQLite's FTS5 bulk settings. */
  beginBulkLoad(): Promise<void>;
  /**
   * After a bulk import: SQLite merges the FTS5 index once and refreshes statistics; PostgreSQL
   * refreshes statistics and brings this process's replica up to date.
   */
  endBulkLoad(): Promise<void>;
  /**
   * Published documents containing every term, title hits first, then documents where the terms
   * are jieba words, then the rest, newest first within each. Throws `invalid_input` (400) with a
   * Chinese message for a query that parseQuery refuses or a bad filter.
   */
  search(query: SearchQuery): Promise<SearchPage>;
  /** The topics and years present, for the filter lists (kept for a minute). */
  facets(): Promise<{ topics: string[]; years: number[] }>;
  /** Closes the replica (PostgreSQL). */
  close(): Promise<void>;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;
export const MAX_PAGE = 100_000;
/** Matches are counted up to this many (or as far as the requested page needs); beyond, "超过". */
export const COUNT_CAP = 1000;
/**
 * Entries per transaction of a bulk load: SQLite takes large ones well (FTS5 writes a transaction's
 * doclists as one segment, and a commit writes each changed leaf of the random-order indexes, the
 * rank keys and FTS5's docsize, once for more rows); PostgreSQL's are rows without tokens.
 * Measured on 1,000,000 documents, SQLite, consecutive runs: 2,000 per transaction 396 s and 54 GB
 * written, then 100 s for the merge; 20,000 per transaction 360 s and 52 GB, then 96 s. Three
 * batches are in memory at once (read, prepared, written): about 400 MB at 20,000.
 */
const BULK_BATCH = 20_000;
const FACETS_TTL_MS = 60_000;

function currentValidity(v: SearchValidity, effectiveTo: string | null, today: string): SearchValidity {
  if (v === 'in_force' && effectiveTo !== null && today > effectiveTo) return 'expired';
  return v;
}

export function createSearchService({
  db,
  clock,
  countCap = COUNT_CAP,
  bulkBatch,
  replicaFile,
  replicaWaitLimit,
}: {
  db: Db;
  clock: Clock;
  /** PostgreSQL: the local SQLite file searches run on (replica.ts). */
  replicaFile?: string;
  /** Tests only: a smaller limit for the replica's background catch-up. */
  replicaWaitLimit?: number;
  /** Tests only: a smaller count cap, so that a small index takes the capped paths. */
  countCap?: number;
  /** Tests only: smaller bulk-load batches, so that a small load goes through several. */
  bulkBatch?: number;
}): SearchService {
  const engine = db.engine;
  let replica: Replica | null = null;
  if (engine === 'postgres') {
    if (replicaFile === undefined) throw new Error('search: PostgreSQL needs a replica file (replicaFile)');
    replica = openReplica({
      file: replicaFile,
      main: db.kysely,
      ...(replicaWaitLimit !== undefined ? { waitLimit: replicaWaitLimit } : {}),
    });
  }
  /** The database searches run on: the main one on SQLite, the replica, caught up, on PostgreSQL. */
  const searchDb = (): Promise<Kysely<Database>> => replica?.current() ?? Promise.resolve(db.kysely);
  let facetsCache: { at: number; value: { topics: string[]; years: number[] } } | null = null;

  /** Moves a rank key that is taken (by another document) to a free slot of the same millisecond. */
  async function assignKeys(trx: Kysely<Database>, rows: SearchEntriesTable[]): Promise<void> {
    const taken = await store.takenKeys(
      trx,
      rows.map((r) => r.rank_key),
    );
    for (const r of rows) {
      const wanted = r.rank_key;
      if (taken.has(wanted)) {
        const base = wanted - (wanted % SLOTS);
        const block = await store.takenInRange(trx, base, base + SLOTS - 1);
        for (const k of taken) if (k >= base && k < base + SLOTS) block.add(k);
        const free = Array.from({ length: SLOTS }, (_, i) => base + ((wanted - base + i) % SLOTS)).find(
          (k) => !block.has(k),
        );
        if (free === undefined) throw new Error(`search: no free rank key at ${r.published_at}`);
        r.rank_key = free;
      }
      taken.add(r.rank_key);
    }
  }

  /**
   * Replaces the entries of these rows' documents. SQLite: with their FTS5 rows (`prepared`, made by
   * the bulk loader's worker, or here). PostgreSQL: the rows, logged for the replicas.
   */
  async function write(
    trx: Kysely<Database>,
    rows: SearchEntriesTable[],
    prepared?: store.Prepared[],
  ): Promise<void> {
    await store.removeKeys(trx, engine, await store.keysOf(trx, [...new Set(rows.map((r) => r.id))]));
    await assignKeys(trx, rows);
    if (engine === 'sqlite') await store.insertPrepared(trx, prepared ?? rows.map(withIndex));
    else await store.insertRows(trx, rows);
    facetsCache = null;
  }

  /**
   * One capped count of every match; then the page, tier by tier, each a fetch newest first that
   * stops after what the page needs (FTS5 streams rowids = rank keys newest first). A tier before
   * the page is counted only to skip it (pages after the first), and only as far as the page's
   * offset.
   */
  async function pageByTiers(
    sdb: Kysely<Database>,
    match: store.Match,
    tiers: readonly store.Tier[],
    filters: store.Filters,
    offset: number,
    pageSize: number,
    cap: number,
  ): Promise<{ total: number; rows: SearchEntriesTable[] }> {
    const total = await store.count(sdb, match, 'all', filters, cap);
    const rows: SearchEntriesTable[] = [];
    let skip = offset;
    for (const tier of tiers) {
      if (rows.length >= pageSize || skip >= total) break;
      const got = await store.fetchTier(sdb, match, tier, filters, skip, pageSize - rows.length);
      rows.push(...got);
      if (got.length > 0) skip = 0;
      else if (skip > 0) skip -= await store.count(sdb, match, tier, filters, skip);
    }
    return { total, rows };
  }

  return {
    async index(trx, entry) {
      await write(trx, [entryRow(entry)]);
    },
    async remove(trx, id) {
      await store.removeKeys(trx, engine, await store.keysOf(trx, [id]));
      facetsCache = null;
    },
    async indexMany(entries) {
      const size = bulkBatch ?? BULK_BATCH;
      const batches = async function* (): AsyncGenerator<SearchEntriesTable[]> {
        let batch: SearchEntriesTable[] = [];
        for (const e of entries) {
          batch.push(entryRow(e));
          if (batch.length < size) continue;
          yield batch;
          batch = [];
        }
        if (batch.length > 0) yield batch;
      };
      const inTransaction = (rows: SearchEntriesTable[], prepared?: store.Prepared[]): Promise<void> =>
        db.kysely.transaction().execute((trx) => write(trx, rows, prepared));
      if (engine === 'postgres') {
        // The rows only: the replicas make the FTS5 columns as they catch up.
        for await (const rows of batches()) await inTransaction(rows);
        return;
      }
      // The worker makes the next batch's FTS5 columns while this thread writes the last one.
      await writeAhead(batches(), (items) =>
        inTransaction(
          items.map((p) => p.row),
          items,
        ),
      );
    },
    async search(query) {
      const parsed = parseQuery(query.q);
      if (!parsed.ok) throw invalid(parsed.message, { q: parsed.message });
      const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
      const page = query.page ?? 1;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw invalid(`每页条数应为1至${MAX_PAGE_SIZE}`, { pageSize: `每页条数应为1至${MAX_PAGE_SIZE}` });
      }
      if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) {
        throw invalid('页码无效', { page: '页码无效' });
      }
      if (
        query.year !== undefined &&
        (!Number.isInteger(query.year) || query.year < 1900 || query.year > 9999)
      ) {
        throw invalid('年份无效', { year: '年份无效' });
      }
      const today = shanghaiDate(clock.now());
      const filters: store.Filters = {
        today,
        ...(query.agencyId !== undefined ? { agencyId: query.agencyId } : {}),
        ...(query.topic !== undefined ? { topic: query.topic } : {}),
        ...(query.year !== undefined ? { year: query.year } : {}),
        ...(query.validity !== undefined ? { validity: query.validity } : {}),
      };
      const phrases = parsed.terms.map((t) => t.tokens);
      const words = [...new Set(parsed.terms.flatMap((t) => queryWords(t.text)))];
      const match: store.Match = { phrases, words };
      const tiers: store.Tier[] = words.length > 0 ? ['title', 'words', 'rest'] : ['title', 'rest'];

      const offset = (page - 1) * pageSize;
      const cap = Math.max(countCap, offset + pageSize + 1);
      const { total, rows } = await pageByTiers(
        await searchDb(),
        match,
        tiers,
        filters,
        offset,
        pageSize,
        cap,
      );

      return {
        items: rows.map((r) => ({
          id: r.id,
          agencyId: r.agency_id,
          title: highlightAll(r.title, parsed.terms),
          docNumber: r.doc_number,
          publishedAt: r.published_at,
          publishedOn: shanghaiDate(new Date(r.published_at)),
          topic: r.topic,
          validity: currentValidity(r.validity, r.effective_to, today),
          snippet: snippet(r.text, parsed.terms),
        })),
        total,
        totalExact: total < cap,
        page,
        pageSize,
        hasNext: total > offset + pageSize,
      };
    },

    async beginBulkLoad() {
      if (engine === 'sqlite') await store.beginBulkLoad(db.kysely);
    },
    async endBulkLoad() {
      if (engine === 'sqlite') {
        await store.endBulkLoad(db.kysely);
        return;
      }
      await sql`analyze search_entries`.execute(db.kysely);
      await replica?.catchUp();
    },
    async facets() {
      const now = clock.now().getTime();
      if (facetsCache && now - facetsCache.at < FACETS_TTL_MS) return facetsCache.value;
      const value = await store.facets(db.kysely);
      facetsCache = { at: now, value };
      return value;
    },
    async close() {
      await replica?.close();
    },
  };
}

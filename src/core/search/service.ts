import type { Kysely } from 'kysely';
import { shanghaiDate } from '../calendar/dates.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { highlightAll, parseQuery, snippet, type Highlight } from './model.ts';
import { prepare, SLOTS, type SearchEntry, type SearchValidity } from './prepare.ts';
import { workerPreparer } from './preparer.ts';
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
  /**
   * Before a bulk import into an index that nobody searches meanwhile: PostgreSQL drops the GIN
   * indexes (built once by `endBulkLoad`, many times cheaper than row by row). SQLite: nothing.
   */
  beginBulkLoad(): Promise<void>;
  /** After a bulk import: builds the GIN indexes again (PostgreSQL) and refreshes statistics. */
  endBulkLoad(): Promise<void>;
  /**
   * Published documents containing every term, title hits first, then documents where the terms
   * are jieba words, then the rest, newest first within each. Throws `invalid_input` (400) with a
   * Chinese message for a query that parseQuery refuses or a bad filter.
   */
  search(query: SearchQuery): Promise<SearchPage>;
  /** The topics and years present, for the filter lists (kept for a minute). */
  facets(): Promise<{ topics: string[]; years: number[] }>;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;
export const MAX_PAGE = 100_000;
/** Matches are counted up to this many (or as far as the requested page needs); beyond, "超过". */
export const COUNT_CAP = 1000;
/**
 * Entries per transaction of a bulk load: SQLite takes larger ones well (FTS5 writes a transaction's
 * doclists as one segment); PostgreSQL's are multi-row INSERTs of tsvector literals.
 */
const BULK_BATCH = { sqlite: 2000, postgres: 500 } as const;
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
}: {
  db: Db;
  clock: Clock;
  /** Tests only: a smaller count cap, so that a small index takes the capped paths. */
  countCap?: number;
  /** Tests only: smaller bulk-load batches, so that a small load goes through several. */
  bulkBatch?: number;
}): SearchService {
  const engine = db.engine;
  let facetsCache: { at: number; value: { topics: string[]; years: number[] } } | null = null;

  /** Moves a rank key that is taken (by another document) to a free slot of the same millisecond. */
  async function assignKeys(trx: Kysely<Database>, items: store.Prepared[]): Promise<void> {
    const taken = await store.takenKeys(
      trx,
      items.map((p) => p.row.rank_key),
    );
    for (const p of items) {
      const wanted = p.row.rank_key;
      if (taken.has(wanted)) {
        const base = wanted - (wanted % SLOTS);
        const block = await store.takenInRange(trx, base, base + SLOTS - 1);
        for (const k of taken) if (k >= base && k < base + SLOTS) block.add(k);
        const free = Array.from({ length: SLOTS }, (_, i) => base + ((wanted - base + i) % SLOTS)).find(
          (k) => !block.has(k),
        );
        if (free === undefined) throw new Error(`search: no free rank key at ${p.row.published_at}`);
        p.row.rank_key = free;
      }
      taken.add(p.row.rank_key);
    }
  }

  async function write(trx: Kysely<Database>, items: store.Prepared[]): Promise<void> {
    await store.removeKeys(trx, engine, await store.keysOf(trx, [...new Set(items.map((p) => p.row.id))]));
    await assignKeys(trx, items);
    await store.insertPrepared(trx, engine, items);
    facetsCache = null;
  }

  /**
   * The newest `cap` matches with their tiers (store.newestRanked; their number is the capped
   * count). They are a newest-first prefix of all matches, so each tier's members among them are
   * that tier's newest; only when they are fewer than the page needs and the prefix is not all the
   * matches is the tier's remainder fetched, older than the prefix. Then the page's rows, by key.
   * Each match's phrase is verified once.
   */
  async function pageByWindow(
    match: store.Match,
    tiers: readonly store.Tier[],
    filters: store.Filters,
    offset: number,
    pageSize: number,
    cap: number,
  ): Promise<{ total: number; rows: SearchEntriesTable[] }> {
    const newest = await store.newestRanked(db.kysely, engine, match, filters, cap);
    const total = newest.length;
    const complete = total < cap;
    const oldest = newest[newest.length - 1]?.key;
    const picked: (number | SearchEntriesTable)[] = [];
    let skip = offset;
    for (const tier of tiers) {
      let need = pageSize - picked.length;
      if (need <= 0) break;
      const inPrefix = newest.filter((r) => r.tier === tier).map((r) => r.key);
      const take = inPrefix.slice(skip, skip + need);
      picked.push(...take);
      skip = Math.max(0, skip - inPrefix.length);
      need -= take.length;
      if (complete || need === 0 || oldest === undefined) continue;
      const got = await store.fetchTier(db.kysely, engine, match, tier, filters, skip, need, oldest);
      picked.push(...got);
      if (got.length > 0) skip = 0;
      else if (skip > 0) skip -= await store.count(db.kysely, engine, match, tier, filters, skip, oldest);
    }
    const keys = picked.filter((p): p is number => typeof p === 'number');
    const byKey = new Map((await store.entries(db.kysely, keys)).map((r) => [r.rank_key, r]));
    const rows = picked.map((p) => (typeof p === 'number' ? byKey.get(p) : p));
    return { total, rows: rows.filter((r): r is SearchEntriesTable => r !== undefined) };
  }

  return {
    async index(trx, entry) {
      await write(trx, [prepare(entry, engine)]);
    },

    async remove(trx, id) {
      await store.removeKeys(trx, engine, await store.keysOf(trx, [id]));
      facetsCache = null;
    },

    async indexMany(entries) {
      // The worker prepares the next batch while this thread writes the last one.
      const preparer = workerPreparer(engine);
      const ahead: Promise<store.Prepared[]>[] = [];
      let writing: Promise<void> = Promise.resolve();
      const writeNext = async (): Promise<void> => {
        const items = await (ahead.shift() as Promise<store.Prepared[]>);
        await writing;
        writing = db.kysely.transaction().execute((trx) => write(trx, items));
        writing.catch(() => undefined); // awaited before the next batch and at the end
      };
      const send = (batch: SearchEntry[]): void => {
        const p = preparer.prepare(batch);
        p.catch(() => undefined); // awaited in order by writeNext
        ahead.push(p);
      };
      try {
        let batch: SearchEntry[] = [];
        for (const e of entries) {
          batch.push(e);
          if (batch.length < (bulkBatch ?? BULK_BATCH[engine])) continue;
          send(batch);
          batch = [];
          if (ahead.length >= 2) await writeNext();
        }
        if (batch.length > 0) send(batch);
        while (ahead.length > 0) await writeNext();
        await writing;
      } finally {
        await preparer.close();
      }
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
      const match = await store.prepareMatch(db.kysely, engine, phrases, words);
      const tiers: store.Tier[] = words.length > 0 ? ['title', 'words', 'rest'] : ['title', 'rest'];

      const offset = (page - 1) * pageSize;
      const cap = Math.max(countCap, offset + pageSize + 1);
      const { total, rows } = await pageByWindow(match, tiers, filters, offset, pageSize, cap);

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
      await store.beginBulkLoad(db.kysely, engine);
    },

    async endBulkLoad() {
      await store.endBulkLoad(db.kysely, engine);
    },

    async facets() {
      const now = clock.now().getTime();
      if (facetsCache && now - facetsCache.at < FACETS_TTL_MS) return facetsCache.value;
      const value = await store.facets(db.kysely);
      facetsCache = { at: now, value };
      return value;
    },
  };
}

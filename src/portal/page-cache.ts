import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CACHE_POLICIES, type CachePolicy } from './cache.ts';

/**
 * The portal's in-process cache of rendered pages (decision 0011). Public pages are the same for
 * every visitor, and rendering one costs database reads and a React render; a page is therefore
 * kept, under a key its handler builds from the validated address, and sent as stored bytes.
 *
 * Freshness, in this process: every change the public sees (a document published, imported,
 * revised, withdrawn or given another validity; an agency created or changed; a guide saved) calls
 * `invalidate()` once its transaction has committed. That raises the revision; an entry is served
 * only while the revision it was rendered under is the current one, and a render that began before
 * the change is not stored. So the request after a withdrawal gets the tombstone.
 * Across processes: a change committed by another server process is not seen here; every entry
 * expires `ttlMs` after it was rendered, which bounds that staleness. Entries rendered on another
 * (Beijing) day are not served either: a document's validity can lapse at midnight.
 */
export interface PageCacheOptions {
  /** How long an entry may be served: the bound on staleness after another process's change. */
  ttlMs: number;
  /** Bounds: least recently used entries go first. */
  maxEntries: number;
  maxBytes: number;
  /** A monotonic clock in milliseconds (tests step it). */
  now?: () => number;
  /** The current day (YYYY-MM-DD in Beijing): entries from another day are not served. */
  day?: () => string;
}

/** A page as a handler renders it. */
export interface RenderedPage {
  status: number;
  html: string;
  policy: CachePolicy;
  /** Headers besides content-type, cache-control and etag (e.g. x-robots-tag). */
  headers?: Record<string, string>;
}

/** Only answers that are the same until the data changes are kept: pages (200) and tombstones (410). */
const KEPT_STATUSES = new Set([200, 410]);
const HTML = 'text/html; charset=utf-8';

interface Entry {
  status: number;
  body: Buffer;
  policy: CachePolicy;
  headers: Record<string, string>;
  /** Strong validator of a page shared caches may keep; null for answers that are not kept. */
  etag: string | null;
  keep: boolean;
  revision: number;
  day: string;
  expiresAt: number;
}

interface Value {
  value: unknown;
  revision: number;
  expiresAt: number;
}

export interface PageCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  revision: number;
}

export interface PageCache {
  /**
   * Answers with the page stored under `key`, or renders it: concurrent requests for the same key
   * share one render, and the result is kept when it is a page or a tombstone (not a 404) and no
   * change happened while it was rendered. Answers 304 to a matching If-None-Match.
   */
  serve(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    render: () => Promise<RenderedPage>,
  ): Promise<FastifyReply>;
  /**
   * A value that pages are built from (the site header and footer), kept under the same rules: one
   * load for concurrent callers, dropped on `invalidate()` and after `ttlMs`; a failed load is not kept.
   */
  value<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** After a committed change the public sees: nothing rendered before it is served again. */
  invalidate(): void;
  stats(): PageCacheStats;
}

const etagOf = (body: Buffer): string =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** Whether an If-None-Match header names the etag (a list, or `*`; weak comparison, RFC 9110 §13.1.2). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const now = options.now ?? (() => performance.now());
  const day = options.day ?? (() => '');
  /** Insertion order is recency order: a hit moves its entry to the end; eviction takes from the front. */
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<Entry>>();
  const values = new Map<string, Value>();
  const loading = new Map<string, Promise<unknown>>();
  let revision = 0;
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  const drop = (key: string): void => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= e.body.length;
  };

  function fresh(key: string): Entry | undefined {
    const e = entries.get(key);
    if (!e) return undefined;
    if (e.revision !== revision || e.expiresAt <= now() || e.day !== day()) {
      drop(key);
      return undefined;
    }
    // Most recently used: to the end of the map.
    entries.delete(key);
    entries.set(key, e);
    return e;
  }

  function store(key: string, e: Entry): void {
    // A page too large for an eighth of the budget would push out many others; it is not kept.
    if (!e.keep || e.revision !== revision || e.body.length > options.maxBytes / 8) return;
    drop(key);
    entries.set(key, e);
    bytes += e.body.length;
    for (const [k] of entries) {
      if (entries.size <= options.maxEntries && bytes <= options.maxBytes) break;
      drop(k);
    }
  }

  function send(req: FastifyRequest, reply: FastifyReply, e: Entry): FastifyReply {
    void reply.header('cache-control', CACHE_POLICIES[e.policy]);
    for (const [name, value] of Object.entries(e.headers)) void reply.header(name, value);
    if (e.etag) {
      void reply.header('etag', e.etag);
      if (e.status === 200 && matches(req.headers['if-none-match'], e.etag)) {
        return reply.status(304).send();
      }
    }
    return reply.status(e.status).type(HTML).send(e.body);
  }

  return {
    async serve(req, reply, key, render) {
      const hit = fresh(key);
      if (hit) {
        hits++;
        return send(req, reply, hit);
      }
      misses++;
      let pending = rendering.get(key);
      if (!pending) {
        const startedAt = { revision, day: day() };
        const p: Promise<Entry> = render()
          .then((page) => {
            const body = Buffer.from(page.html);
            const keep = KEPT_STATUSES.has(page.status) && page.policy !== 'none';
            const e: Entry = {
              status: page.status,
              body,
              policy: page.policy,
              headers: page.headers ?? {},
              etag: keep ? etagOf(body) : null,
              keep,
              revision: startedAt.revision,
              day: startedAt.day,
              expiresAt: now() + options.ttlMs,
            };
            store(key, e);
            return e;
          })
          .finally(() => {
            if (rendering.get(key) === p) rendering.delete(key);
          });
        rendering.set(key, p);
        pending = p;
      }
      return send(req, reply, await pending);
    },

    async value<T>(key: string, load: () => Promise<T>): Promise<T> {
      const v = values.get(key);
      if (v && v.revision === revision && v.expiresAt > now()) return v.value as T;
      const pending = loading.get(key);
      if (pending) return pending as Promise<T>;
      const startedAt = revision;
      const p: Promise<T> = load()
        .then((value) => {
          if (startedAt === revision) values.set(key, { value, revision, expiresAt: now() + options.ttlMs });
          return value;
        })
        .finally(() => {
          if (loading.get(key) === p) loading.delete(key);
        });
      loading.set(key, p);
      return p;
    },

    invalidate() {
      revision++;
      entries.clear();
      values.clear();
      bytes = 0;
      // Renders and loads under way read data from before the change: later requests start their own.
      rendering.clear();
      loading.clear();
    },

    stats: () => ({ entries: entries.size, bytes, hits, misses, revision }),
  };
}

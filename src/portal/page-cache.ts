import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
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
 *
 * The front door (core/http/front-door.ts): once Fastify has sent a kept page for an exact address
 * (`req.url`, query included) to a visitor without cookies, the cache remembers that address, the
 * entry and the headers Fastify sent; later GET/HEAD requests for the address are answered from the
 * raw request handler with the same status, headers and bytes while that entry is still fresh.
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
  /** How many addresses the front door remembers (least recently used first); default maxEntries. */
  maxAliases?: number;
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
  /** Tells this entry from a later one under the same key (aliases hold the id, not the body). */
  id: number;
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

/** An address the front door answers: which entry, as which route, with the headers Fastify sent. */
interface Alias {
  key: string;
  entryId: number;
  route: string;
  headers: OutgoingHttpHeaders;
  /** For a 304: the same headers without content-type and content-length, as `send()` makes it. */
  notModified: OutgoingHttpHeaders;
}

/** Added by Node to each response: not part of what is replayed (content-length is recomputed). */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);
/** A response carrying one of these was made for one request: its address is not remembered. */
const PER_REQUEST_HEADERS = /^(set-cookie|x-request-id|request-id|retry-after|x-ratelimit-.*|ratelimit.*)$/;
/** Longer addresses are sent through Fastify every time: junk need not take memory. */
const MAX_ALIAS_URL = 2048;

interface Value {
  value: unknown;
  revision: number;
  expiresAt: number;
}

export interface PageCacheStats {
  entries: number;
  bytes: number;
  /** Answers from a kept entry, through Fastify or the front door. */
  hits: number;
  misses: number;
  revision: number;
  /** Addresses the front door remembers. */
  aliases: number;
  /** Of `hits`: answered by the front door, before Fastify. */
  frontDoorHits: number;
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
  /**
   * For an `onResponse` hook on the routes that call `serve()`: when Fastify has sent a kept page
   * (200 or 410, with its body) to a GET/HEAD without cookies, remembers its address for `answer()`.
   */
  remember(req: FastifyRequest, reply: FastifyReply): void;
  /**
   * The front door's handler: answers a GET or HEAD of a remembered address, without cookies or a
   * request body, with the same status, headers and bytes Fastify sent (304 to a matching
   * If-None-Match on a GET), while the entry is still the fresh one. Returns the route pattern it
   * answered as, or null: then the request goes through Fastify.
   */
  answer(req: IncomingMessage, res: ServerResponse): string | null;
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

/** Requests the front door may answer: GET or HEAD, no cookie (staff sessions go through Fastify), no body. */
function anonymousRead(method: string | undefined, headers: IncomingMessage['headers']): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    headers.cookie === undefined &&
    headers['transfer-encoding'] === undefined &&
    (headers['content-length'] === undefined || headers['content-length'] === '0')
  );
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const now = options.now ?? (() => performance.now());
  const day = options.day ?? (() => '');
  const maxAliases = options.maxAliases ?? options.maxEntries;
  /** Insertion order is recency order: a hit moves its entry to the end; eviction takes from the front. */
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<Entry>>();
  const values = new Map<string, Value>();
  const loading = new Map<string, Promise<unknown>>();
  /** Exact request URL → alias; insertion order is recency order, as for entries. */
  const aliases = new Map<string, Alias>();
  /** Requests that `send()` answered from a kept entry, for `remember()`. */
  const served = new WeakMap<FastifyRequest, { key: string; entry: Entry }>();
  let revision = 0;
  let nextId = 0;
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  let frontDoorHits = 0;

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

  function send(req: FastifyRequest, reply: FastifyReply, key: string, e: Entry): FastifyReply {
    if (e.keep && anonymousRead(req.raw.method, req.headers)) served.set(req, { key, entry: e });
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
        return send(req, reply, key, hit);
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
              id: ++nextId,
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
      return send(req, reply, key, await pending);
    },

    remember(req, reply) {
      const s = served.get(req);
      if (!s) return;
      served.delete(req);
      const { key, entry } = s;
      const res = reply.raw;
      // Only an answer Fastify ended with the entry's own status (not a 304) is replayed, and only
      // while the entry is the one stored (not replaced, dropped, or too large to keep).
      if (!res.writableEnded || reply.statusCode !== entry.status || entries.get(key) !== entry) return;
      const url = req.raw.url;
      const route = req.routeOptions.url;
      if (!url || url.length > MAX_ALIAS_URL || !route) return;
      // The headers as written, in order and with their case: helmet sets its own on the raw
      // response, and Fastify's are merged into them at writeHead (reply.getHeaders() otherwise).
      // (OutgoingMessage has getRawHeaderNames since Node 15.13; @types/node declares it on ClientRequest only.)
      const names = (res as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames();
      const written: [string, OutgoingHttpHeaders[string]][] =
        names.length > 0 ? names.map((n) => [n, res.getHeader(n)]) : Object.entries(reply.getHeaders());
      const headers: OutgoingHttpHeaders = {};
      const notModified: OutgoingHttpHeaders = {};
      for (const [name, value] of written) {
        if (value === undefined) continue;
        const lower = name.toLowerCase();
        if (PER_REQUEST_HEADERS.test(lower)) return;
        if (lower === 'content-length') {
          // The body sent must have been the entry's (no hook rewrote it).
          if (Number(value) !== entry.body.length) return;
          headers[name] = String(entry.body.length);
          continue;
        }
        if (HOP_HEADERS.has(lower)) continue;
        headers[name] = value;
        if (lower !== 'content-type') notModified[name] = value;
      }
      aliases.delete(url);
      aliases.set(url, { key, entryId: entry.id, route, headers, notModified });
      for (const [u] of aliases) {
        if (aliases.size <= maxAliases) break;
        aliases.delete(u);
      }
    },

    answer(req, res) {
      const url = req.url;
      if (url === undefined || !anonymousRead(req.method, req.headers)) return null;
      const alias = aliases.get(url);
      if (!alias) return null;
      const e = fresh(alias.key);
      if (!e || e.id !== alias.entryId) {
        aliases.delete(url);
        return null;
      }
      const inm = req.headers['if-none-match'];
      // Fastify's HEAD answer to a revalidation carries `content-length: 0`: left to Fastify.
      if (inm !== undefined && req.method === 'HEAD') return null;
      hits++;
      frontDoorHits++;
      aliases.delete(url);
      aliases.set(url, alias);
      if (inm !== undefined && e.status === 200 && e.etag && matches(inm, e.etag)) {
        res.writeHead(304, alias.notModified);
        res.end();
      } else {
        res.writeHead(e.status, alias.headers);
        // Node sends no body for HEAD in any case.
        res.end(req.method === 'HEAD' ? undefined : e.body);
      }
      return alias.route;
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
      aliases.clear();
      bytes = 0;
      // Renders and loads under way read data from before the change: later requests start their own.
      rendering.clear();
      loading.clear();
    },

    stats: () => ({
      entries: entries.size,
      bytes,
      hits,
      misses,
      revision,
      aliases: aliases.size,
      frontDoorHits,
    }),
  };
}

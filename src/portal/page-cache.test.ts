import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_POLICIES } from './cache.ts';
import { createPageCache, type PageCache, type PageCacheOptions, type RenderedPage } from './page-cache.ts';

/** A cache on a stepped clock and day, behind one route that renders `/:key` with a counter. */
function setup(options: Partial<PageCacheOptions> = {}) {
  let t = 0;
  let day = '2026-12-01';
  const cache = createPageCache({
    ttlMs: 5_000,
    maxEntries: 100,
    maxBytes: 1_000_000,
    now: () => t,
    day: () => day,
    ...options,
  });
  const renders = new Map<string, number>();
  let gate: Promise<void> = Promise.resolve();
  let page = (key: string, n: number): RenderedPage => ({
    status: key.startsWith('missing') ? 404 : 200,
    policy: key.startsWith('missing') ? 'none' : 'page',
    html: `<p>${key} #${n}</p>`,
  });
  const app = Fastify();
  app.addHook('onResponse', (req, reply, done) => {
    cache.remember(req, reply);
    done();
  });
  app.get('/:key', async (req, reply) => {
    const { key } = req.params as { key: string };
    return cache.serve(req, reply, key, async () => {
      const n = (renders.get(key) ?? 0) + 1;
      renders.set(key, n);
      await gate;
      await new Promise((r) => setTimeout(r, 5));
      return page(key, n);
    });
  });
  return {
    app,
    cache,
    renders,
    get: (key: string, headers: Record<string, string> = {}) => app.inject({ url: `/${key}`, headers }),
    /** What the front door answers for `url` (null: it leaves the request to Fastify). */
    door: (url: string, method = 'GET', headers: IncomingHttpHeaders = {}) =>
      frontDoor(cache, url, method, headers),
    advance: (ms: number) => (t += ms),
    setDay: (d: string) => (day = d),
    setPage: (f: typeof page) => (page = f),
    /** Holds renders until the returned function is called. */
    hold: () => {
      let release = (): void => undefined;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = Promise.resolve();
        release();
      };
    },
    /** Waits until `key` has begun `n` renders. */
    rendering: async (key: string, n: number) => {
      while ((renders.get(key) ?? 0) < n) await new Promise((r) => setImmediate(r));
    },
  };
}

/** Calls `answer()` with a request and a response that records what was written. */
function frontDoor(cache: PageCache, url: string, method: string, headers: IncomingHttpHeaders) {
  const sent: { status?: number; headers?: OutgoingHttpHeaders; body?: Buffer | undefined } = {};
  const res = {
    writeHead(status: number, h: OutgoingHttpHeaders) {
      sent.status = status;
      sent.headers = h;
      return this;
    },
    end(body?: Buffer) {
      sent.body = body;
      return this;
    },
  } as unknown as ServerResponse;
  const route = cache.answer({ url, method, headers } as IncomingMessage, res);
  return route === null ? null : { route, ...sent };
}

describe('page cache', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('keeps a page and serves the same bytes with its cache policy and etag', async () => {
    const s = setup();
    app = s.app;
    const first = await s.get('a');
    const second = await s.get('a');
    expect(first.body).toBe('<p>a #1</p>');
    expect(second.body).toBe('<p>a #1</p>');
    expect(s.renders.get('a')).toBe(1);
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(second.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(second.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(second.headers.etag).toBe(first.headers.etag);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const s = setup();
    app = s.app;
    const { etag } = (await s.get('a')).headers;
    const again = await s.get('a', { 'if-none-match': `W/"other", ${String(etag)}` });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await s.get('a', { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('renders a not-found answer every time, without an etag', async () => {
    const s = setup();
    app = s.app;
    const res = await s.get('missing-1');
    expect(res.statusCode).toBe(404);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    await s.get('missing-1');
    expect(s.renders.get('missing-1')).toBe(2);
  });

  it('drops everything on invalidate, and does not keep a render that began before it', async () => {
    const s = setup();
    app = s.app;
    await s.get('a');
    s.cache.invalidate();
    expect((await s.get('a')).body).toBe('<p>a #2</p>');
    // A render under way when the change commits is sent to those who asked, but not kept; a
    // request that comes after the change does not wait for it either.
    const release = s.hold();
    const inFlight = s.get('b');
    await s.rendering('b', 1);
    s.cache.invalidate();
    const after = s.get('b');
    await s.rendering('b', 2);
    release();
    expect((await inFlight).body).toBe('<p>b #1</p>');
    expect((await after).body).toBe('<p>b #2</p>');
    expect((await s.get('b')).body).toBe('<p>b #2</p>');
  });

  it('shares one render among concurrent requests for a key', async () => {
    const s = setup();
    app = s.app;
    const all = await Promise.all(Array.from({ length: 10 }, () => s.get('a')));
    expect(new Set(all.map((r) => r.body))).toEqual(new Set(['<p>a #1</p>']));
    expect(s.renders.get('a')).toBe(1);
  });

  it('expires entries after the TTL and at the change of day', async () => {
    const s = setup();
    app = s.app;
    await s.get('a');
    s.advance(4_999);
    expect((await s.get('a')).body).toBe('<p>a #1</p>');
    s.advance(1);
    expect((await s.get('a')).body).toBe('<p>a #2</p>');
    s.setDay('2026-12-02');
    expect((await s.get('a')).body).toBe('<p>a #3</p>');
  });

  it('evicts the least recently used entries beyond its bounds', async () => {
    const s = setup({ maxEntries: 2 });
    app = s.app;
    await s.get('a');
    await s.get('b');
    await s.get('a'); // a is now the most recent
    await s.get('c'); // evicts b
    expect(s.cache.stats().entries).toBe(2);
    expect((await s.get('a')).body).toBe('<p>a #1</p>');
    expect((await s.get('b')).body).toBe('<p>b #2</p>');
  });

  it('bounds the bytes it holds', async () => {
    const s = setup({ maxBytes: 8_000 });
    app = s.app;
    s.setPage((key, n) => ({ status: 200, policy: 'page', html: `${key}${n}`.padEnd(900, '.') }));
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) await s.get(k);
    expect(s.cache.stats().bytes).toBeLessThanOrEqual(8_000);
    expect(s.cache.stats().entries).toBe(8);
    // A page larger than an eighth of the budget is sent but not kept.
    s.setPage((key, n) => ({ status: 200, policy: 'page', html: `${key}${n}`.padEnd(1_100, '.') }));
    await s.get('big');
    await s.get('big');
    expect(s.renders.get('big')).toBe(2);
  });

  it('keeps values under the same rules, and not a failed load', async () => {
    const s = setup();
    app = s.app;
    const cache: PageCache = s.cache;
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([cache.value('site', load), cache.value('site', load)])).toEqual([1, 1]);
    expect(await cache.value('site', load)).toBe(1);
    cache.invalidate();
    expect(await cache.value('site', load)).toBe(2);
    s.advance(5_000);
    expect(await cache.value('site', load)).toBe(3);
    await expect(cache.value('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.value('x', load)).toBe(4);
  });
});

describe('page cache: addresses the front door answers', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  it('answers an address Fastify has sent a kept page for, with its status, headers and bytes', async () => {
    const s = setup();
    app = s.app;
    expect(s.door('/a')).toBeNull();
    const first = await s.get('a');
    expect(s.cache.stats().aliases).toBe(1);
    const answer = s.door('/a');
    expect(answer?.route).toBe('/:key');
    expect(answer?.status).toBe(200);
    expect(answer?.body?.toString()).toBe('<p>a #1</p>');
    expect(answer?.headers).toEqual({
      'cache-control': first.headers['cache-control'],
      etag: first.headers.etag,
      'content-type': 'text/html; charset=utf-8',
      'content-length': '11',
    });
    expect(s.renders.get('a')).toBe(1);
    expect(s.cache.stats()).toMatchObject({ hits: 1, misses: 1, frontDoorHits: 1 });
    // HEAD: the same headers, no body.
    const head = s.door('/a', 'HEAD');
    expect(head?.headers).toEqual(answer?.headers);
    expect(head?.body).toBeUndefined();
  });

  it('knows only the exact address, query included', async () => {
    const s = setup();
    app = s.app;
    await s.get('a?x=1');
    expect(s.door('/a?x=1')?.status).toBe(200);
    expect(s.door('/a')).toBeNull();
    expect(s.door('/a?x=2')).toBeNull();
  });

  it('answers 304 to a matching If-None-Match, without content-type and length', async () => {
    const s = setup();
    app = s.app;
    const { etag } = (await s.get('a')).headers;
    const answer = s.door('/a', 'GET', { 'if-none-match': `"x", ${String(etag)}` });
    expect(answer?.status).toBe(304);
    expect(answer?.body).toBeUndefined();
    expect(answer?.headers).toEqual({ 'cache-control': CACHE_POLICIES.page, etag });
    expect(s.door('/a', 'GET', { 'if-none-match': '"x"' })?.status).toBe(200);
    // Fastify's HEAD 304 differs (content-length: 0): left to it.
    expect(s.door('/a', 'HEAD', { 'if-none-match': String(etag) })).toBeNull();
  });

  it('leaves requests with cookies, a body, or another method to Fastify', async () => {
    const s = setup();
    app = s.app;
    await s.get('a');
    expect(s.door('/a', 'GET', { cookie: 'gk_session=x' })).toBeNull();
    expect(s.door('/a', 'GET', { 'content-length': '5' })).toBeNull();
    expect(s.door('/a', 'GET', { 'transfer-encoding': 'chunked' })).toBeNull();
    expect(s.door('/a', 'POST')).toBeNull();
    expect(s.door('/a', 'GET', { 'content-length': '0' })?.status).toBe(200);
  });

  it('remembers no address from a 404, a 304, a request with cookies, or an answer with set-cookie', async () => {
    const s = setup();
    app = s.app;
    await s.get('missing-1');
    const { etag } = (await s.get('b', { cookie: 'a=b' })).headers;
    expect(s.door('/b')).toBeNull();
    await s.get('b', { 'if-none-match': String(etag) });
    expect(s.cache.stats().aliases).toBe(0);
    expect(s.door('/missing-1')).toBeNull();
    // Addresses over 2,048 characters are not remembered.
    await s.get(`d?${'x'.repeat(2100)}`);
    expect(s.cache.stats().aliases).toBe(0);
    s.setPage(() => ({ status: 200, policy: 'page', html: 'x', headers: { 'set-cookie': 'seen=1' } }));
    await s.get('c');
    expect(s.door('/c')).toBeNull();
    expect(s.cache.stats().aliases).toBe(0);
    await s.get('b');
    expect(s.cache.stats().aliases).toBe(1);
  });

  it('answers only while the entry is fresh, and drops the address when it is not', async () => {
    const s = setup();
    app = s.app;
    await s.get('a');
    s.advance(4_999);
    expect(s.door('/a')?.status).toBe(200);
    s.advance(1);
    expect(s.door('/a')).toBeNull();
    expect(s.cache.stats().aliases).toBe(0);
    // Rendered again: Fastify answers it first, then the front door with the new entry.
    expect((await s.get('a')).body).toBe('<p>a #2</p>');
    expect(s.door('/a')?.body?.toString()).toBe('<p>a #2</p>');
    s.setDay('2026-12-02');
    expect(s.door('/a')).toBeNull();
    await s.get('a');
    expect(s.door('/a')?.body?.toString()).toBe('<p>a #3</p>');
    s.cache.invalidate();
    expect(s.cache.stats().aliases).toBe(0);
    expect(s.door('/a')).toBeNull();
  });

  it('does not answer with an entry that another render replaced', async () => {
    const s = setup();
    app = s.app;
    await s.get('a?old');
    s.cache.invalidate();
    await s.get('a'); // a new entry under the same key, from a different address
    await s.get('a?old');
    expect(s.door('/a?old')?.body?.toString()).toBe('<p>a #2</p>');
    // The entry is evicted by the cache's own bounds: its addresses go with it, on lookup.
    const t = setup({ maxEntries: 1 });
    await t.get('a');
    await t.get('b');
    expect(t.door('/a')).toBeNull();
    expect(t.door('/b')?.status).toBe(200);
    await t.app.close();
  });

  it('bounds the addresses it remembers, least recently used first', async () => {
    const s = setup({ maxAliases: 2 });
    app = s.app;
    await s.get('a');
    await s.get('a?1');
    expect(s.door('/a')?.status).toBe(200); // /a is now the most recent
    await s.get('a?2'); // forgets /a?1
    expect(s.cache.stats().aliases).toBe(2);
    expect(s.door('/a?1')).toBeNull();
    expect(s.door('/a')?.status).toBe(200);
    expect(s.door('/a?2')?.status).toBe(200);
  });
});

import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
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

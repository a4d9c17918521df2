import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../core/db/testing.ts';
import { createTestApp, publishNotice, type TestApp, type TestClient } from '../dev/test-app.ts';
import type { PublicDocument } from '../modules/documents/schemas.ts';

/**
 * The front door (decision 0011) answers kept pages before Fastify, so it is only reached through a
 * listening server: `inject()` goes straight to Fastify. These tests use real sockets and compare
 * the raw response (status, header names in order and case, bytes) with what Fastify sends.
 */

interface Raw {
  status: number;
  /** [name, value, name, value, …] as on the wire, without Date (it differs per second). */
  headers: string[];
  body: Buffer;
}

function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const pairs: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i] ?? '';
          if (name.toLowerCase() !== 'date') pairs.push(name, res.rawHeaders[i + 1] ?? '');
        }
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const header = (r: Raw, name: string): string | undefined => {
  const i = r.headers.findIndex((h, j) => j % 2 === 0 && h.toLowerCase() === name);
  return i < 0 ? undefined : r.headers[i + 1];
};

/** The counter of `gongkai_http_requests_total` for one label set, from /metrics. */
async function requestsTotal(t: TestApp, method: string, route: string, status: number): Promise<number> {
  const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(`gongkai_http_requests_total{method="${method}",route="${route}",status="${status}"}`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

async function durationCount(t: TestApp, method: string, route: string): Promise<number> {
  const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(`gongkai_http_request_duration_seconds_count{method="${method}",route="${route}"}`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

let seq = 0;
const publish = (t: TestApp, title: string): Promise<PublicDocument> => publishNotice(t, title, ++seq);

describe.each(await testEngines())('portal front door on %s', (engine) => {
  let t: TestApp;
  let officer: TestClient;
  let port: number;
  const answered = (): number => t.app.frontDoor.stats().answered;
  const get = (path: string, headers: Record<string, string> = {}) => call(port, 'GET', path, headers);

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.as('officer');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('answers the second request for a document page itself, with the bytes and headers Fastify sent', async () => {
    const doc = await publish(t, '关于前门测试的通知');
    const url = `/documents/${doc.id}`;
    const before = answered();
    const first = await get(url);
    expect(first.status).toBe(200);
    expect(answered()).toBe(before);
    const second = await get(url);
    expect(answered()).toBe(before + 1);
    expect(second.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    // Every header, in order and with its case (helmet's, the cache policy, the etag, the length).
    expect(second.headers).toEqual(first.headers);
    expect(header(second, 'content-security-policy')).toContain("frame-ancestors 'none'");
    expect(header(second, 'x-content-type-options')).toBe('nosniff');
    expect(header(second, 'cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(header(second, 'etag')).toMatch(/^"[\w-]{27}"$/);
    expect(header(second, 'content-length')).toBe(String(first.body.length));
    // And what Fastify sends to a request it answers (a cookie sends it there) is the same again.
    const viaFastify = await get(url, { cookie: 'lang=zh' });
    expect(answered()).toBe(before + 1);
    expect(viaFastify.headers).toEqual(second.headers);
    expect(viaFastify.body.equals(second.body)).toBe(true);
  });

  it('lets Fastify answer after a withdrawal, then answers the tombstone itself', async () => {
    const doc = await publish(t, '关于前门撤回测试的通知');
    const url = `/documents/${doc.id}`;
    await get(url);
    expect((await get(url)).status).toBe(200);
    const res = await officer.inject({
      method: 'POST',
      url: `/api/documents/${doc.id}/withdraw`,
      payload: { reason: '前门测试撤回' },
    });
    expect(res.statusCode).toBe(200);

    const before = answered();
    const tombstone = await get(url);
    expect(answered()).toBe(before);
    expect(tombstone.status).toBe(410);
    expect(tombstone.body.toString()).toContain('前门测试撤回');
    expect(tombstone.body.toString()).not.toContain('的正文');
    const again = await get(url);
    expect(answered()).toBe(before + 1);
    expect(again.status).toBe(410);
    expect(again.headers).toEqual(tombstone.headers);
    expect(again.body.equals(tombstone.body)).toBe(true);
    // A publication elsewhere drops every remembered address too.
    await publish(t, '关于另一份文件的通知');
    await get(url);
    expect(answered()).toBe(before + 1);
  });

  it('leaves cookies, POST, unknown addresses and HEAD revalidations to Fastify', async () => {
    const doc = await publish(t, '关于前门分流测试的通知');
    const url = `/documents/${doc.id}`;
    const page = await get(url);
    const before = answered();

    // Staff with a session (any cookie) go through Fastify and its session hook.
    expect((await get(url, { cookie: `${officer.cookie}` })).status).toBe(200);
    expect((await get(url, { cookie: 'a=b' })).status).toBe(200);
    expect((await call(port, 'POST', url)).status).toBe(404);
    // Another address of the same page is not known until Fastify has answered it once.
    expect((await get(`${url}?from=feed`)).body.equals(page.body)).toBe(true);
    expect((await get('/documents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/documents/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call(port, 'HEAD', url, { 'if-none-match': header(page, 'etag') ?? '' })).status).toBe(304);
    expect(answered()).toBe(before);

    expect((await get(`${url}?from=feed`)).status).toBe(200);
    expect(answered()).toBe(before + 1);
  });

  it('answers a matching If-None-Match with the 304 Fastify sends', async () => {
    const doc = await publish(t, '关于前门协商缓存测试的通知');
    const url = `/documents/${doc.id}`;
    const page = await get(url);
    const etag = header(page, 'etag') ?? '';
    const viaFastify = await get(url, { 'if-none-match': etag, cookie: 'a=b' });
    expect(viaFastify.status).toBe(304);
    const before = answered();
    const fromDoor = await get(url, { 'if-none-match': `W/"other", ${etag}` });
    expect(answered()).toBe(before + 1);
    expect(fromDoor.status).toBe(304);
    expect(fromDoor.body.length).toBe(0);
    expect(fromDoor.headers).toEqual(viaFastify.headers);
    expect(header(fromDoor, 'content-type')).toBeUndefined();
    // Not matching: the page.
    const other = await get(url, { 'if-none-match': '"other"' });
    expect(answered()).toBe(before + 2);
    expect(other.status).toBe(200);
    expect(other.body.equals(page.body)).toBe(true);
  });

  it('answers HEAD with the headers and no body', async () => {
    const doc = await publish(t, '关于前门HEAD测试的通知');
    const url = `/documents/${doc.id}`;
    const page = await get(url);
    const viaFastify = await call(port, 'HEAD', url, { cookie: 'a=b' });
    const before = answered();
    const head = await call(port, 'HEAD', url);
    expect(answered()).toBe(before + 1);
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers).toEqual(page.headers);
    expect(head.headers).toEqual(viaFastify.headers);
  });

  it('counts the requests it answers in the metrics, under the route pattern', async () => {
    const doc = await publish(t, '关于前门指标测试的通知');
    const url = `/documents/${doc.id}`;
    const count0 = await requestsTotal(t, 'GET', '/documents/:id', 200);
    const duration0 = await durationCount(t, 'GET', '/documents/:id');
    const head0 = await requestsTotal(t, 'HEAD', '/documents/:id', 200);
    const before = answered();
    for (let i = 0; i < 4; i++) await get(url);
    await call(port, 'HEAD', url);
    expect(answered()).toBe(before + 4);
    expect(await requestsTotal(t, 'GET', '/documents/:id', 200)).toBe(count0 + 4);
    expect(await durationCount(t, 'GET', '/documents/:id')).toBe(duration0 + 4);
    expect(await requestsTotal(t, 'HEAD', '/documents/:id', 200)).toBe(head0 + 1);
  });

  it('answers the other kept pages too (home, columns, print view)', async () => {
    const doc = await publish(t, '关于前门其他页面测试的通知');
    for (const url of ['/', '/disclosure/rules', `/documents/${doc.id}/print`]) {
      const first = await get(url);
      expect(first.status, url).toBe(200);
      const before = answered();
      const second = await get(url);
      expect(answered(), url).toBe(before + 1);
      expect(second.headers, url).toEqual(first.headers);
      expect(second.body.equals(first.body), url).toBe(true);
    }
  });
});

describe.each(await testEngines())('portal front door at shutdown on %s', (engine) => {
  it('stops answering once close() has begun: Fastify answers 503', async () => {
    const t = await createTestApp(engine);
    try {
      const doc = await publish(t, '关于前门关闭测试的通知');
      const url = `/documents/${doc.id}`;
      // A request held open keeps its connection busy, so that close() does not end it as idle.
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => {
        t.app.frontDoor.use((req, res) => {
          if (req.url !== '/held') return null;
          release = () => res.end('held');
          resolve();
          return '/held';
        });
      });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as AddressInfo;
      await call(port, 'GET', url);
      const before = t.app.frontDoor.stats().answered;
      expect((await call(port, 'GET', url)).status).toBe(200);
      expect(t.app.frontDoor.stats().answered).toBe(before + 1);

      const socket = tcpConnect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (b: Buffer) => (received += b.toString('latin1')));
      const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.write('GET /held HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await held;
      const closing = t.app.close();
      // preClose has run once the server stops listening.
      while (t.app.server.listening) await new Promise((r) => setTimeout(r, 5));
      socket.write(`GET ${url} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      await new Promise((r) => setTimeout(r, 50));
      release();
      await ended;
      await closing;
      expect(t.app.frontDoor.stats().answered).toBe(before + 2);
      // The held answer, then Fastify's 503 to the request that came after close() began.
      const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
      expect(statuses).toEqual(['200', '503']);
      expect(received).toMatch(/^connection: close\r$/im);
    } finally {
      await t.close();
    }
  });
});

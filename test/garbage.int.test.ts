import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../src/app.ts';
import { testEngines } from '../src/core/db/testing.ts';
import { createTestApp, type TestApp, type TestClient } from '../src/dev/test-app.ts';

/**
 * Garbage into every route the app has — path params, query strings and bodies that no form would
 * send — anonymously and as a logged-in admin. Nothing may answer 5xx, and every /api error must
 * have the uniform body.
 */
const PARAMS = [
  'x',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  encodeURIComponent('中文<script>alert(1)</script>'),
  '9'.repeat(400),
  '-1',
];
const QUERY =
  '?page=-1&pageSize=99999999999&year=abc&from=2024-13-45&to=&region=%3Cscript%3E&agencyId=zzz&limit=NaN&q=%F0%9F%92%A9&section[]=1&id=1e309';
const BODIES: Pick<InjectOptions, 'payload' | 'headers'>[] = [
  { payload: '{', headers: { 'content-type': 'application/json' } },
  { payload: '[1,2,3]', headers: { 'content-type': 'application/json' } },
  { payload: 'null', headers: { 'content-type': 'application/json' } },
  {
    payload: JSON.stringify({
      username: 123,
      password: null,
      name: { nested: ['deep'] },
      agencyId: '../../x',
      date: '2024-02-30',
      workingDays: -5,
      roles: ['emperor'],
      isWorking: 'maybe',
      title: 'x'.repeat(100_000),
    }),
    headers: { 'content-type': 'application/json' },
  },
  { payload: 'a=1&b[c]=2&%%%=', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  { payload: '<xml/>', headers: { 'content-type': 'application/xml' } },
];

function fill(url: string, value: string): string {
  return url.replace(/:[A-Za-z]+/g, value).replace(/\*$/, value);
}

function checkUniformError(url: string, res: LightMyRequestResponse): void {
  if (!url.startsWith('/api/') || res.statusCode < 400 || url.startsWith('/api/docs')) return;
  const body = res.json<{ error?: { code?: unknown; message?: unknown } }>();
  expect(typeof body.error?.code, `${url} ${res.statusCode} ${res.body.slice(0, 200)}`).toBe('string');
  expect(body.error?.message, url).toMatch(/[\u4e00-\u9fff]/);
}

describe.each(await testEngines())('garbage input on %s', (engine) => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = await t.as('admin');
  });
  afterAll(() => t.close());

  it('never answers 5xx, anonymously or as an admin', async () => {
    const routes = registeredRoutes(t.app).filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(routes.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      for (const param of PARAMS) {
        const url = fill(route.url, param);
        const requests: (InjectOptions & { url: string })[] =
          route.method === 'GET'
            ? [
                { method: 'GET', url: `${url}${QUERY}` },
                { method: 'GET', url },
              ]
            : BODIES.map((b) => ({ method: route.method, url, ...b }));
        for (const request of requests) {
          for (const send of [(o: InjectOptions) => t.app.inject(o), (o: InjectOptions) => admin.inject(o)]) {
            const res = await send(request);
            sent += 1;
            if (res.statusCode >= 500)
              failures.push(
                `${String(request.method)} ${request.url} → ${res.statusCode} ${res.body.slice(0, 200)}`,
              );
            else checkUniformError(route.url, res);
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    // Every route times every kind of garbage, twice: thousands of requests.
  }, 240_000);

  it('rejects a body over the size limit with 413 and the uniform body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '198.51.100.7', // not the address the garbage loop used up the login limit with
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});

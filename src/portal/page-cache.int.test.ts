import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../core/auth/actor.ts';
import { testEngines } from '../core/db/testing.ts';
import { createTestApp, publishNotice, type TestApp, type TestClient } from '../dev/test-app.ts';
import type { GuideView } from '../modules/guides/schemas.ts';
import type { PublicDocument } from '../modules/documents/schemas.ts';

/**
 * The portal keeps rendered pages in memory (decision 0011). What a change committed in this
 * process does to them must show on the very next request: the cached page may never outlive it.
 */
describe.each(await testEngines())('portal page cache on %s', (engine) => {
  let t: TestApp;
  let officer: TestClient;
  let seq = 0;

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const publish = (title: string): Promise<PublicDocument> => publishNotice(t, title, ++seq);

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.as('officer');
  });
  afterAll(() => t.close());

  it('serves a kept document page with an etag, and 304 to a client that has it', async () => {
    const doc = await publish('关于缓存测试的通知');
    const first = await get(`/documents/${doc.id}`);
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBeDefined();
    const second = await get(`/documents/${doc.id}`);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    const revalidated = await get(`/documents/${doc.id}`, { 'if-none-match': String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.headers['cache-control']).toBe(first.headers['cache-control']);
    // The portal's pages need no CSP nonce: the strict policy without one (the same bytes for everyone).
    const csp = String(first.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('nonce-');
  });

  it('shows the tombstone on the request right after a withdrawal, and drops the document from the lists', async () => {
    const doc = await publish('关于即将撤回的通知');
    // Warm every page that shows it.
    expect((await get(`/documents/${doc.id}`)).statusCode).toBe(200);
    expect((await get(`/documents/${doc.id}/print`)).statusCode).toBe(200);
    expect((await get('/')).body).toContain(doc.title);
    expect((await get('/disclosure/rules')).body).toContain(doc.title);

    const res = await officer.inject({
      method: 'POST',
      url: `/api/documents/${doc.id}/withdraw`,
      payload: { reason: '内容有误，予以撤回' },
    });
    expect(res.statusCode).toBe(200);

    const page = await get(`/documents/${doc.id}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('内容有误，予以撤回');
    expect(page.body).not.toContain('的正文');
    expect((await get(`/documents/${doc.id}/print`)).statusCode).toBe(404);
    expect((await get('/')).body).not.toContain(doc.title);
    expect((await get('/disclosure/rules')).body).not.toContain(doc.title);
  });

  it('shows a new publication and a validity change on the next request', async () => {
    expect((await get('/')).statusCode).toBe(200);
    const doc = await publish('关于新发布文件的通知');
    expect((await get('/')).body).toContain(doc.title);
    expect((await get(`/documents/${doc.id}`)).body).not.toContain('有效性说明');
    const res = await officer.inject({
      method: 'POST',
      url: `/api/documents/${doc.id}/validity`,
      payload: { validity: 'repealed', note: '已被新制度代替' },
    });
    expect(res.statusCode).toBe(200);
    const page = await get(`/documents/${doc.id}`);
    expect(page.body).toContain('已被新制度代替');
    expect(page.body).toContain('废止');
  });

  it('shows a renamed agency and a saved guide on the next request', async () => {
    const doc = await publish('关于机构更名测试的通知');
    expect((await get(`/documents/${doc.id}`)).body).toContain('西吉县人民政府办公室');
    const guideUrl = `/disclosure/agencies/${t.world.agencies.education}`;
    expect((await get(guideUrl)).statusCode).toBe(200);

    await t.services.orgs.update(systemActor, t.world.agencies.office, {
      name: '西吉县人民政府办公室（更名）',
    });
    try {
      expect((await get(`/documents/${doc.id}`)).body).toContain('西吉县人民政府办公室（更名）');
      expect((await get('/disclosure/agencies')).body).toContain('西吉县人民政府办公室（更名）');
    } finally {
      await t.services.orgs.update(systemActor, t.world.agencies.office, { name: '西吉县人民政府办公室' });
    }
    expect((await get(`/documents/${doc.id}`)).body).not.toContain('（更名）');

    expect((await get(guideUrl)).body).not.toContain('缓存测试');
    const guide = (
      await officer.inject({ method: 'GET', url: `/api/guides/${t.world.agencies.education}` })
    ).json<GuideView>();
    const saved = await officer.inject({
      method: 'PUT',
      url: `/api/guides/${t.world.agencies.education}`,
      payload: { ...guide.content, officeHours: '工作日上午8:30至12:00（缓存测试）' },
    });
    expect(saved.statusCode).toBe(200);
    expect((await get(guideUrl)).body).toContain('缓存测试');
  });

  it('renders an unknown document as a 404 that no cache keeps', async () => {
    const url = '/documents/00000000-0000-4000-8000-000000000000';
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
  });
});

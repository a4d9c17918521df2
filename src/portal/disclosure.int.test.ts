import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../core/db/testing.ts';
import { createTestApp, type TestApp } from '../dev/test-app.ts';
import { seedDemoDocuments } from '../modules/documents/demo.ts';
import { registerDocumentFeeds } from '../modules/documents/feeds.tsx';
import type { PublicDocumentSummary } from '../modules/documents/schemas.ts';
import { CACHE_POLICIES } from './cache.ts';
import { loadSite } from './site.ts';

/** The 专栏 beyond the column lists: agencies' 专栏, guides, statutory categories, print view, feeds, sitemap, open data. */
describe.each(await testEngines())('专栏, feeds, sitemap and open data on %s', (engine) => {
  let t: TestApp;
  let docs: PublicDocumentSummary[];
  const base = 'http://localhost:3000';

  beforeAll(async () => {
    t = await createTestApp(engine);
    await seedDemoDocuments(t.services, t.world);
    docs = (await t.services.documents.listPublic({ pageSize: 100 })).items;
    if (docs.length < 5) throw new Error('seed documents missing');
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('lists every agency’s 专栏 grouped by kind, and shows an agency’s home', async () => {
    const index = await get('/disclosure/agencies');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<h2 id="group-1">政府部门</h2>');
    expect(index.body).toContain('<h2 id="group-2">乡镇（街道）</h2>');
    expect(index.body).toContain(`href="/disclosure/agencies/${t.world.agencies.education}"`);

    const office = t.world.agencies.office;
    const home = await get(`/disclosure/agencies/${office}`);
    expect(home.statusCode).toBe(200);
    expect(home.headers['cache-control']).toBe(CACHE_POLICIES.page);
    expect(home.body).toContain('<h1>西吉县人民政府办公室政府信息公开专栏</h1>');
    expect(home.body).toContain(`href="/disclosure/rules?agency=${office}"`);
    expect(home.body).toContain(`href="/disclosure/catalog?agency=${office}"`);
    expect(home.body).toContain(`href="/disclosure/agencies/${office}/guide"`);
    expect(home.body).toContain('尚未发布年度报告');
    expect(home.body).toContain(
      `<link rel="alternate" type="application/atom+xml" title="西吉县人民政府办公室最新公开（Atom）" href="/feeds/documents.atom?agency=${office}"/>`,
    );

    for (const url of [
      '/disclosure/agencies/00000000-0000-4000-8000-000000000000',
      '/disclosure/agencies/not-an-id',
      '/disclosure/agencies/%3Cscript%3E/guide',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('<h1>页面不存在</h1>');
    }
  });

  it('the region’s guide has every Art 12 element; its agency address redirects to the column', async () => {
    const guide = await get('/disclosure/guide');
    expect(guide.statusCode).toBe(200);
    for (const text of [
      '一、政府信息的分类',
      '二、编排体系',
      '三、获取政府信息的方式',
      '四、信息处理费',
      '五、政府信息公开工作机构',
      '西吉县人民政府办公室',
      '0954-3012301',
      '办公时间',
      '传真号码',
      '互联网联系方式',
      `${t.services.config.http.publicBaseUrl}/disclosure/on-request`,
    ]) {
      expect(guide.body, text).toContain(text);
    }
    const redirect = await get(`/disclosure/agencies/${t.world.agencies.county}/guide`);
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/disclosure/guide');
  });

  it('filters 法定主动公开内容 by legal category with plain links', async () => {
    const all = await get('/disclosure/statutory');
    expect(all.body).toContain('aria-label="按类别查看"');
    expect(all.body).toContain('href="/disclosure/statutory?category=licensing"');
    expect(all.body).toMatch(/<a href="\/disclosure\/statutory" aria-current="page">全部<\/a>/);
    const licensing = await get('/disclosure/statutory?category=licensing');
    expect(licensing.statusCode).toBe(200);
    expect(licensing.body).toContain('aria-current="page">行政许可</a>');
    expect(licensing.body).toContain('行政许可类文件');
    const bad = await get('/disclosure/statutory?category=%3Cscript%3E&page=x');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('aria-current="page">全部</a>');
  });

  it('offers a print view of a document without the site navigation', async () => {
    const doc = docs[0]!;
    const page = await get(`/documents/${doc.id}`);
    expect(page.body).toContain(`<a href="/documents/${doc.id}/print">打印</a>`);
    const print = await get(`/documents/${doc.id}/print`);
    expect(print.statusCode).toBe(200);
    expect(print.headers['x-robots-tag']).toBe('noindex');
    expect(print.body).toContain('<table class="meta-table">');
    expect(print.body).toContain(doc.indexNumber);
    expect(print.body).not.toContain('class="main-nav"');
    expect(print.body).toContain(`本文网址：${base}/documents/${doc.id}`);
    expect(print.body).not.toMatch(/<script|<style| style="/);
    expect((await get('/documents/00000000-0000-4000-8000-000000000000/print')).statusCode).toBe(404);
  });

  it('serves Atom and RSS feeds per agency and column, escaped, with absolute addresses', async () => {
    const atom = await get('/feeds/documents.atom');
    expect(atom.statusCode).toBe(200);
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(
      atom.body.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"',
      ),
    ).toBe(true);
    expect(atom.body.match(/<entry>/g)).toHaveLength(docs.length);
    expect(atom.body).toContain(
      `<link rel="alternate" type="text/html" href="${base}/documents/${docs[0]!.id}"/>`,
    );
    expect(atom.body).toContain(`<updated>${docs[0]!.publishedAt}</updated>`);

    const office = t.world.agencies.office;
    const rules = await get(`/feeds/documents.rss?agency=${office}&section=rules`);
    expect(rules.statusCode).toBe(200);
    expect(rules.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(rules.body).toContain('<title>西吉县人民政府办公室 · 信息公开制度</title>');
    expect(rules.body).toContain(`<link>${base}/disclosure/rules?agency=${office}</link>`);
    expect(rules.body).toContain(
      `<atom:link href="${base}/feeds/documents.rss?agency=${office}&amp;section=rules" rel="self"`,
    );
    const officeDocs = docs.filter((d) => d.agencyId === office && d.portalSection === 'rules');
    expect(rules.body.match(/<item>/g)?.length ?? 0).toBe(officeDocs.length);
    // Nothing unescaped: every & in the text is an entity.
    expect(rules.body).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);

    const empty = await get(
      `/feeds/documents.atom?agency=${t.world.agencies.education}&section=annual_reports`,
    );
    expect(empty.statusCode).toBe(200);
    expect(empty.body).not.toContain('<entry>');

    for (const [query, status] of [
      ['?section=nope', 400],
      ['?agency=xyz', 400],
      ['?agency=00000000-0000-4000-8000-000000000000', 404],
      ['?section=rules&section=guide', 400],
    ] as const) {
      const res = await get(`/feeds/documents.atom${query}`);
      expect(res.statusCode, query).toBe(status);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('lists home, columns, agencies and every published document in the sitemap', async () => {
    const res = await get('/sitemap.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    for (const path of [
      '/',
      '/disclosure/rules',
      '/disclosure/agencies',
      `/disclosure/agencies/${t.world.agencies.education}`,
    ]) {
      expect(res.body, path).toContain(`<loc>${base}${path}</loc>`);
    }
    for (const d of docs) {
      expect(res.body).toContain(
        `<url><loc>${base}/documents/${d.id}</loc><lastmod>${d.publishedOn}</lastmod></url>`,
      );
    }
    expect(res.body.trim().endsWith('</urlset>')).toBe(true);
  });

  it('splits a large sitemap into an index of files of at most the limit, read in chunks', async () => {
    const app = Fastify();
    registerDocumentFeeds(app, {
      documents: t.services.documents,
      index: t.services.documentIndex,
      site: () => loadSite(t.services.orgs),
      clock: t.services.clock,
      publicBaseUrl: 'https://gk.example.cn/',
      sitemapMaxUrls: 2,
    });
    await app.ready();
    try {
      const index = await app.inject({ method: 'GET', url: '/sitemap.xml' });
      expect(index.body).toContain('<sitemapindex');
      const files = [...index.body.matchAll(/<loc>https:\/\/gk\.example\.cn(\/sitemaps\/[^<]+)<\/loc>/g)].map(
        (m) => m[1]!,
      );
      expect(files).toEqual([
        '/sitemaps/pages.xml',
        ...Array.from({ length: Math.ceil(docs.length / 2) }, (_, i) => `/sitemaps/documents-${i + 1}.xml`),
      ]);
      const seen: string[] = [];
      for (const f of files.slice(1)) {
        const body = (await app.inject({ method: 'GET', url: f })).body;
        const ids = [...body.matchAll(/\/documents\/([0-9a-f-]{36})</g)].map((m) => m[1]!);
        expect(ids.length).toBeLessThanOrEqual(2);
        seen.push(...ids);
      }
      expect(seen.sort()).toEqual(docs.map((d) => d.id).sort());
      // Chunked reading gives the same order as one read.
      const chunks: string[] = [];
      for await (const c of t.services.documentIndex.stubs({ offset: 1, limit: 10, chunk: 2 }))
        chunks.push(...c.map((s) => s.id));
      const whole: string[] = [];
      for await (const c of t.services.documentIndex.stubs({ offset: 1, limit: 10 }))
        whole.push(...c.map((s) => s.id));
      expect(chunks).toEqual(whole);
      expect(whole).toHaveLength(docs.length - 1);
      expect((await app.inject({ method: 'GET', url: '/sitemaps/documents-99.xml' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/sitemaps/other.xml' })).statusCode).toBe(404);
      const pages = await app.inject({ method: 'GET', url: '/sitemaps/pages.xml' });
      expect(pages.body).toContain('<loc>https://gk.example.cn/disclosure/agencies</loc>');
    } finally {
      await app.close();
    }
  });

  it('serves published metadata as paged JSON for anyone, with CORS, and refuses bad parameters in Chinese', async () => {
    const res = await get('/open-data/documents.json?pageSize=2');
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const body = res.json<{
      total: number;
      pageCount: number;
      next: string | null;
      items: Record<string, unknown>[];
    }>();
    expect(body.total).toBe(docs.length);
    expect(body.items).toHaveLength(2);
    expect(body.next).toBe(`${base}/open-data/documents.json?page=2&pageSize=2`);
    expect(body.items[0]).toEqual(
      expect.objectContaining({
        indexNumber: docs[0]!.indexNumber,
        title: docs[0]!.title,
        publisher: docs[0]!.agencyName,
        writtenOn: docs[0]!.writtenOn,
        publishedOn: docs[0]!.publishedOn,
        url: `${base}/documents/${docs[0]!.id}`,
      }),
    );
    expect(Object.keys(body.items[0]!)).not.toContain('body');

    const seen = new Set<string>();
    for (let page = 1; page <= body.pageCount; page++) {
      const p = (await get(`/open-data/documents.json?pageSize=2&page=${page}`)).json<{
        items: { id: string }[];
      }>();
      for (const item of p.items) seen.add(item.id);
    }
    expect(seen.size).toBe(docs.length);

    const office = t.world.agencies.office;
    const filtered = (await get(`/open-data/documents.json?agency=${office}&section=rules`)).json<{
      items: { publisherId: string; section: string }[];
    }>();
    expect(filtered.items.every((i) => i.publisherId === office && i.section === 'rules')).toBe(true);

    for (const query of ['?page=0', '?pageSize=101', '?agency=x', '?section=x', '?category=x', '?page=abc']) {
      const bad = await get(`/open-data/documents.json${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.headers['access-control-allow-origin']).toBe('*');
      expect(bad.json()).toMatchObject({ error: { code: 'invalid_input' } });
      expect(bad.json<{ error: { message: string } }>().error.message).toMatch(/[\u4e00-\u9fff]/);
    }

    const page = await get('/open-data');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('使用许可');
    expect(page.body).toContain('indexNumber');
  });

  it('documents the open-data API in the OpenAPI description', async () => {
    const res = await get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const openapi = res.json<{ paths: Record<string, { get?: { tags?: string[] } }> }>();
    expect(openapi.paths['/open-data/documents.json']?.get?.tags).toEqual(['开放数据']);
  });

  it('survives garbage on every new page', async () => {
    for (const url of [
      '/disclosure/agencies?page=-1',
      `/disclosure/agencies/${t.world.agencies.office}?x[]=1`,
      '/disclosure/guide?page=1e309',
      '/disclosure/guide?page=%F0%9F%92%A9',
      '/open-data?x=%00',
      '/sitemap.xml?page=abc',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../core/db/testing.ts';
import { createTestApp, type TestApp } from '../dev/test-app.ts';
import { seedDemoDocuments } from '../modules/documents/demo.ts';
import type { PublicDocumentSummary } from '../modules/documents/schemas.ts';
import { CACHE_POLICIES } from './cache.ts';

const PAGES = [
  '/',
  '/disclosure/guide',
  '/disclosure/rules',
  '/disclosure/statutory',
  '/disclosure/annual-reports',
  '/disclosure/on-request',
];

describe.each(await testEngines())('portal on %s', (engine) => {
  let t: TestApp;
  let xiji: PublicDocumentSummary;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await seedDemoDocuments(t.services, t.world);
    const rules = await t.services.documents.listPublic({ section: 'rules' });
    const found = rules.items.find((d) => d.docNumber === '西政办发〔2018〕47号');
    if (!found) throw new Error('seed document missing');
    xiji = found;
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('serves every column as cacheable HTML under the region’s name', async () => {
    for (const url of PAGES) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control'], url).toBe(CACHE_POLICIES.page);
      expect(res.body, url).toContain('<a class="site-name" href="/">西吉县人民政府</a>');
    }
  });

  it('lists the seed rule sets under 信息公开制度 and the newest on the home page', async () => {
    const rules = await get('/disclosure/rules');
    expect(rules.body).toContain('共 5 件');
    expect(rules.body).toContain('西吉县人民政府办公室关于印发政务公开相关制度的通知');
    expect(rules.body).toContain('<span class="badge">失效</span>');
    const home = await get('/');
    expect(home.body).toContain(`href="/documents/${xiji.id}"`);
  });

  it('says what an empty column will hold', async () => {
    const reports = await get('/disclosure/annual-reports');
    expect(reports.body).toContain('尚未发布年度报告');
    const onRequest = await get('/disclosure/on-request');
    expect(onRequest.body).toContain('20个工作日内答复');
    expect(onRequest.body).toContain('href="/apply"');
    expect(onRequest.body).toContain('href="/track"');
    expect(onRequest.body).toContain('西吉县人民政府办公室');
  });

  it('shows a document with its metadata box and its full body', async () => {
    const res = await get(`/documents/${xiji.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(CACHE_POLICIES.page);
    expect(res.body).toContain(xiji.indexNumber);
    expect(res.body).toContain('西政办发〔2018〕47号');
    expect(res.body).toContain('<time dateTime="2018-03-22">2018-03-22</time>');
    expect(res.body).toContain('<h2>西吉县政务公开社会评议制度</h2>');
    expect(res.body).toContain('第四十六条 本制度自2018年4月1日起施行，有效期至2022年4月30日。');
  });

  it('filters a column by publisher and ignores an unknown publisher', async () => {
    const own = await get(`/disclosure/rules?agency=${t.world.agencies.office}`);
    expect(own.body).toContain('西吉县人民政府办公室发布的文件');
    const other = await get(`/disclosure/rules?agency=${t.world.agencies.education}`);
    expect(other.body).toContain('该机构在本栏目暂无公开文件');
    const unknown = await get('/disclosure/rules?agency=00000000-0000-4000-8000-000000000000');
    expect(unknown.body).toContain('共 5 件');
  });

  it('answers an unknown document or page with the 404 page, and /api with the JSON error', async () => {
    for (const url of [
      '/documents/00000000-0000-4000-8000-000000000000',
      '/documents/%3Cscript%3E',
      '/no/such/page',
      '/static/missing.css',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect(res.body, url).toContain('<h1>页面不存在</h1>');
      expect(res.body, url).not.toContain('<script');
    }
    const api = await get('/api/no-such-thing?x=1');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({
      error: { code: 'not_found', message: '接口不存在：GET /api/no-such-thing' },
    });
  });

  it('answers a malformed address with an HTML page, and under /api with the JSON error', async () => {
    const page = await get('/disclosure/%E0%A4%A');
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<h1>请求有误</h1>');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'",
    );
    const api = await get('/api/documents/%E0%A4%A');
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({ error: { code: 'invalid_input', message: '网址有误' } });
  });

  it('survives garbage in the query string', async () => {
    for (const query of [
      '?page=-1',
      '?page=abc',
      '?page=1e309',
      '?page=99999999',
      '?page=1&page=2',
      '?agency=%3Cscript%3E',
      '?agency[]=1',
      `?agency=${'x'.repeat(5000)}`,
      '?page=%F0%9F%92%A9&agency=%00',
    ]) {
      for (const path of ['/disclosure/rules', '/disclosure/statutory', '/', `/documents/${xiji.id}`]) {
        const res = await get(`${path}${query}`);
        expect(res.statusCode, `${path}${query}`).toBe(200);
        expect(res.body).not.toContain('%3Cscript');
      }
    }
    const deep = await get('/disclosure/rules?page=999');
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('没有第 999 页');
  });

  it('serves the stylesheet with a year-long immutable cache under a content-hashed URL', async () => {
    const home = await get('/');
    const href = /href="(\/static\/portal\.css\?v=[0-9a-f]{12})"/.exec(home.body)?.[1];
    expect(href).toBeDefined();
    const css = await get(href ?? '');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.headers['cache-control']).toBe(CACHE_POLICIES.asset);
  });

  it('sends the strict CSP with the pages: no inline script or style is needed', async () => {
    const res = await get('/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).not.toMatch(/<script|<style| style="/);
  });
});

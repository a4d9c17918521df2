import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../core/db/testing.ts';
import type { SearchEntry } from '../../core/search/service.ts';
import { createTestApp, type TestApp } from '../../dev/test-app.ts';

describe.each(await testEngines())('search page on %s', (engine) => {
  let t: TestApp;
  const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const entry = (n: number, over: Partial<SearchEntry>): SearchEntry => ({
      id: id(n),
      agencyId: t.world.agencies.office,
      title: '西吉县人民政府办公室关于印发政务公开相关制度的通知',
      docNumber: '西政办发〔2018〕47号',
      text: '各乡镇人民政府：现将《西吉县政府信息依申请公开制度》印发给你们，请认真贯彻落实。',
      topic: '综合政务/政务公开',
      publishedAt: '2018-03-22T02:00:00Z',
      validity: 'in_force',
      effectiveTo: '2022-04-30',
      ...over,
    });
    await t.services.search.indexMany([
      entry(1, {}),
      entry(2, {
        agencyId: t.world.agencies.education,
        title: '西吉县教育局关于学前教育资助的公告',
        docNumber: null,
        text: '符合条件的幼儿可申请学前教育资助，申请材料由幼儿园统一报送。',
        topic: '教育/学前教育',
        publishedAt: '2025-09-01T02:00:00Z',
        effectiveTo: null,
      }),
    ]);
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('shows the form with a label for every field before anything is searched', async () => {
    const res = await get('/search');
    expect(res.statusCode).toBe(200);
    for (const field of ['q', 'agency', 'topic', 'year', 'validity']) {
      expect(res.body).toContain(`<label for="${field}">`);
      expect(res.body).toContain(`id="${field}"`);
    }
    expect(res.body).toContain('<option value="教育/学前教育">教育/学前教育</option>');
    expect(res.body).toContain('<option value="2025">2025年</option>');
    expect(res.body).not.toContain('检索结果');
  });

  it('lists matches with a link, the agency, the date and marked hits', async () => {
    const res = await get(`/search?q=${encodeURIComponent('依申请公开')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('共 1 件');
    expect(res.body).toContain(`href="/documents/${id(1)}"`);
    expect(res.body).toContain('西吉县人民政府办公室</span>');
    expect(res.body).toContain('<time dateTime="2018-03-22">2018-03-22</time>');
    expect(res.body).toContain('<mark>依申请公开</mark>');
    expect(res.body).toContain('<span class="badge">失效</span>');
  });

  it('applies the filters', async () => {
    const q = encodeURIComponent('西吉县');
    expect((await get(`/search?q=${q}`)).body).toContain('共 2 件');
    const byAgency = await get(`/search?q=${q}&agency=${t.world.agencies.education}`);
    expect(byAgency.body).toContain('共 1 件');
    expect(byAgency.body).toContain(`href="/documents/${id(2)}"`);
    expect((await get(`/search?q=${q}&year=2018`)).body).toContain(`href="/documents/${id(1)}"`);
    expect((await get(`/search?q=${q}&validity=in_force`)).body).not.toContain(`href="/documents/${id(1)}"`);
    expect((await get(`/search?q=${q}&topic=${encodeURIComponent('教育/学前教育')}`)).body).toContain(
      '共 1 件',
    );
  });

  it('says when nothing matches', async () => {
    const res = await get(`/search?q=${encodeURIComponent('不存在的词语')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('没有找到包含该检索词的公开文件');
  });

  it('answers a refused query with 400, the reason and the whole page', async () => {
    const long = await get(`/search?q=${encodeURIComponent('政'.repeat(10_000))}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('检索词过长');
    expect(long.body).toContain('<form');
    expect(long.headers['cache-control']).toBe('no-store');
    const control = await get(`/search?q=${encodeURIComponent('\u0001\u0002\u0003')}`);
    expect(control.statusCode).toBe(400);
    expect(control.body).toContain('控制字符');
    expect(control.body).not.toContain('\u0001');
    expect((await get('/search?q=%E5%8E%BF')).body).toContain('太短');
  });

  // Last: it puts the replica far behind. 20,001 logged removals of keys never indexed stand for a
  // replica that a new server, or a bulk load elsewhere, left behind.
  it.runIf(engine === 'postgres')(
    'says so with 503 while the search replica catches up, then answers again',
    async () => {
      await sql`insert into search_changes (rank_key) select g from generate_series(1, 20001) g`.execute(
        t.db.kysely,
      );
      const busy = await get(`/search?q=${encodeURIComponent('学前教育')}`);
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('30');
      expect(busy.headers['cache-control']).toBe('no-store');
      expect(busy.body).toContain('全文检索正在更新索引，请稍后再试');
      expect(busy.body).toContain('<form');
      let res = busy;
      for (let i = 0; i < 200 && res.statusCode === 503; i++) {
        await new Promise((r) => setTimeout(r, 50));
        res = await get(`/search?q=${encodeURIComponent('学前教育')}`);
      }
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`href="/documents/${id(2)}"`);
    },
  );
});

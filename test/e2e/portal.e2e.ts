import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, screenshot, startE2e, type E2e } from './harness.ts';

/**
 * The public portal in Chromium at a 360 px phone and a 1280 px desktop: every page renders without
 * script, has no WCAG 2.1 AA violation (axe-core), and does not scroll sideways. The demo region
 * (with the five seed rule sets) is loaded by the server's first start.
 */
const WIDTHS = [
  { name: 'mobile', width: 360, height: 740 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

describe('portal', () => {
  let e2e: E2e;
  let documentUrl: string;
  // A shorter document for the screenshot artifact (the 西吉县 rules are 30 000 px tall).
  let shortDocumentUrl: string;
  let educationId: string;
  /** A document published through the whole workflow (a rich-text body) and one withdrawn (a tombstone). */
  let workflowDocumentUrl: string;
  let withdrawnUrl: string;

  beforeAll(async () => {
    e2e = await startE2e();
    const services = e2e.running.services;
    const statutory = await services.documents.listPublic({ section: 'statutory', pageSize: 100 });
    const aid = statutory.items.find((d) => d.title === '西吉县教育局关于2026年秋季学期学生资助政策的公告');
    if (!aid) throw new Error('the demo workflow did not publish its document at first start');
    workflowDocumentUrl = `/documents/${aid.id}`;
    const officer = (await services.auth.login('officer', 'Demo2026gongkai', { ip: null })).actor;
    const withdrawn = statutory.items.find((d) => d.title === '西吉县教育局2024年部门预算公开说明');
    if (!withdrawn) throw new Error('the demo catalog did not publish its budget document');
    await services.documents.withdraw(officer, withdrawn.id, { reason: '预算数据有误，更正后重新发布' });
    withdrawnUrl = `/documents/${withdrawn.id}`;
    const rules = await e2e.running.services.documents.listPublic({ section: 'rules' });
    const xiji = rules.items.find((d) => d.docNumber === '西政办发〔2018〕47号');
    if (!xiji) throw new Error('the demo documents were not loaded at first start');
    documentUrl = `/documents/${xiji.id}`;
    const shaoguan = rules.items.find((d) => d.docNumber === '韶府办明电〔2019〕3号');
    if (!shaoguan) throw new Error('the demo documents were not loaded at first start');
    shortDocumentUrl = `/documents/${shaoguan.id}`;
    const find = (nodes: Awaited<ReturnType<typeof e2e.running.services.orgs.tree>>): string | undefined => {
      for (const n of nodes) {
        if (n.name === '西吉县教育局') return n.id;
        const below = find(n.children);
        if (below) return below;
      }
      return undefined;
    };
    const education = find(await e2e.running.services.orgs.tree());
    if (!education) throw new Error('the demo agencies were not loaded at first start');
    educationId = education;
  });
  afterAll(() => e2e?.close());

  type Check = { path: string; status: number; heading: string };
  const pages = (): Check[] => [
    { path: '/', status: 200, heading: '政府信息公开专栏' },
    { path: '/disclosure/guide', status: 200, heading: '信息公开指南' },
    { path: '/disclosure/rules', status: 200, heading: '信息公开制度' },
    { path: '/disclosure/statutory', status: 200, heading: '法定主动公开内容' },
    { path: '/disclosure/annual-reports', status: 200, heading: '信息公开年报' },
    { path: '/disclosure/on-request', status: 200, heading: '依申请公开' },
    { path: documentUrl, status: 200, heading: '西吉县人民政府办公室关于印发政务公开相关制度的通知' },
    { path: '/no-such-page', status: 404, heading: '页面不存在' },
    { path: '/disclosure/%E0%A4%A', status: 400, heading: '请求有误' },
  ];
  /** The 专栏 beyond the columns: categories, agencies' 专栏, their guides, open data, the print view. */
  const disclosurePages = (): Check[] => [
    { path: '/disclosure/statutory?category=normative', status: 200, heading: '法定主动公开内容' },
    { path: '/disclosure/agencies', status: 200, heading: '部门和乡镇专栏' },
    { path: `/disclosure/agencies/${educationId}`, status: 200, heading: '西吉县教育局政府信息公开专栏' },
    {
      path: `/disclosure/agencies/${educationId}/guide`,
      status: 200,
      heading: '西吉县教育局政府信息公开指南',
    },
    { path: '/open-data', status: 200, heading: '开放数据' },
    {
      path: `${documentUrl}/print`,
      status: 200,
      heading: '西吉县人民政府办公室关于印发政务公开相关制度的通知',
    },
  ];

  /** Proactive disclosure on the portal: search, the catalog, a rich-text document and a tombstone. */
  const disclosureWorkPages = (): Check[] => [
    { path: '/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80', status: 200, heading: '政府信息检索' },
    { path: `/search?q=${'公'.repeat(60)}`, status: 400, heading: '政府信息检索' },
    { path: '/disclosure/catalog', status: 200, heading: '西吉县人民政府办公室主动公开目录' },
    { path: `/disclosure/catalog?agency=${educationId}`, status: 200, heading: '西吉县教育局主动公开目录' },
    { path: workflowDocumentUrl, status: 200, heading: '西吉县教育局关于2026年秋季学期学生资助政策的公告' },
    { path: withdrawnUrl, status: 410, heading: '西吉县教育局2024年部门预算公开说明' },
  ];

  async function open(width: (typeof WIDTHS)[number], path: string): Promise<{ page: Page; status: number }> {
    // No script at all: the portal must work without it.
    const context = await e2e.browser.newContext({
      viewport: { width: width.width, height: width.height },
      javaScriptEnabled: false,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    const res = await page.goto(`${e2e.baseUrl}${path}`);
    return { page, status: res?.status() ?? 0 };
  }

  for (const [group, list] of [
    ['', pages],
    ['the 专栏 pages ', disclosurePages],
    ['search, catalog and documents ', disclosureWorkPages],
  ] as const)
    for (const width of WIDTHS) {
      it(
        `${group}has no axe violations and no sideways scroll at ${width.width} px`,
        { timeout: 180_000 },
        async () => {
          for (const p of list()) {
            const { page, status } = await open(width, p.path);
            try {
              expect(status, p.path).toBe(p.status);
              await expect
                .poll(() => page.locator('h1').first().textContent(), { timeout: 10_000 })
                .toBe(p.heading);
              // axe itself needs script: run it in a context that allows it, on the same markup.
              const checked = await e2e.browser.newContext({
                viewport: { width: width.width, height: width.height },
              });
              const axePage = await checked.newPage();
              await axePage.goto(`${e2e.baseUrl}${p.path}`);
              expect(await axeViolations(axePage), `${p.path} at ${width.width}px`).toEqual([]);
              const overflow = await axePage.evaluate(
                () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
              );
              expect(overflow, `${p.path} scrolls sideways at ${width.width}px`).toBeLessThanOrEqual(0);
              await checked.close();
            } finally {
              await page.context().close();
            }
          }
        },
      );
    }

  it('saves screenshots of the home page and a document page', async () => {
    for (const width of WIDTHS) {
      const { page } = await open(width, '/');
      await screenshot(page, `portal-home-${width.name}`);
      await page.context().close();
    }
    for (const width of WIDTHS) {
      const { page } = await open(width, shortDocumentUrl);
      await screenshot(page, `portal-document-${width.name}`);
      await page.context().close();
    }
  });

  it('saves screenshots of the 专栏 pages, the guide and the print view', { timeout: 180_000 }, async () => {
    const shots: [string, string][] = [
      ['portal-agencies', '/disclosure/agencies'],
      ['portal-agency-home', `/disclosure/agencies/${educationId}`],
      ['portal-guide', '/disclosure/guide'],
      ['portal-statutory-categories', '/disclosure/statutory?category=normative'],
      ['portal-open-data', '/open-data'],
      ['portal-print', `${shortDocumentUrl}/print`],
    ];
    for (const [name, path] of shots) {
      for (const width of WIDTHS) {
        const { page } = await open(width, path);
        await screenshot(page, `${name}-${width.name}`);
        await page.context().close();
      }
    }
    // The print view as it prints: no site navigation, the metadata box first.
    const { page } = await open(WIDTHS[1], `${shortDocumentUrl}/print`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.print-actions').isVisible()).toBe(false);
    expect(await page.locator('.meta-table').isVisible()).toBe(true);
    await screenshot(page, 'portal-print-media-print');
    // The first sheet as printed, at its real size (the full-page shot is too tall to read).
    await page.screenshot({ path: join(ARTIFACTS, 'portal-print-first-sheet.png') });
    await page.context().close();
  });

  it('serves feeds and the sitemap as well-formed XML, and open data to other origins', async () => {
    const all = (await e2e.running.services.documents.listPublic({})).total;
    const rules = (await e2e.running.services.documents.listPublic({ section: 'rules' })).total;
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const parse = (xml: string) =>
      page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return {
          errors: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.localName,
          namespace: doc.documentElement.namespaceURI,
          entries: doc.getElementsByTagName('entry').length + doc.getElementsByTagName('item').length,
          urls: doc.getElementsByTagName('url').length,
        };
      }, xml);
    for (const [path, type, root, namespace] of [
      ['/feeds/documents.atom', 'application/atom+xml', 'feed', 'http://www.w3.org/2005/Atom'],
      ['/feeds/documents.rss?section=rules', 'application/rss+xml', 'rss', null],
      ['/sitemap.xml', 'application/xml', 'urlset', 'http://www.sitemaps.org/schemas/sitemap/0.9'],
    ] as const) {
      const res = await fetch(`${e2e.baseUrl}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(`${type}; charset=utf-8`);
      const parsed = await parse(await res.text());
      expect(parsed, path).toMatchObject({ errors: 0, root, namespace });
      if (root === 'urlset') expect(parsed.urls).toBeGreaterThan(20);
      else expect(parsed.entries, path).toBe(path.includes('rules') ? rules : all);
    }
    // Open data for pages on other origins: CORS is open for GET.
    const res = await fetch(`${e2e.baseUrl}/open-data/documents.json?pageSize=2`, {
      headers: { origin: 'https://data.example.cn' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const json = (await res.json()) as { total: number; items: { title: string }[] };
    expect(json.total).toBe(all);
    expect(json.items).toHaveLength(2);
    await context.close();
  });

  it('takes a keyboard user past the header with the skip link', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/disclosure/rules`);
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    await expect
      .poll(() => skip.evaluate((el) => el === document.activeElement), { timeout: 10_000 })
      .toBe(true);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 })
      .toBe('main');
    await context.close();
  });
});

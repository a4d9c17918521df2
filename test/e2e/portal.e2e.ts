import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, screenshot, startE2e, type E2e } from './harness.ts';

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

  beforeAll(async () => {
    e2e = await startE2e();
    const rules = await e2e.running.services.documents.listPublic({ section: 'rules' });
    const xiji = rules.items.find((d) => d.docNumber === '西政办发〔2018〕47号');
    if (!xiji) throw new Error('the demo documents were not loaded at first start');
    documentUrl = `/documents/${xiji.id}`;
    const shaoguan = rules.items.find((d) => d.docNumber === '韶府办明电〔2019〕3号');
    if (!shaoguan) throw new Error('the demo documents were not loaded at first start');
    shortDocumentUrl = `/documents/${shaoguan.id}`;
  });
  afterAll(() => e2e?.close());

  const pages = (): { path: string; status: number; heading: string }[] => [
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

  for (const width of WIDTHS) {
    it(`has no axe violations and no sideways scroll at ${width.width} px`, async () => {
      for (const p of pages()) {
        const { page, status } = await open(width, p.path);
        try {
          expect(status, p.path).toBe(p.status);
          await expect.poll(() => page.locator('h1').first().textContent()).toBe(p.heading);
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
    });
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

  it('takes a keyboard user past the header with the skip link', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/disclosure/rules`);
    await page.keyboard.press('Tab');
    const skip = page.locator('.skip-link');
    await expect.poll(() => skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await context.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFiles } from '../../src/core/files/testing.ts';
import { axeViolations, screenshot, startE2e, type E2e } from './harness.ts';

/**
 * 依申请公开 on the portal, in Chromium as a citizen on a phone does it: the form without script
 * (refused with a message at the field, then accepted), the private link, the tracking page with
 * the phone's last digits; and, with script, the already-public suggestions while typing. Every page
 * is checked with axe at 360 and 1280 px.
 */
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

async function axeClean(browser: Browser, page: Page, label: string): Promise<void> {
  // axe needs script; check the same markup in a context that allows it.
  const html = await page.content();
  const context = await browser.newContext({ viewport: page.viewportSize() ?? PHONE });
  const checked = await context.newPage();
  await checked.route('**/*', (route) =>
    route.request().isNavigationRequest()
      ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' })
      : route.continue(),
  );
  await checked.goto(page.url());
  expect(await axeViolations(checked), label).toEqual([]);
  const overflow = await checked.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${label} scrolls sideways`).toBeLessThanOrEqual(0);
  await context.close();
}

describe('依申请公开 on the portal', () => {
  let e2e: E2e;

  beforeAll(async () => {
    e2e = await startE2e();
  });
  afterAll(() => e2e?.close());

  it(
    'a citizen applies without script, gets the link, and tracks the request',
    { timeout: 180_000 },
    async () => {
      const context = await e2e.browser.newContext({
        viewport: PHONE,
        javaScriptEnabled: false,
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      await page.goto(`${e2e.baseUrl}/disclosure/on-request`);
      await page.getByRole('link', { name: '在线申请' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('在线申请政府信息公开');
      await axeClean(e2e.browser, page, '/apply');

      await page.getByLabel('向哪个机关申请').selectOption({ label: '西吉县教育局' });
      await page.getByLabel('自然人').check();
      await page.getByLabel('姓名或名称').fill('马建华');
      // A wrong check digit: refused at the field, nothing registered, what was typed kept.
      await page.getByLabel('证件号码').fill('110105194912310021');
      await page.getByLabel('联系电话').fill('13909541234');
      await page.getByLabel('所需信息的名称、文号或便于查询的其他特征').fill('2026年秋季学期学生资助政策');
      await page.getByLabel('电子文本').check();
      await page.getByLabel('电子邮件', { exact: true }).check();
      await page.getByLabel('电子邮箱').fill('ma@example.cn');

      // Without script, the button asks the server for already-published matches.
      await page.getByRole('button', { name: '先查一查是否已经公开' }).click();
      await expect.poll(() => page.locator('#matches-title').textContent()).toBe('可能已经公开的信息');
      await expect.poll(() => page.locator('.matches li').count()).toBeGreaterThan(0);
      await screenshot(page, 'requests-apply-matches-mobile');

      await page.getByRole('button', { name: '提交申请' }).click();
      await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('身份证号码有误');
      expect(await page.getByLabel('姓名或名称').inputValue()).toBe('马建华');
      await axeClean(e2e.browser, page, '/apply refused');
      await screenshot(page, 'requests-apply-refused-mobile');

      await page.getByLabel('证件号码').fill('11010519491231002X');
      // A photo of the ID card, kept apart for the office (not shown on the tracking page).
      await page.getByLabel('身份证明（可选）').setInputFiles({
        name: '身份证正面.png',
        mimeType: 'image/png',
        buffer: Buffer.from(sampleFiles.png()),
      });
      await page.getByRole('button', { name: '提交申请' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('申请已提交');
      const trackingNumber = (await page.locator('.tracking-number').textContent()) ?? '';
      expect(trackingNumber).toMatch(/^\d{4}-\d{6}$/);
      const link = (await page.locator('a[href*="/track/"]').getAttribute('href')) ?? '';
      await axeClean(e2e.browser, page, 'submitted');
      await screenshot(page, 'requests-submitted-mobile');

      // The private link asks for the phone's last four digits; wrong digits show nothing.
      // The link is absolute on PUBLIC_BASE_URL; the test server listens on a port of its own.
      await page.goto(`${e2e.baseUrl}${new URL(link).pathname}`);
      await page.getByLabel('联系电话后四位').fill('0000');
      await page.getByRole('button', { name: '查询' }).click();
      await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('不正确');
      expect(await page.content()).not.toContain('学生资助');
      await page.getByLabel('联系电话后四位').fill('1234');
      await page.getByRole('button', { name: '查询' }).click();
      await expect.poll(() => page.locator('h2').first().textContent()).toBe(`申请 ${trackingNumber}`);
      expect(await page.locator('.contact').textContent()).toContain('已登记');
      expect(await page.content()).not.toContain('身份证正面');
      expect(await page.locator('.notice-sheet .notice-title').first().textContent()).toContain(
        '政府信息公开申请登记回执',
      );
      await axeClean(e2e.browser, page, 'tracking');
      await screenshot(page, 'requests-tracking-mobile');

      // By number on /track, at desktop width.
      const desk = await e2e.browser.newContext({
        viewport: DESKTOP,
        javaScriptEnabled: false,
        locale: 'zh-CN',
      });
      const dp = await desk.newPage();
      await dp.goto(`${e2e.baseUrl}/track`);
      await axeClean(e2e.browser, dp, '/track');
      await dp.getByLabel('申请编号').fill(trackingNumber);
      await dp.getByLabel('联系电话后四位').fill('1234');
      await dp.getByRole('button', { name: '查询' }).click();
      await expect.poll(() => dp.locator('h2').first().textContent()).toBe(`申请 ${trackingNumber}`);
      await screenshot(dp, 'requests-tracking-desktop');
      await desk.close();
      await context.close();
    },
  );

  it(
    'with script, suggests already-published documents while the description is typed',
    { timeout: 60_000 },
    async () => {
      const context = await e2e.browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`${e2e.baseUrl}/apply`);
      await page
        .getByLabel('所需信息的名称、文号或便于查询的其他特征')
        .pressSequentially('西政办发〔2018〕47号文件', { delay: 20 });
      await expect.poll(() => page.locator('#matches li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await page.locator('#matches').textContent()).toContain('政务公开');
      await axeClean(e2e.browser, page, '/apply with suggestions');
      await screenshot(page, 'requests-apply-suggestions-desktop');
      await context.close();
    },
  );
});

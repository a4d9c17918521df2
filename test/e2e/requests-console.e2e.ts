import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/dev/world.ts';
import { screenshot, startE2e, type E2e } from './harness.ts';

/**
 * 依申请公开 in the console, the way a letter walks: the county's disclosure office registers it
 * (a signed-for letter to 西吉县人民政府) and is shown the tracking number and the private link once;
 * it assigns the request to 西吉县教育局's drafter; the drafter records the search and drafts a
 * 予以公开 reply; the head of the disclosure office approves it; the request shows 已答复 with the
 * reply's .docx to download, and the statistics count it in table 三 with the request behind the cell.
 */

interface Watched {
  page: Page;
  context: BrowserContext;
  cspViolations: string[];
  errors: string[];
}

let e2e: E2e;
const sessions = new Map<string, Watched>();

/** A valid resident ID number (the GB 11643 example: its check character is X). */
const ID_NUMBER = '11010519491231002X';
const APPLICANT = '马建华';
const DESCRIPTION = '2025年西吉县学生资助资金发放明细及分配依据';
const SEARCH_RECORD = '检索了县教育局2025年资助资金拨付档案和学生资助管理系统，找到发放明细表一份。';
const REPLY_TEXT = '经审查，你申请的2025年学生资助资金发放明细属于可以公开的政府信息，现予提供。';

beforeAll(async () => {
  e2e = await startE2e();
});

afterAll(async () => {
  for (const w of sessions.values()) await w.context.close();
  await e2e?.close();
});

async function openPage(): Promise<Watched> {
  const context = await e2e.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  // The machine running these is shared and often busy: allow a slow page its time.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const watched: Watched = { page, context, cspViolations: [], errors: [] };
  await page.exposeFunction('__reportCsp', (text: string) => watched.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCsp: (t: string) => void }).__reportCsp;
      report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (/Content Security Policy/i.test(text)) watched.cspViolations.push(text);
    // 401 from the session probe before login.
    else if (!/status of 401/.test(text)) watched.errors.push(text);
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  return watched;
}

/** One logged-in browser per demo user, kept for the whole file (logins are rate-limited). */
async function as(username: string): Promise<Page> {
  const known = sessions.get(username);
  if (known) return known.page;
  const w = await openPage();
  sessions.set(username, w);
  await w.page.goto(`${e2e.baseUrl}/console/login`);
  await w.page.getByLabel('用户名').fill(username);
  await w.page.getByLabel('密码').fill(DEMO_PASSWORD);
  await w.page.getByRole('button', { name: /登\s*录/ }).click();
  await w.page.waitForURL(/\/console\/tasks$/);
  return w.page;
}

/**
 * Picks an agency in an AgencyTreeSelect by typing part of its name, and waits until the field
 * shows it. On a busy machine the typing can reach the search box before it has focus (the tree
 * then opens unfiltered and the click can miss), so a pick that did not take is tried once more.
 */
async function pickAgency(page: Page, scope: Locator | Page, label: string, name: string): Promise<void> {
  const field = scope.getByLabel(label);
  // What the closed field shows (antd puts the chosen option's title on it).
  const picked = scope.locator(`.ant-select-content[title="${name}"]`);
  for (let attempt = 1; ; attempt++) {
    await field.click();
    await field.pressSequentially(name.replace(/^西吉县/, ''));
    await page.locator('.ant-select-tree-title:visible', { hasText: new RegExp(`^${name}$`) }).click();
    try {
      await picked.waitFor({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 2) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

function expectClean(): void {
  for (const [username, w] of sessions) {
    expect(w.cspViolations, `${username}: CSP`).toEqual([]);
    expect(w.errors, `${username}: errors`).toEqual([]);
  }
}

// Three browsers and a dozen page loads per test on a shared two-core machine.
const SLOW = 300_000;

describe('依申请公开 in the console', () => {
  let id = '';
  let trackingNumber = '';

  async function openRequest(page: Page): Promise<void> {
    await page.goto(`${e2e.baseUrl}/console/requests/${id}`);
    await page.getByRole('heading', { name: `申请 ${trackingNumber}` }).waitFor();
  }

  it(
    'the disclosure office registers a signed-for letter and sees the tracking number and private link once',
    async () => {
      const page = await as('officer');
      await page.getByRole('menuitem', { name: /依申请公开/ }).click();
      await page.waitForURL(/\/console\/requests$/);
      await page.getByRole('heading', { name: '依申请公开' }).waitFor();
      // The demo's requests are listed (the office sees every agency's).
      await page.getByRole('row', { name: /城乡居民最低生活保障/ }).waitFor();
      await page.getByRole('button', { name: '登记申请' }).click();

      const dialog = page.getByRole('dialog', { name: '登记申请' });
      await pickAgency(page, dialog, '受理机关', '西吉县人民政府');
      // A signed-for letter (the default channel) counts from the day of signature (条例第三十一条).
      await dialog.getByText('邮寄（需签收）').waitFor();
      await dialog.getByLabel('签收日期').waitFor();
      await dialog.getByLabel('姓名或名称').fill(APPLICANT);
      await dialog.getByLabel('证件号码').fill(ID_NUMBER);
      await dialog.getByLabel('联系电话').fill('13909541234');
      await dialog.getByLabel('电子邮箱').fill('ma@example.cn');
      await dialog.getByLabel('所需政府信息').fill(DESCRIPTION);
      await dialog.getByText('电子文本', { exact: true }).click();
      await dialog.getByText('电子邮件', { exact: true }).click();
      await screenshot(page, 'requests-intake-form');
      await dialog.getByRole('button', { name: /^登\s*记$/ }).click();

      const done = dialog.getByText(/^已登记，申请编号 \d{4}-\d{6}$/);
      await done.waitFor();
      trackingNumber = /(\d{4}-\d{6})/.exec((await done.textContent()) ?? '')?.[1] ?? '';
      expect(trackingNumber).toMatch(/^\d{4}-\d{6}$/);
      await dialog.getByText(/^\/track\/[A-Za-z0-9_-]{20,}$/).waitFor();
      await screenshot(page, 'requests-registered');
      await dialog.getByRole('button', { name: '查看申请详情' }).click();
      await page.waitForURL(/\/console\/requests\/[0-9a-f-]{36}$/);
      id = /requests\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
      await page.getByRole('heading', { name: `申请 ${trackingNumber}` }).waitFor();
      await page.getByText('已登记', { exact: true }).first().waitFor();
      // The reply clock runs from the day of signature.
      await page
        .getByText(/剩余 \d+ 个工作日/)
        .first()
        .waitFor();
      await page.getByText('110***********002X').waitFor();
      expectClean();
    },
    SLOW,
  );

  it(
    'the office assigns it to 西吉县教育局’s drafter',
    async () => {
      const page = await as('officer');
      await page.getByRole('button', { name: /^交\s*办$/ }).click();
      const dialog = page.getByRole('dialog', { name: `交办：${trackingNumber}` });
      await pickAgency(page, dialog, '承办单位', '西吉县教育局');
      // The unit's users who may handle requests; the drafter is picked by typing and Enter.
      const assignee = dialog.getByLabel('承办人');
      await assignee.click();
      await page.locator('.ant-select-item-option', { hasText: '马小燕（起草人）' }).waitFor();
      await assignee.pressSequentially('马小燕');
      await page.keyboard.press('Enter');
      await dialog.getByTitle('马小燕（起草人）').waitFor();
      await dialog.getByRole('button', { name: /^交\s*办$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText('办理中', { exact: true }).first().waitFor();
      await page.getByText('马小燕（起草人）').waitFor();
      await screenshot(page, 'requests-assigned');
      expectClean();
    },
    SLOW,
  );

  it(
    'the drafter records the search and drafts a 予以公开 reply',
    async () => {
      const page = await as('drafter');
      await openRequest(page);
      await page.getByRole('button', { name: '检索记录' }).click();
      const search = page.getByRole('dialog', { name: `检索记录：${trackingNumber}` });
      await search.getByLabel('检索记录').fill(SEARCH_RECORD);
      await search.getByRole('button', { name: /^保\s*存$/ }).click();
      await search.waitFor({ state: 'hidden' });
      await page.getByText(SEARCH_RECORD).waitFor();

      await page.getByRole('button', { name: '拟定答复' }).click();
      const reply = page.getByRole('dialog', { name: `拟定答复：${trackingNumber}` });
      await reply.getByLabel('答复类型').click();
      await page.locator('.ant-select-item-option', { hasText: /^（一） 予以公开$/ }).click();
      await reply.getByLabel('答复内容').fill(REPLY_TEXT);
      await reply.getByLabel('提供信息的方式').fill('通过电子邮件发送至申请人邮箱 ma@example.cn');
      // 予以公开 is not adverse: no remedies to state.
      expect(await reply.getByLabel('行政复议机关').count()).toBe(0);
      await screenshot(page, 'requests-reply-draft');
      await reply.getByRole('button', { name: '提交审批' }).click();
      await reply.waitFor({ state: 'hidden' });
      await page.getByText('答复待审批', { exact: true }).first().waitFor();
      await page.getByText(REPLY_TEXT).waitFor();
      // Approval is not the drafter's.
      expect(await page.getByRole('button', { name: '审批并答复' }).count()).toBe(0);
      expectClean();
    },
    SLOW,
  );

  it(
    'the head of the disclosure office approves; the request is 已答复 with the reply to download',
    async () => {
      const page = await as('officehead');
      await openRequest(page);
      await page.getByText('答复待审批', { exact: true }).first().waitFor();
      await page.getByRole('button', { name: '审批并答复' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '审批并答复' }).click();
      await page.getByText('已答复', { exact: true }).first().waitFor();
      await page.getByText('已停止计时').waitFor();

      const row = page.getByRole('row', { name: /政府信息公开申请答复书/ });
      const download = row.getByRole('link', { name: /下载/ });
      await download.waitFor();
      const href = (await download.getAttribute('href')) ?? '';
      expect(href).toMatch(new RegExp(`^/api/requests/${id}/notices/[0-9a-f-]{36}\\.docx$`));
      const docx = await page.request.get(`${e2e.baseUrl}${href}`);
      expect(docx.status()).toBe(200);
      expect(docx.headers()['content-type']).toContain('wordprocessingml');
      expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
      // 打印 opens the notice as one A4 sheet in a new tab.
      const [sheet] = await Promise.all([
        page.context().waitForEvent('page'),
        row.getByRole('link', { name: /打印/ }).click(),
      ]);
      await sheet.locator('.notice-sheet .notice-title').waitFor();
      expect(await sheet.locator('.notice-title').textContent()).toBe('政府信息公开申请答复书');
      expect(await sheet.locator('.notice-issuer').textContent()).toBe(
        await sheet.locator('.notice-agency').textContent(),
      );
      // On paper: the GB/T 9704 sheet alone, on one A4 page.
      const pdf = await sheet.pdf({ preferCSSPageSize: true });
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
      await sheet.close();
      await screenshot(page, 'requests-replied');
      expectClean();
    },
    SLOW,
  );

  it(
    'the list shows the reply, and the statistics count it with the request behind the cell',
    async () => {
      const page = await as('officer');
      await page.goto(`${e2e.baseUrl}/console/requests`);
      const row = page.getByRole('row', { name: new RegExp(trackingNumber) });
      await row.getByText('已答复').waitFor();
      await row.getByText('予以公开').waitFor();
      await row.getByText(APPLICANT).waitFor();
      await screenshot(page, 'requests-list');

      await page.getByRole('tab', { name: '统计' }).click();
      await page.waitForURL(/\/console\/requests\/statistics$/);
      await pickAgency(page, page, '统计单位', '西吉县人民政府');
      await page
        .locator('.ant-select-tree-title', { hasText: /^西吉县人民政府$/ })
        .waitFor({ state: 'hidden' });
      const cell = page.getByRole('button', { name: '（一）予以公开，自然人：1 件，查看申请' });
      await cell.waitFor();
      expect(await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href')).toMatch(
        /^\/api\/requests\/statistics\.xlsx\?agencyId=[0-9a-f-]{36}&year=\d{4}$/,
      );
      await screenshot(page, 'requests-statistics');
      await cell.click();
      const drawer = page.getByRole('dialog').filter({ hasText: '予以公开 · 自然人' });
      await drawer.getByRole('link', { name: `申请 ${trackingNumber}` }).waitFor();
      await screenshot(page, 'requests-statistics-drill');
      await drawer.getByRole('link', { name: `申请 ${trackingNumber}` }).click();
      await page.waitForURL(new RegExp(`/console/requests/${id}$`));
      await page.getByText('已答复', { exact: true }).first().waitFor();
      expectClean();
    },
    SLOW,
  );
});

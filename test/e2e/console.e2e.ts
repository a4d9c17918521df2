import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS, type DemoUsername } from '../../src/dev/world.ts';
import { screenshot, startE2e, type E2e } from './harness.ts';

/**
 * The console in a real browser: every demo role logs in and lands on My tasks; the pages render in
 * Chinese under the strict CSP (antd's CSS-in-JS carries the per-request nonce); a wrong password is
 * answered in Chinese. Screenshots go to test-results/e2e/.
 */

interface Watched {
  page: Page;
  context: BrowserContext;
  /** CSP violations reported by the page itself and by the browser console. */
  cspViolations: string[];
  /** Uncaught errors and console errors other than CSP reports. */
  errors: string[];
}

let e2e: E2e;

const ASSIGNMENT_TITLE = '更新政府信息公开指南中的联系电话';

beforeAll(async () => {
  e2e = await startE2e();
  // The disclosure office hands work to its own web editor (2 working days: due soon), so that
  // webeditor's My tasks has an item with a deadline. Through the service: logins over HTTP are
  // rate-limited and every one of them is needed below.
  const { auth, assignments } = e2e.running.services;
  const { actor } = await auth.login('officer', DEMO_PASSWORD, { ip: null });
  await assignments.create(actor, {
    agencyId: actor.currentAgencyId ?? '',
    assigneeRole: 'web_editor',
    title: ASSIGNMENT_TITLE,
    description: '办公室电话已变更，请同步更新门户“信息公开指南”。',
    workingDays: 2,
  });
});

afterAll(async () => {
  await e2e?.close();
});

async function openPage(): Promise<Watched> {
  const context = await e2e.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
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
    // A 401 from the session probe on the login page is expected, not an error of the page.
    else if (!/status of 401/.test(text)) watched.errors.push(text);
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  return watched;
}

async function logIn(page: Page, username: string, password: string, open = true): Promise<void> {
  if (open) await page.goto(`${e2e.baseUrl}/console/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** antd's own CSS-in-JS must be allowed by the CSP: its style tags carry the nonce and take effect. */
async function expectAntdStylesApplied(page: Page): Promise<void> {
  const styles = await page.evaluate(() =>
    [...document.querySelectorAll('style')].map((s) => ({ nonce: s.nonce, css: s.textContent?.length ?? 0 })),
  );
  expect(styles.length).toBeGreaterThan(0);
  expect(styles.every((s) => s.nonce.length > 0)).toBe(true);
  const primary = await page
    .getByRole('button', { name: /登\s*录|返回我的待办/ })
    .or(page.locator('.ant-layout-header'))
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(primary).not.toBe('rgba(0, 0, 0, 0)');
}

describe('console', () => {
  it('answers a wrong password in Chinese and stays on the login page', async () => {
    const w = await openPage();
    try {
      await logIn(w.page, 'admin', 'not-the-password-1');
      await expect.poll(() => w.page.getByRole('alert').textContent()).toContain('用户名或密码错误');
      expect(w.page.url()).toContain('/console/login');
      await expectAntdStylesApplied(w.page);
      await screenshot(w.page, 'console-login-failed');
      expect(w.cspViolations).toEqual([]);
    } finally {
      await w.context.close();
    }
  });

  // Every browser here comes from 127.0.0.1, which the login route allows 30 attempts a minute
  // (security.ts): this file logs in twelve times.
  const roles = (Object.keys(DEMO_USERS) as DemoUsername[]).filter((u) => u !== 'admin' && u !== 'webeditor');

  it.each(roles)('%s logs in and lands on My tasks', async (username) => {
    const w = await openPage();
    try {
      await logIn(w.page, username, DEMO_PASSWORD);
      await w.page.waitForURL(/\/console\/tasks$/);
      await w.page.getByRole('heading', { name: '我的待办' }).waitFor();
      // The table has loaded: either rows or the empty state, not the spinner.
      await w.page.locator('.ant-table-tbody').waitFor();
      await w.page.waitForFunction(() => !document.querySelector('.ant-table .ant-spin-spinning'));
      await w.page
        .locator('header')
        .getByRole('button', { name: DEMO_USERS[username].displayName })
        .waitFor();
      await screenshot(w.page, `console-tasks-${username}`);
      if (username === 'leader') {
        // Two agencies: the switcher changes the current one, and the server remembers it.
        const switcher = w.page.getByRole('combobox', { name: '切换当前单位' });
        await switcher.click();
        await w.page.getByRole('option', { name: '西吉县卫生健康局' }).click();
        await w.page.locator('header').getByTitle('西吉县卫生健康局').waitFor();
        await w.page.reload();
        await w.page.locator('header').getByTitle('西吉县卫生健康局').waitFor();
        // My tasks spans every agency the user works for, whichever is current.
        await w.page.getByRole('row', { name: /审定本单位主动公开基本目录/ }).waitFor();
      }
      expect(w.cspViolations).toEqual([]);
      expect(w.errors).toEqual([]);
    } finally {
      await w.context.close();
    }
  });

  it('webeditor sees the assignment in My tasks, due soon, with its deadline explained, and completes it', async () => {
    const w = await openPage();
    try {
      await logIn(w.page, 'webeditor', DEMO_PASSWORD);
      await w.page.waitForURL(/\/console\/tasks$/);
      const row = w.page.getByRole('row', { name: new RegExp(ASSIGNMENT_TITLE) });
      await row.getByText('交办事项').waitFor();
      await row.getByText('即将到期').click();
      const explanation = w.page.getByRole('tooltip').or(w.page.locator('.ant-popover'));
      await explanation.getByText('期间开始之日不计算在内').first().waitFor();
      await explanation.getByText('第 2 个工作日').waitFor();
      // Let the popover finish its zoom-in before the picture is taken.
      await w.page.waitForFunction(
        () => getComputedStyle(document.querySelector('.ant-popover')!).opacity === '1',
      );
      await screenshot(w.page, 'console-tasks-webeditor');

      await row.getByRole('link', { name: ASSIGNMENT_TITLE }).click();
      await w.page.waitForURL(/\/console\/assignments\/[0-9a-f-]+$/);
      const drawer = w.page.getByRole('dialog');
      await drawer.getByRole('button', { name: /办\s*结/ }).click();
      const dialog = w.page.getByRole('dialog').filter({ hasText: '办理情况' });
      await dialog.getByLabel('办理情况').fill('已于门户更新联系电话，并核对了指南中的其他内容。');
      await dialog.getByRole('button', { name: /办\s*结/ }).click();
      await drawer.getByText('已办结').waitFor();
      await w.page.keyboard.press('Escape');
      await w.page.waitForURL(/\/console\/assignments$/);

      await w.page.getByRole('menuitem', { name: /我的待办/ }).click();
      await w.page.getByText('暂无待办事项').waitFor();
      expect(w.cspViolations).toEqual([]);
      expect(w.errors).toEqual([]);
    } finally {
      await w.context.close();
    }
  });

  it('admin logs in where they were going, sees My tasks, agencies, users, the calendar in Chinese, the audit log, and logs out', async () => {
    const w = await openPage();
    try {
      // Anonymous: the console sends the visitor to the login page and back to where they were going.
      await w.page.goto(`${e2e.baseUrl}/console/tasks`);
      await w.page.waitForURL(/\/console\/login\?next=%2Ftasks/);
      await logIn(w.page, 'admin', DEMO_PASSWORD, false);
      await w.page.waitForURL(/\/console\/tasks$/);
      await w.page.getByRole('heading', { name: '我的待办' }).waitFor();
      await w.page.waitForFunction(() => !document.querySelector('.ant-table .ant-spin-spinning'));
      await screenshot(w.page, 'console-tasks-admin');

      await w.page.getByRole('menuitem', { name: /组织机构/ }).click();
      await w.page.getByRole('tree').getByText('西吉县人民政府办公室').click();
      await w.page.getByText('政务公开主管部门').waitFor();
      await screenshot(w.page, 'console-agencies');

      await w.page.getByRole('tab', { name: '用户' }).click();
      await w.page.getByRole('cell', { name: 'drafter', exact: true }).waitFor();
      await screenshot(w.page, 'console-users');

      await w.page.getByRole('menuitem', { name: /工作日历/ }).click();
      await w.page.getByText('1 月', { exact: true }).waitFor();
      // zh_CN really applies (antd's locale is easy to lose in a bundler's CommonJS interop).
      expect(await w.page.getByLabel('选择要调整的日期').getAttribute('placeholder')).toBe('请选择日期');
      await screenshot(w.page, 'console-calendar');

      await w.page.getByRole('menuitem', { name: /审计日志/ }).click();
      await w.page.getByRole('cell', { name: '登录', exact: true }).first().waitFor();

      // A capability not built yet says what it will hold.
      await w.page.getByRole('menuitem', { name: /政策解读/ }).click();
      await w.page.getByText('3 个工作日内').first().waitFor();

      await w.page.locator('header').getByRole('button', { name: /王强/ }).click();
      await w.page.getByRole('menuitem', { name: '退出登录' }).click();
      await w.page.waitForURL(/\/console\/login$/);
      await w.page.goto(`${e2e.baseUrl}/console/orgs`);
      await w.page.waitForURL(/\/console\/login\?next=%2Forgs/);

      expect(w.cspViolations).toEqual([]);
      expect(w.errors).toEqual([]);
    } finally {
      await w.context.close();
    }
  });
  it('admin makes a day a regional holiday in the calendar; the drafter whose task moved is told', async () => {
    const { services } = e2e.running;
    const drafter = (await services.auth.login('drafter', DEMO_PASSWORD, { ip: null })).actor;
    const [task] = await services.tasks.mine(drafter);
    const due = task?.deadline.dueDate ?? '';
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const w = await openPage();
    try {
      await logIn(w.page, 'admin', DEMO_PASSWORD);
      await w.page.waitForURL(/\/console\/tasks$/);
      await w.page.getByRole('menuitem', { name: /工作日历/ }).click();
      // The page opens on this year; a due date early next January is on the next page.
      const year = `${due.slice(0, 4)} 年`;
      const shown = w.page.getByText(/^\d{4} 年$/);
      await shown.waitFor();
      if ((await shown.textContent()) !== year) {
        await w.page.getByRole('button', { name: '下一年' }).click();
        await w.page.getByText(year, { exact: true }).waitFor();
      }
      await w.page.locator(`button[title^="${due} "]`).click();
      const dialog = w.page.getByRole('dialog').filter({ hasText: '调整为' });
      await dialog.getByLabel(/^休息日/).check();
      await dialog.getByLabel('名称或原因').fill('开斋节');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await w.page.getByText(/个未办结事项的截止日期随之调整，已通知相关人员/).waitFor();
      await w.page.getByRole('cell', { name: '开斋节', exact: true }).waitFor();
      await screenshot(w.page, 'console-calendar-override');
      expect(w.cspViolations).toEqual([]);
      expect(w.errors).toEqual([]);
    } finally {
      await w.context.close();
    }

    const [moved] = await services.tasks.mine(drafter);
    expect((moved?.deadline.dueDate ?? '') > due, `${moved?.deadline.dueDate} after ${due}`).toBe(true);
    // The notices are jobs, and the scheduler is off in this server: run what is due.
    await services.jobs.runDue();
    const d = await openPage();
    try {
      await logIn(d.page, 'drafter', DEMO_PASSWORD);
      await d.page.waitForURL(/\/console\/tasks$/);
      await d.page
        .locator('header')
        .getByRole('button', { name: /通知，\d+ 条未读/ })
        .click();
      await d.page.getByText(`期限调整：${task?.title ?? ''}`).waitFor();
      await screenshot(d.page, 'console-notification-moved');
      expect(d.cspViolations).toEqual([]);
      expect(d.errors).toEqual([]);
    } finally {
      await d.context.close();
    }
  });
});

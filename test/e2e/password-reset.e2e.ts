import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/dev/world.ts';
import { axeViolations, screenshot, startE2e, type E2e } from './harness.ts';

/**
 * After an administrator resets a password, the console shows only the change-password dialog (it
 * cannot be closed, and nothing behind it asks the server for anything the server would refuse);
 * once the user has chosen their own password the console works as usual.
 */

let e2e: E2e;
const RESET_PASSWORD = 'Reset2026byadmin';
const OWN_PASSWORD = 'Mine2026secret';

beforeAll(async () => {
  e2e = await startE2e();
  // Through the services: this file's own logins are the only ones over HTTP.
  const { auth } = e2e.running.services;
  const { actor: admin } = await auth.login('admin', DEMO_PASSWORD, { ip: null });
  const drafter = (await auth.listUsers({})).find((u) => u.username === 'drafter');
  await auth.resetPassword(admin, drafter?.id ?? '', RESET_PASSWORD);
});

afterAll(async () => {
  await e2e?.close();
});

describe('console after a password reset', () => {
  it('asks for a new password first, then works as usual', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => {
      // The session probe on the login page answers 401 before logging in; anything else is an error.
      if (msg.type() === 'error' && !/status of 401/.test(msg.text())) errors.push(msg.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(`${e2e.baseUrl}/console/login`);
      await page.getByLabel('用户名').fill('drafter');
      await page.getByLabel('密码').fill(RESET_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();

      const dialog = page.getByRole('dialog', { name: '请先修改密码' });
      await dialog.getByText('您的密码由管理员设置').waitFor();
      await page.waitForFunction(
        () => getComputedStyle(document.querySelector('.ant-modal')!).opacity === '1',
      );
      await screenshot(page, 'console-password-change-required');
      expect(await axeViolations(page)).toEqual([]);
      // Not closable: no close button, Escape does nothing, no cancel.
      await expect.poll(() => dialog.getByRole('button', { name: /关\s*闭|Close/ }).count()).toBe(0);
      await expect.poll(() => dialog.getByRole('button', { name: /取\s*消/ }).count()).toBe(0);
      await page.keyboard.press('Escape');
      await dialog.waitFor();
      await expect.poll(() => dialog.getByRole('button', { name: '退出登录' }).count()).toBe(1);
      // Behind the dialog nothing is loaded that the server would refuse.
      expect(await page.getByRole('heading', { name: '我的待办' }).count()).toBe(0);

      await dialog.getByLabel('原密码').fill(RESET_PASSWORD);
      await dialog.getByLabel('新密码', { exact: true }).fill(OWN_PASSWORD);
      await dialog.getByLabel('确认新密码').fill(OWN_PASSWORD);
      await dialog.getByRole('button', { name: '修改密码' }).click();

      await page.getByRole('heading', { name: '我的待办' }).waitFor();
      await page.waitForFunction(() => !document.querySelector('.ant-table .ant-spin-spinning'));
      expect(await page.getByRole('dialog').count()).toBe(0);
      await screenshot(page, 'console-password-changed');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

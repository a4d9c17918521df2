import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.ts';
import { loadConfig } from '../../core/config.ts';
import { createTestDb, testEngines, type TestDb } from '../../core/db/testing.ts';
import { createServices, type Services } from '../../services.ts';
import { generatePassword, initRegion, type InitInput } from './init.ts';

const input: InitInput = {
  government: '隆德县人民政府',
  divisionCode: '640423',
  adminUsername: 'wangqiang',
  adminDisplayName: '王强',
  adminPassword: 'Longde2026admin',
};

describe.each(await testEngines())('gongkai init on %s', (engine) => {
  let db: TestDb;
  let services: Services;
  beforeAll(async () => {
    db = await createTestDb(engine);
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'gongkai-init-')), SCHEDULER: 'false' });
    services = createServices(config, db, new FixedClock('2026-11-23T01:00:00Z'));
  });
  afterAll(() => db.drop());

  it('refuses bad input field by field and writes nothing', async () => {
    await expect(
      initRegion(services.orgs, {
        ...input,
        divisionCode: '64042',
        uscc: '11640423MB0000000X',
        adminUsername: 'A',
        adminPassword: 'short',
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      fields: {
        divisionCode: expect.stringContaining('行政区划代码有误') as string,
        uscc: expect.stringContaining('校验位') as string,
        username: expect.stringContaining('用户名') as string,
        adminPassword: expect.stringContaining('密码至少需要 10 个字符') as string,
      },
    });
    expect(await services.orgs.root()).toBeNull();
    expect(await services.audit.verify()).toEqual({ ok: true, count: 0, head: null });
  });

  it('creates the government, its office and an admin who can log in, once', async () => {
    const { government, office } = await initRegion(services.orgs, input);
    expect(government).toMatchObject({ name: '隆德县人民政府', kind: 'government', regionCode: '640423' });
    expect(office).toMatchObject({ name: '隆德县人民政府办公室', kind: 'office', parentId: government.id });
    const { actor } = await services.auth.login('wangqiang', 'Longde2026admin', { ip: null });
    expect(actor.memberships).toEqual([{ agencyId: government.id, roles: ['admin'] }]);
    await expect(initRegion(services.orgs, { ...input, government: '别的县人民政府' })).rejects.toMatchObject(
      {
        code: 'already_initialised',
      },
    );
    expect(await services.audit.verify()).toMatchObject({ ok: true });
  });
});

describe('the init command line', () => {
  const BIN = resolve(import.meta.dirname, '../../../bin/gongkai.js');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-init-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const init = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    promisify(execFile)(process.execPath, [BIN, 'init', ...args], {
      env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', GONGKAI_ADMIN_PASSWORD: '' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('prints a generated admin password once, then refuses to run again', async () => {
    const usage = await init('--government', '隆德县人民政府');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('用法 / usage: gongkai init');

    const first = await init('--government', '隆德县人民政府', '--division', '640423');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/admin password \(shown once\): [A-Za-z0-9]{16}\n/);
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe(
      '已初始化 / initialised: 隆德县人民政府、隆德县人民政府办公室；管理员 / admin: admin',
    );

    const again = await init('--government', '隆德县人民政府', '--division', '640423');
    expect(again).toMatchObject({ code: 1, stderr: '本系统已初始化（隆德县人民政府），不能重复初始化\n' });
  });
});

describe('generated passwords', () => {
  it('meet the password policy and differ', () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    for (const p of passwords) expect(p).toMatch(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{16}$/);
    expect(new Set(passwords).size).toBe(50);
  });
});

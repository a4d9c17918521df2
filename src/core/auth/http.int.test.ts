import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createServices, type Services } from '../../services.ts';
import { FixedClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { loginRateLimit } from '../http/security.ts';
import { TEST_PASSWORD, createTestUser, insertAgency } from './testing.ts';

interface Session {
  cookie: string;
  csrfToken: string;
}

const configFor = (publicBaseUrl: string) =>
  loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'gongkai-auth-http-')),
    PUBLIC_BASE_URL: publicBaseUrl,
    SCHEDULER: 'false',
    SEED_DEMO: 'false',
  });

describe.each(await testEngines())('auth over HTTP on %s', (engine) => {
  let db: TestDb;
  let services: Services;
  let app: FastifyInstance;
  const clock = new FixedClock('2026-03-02T01:00:00.000Z');
  const agency = { root: '', education: '', office: '' };
  // Every login comes from its own address, so that the login rate limit only bites where tested.
  let lastOctet = 0;
  const nextIp = (): string => `192.0.2.${(lastOctet += 1)}`;

  beforeAll(async () => {
    db = await createTestDb(engine);
    services = createServices(configFor('http://localhost:3000'), db, clock);
    agency.root = await insertAgency(db, '西吉县人民政府', null);
    agency.office = await insertAgency(db, '西吉县人民政府办公室', agency.root);
    agency.education = await insertAgency(db, '西吉县教育局', agency.root);
    await createTestUser(db, services.auth, {
      username: 'admin',
      displayName: '系统管理员',
      memberships: [{ agencyId: agency.root, roles: ['admin'] }],
    });
    await createTestUser(db, services.auth, {
      username: 'drafter',
      displayName: '起草人',
      memberships: [
        { agencyId: agency.education, roles: ['drafter'] },
        { agencyId: agency.office, roles: ['web_editor'] },
      ],
    });
    app = await buildApp(services);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const loginRaw = (username: string, password: string, extra: { headers?: Record<string, string> } = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: nextIp(),
      ...extra,
    });

  const sessionCookie = (res: LightMyRequestResponse): string | undefined =>
    [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('gk_session='));

  async function login(username: string, password = TEST_PASSWORD): Promise<Session> {
    const res = await loginRaw(username, password);
    expect(res.statusCode, res.body).toBe(200);
    return {
      cookie: (sessionCookie(res) ?? '').split(';')[0] ?? '',
      csrfToken: res.json<{ csrfToken: string }>().csrfToken,
    };
  }

  const me = (s: Session) =>
    app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });

  const post = (s: Session, url: string, payload: object | undefined, csrf: string | null = s.csrfToken) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie: s.cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }) },
    });

  const sessionCount = async (): Promise<number> =>
    (await db.kysely.selectFrom('sessions').select('token_hash').execute()).length;

  it('logs in: an httpOnly, SameSite=Lax session cookie and the user\u2019s view', async () => {
    const res = await loginRaw('drafter', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = sessionCookie(res) ?? '';
    expect(cookie).toMatch(/^gk_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const body = res.json<{ me: Record<string, unknown>; csrfToken: string }>();
    expect(body.me).toMatchObject({
      user: { username: 'drafter', displayName: '起草人' },
      memberships: [
        { agencyId: agency.education, agencyName: '西吉县教育局', roles: ['drafter'] },
        { agencyId: agency.office, agencyName: '西吉县人民政府办公室', roles: ['web_editor'] },
      ],
      currentAgencyId: agency.education,
      csrfToken: body.csrfToken,
    });
    expect(body.me.allowedActions).toContain('document.draft');
    expect(body.me.allowedActions).not.toContain('document.publish');
  });

  it('refuses a wrong password with the uniform Chinese error and no cookie', async () => {
    const res = await loginRaw('drafter', 'Wrong2026password');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'login_failed', message: '用户名或密码错误' } });
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('refuses malformed login input with field messages', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: {},
      remoteAddress: nextIp(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: {
        code: 'invalid_input',
        fields: { username: expect.any(String) as string, password: expect.any(String) as string },
      },
    });
  });

  it('GET /api/auth/me: 401 without a session, the Me view with one', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录' } });
    const s = await login('drafter');
    const res = await me(s);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: 'drafter' }, csrfToken: s.csrfToken });
  });

  it('a forged or missing CSRF token gets 403 and changes nothing', async () => {
    const s = await login('drafter');
    for (const csrf of [null, 'forged-token', `${s.csrfToken.slice(0, -1)}x`]) {
      const pw = await post(
        s,
        '/api/auth/password',
        { oldPassword: TEST_PASSWORD, newPassword: 'Changed2026pass' },
        csrf,
      );
      expect(pw.statusCode).toBe(403);
      expect(pw.json()).toEqual({
        error: { code: 'csrf_failed', message: '安全校验失败，请刷新页面后重试' },
      });
      const sw = await post(s, '/api/auth/switch-agency', { agencyId: agency.office }, csrf);
      expect(sw.statusCode).toBe(403);
    }
    expect((await me(s)).json<{ currentAgencyId: string }>().currentAgencyId).toBe(agency.education);
    // The password is still the old one.
    await login('drafter', TEST_PASSWORD);
  });

  it('refuses a login posted from another site (login CSRF)', async () => {
    const before = await sessionCount();
    const res = await loginRaw('drafter', TEST_PASSWORD, { headers: { origin: 'https://evil.example.com' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    expect(await sessionCount()).toBe(before);
    const sameSite = await loginRaw('drafter', TEST_PASSWORD, {
      headers: { origin: 'http://localhost:3000' },
    });
    expect(sameSite.statusCode).toBe(200);
  });

  it('switches the current agency with the CSRF token', async () => {
    const s = await login('drafter');
    const res = await post(s, '/api/auth/switch-agency', { agencyId: agency.office });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ currentAgencyId: agency.office });
    expect(res.json<{ allowedActions: string[] }>().allowedActions).toContain('document.publish');
    const refused = await post(s, '/api/auth/switch-agency', { agencyId: agency.root });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('changes the password: 204, the other sessions end, this one stays', async () => {
    await createTestUser(db, services.auth, {
      username: 'changer',
      memberships: [{ agencyId: agency.education, roles: ['drafter'] }],
    });
    const here = await login('changer');
    const there = await login('changer');
    const weak = await post(here, '/api/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      error: { code: 'weak_password', fields: { newPassword: expect.any(String) as string } },
    });
    const res = await post(here, '/api/auth/password', {
      oldPassword: TEST_PASSWORD,
      newPassword: 'Changed2026pass',
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(there)).statusCode).toBe(401);
    expect((await loginRaw('changer', TEST_PASSWORD)).statusCode).toBe(401);
    await login('changer', 'Changed2026pass');
  });

  it('after an administrator resets a password, the session may only change it', async () => {
    const user = await createTestUser(db, services.auth, {
      username: 'resetme',
      memberships: [{ agencyId: agency.education, roles: ['drafter'] }],
    });
    await db.kysely.transaction().execute((trx) =>
      services.notify.send(trx, {
        userIds: [user.id],
        kind: 'test.notice',
        title: '测试通知',
        body: '请查收',
      }),
    );
    const unread = async (): Promise<number> =>
      (
        await db.kysely
          .selectFrom('notifications')
          .select('id')
          .where('user_id', '=', user.id)
          .where('read_at', 'is', null)
          .execute()
      ).length;
    const flag = async (): Promise<number> =>
      (
        await db.kysely
          .selectFrom('users')
          .select('must_change_password')
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).must_change_password;
    const required = {
      error: {
        code: 'password_change_required',
        message: '您的密码由管理员设置，请先修改为只有您本人知道的密码',
      },
    };

    const admin = await login('admin');
    const reset = await post(admin, `/api/users/${user.id}/reset-password`, {
      newPassword: 'Reset2026byadmin',
    });
    expect(reset.statusCode, reset.body).toBe(204);
    expect(await flag()).toBe(1);

    const loggedIn = await loginRaw('resetme', 'Reset2026byadmin');
    expect(loggedIn.statusCode).toBe(200);
    expect(loggedIn.json<{ me: { mustChangePassword: boolean } }>().me.mustChangePassword).toBe(true);
    const s: Session = {
      cookie: (sessionCookie(loggedIn) ?? '').split(';')[0] ?? '',
      csrfToken: loggedIn.json<{ csrfToken: string }>().csrfToken,
    };
    const meNow = await me(s);
    expect(meNow.statusCode).toBe(200);
    expect(meNow.json()).toMatchObject({ user: { username: 'resetme' }, mustChangePassword: true });

    // State-changing requests and reads alike are refused, and change nothing.
    const refused = await post(s, '/api/notifications/read-all', undefined);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual(required);
    expect(await unread()).toBe(1);
    for (const url of ['/api/tasks', '/api/notifications', '/api/agencies']) {
      const read = await app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      expect(read.statusCode, url).toBe(403);
      expect(read.json(), url).toEqual(required);
    }
    const switched = await post(s, '/api/auth/switch-agency', { agencyId: agency.education });
    expect(switched.json()).toEqual(required);
    // The CSRF check still comes first.
    expect((await post(s, '/api/notifications/read-all', undefined, null)).json()).toMatchObject({
      error: { code: 'csrf_failed' },
    });
    // Keeping the administrator's password is no change; the session stays restricted.
    const same = await post(s, '/api/auth/password', {
      oldPassword: 'Reset2026byadmin',
      newPassword: 'Reset2026byadmin',
    });
    expect(same.json()).toMatchObject({ error: { code: 'weak_password' } });
    expect((await post(s, '/api/notifications/read-all', undefined)).statusCode).toBe(403);

    const changed = await post(s, '/api/auth/password', {
      oldPassword: 'Reset2026byadmin',
      newPassword: 'Mine2026secret',
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect(await flag()).toBe(0);
    expect((await me(s)).json()).toMatchObject({ mustChangePassword: false });
    const readAll = await post(s, '/api/notifications/read-all', undefined);
    expect(readAll.statusCode).toBe(200);
    expect(readAll.json()).toEqual({ count: 1 });
    expect(await unread()).toBe(0);
    expect(
      (await app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);

    const events = await db.kysely
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', user.id)
      .where('action', 'in', ['user.password_reset', 'user.password_changed'])
      .orderBy('seq')
      .execute();
    const parsed = (text: string | null): unknown => JSON.parse(text ?? '{}');
    expect(events.map((e) => [e.action, parsed(e.before), parsed(e.after)])).toEqual([
      [
        'user.password_reset',
        expect.objectContaining({ mustChangePassword: false }),
        expect.objectContaining({ mustChangePassword: true }),
      ],
      [
        'user.password_changed',
        { mustChangePassword: true },
        expect.objectContaining({ mustChangePassword: false }),
      ],
    ]);
  });

  it('an account an administrator creates starts by changing the password the administrator chose', async () => {
    const admin = await login('admin');
    const created = await post(admin, '/api/users', {
      username: 'newcomer',
      displayName: '新同事',
      password: 'Chosen2026byadmin',
      memberships: [{ agencyId: agency.education, roles: ['drafter'] }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const first = await loginRaw('newcomer', 'Chosen2026byadmin');
    expect(first.json<{ me: { mustChangePassword: boolean } }>().me.mustChangePassword).toBe(true);
  });

  it('logs out while the password must change', async () => {
    const user = await createTestUser(db, services.auth, {
      username: 'resetleave',
      memberships: [{ agencyId: agency.education, roles: ['drafter'] }],
    });
    const admin = await login('admin');
    expect(
      (await post(admin, `/api/users/${user.id}/reset-password`, { newPassword: 'Reset2026byadmin' }))
        .statusCode,
    ).toBe(204);
    const s = await login('resetleave', 'Reset2026byadmin');
    expect((await post(s, '/api/auth/logout', undefined)).statusCode).toBe(204);
    expect((await me(s)).statusCode).toBe(401);
  });

  it('logs out: 204, the cookie is cleared, the old cookie is worthless', async () => {
    const s = await login('drafter');
    const res = await post(s, '/api/auth/logout', undefined);
    expect(res.statusCode).toBe(204);
    expect(sessionCookie(res)).toMatch(/^gk_session=;/);
    const after = await me(s);
    expect(after.statusCode).toBe(401);
    expect(sessionCookie(after)).toMatch(/^gk_session=;/);
  });

  it('an idle session expires after 12 hours', async () => {
    const s = await login('drafter');
    try {
      clock.advanceHours(12);
      clock.set(new Date(clock.now().getTime() + 1000));
      expect((await me(s)).statusCode).toBe(401);
    } finally {
      clock.set('2026-03-02T01:00:00.000Z');
    }
  });

  it('locks out over HTTP after 5 wrong passwords with account_locked', async () => {
    await createTestUser(db, services.auth, {
      username: 'forgetful',
      memberships: [{ agencyId: agency.education, roles: ['drafter'] }],
    });
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      codes.push(
        (await loginRaw('forgetful', 'Wrong2026password')).json<{ error: { code: string } }>().error.code,
      );
    }
    expect(codes).toEqual(['login_failed', 'login_failed', 'login_failed', 'login_failed', 'account_locked']);
    const res = await loginRaw('forgetful', TEST_PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      error: { code: 'account_locked', message: expect.stringContaining('账号已锁定') as string },
    });
  });

  it('rate-limits logins from one address', async () => {
    const from = (): Promise<LightMyRequestResponse> =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'Wrong2026password' },
        remoteAddress: '198.51.100.7',
      });
    const statuses: number[] = [];
    for (let i = 0; i <= loginRateLimit.max; i += 1) statuses.push((await from()).statusCode);
    expect(statuses.slice(0, loginRateLimit.max)).toEqual(Array(loginRateLimit.max).fill(401));
    expect(statuses[loginRateLimit.max]).toBe(429);
    expect((await from()).json()).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('GET /api/audit: for those with audit.view', async () => {
    const admin = await login('admin');
    const res = await app.inject({
      method: 'GET',
      url: '/api/audit?entityType=user&limit=5',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    const { events } = res.json<{ events: { entityType: string; action: string }[] }>();
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.entityType === 'user')).toBe(true);

    const drafter = await login('drafter');
    const refused = await app.inject({
      method: 'GET',
      url: '/api/audit',
      headers: { cookie: drafter.cookie },
    });
    expect(refused.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/audit?limit=abc',
      headers: { cookie: admin.cookie },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('the chain written through all of this verifies', async () => {
    expect(await services.audit.verify()).toMatchObject({ ok: true });
  });

  it('describes the auth routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    }>();
    expect(doc.paths['/api/auth/login']?.post).toMatchObject({ tags: ['auth'], summary: '登录' });
    expect(doc.paths['/api/audit']?.get).toMatchObject({ tags: ['audit'], summary: '审计日志' });
  });

  it('marks the cookie Secure when the public address is https', async () => {
    const secureApp = await buildApp(createServices(configFor('https://gk.xiji.gov.cn'), db, clock));
    try {
      const res = await secureApp.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: TEST_PASSWORD },
        remoteAddress: nextIp(),
      });
      expect(sessionCookie(res)).toContain('Secure');
    } finally {
      await secureApp.close();
    }
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService } from '../audit/service.ts';
import { FixedClock } from '../clock.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import type { Actor } from './actor.ts';
import type { AuthService, UserView } from './service.ts';
import { TEST_PASSWORD, createTestAuth, createTestUser, insertAgency } from './testing.ts';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe.each(await testEngines())('auth service on %s', (engine) => {
  let db: TestDb;
  let auth: AuthService;
  let audit: AuditService;
  const clock = new FixedClock('2026-03-02T01:00:00.000Z');
  const ip = '10.0.0.1';
  const agency = { root: '', office: '', education: '', school: '', health: '' };
  let admin: Actor;
  let deptAdmin: Actor;

  beforeAll(async () => {
    db = await createTestDb(engine);
    ({ auth, audit } = createTestAuth(db, clock));
    agency.root = await insertAgency(db, '西吉县人民政府', null);
    agency.office = await insertAgency(db, '西吉县人民政府办公室', agency.root);
    agency.education = await insertAgency(db, '西吉县教育局', agency.root);
    agency.school = await insertAgency(db, '西吉县第一中学', agency.education);
    agency.health = await insertAgency(db, '西吉县卫生健康局', agency.root);
    await createTestUser(db, auth, {
      username: 'admin',
      memberships: [{ agencyId: agency.root, roles: ['admin'] }],
    });
    await createTestUser(db, auth, {
      username: 'deptadmin',
      memberships: [{ agencyId: agency.education, roles: ['admin'] }],
    });
    admin = (await auth.login('admin', TEST_PASSWORD, { ip })).actor;
    deptAdmin = (await auth.login('deptadmin', TEST_PASSWORD, { ip })).actor;
  });
  afterAll(() => db.drop());

  const newUser = (username: string, agencyId = agency.education): Promise<UserView> =>
    createTestUser(db, auth, { username, memberships: [{ agencyId, roles: ['drafter'] }] });

  const userRow = (username: string) =>
    db.kysely.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();

  const auditRows = (entityId: string) =>
    db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', entityId)
      .orderBy('seq')
      .execute();

  describe('login', () => {
    it('succeeds with the right password: a session stored only as a hash, audited', async () => {
      const user = await newUser('zhangsan');
      const result = await auth.login('  ZhangSan ', TEST_PASSWORD, { ip });
      expect(result.actor).toMatchObject({
        userId: user.id,
        username: 'zhangsan',
        memberships: [{ agencyId: agency.education, roles: ['drafter'] }],
        currentAgencyId: agency.education,
      });
      expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(result.csrfToken).not.toBe(result.token);
      const sessions = await db.kysely
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute();
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.token_hash).toBe(sha256(result.token));
      expect(JSON.stringify(sessions)).not.toContain(result.token);
      expect(result.me.memberships).toEqual([
        { agencyId: agency.education, agencyName: '西吉县教育局', roles: ['drafter'] },
      ]);
      expect(result.me.allowedActions).toContain('document.draft');
      expect(result.me.allowedActions).not.toContain('document.publish');
      expect((await userRow('zhangsan')).last_login_at).toBe(clock.now().toISOString());
      expect((await auditRows(user.id)).map((e) => e.action)).toEqual([
        'user.created',
        'user.memberships_set',
        'user.login',
      ]);
      expect(await auth.actorForSession(result.token)).toEqual(result.actor);
    });

    it('fails the same way for a wrong password and an unknown user, and audits both', async () => {
      const user = await newUser('lisi');
      const wrong = auth.login('lisi', 'Wrong2026password', { ip });
      await expect(wrong).rejects.toMatchObject({
        code: 'login_failed',
        status: 401,
        message: '用户名或密码错误',
      });
      const unknown = auth.login('nobody', TEST_PASSWORD, { ip });
      await expect(unknown).rejects.toMatchObject({
        code: 'login_failed',
        status: 401,
        message: '用户名或密码错误',
      });
      expect((await userRow('lisi')).failed_logins).toBe(1);
      const [failed] = (await auditRows(user.id)).filter((e) => e.action === 'user.login_failed');
      expect(failed).toMatchObject({ actor_id: 'anonymous', agency_id: agency.education });
      expect(JSON.parse(failed?.after ?? '')).toEqual({ ip, reason: 'wrong_password', failedLogins: 1 });
      expect((await auditRows('nobody')).map((e) => e.action)).toEqual(['login.unknown_user']);
      expect(
        await db.kysely.selectFrom('sessions').where('user_id', '=', user.id).selectAll().execute(),
      ).toEqual([]);
    });

    it('an unknown username costs the same argon2 work as a wrong password', async () => {
      await newUser('timing');
      const time = async (username: string): Promise<number> => {
        const times: number[] = [];
        for (let i = 0; i < 3; i += 1) {
          const t0 = performance.now();
          await auth.login(username, 'Wrong2026password', { ip }).catch(() => undefined);
          times.push(performance.now() - t0);
        }
        return times.sort((a, b) => a - b)[1] ?? 0;
      };
      const known = await time('timing');
      const unknown = await time('no-such-user');
      // Without the dummy hash an unknown name answers in ~1 ms against ~20–40 ms.
      expect(unknown / known).toBeGreaterThan(0.5);
      expect(unknown / known).toBeLessThan(2);
      await auth.unlock(admin, (await userRow('timing')).id);
    });

    it('locks the account on the 5th failure for 15 minutes, then lets the right password in', async () => {
      const user = await newUser('wangwu');
      for (let i = 1; i <= 4; i += 1) {
        await expect(auth.login('wangwu', `Wrong${i}password`, { ip })).rejects.toMatchObject({
          code: 'login_failed',
        });
      }
      await expect(auth.login('wangwu', 'Wrong5password', { ip })).rejects.toMatchObject({
        code: 'account_locked',
        message: expect.stringContaining('15 分钟后再试') as string,
      });
      const locked = await userRow('wangwu');
      expect(locked.locked_until).toBe('2026-03-02T01:15:00.000Z');
      // Even the right password is refused while locked.
      await expect(auth.login('wangwu', TEST_PASSWORD, { ip })).rejects.toMatchObject({
        code: 'account_locked',
      });
      expect((await auth.getUser(user.id)).locked).toBe(true);
      const actions = (await auditRows(user.id)).map((e) => e.action);
      expect(actions.filter((a) => a === 'user.login_failed')).toHaveLength(6);
      expect(actions).toContain('user.locked');

      clock.set('2026-03-02T01:15:00.000Z');
      try {
        const ok = await auth.login('wangwu', TEST_PASSWORD, { ip });
        expect(ok.actor.userId).toBe(user.id);
        expect(await userRow('wangwu')).toMatchObject({ failed_logins: 0, locked_until: null });
      } finally {
        clock.set('2026-03-02T01:00:00.000Z');
      }
    });

    it('an administrator over the user unlocks at once; others may not', async () => {
      const user = await newUser('zhaoliu');
      for (let i = 1; i <= 5; i += 1)
        await auth.login('zhaoliu', `Wrong${i}password`, { ip }).catch(() => undefined);
      await expect(auth.login('zhaoliu', TEST_PASSWORD, { ip })).rejects.toMatchObject({
        code: 'account_locked',
      });

      const drafter = (await auth.login('zhangsan', TEST_PASSWORD, { ip })).actor;
      await expect(auth.unlock(drafter, user.id)).rejects.toMatchObject({ code: 'forbidden' });
      const view = await auth.unlock(deptAdmin, user.id);
      expect(view.locked).toBe(false);
      expect((await auth.login('zhaoliu', TEST_PASSWORD, { ip })).actor.userId).toBe(user.id);
      const unlocked = (await auditRows(user.id)).find((e) => e.action === 'user.unlocked');
      expect(unlocked?.actor_id).toBe(deptAdmin.userId);
    });

    it('a department administrator cannot manage someone at the county level', async () => {
      const countyUser = await newUser('countyuser', agency.office);
      await expect(auth.unlock(deptAdmin, countyUser.id)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(auth.resetPassword(deptAdmin, countyUser.id, 'Another2026pass')).rejects.toMatchObject({
        code: 'forbidden',
      });
      await expect(auth.unlock(admin, countyUser.id)).resolves.toMatchObject({ id: countyUser.id });
    });
  });

  describe('sessions', () => {
    it('expire after 12 hours without a request; each request slides the expiry', async () => {
      await newUser('sunqi');
      const { token } = await auth.login('sunqi', TEST_PASSWORD, { ip });
      try {
        clock.advanceHours(11);
        expect(await auth.actorForSession(token)).not.toBeNull();
        clock.advanceHours(11); // 22 h after login, 11 h after the last request
        expect(await auth.actorForSession(token)).not.toBeNull();
        clock.advanceHours(12);
        expect(await auth.actorForSession(token)).toBeNull();
        expect(
          await db.kysely
            .selectFrom('sessions')
            .select('token_hash')
            .where('token_hash', '=', sha256(token))
            .execute(),
        ).toEqual([]);
      } finally {
        clock.set('2026-03-02T01:00:00.000Z');
      }
    });

    it('an unknown token is nobody', async () => {
      expect(await auth.actorForSession('not-a-token')).toBeNull();
    });

    it('logout ends the session and is audited', async () => {
      const user = await newUser('zhouba');
      const { token } = await auth.login('zhouba', TEST_PASSWORD, { ip });
      await auth.logout(token);
      expect(await auth.actorForSession(token)).toBeNull();
      expect((await auditRows(user.id)).at(-1)?.action).toBe('user.logout');
      await expect(auth.logout(token)).resolves.toBeUndefined();
    });

    it('switches to another agency of the user, and only to those', async () => {
      const user = await createTestUser(db, auth, {
        username: 'twohats',
        memberships: [
          { agencyId: agency.education, roles: ['drafter'] },
          { agencyId: agency.office, roles: ['web_editor'] },
        ],
      });
      const { token, actor } = await auth.login('twohats', TEST_PASSWORD, { ip });
      expect(actor.currentAgencyId).toBe(agency.education);
      const me = await auth.switchAgency(token, actor, agency.office);
      expect(me.currentAgencyId).toBe(agency.office);
      expect(me.allowedActions).toContain('document.publish');
      expect((await auth.actorForSession(token))?.currentAgencyId).toBe(agency.office);
      await expect(auth.switchAgency(token, actor, agency.health)).rejects.toMatchObject({
        code: 'forbidden',
      });
      expect((await auth.actorForSession(token))?.currentAgencyId).toBe(agency.office);
      expect((await auditRows(user.id)).at(-1)?.action).toBe('user.agency_switched');
    });
  });

  describe('passwords', () => {
    it('changing the password ends the other sessions and keeps this one', async () => {
      const user = await newUser('wujiu');
      const here = await auth.login('wujiu', TEST_PASSWORD, { ip });
      const elsewhere = await auth.login('wujiu', TEST_PASSWORD, { ip });
      await auth.changePassword(here.actor, TEST_PASSWORD, 'Changed2026pass', here.token);
      expect(await auth.actorForSession(here.token)).not.toBeNull();
      expect(await auth.actorForSession(elsewhere.token)).toBeNull();
      await expect(auth.login('wujiu', TEST_PASSWORD, { ip })).rejects.toMatchObject({
        code: 'login_failed',
      });
      expect((await auth.login('wujiu', 'Changed2026pass', { ip })).actor.userId).toBe(user.id);
      const changed = (await auditRows(user.id)).find((e) => e.action === 'user.password_changed');
      expect(JSON.parse(changed?.after ?? '')).toMatchObject({ otherSessionsEnded: 1 });
    });

    it('a wrong old password or a weak new one changes nothing', async () => {
      await newUser('zhengshi');
      const { actor } = await auth.login('zhengshi', TEST_PASSWORD, { ip });
      const before = await userRow('zhengshi');
      await expect(auth.changePassword(actor, 'Wrong2026pass', 'Changed2026pass')).rejects.toMatchObject({
        code: 'wrong_password',
        fields: { oldPassword: '原密码不正确' },
      });
      await expect(auth.changePassword(actor, TEST_PASSWORD, 'short')).rejects.toMatchObject({
        code: 'weak_password',
        fields: { newPassword: expect.stringContaining('至少需要 10 个字符') as string },
      });
      await expect(auth.changePassword(actor, TEST_PASSWORD, TEST_PASSWORD)).rejects.toMatchObject({
        code: 'weak_password',
      });
      expect(await userRow('zhengshi')).toEqual(before);
    });

    it('an administrator resets a password: unlocks, ends all sessions', async () => {
      const user = await newUser('chenyi');
      const { token } = await auth.login('chenyi', TEST_PASSWORD, { ip });
      for (let i = 1; i <= 5; i += 1)
        await auth.login('chenyi', `Wrong${i}password`, { ip }).catch(() => undefined);
      await auth.resetPassword(admin, user.id, 'Reset2026pass');
      expect(await auth.actorForSession(token)).toBeNull();
      expect((await auth.login('chenyi', 'Reset2026pass', { ip })).actor.userId).toBe(user.id);
    });

    it('after a reset the user must change the password; their own change clears the flag', async () => {
      const user = await newUser('hanshi');
      expect((await userRow('hanshi')).must_change_password).toBe(0);
      const before = await auth.login('hanshi', TEST_PASSWORD, { ip });
      expect(before.me.mustChangePassword).toBe(false);
      expect(await auth.session(before.token)).toMatchObject({ mustChangePassword: false });

      await auth.resetPassword(admin, user.id, 'Reset2026pass');
      expect((await userRow('hanshi')).must_change_password).toBe(1);
      const reset = (await auditRows(user.id)).find((e) => e.action === 'user.password_reset');
      expect(JSON.parse(reset?.before ?? '')).toMatchObject({ mustChangePassword: false });
      expect(JSON.parse(reset?.after ?? '')).toMatchObject({ mustChangePassword: true, sessionsEnded: true });

      const here = await auth.login('hanshi', 'Reset2026pass', { ip });
      expect(here.me.mustChangePassword).toBe(true);
      expect(await auth.session(here.token)).toMatchObject({ mustChangePassword: true });
      // Keeping the administrator's password is no change.
      await expect(
        auth.changePassword(here.actor, 'Reset2026pass', 'Reset2026pass', here.token),
      ).rejects.toMatchObject({ code: 'weak_password' });
      expect((await userRow('hanshi')).must_change_password).toBe(1);

      await auth.changePassword(here.actor, 'Reset2026pass', 'Mine2026secret', here.token);
      expect((await userRow('hanshi')).must_change_password).toBe(0);
      expect(await auth.session(here.token)).toMatchObject({ mustChangePassword: false });
      expect((await auth.login('hanshi', 'Mine2026secret', { ip })).me.mustChangePassword).toBe(false);
      const changed = (await auditRows(user.id)).filter((e) => e.action === 'user.password_changed');
      expect(changed).toHaveLength(1);
      expect(JSON.parse(changed[0]?.before ?? '')).toEqual({ mustChangePassword: true });
      expect(JSON.parse(changed[0]?.after ?? '')).toMatchObject({ mustChangePassword: false });
    });
  });

  describe('accounts', () => {
    it('never writes a password hash into the audit log', async () => {
      const rows = await db.kysely.selectFrom('audit_events').select(['before', 'after']).execute();
      expect(rows.length).toBeGreaterThan(10);
      expect(JSON.stringify(rows)).not.toContain('$argon2id');
      expect(JSON.stringify(rows)).not.toContain(TEST_PASSWORD);
    });

    it('refuses bad input and a taken username, and writes nothing', async () => {
      const count = async (): Promise<number> =>
        (await db.kysely.selectFrom('users').select('id').execute()).length;
      const before = await count();
      const create = (input: { username: string; displayName: string; password: string }) =>
        db.kysely.transaction().execute((trx) => auth.createUser(trx, admin, input));
      await expect(create({ username: 'x', displayName: '', password: TEST_PASSWORD })).rejects.toMatchObject(
        {
          code: 'invalid_input',
          fields: { username: expect.any(String) as string, displayName: '姓名不能为空' },
        },
      );
      await expect(
        create({ username: 'newbie', displayName: '新人', password: 'weak' }),
      ).rejects.toMatchObject({
        code: 'weak_password',
      });
      await expect(
        create({ username: 'ZhangSan', displayName: '张三', password: TEST_PASSWORD }),
      ).rejects.toMatchObject({
        code: 'username_taken',
        status: 409,
      });
      expect(await count()).toBe(before);
    });

    it('only someone with user.manage creates accounts', async () => {
      const drafter = (await auth.login('zhangsan', TEST_PASSWORD, { ip })).actor;
      await expect(
        db.kysely.transaction().execute((trx) =>
          auth.createUser(trx, drafter, {
            username: 'sneaky',
            displayName: '某人',
            password: TEST_PASSWORD,
          }),
        ),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('memberships: checked, and only changed within the actor\u2019s reach', async () => {
      const user = await newUser('qianer');
      const set = (
        actor: Actor,
        memberships: { agencyId: string; roles: ('drafter' | 'admin' | 'unit_head')[] }[],
      ) => db.kysely.transaction().execute((trx) => auth.setMemberships(trx, actor, user.id, memberships));

      await expect(set(admin, [{ agencyId: 'no-such-agency', roles: ['drafter'] }])).rejects.toMatchObject({
        code: 'invalid_input',
      });
      // The department administrator may change roles in the department and below…
      await set(deptAdmin, [
        { agencyId: agency.education, roles: ['unit_head'] },
        { agencyId: agency.school, roles: ['drafter'] },
      ]);
      expect((await auth.getUser(user.id)).memberships).toEqual([
        { agencyId: agency.education, roles: ['unit_head'] },
        { agencyId: agency.school, roles: ['drafter'] },
      ]);
      // …but not grant anything at the county level, and nothing changes when refused.
      await expect(
        set(deptAdmin, [
          { agencyId: agency.education, roles: ['unit_head'] },
          { agencyId: agency.root, roles: ['admin'] },
        ]),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(set(deptAdmin, [])).resolves.toBeUndefined();
      expect((await auth.getUser(user.id)).memberships).toEqual([]);
      // Nobody changes their own roles.
      await expect(
        db.kysely.transaction().execute((trx) => auth.setMemberships(trx, admin, admin.userId, [])),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('deactivating a user logs them out everywhere and stops logins', async () => {
      const user = await newUser('liuer');
      const { token } = await auth.login('liuer', TEST_PASSWORD, { ip });
      const view = await auth.updateUser(admin, user.id, { active: false, displayName: '刘二' });
      expect(view).toMatchObject({ active: false, displayName: '刘二' });
      expect(await auth.actorForSession(token)).toBeNull();
      await expect(auth.login('liuer', TEST_PASSWORD, { ip })).rejects.toMatchObject({
        code: 'login_failed',
      });
      await expect(auth.updateUser(admin, admin.userId, { active: false })).rejects.toMatchObject({
        code: 'invalid_input',
      });
      const updated = (await auditRows(user.id)).find((e) => e.action === 'user.updated');
      expect(JSON.parse(updated?.before ?? '')).toMatchObject({ active: true, displayName: 'liuer' });
      expect(JSON.parse(updated?.after ?? '')).toMatchObject({ active: false, displayName: '刘二' });
    });

    it('lists users by agency and finds holders of a role', async () => {
      const inEducation = await auth.listUsers({ agencyIds: [agency.education] });
      expect(inEducation.map((u) => u.username)).toContain('deptadmin');
      expect(inEducation.map((u) => u.username)).not.toContain('admin');
      expect((await auth.listUsers({})).map((u) => u.username)).toContain('admin');
      expect(await auth.listUsers({ agencyIds: [] })).toEqual([]);
      const admins = await auth.usersWithRole(agency.education, 'admin');
      expect(admins).toEqual([{ id: deptAdmin.userId, displayName: 'deptadmin', email: null }]);
      expect(await auth.usersWithRole(agency.school, 'admin')).toEqual([]);
    });

    it('getUser throws not_found for an unknown id', async () => {
      await expect(auth.getUser('nope')).rejects.toMatchObject({ code: 'not_found', status: 404 });
    });
  });

  it('everything above left an intact audit chain', async () => {
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.count).toBeGreaterThan(50);
  });
});

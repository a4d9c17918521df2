import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAdminOf, type Actor } from '../../core/auth/actor.ts';
import { ROLES } from '../../core/auth/roles.ts';
import { createAuditService, type AuditService } from '../../core/audit/service.ts';
import { createAuthService, type AuthService } from '../../core/auth/service.ts';
import { FixedClock } from '../../core/clock.ts';
import { createTestDb, testEngines, type TestDb } from '../../core/db/testing.ts';
import { DomainError } from '../../core/errors.ts';
import {
  buildWorld,
  DEMO_AGENCIES,
  DEMO_PASSWORD,
  DEMO_USERS,
  demoUscc,
  type World,
} from '../../dev/world.ts';
import { createAgencyDirectory, createOrgsService, type OrgsService } from './service.ts';

/** Rejects with a DomainError of this code (and, if given, a message for this field). */
async function rejectsWith(promise: Promise<unknown>, code: string, field?: string): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const domain = error as DomainError;
  expect(domain.code).toBe(code);
  if (field) expect(domain.fields?.[field]).toBeTruthy();
  return domain;
}

describe.each(await testEngines())('orgs on %s', (engine) => {
  let db: TestDb;
  let audit: AuditService;
  let auth: AuthService;
  let orgs: OrgsService;
  let world: World;
  const clock = new FixedClock('2026-11-23T01:00:00Z');

  const countRows = async (table: 'agencies' | 'users' | 'audit_events' | 'memberships'): Promise<number> => {
    const row = await db.kysely
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  /** Logs in as a demo (or test) user and returns their actor, as a request would see it. */
  const actorOf = async (username: string, password = DEMO_PASSWORD): Promise<Actor> =>
    (await auth.login(username, password, { ip: null })).actor;

  beforeAll(async () => {
    db = await createTestDb(engine);
    audit = createAuditService({ db, clock });
    // The same wiring as services.ts: auth reads the tree through the directory, orgs uses auth.
    auth = createAuthService({ db, clock, audit, orgs: createAgencyDirectory(db) });
    orgs = createOrgsService({ db, clock, audit, auth });
    world = await buildWorld({ orgs });
  });
  afterAll(() => db.drop());

  describe('the demo world', () => {
    it('has the county, its office, the departments, townships and one body of each other kind', async () => {
      const tree = await orgs.tree();
      expect(tree).toHaveLength(1);
      const county = tree[0];
      expect(county?.name).toBe('西吉县人民政府');
      expect(county?.divisionCode).toBe('640422');
      expect(county?.regionCode).toBe('640000');
      const kinds = county?.children.map((c) => c.kind) ?? [];
      expect(kinds.filter((k) => k === 'office')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'department').length).toBeGreaterThanOrEqual(6);
      expect(kinds.filter((k) => k === 'township').length).toBeGreaterThanOrEqual(4);
      expect(await countRows('agencies')).toBe(Object.keys(DEMO_AGENCIES).length);
    });

    it('gives every agency an address, a phone number and a unique, check-digit-valid USCC', async () => {
      const all = (await orgs.tree()).flatMap(function flat(n): (typeof n)[] {
        return [n, ...n.children.flatMap(flat)];
      });
      for (const a of all) {
        expect(a.address, a.name).toBeTruthy();
        expect(a.phone, a.name).toMatch(/^0954-\d{7}$/);
        expect(a.uscc, a.name).toMatch(/^(11|12|91)640422/);
      }
      expect(new Set(all.map((a) => a.uscc)).size).toBe(all.length);
    });

    it('makes the office the supervising agency of departments, townships and the bodies below them', async () => {
      for (const key of ['education', 'jiqiang', 'hospital', 'marketStation', 'county', 'office'] as const) {
        expect((await orgs.supervisingAgencyOf(world.agencies[key]))?.id, key).toBe(world.agencies.office);
      }
    });

    it('lets the county office act for the county: its disclosure officer sees every agency', async () => {
      const officer = await actorOf('officer');
      const ids = (await orgs.treeFor(officer)).flatMap(function flat(n): string[] {
        return [n.id, ...n.children.flatMap(flat)];
      });
      for (const key of ['county', 'office', 'education', 'jiqiang', 'hospital'] as const) {
        expect(ids, key).toContain(world.agencies[key]);
      }
      // A department's drafter sees only their own department.
      const drafterTree = await orgs.treeFor(await actorOf('drafter'));
      expect(drafterTree.map((n) => n.id)).toEqual([world.agencies.education]);
    });

    it('has one user per role, who can log in with the demo password', async () => {
      const users = await auth.listUsers({});
      expect(users.map((u) => u.username).sort()).toEqual(Object.keys(DEMO_USERS).sort());
      const roles = users.flatMap((u) => u.memberships.flatMap((m) => m.roles));
      expect(new Set(roles).size).toBe(ROLES.length);
      const officer = await actorOf('officer');
      expect(officer.memberships).toEqual([
        { agencyId: world.agencies.office, roles: ['disclosure_officer'] },
      ]);
    });

    it('was audited: one event per agency and the chain verifies', async () => {
      const events = await audit.list({ entityType: 'agency', limit: 500 });
      expect(events.filter((e) => e.action === 'agency.created')).toHaveLength(
        Object.keys(DEMO_AGENCIES).length,
      );
      expect(events.every((e) => e.actorId === 'system')).toBe(true);
      expect(await audit.verify()).toMatchObject({ ok: true });
    });
  });

  describe('agencies', () => {
    it('an admin creates and updates an agency, each change with its audit event', async () => {
      const admin = await actorOf('admin');
      const created = await orgs.create(admin, {
        parentId: world.agencies.county,
        name: '西吉县审计局',
        kind: 'department',
        uscc: demoUscc('11', 99),
        phone: '0954-3021909',
      });
      expect(created).toMatchObject({
        kind: 'department',
        divisionCode: '640422',
        regionCode: '640000',
        active: true,
      });
      const [createdEvent] = await audit.list({ entityType: 'agency', entityId: created.id, limit: 10 });
      expect(createdEvent).toMatchObject({
        action: 'agency.created',
        actorId: admin.userId,
        agencyId: created.id,
      });

      clock.advanceHours(1);
      const updated = await orgs.update(admin, created.id, {
        address: '宁夏回族自治区固原市西吉县吉强镇西兰路 20 号',
      });
      expect(updated.address).toContain('西兰路 20 号');
      expect(updated.updatedAt > created.updatedAt).toBe(true);
      const events = await audit.list({ entityType: 'agency', entityId: created.id, limit: 10 });
      expect(events.map((e) => e.action)).toEqual(['agency.updated', 'agency.created']);
      expect(events[0]?.before).toMatchObject({ address: null });
      expect(events[0]?.after).toMatchObject({ address: updated.address });
    });

    it('an update that changes nothing writes nothing', async () => {
      const admin = await actorOf('admin');
      const before = await countRows('audit_events');
      await orgs.update(admin, world.agencies.finance, { name: '西吉县财政局' });
      expect(await countRows('audit_events')).toBe(before);
    });

    it('refuses a bad USCC or division code with a field message, and changes nothing', async () => {
      const admin = await actorOf('admin');
      const [agencies, events] = [await countRows('agencies'), await countRows('audit_events')];
      const good = (await orgs.get(world.agencies.education)).uscc ?? '';
      const badCheck = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
      await rejectsWith(
        orgs.create(admin, {
          parentId: world.agencies.county,
          name: '西吉县统计局',
          kind: 'department',
          uscc: badCheck,
        }),
        'invalid_input',
        'uscc',
      );
      await rejectsWith(
        orgs.create(admin, {
          parentId: world.agencies.county,
          name: '西吉县统计局',
          kind: 'department',
          divisionCode: '000000',
        }),
        'invalid_input',
        'divisionCode',
      );
      await rejectsWith(orgs.update(admin, world.agencies.health, { uscc: 'ABC' }), 'invalid_input', 'uscc');
      expect(await countRows('agencies')).toBe(agencies);
      expect(await countRows('audit_events')).toBe(events);
      expect((await orgs.get(world.agencies.health)).uscc).not.toBe('ABC');
    });

    it('refuses a USCC another agency already has', async () => {
      const admin = await actorOf('admin');
      const taken = (await orgs.get(world.agencies.education)).uscc;
      await rejectsWith(orgs.update(admin, world.agencies.health, { uscc: taken }), 'uscc_taken', 'uscc');
    });

    it('refuses a placement the kinds do not allow, a second office and a second root', async () => {
      const admin = await actorOf('admin');
      await rejectsWith(
        orgs.create(admin, { parentId: world.agencies.education, name: '某某镇人民政府', kind: 'township' }),
        'invalid_input',
        'kind',
      );
      await rejectsWith(
        orgs.create(admin, {
          parentId: world.agencies.county,
          name: '西吉县人民政府第二办公室',
          kind: 'office',
        }),
        'office_taken',
        'kind',
      );
      await rejectsWith(
        orgs.create(admin, {
          parentId: null,
          name: '隆德县人民政府',
          kind: 'government',
          divisionCode: '640423',
        }),
        'root_exists',
        'parentId',
      );
    });

    it('never lets a move put an agency below itself', async () => {
      const admin = await actorOf('admin');
      // hospital is below health: health may not move under it (nor under itself).
      await rejectsWith(
        orgs.update(admin, world.agencies.health, { parentId: world.agencies.hospital }),
        'invalid_input',
        'parentId',
      );
      await rejectsWith(
        orgs.update(admin, world.agencies.county, { parentId: world.agencies.education }),
        'invalid_input',
        'parentId',
      );
      await rejectsWith(
        orgs.update(admin, world.agencies.health, { parentId: world.agencies.health }),
        'invalid_input',
        'parentId',
      );
      expect((await orgs.get(world.agencies.health)).parentId).toBe(world.agencies.county);
      // A legal move is fine: the hospital goes under the county government directly, and back.
      const moved = await orgs.update(admin, world.agencies.hospital, { parentId: world.agencies.county });
      expect(moved.parentId).toBe(world.agencies.county);
      await orgs.update(admin, world.agencies.hospital, { parentId: world.agencies.health });
    });

    it('dissolves an agency only when nothing active is below it', async () => {
      const admin = await actorOf('admin');
      await rejectsWith(
        orgs.update(admin, world.agencies.health, { active: false }),
        'invalid_input',
        'active',
      );
      const hospital = await orgs.update(admin, world.agencies.hospital, { active: false });
      expect(hospital.active).toBe(false);
      await orgs.update(admin, world.agencies.hospital, { active: true });
    });

    it('answers not_found for an unknown agency', async () => {
      const admin = await actorOf('admin');
      const unknown = '00000000-0000-4000-8000-000000000000';
      await rejectsWith(orgs.detailFor(admin, unknown), 'not_found');
      await rejectsWith(orgs.update(admin, unknown, { name: '不存在的单位' }), 'not_found');
      await rejectsWith(orgs.agencyPath(unknown), 'not_found');
    });

    it('shows each actor the agencies at and below their memberships', async () => {
      const drafter = await actorOf('drafter');
      const visible = await orgs.treeFor(drafter);
      expect(visible.map((n) => n.id)).toEqual([world.agencies.education]);
      await rejectsWith(orgs.detailFor(drafter, world.agencies.health), 'not_found');
      const detail = await orgs.detailFor(drafter, world.agencies.education);
      expect(detail.path.map((p) => p.name)).toEqual(['西吉县人民政府', '西吉县教育局']);
      expect(detail.supervisingAgency?.name).toBe('西吉县人民政府办公室');
      expect(detail.allowedActions).toContain('document.draft');
      expect(detail.allowedActions).not.toContain('agency.manage');
      expect((await orgs.treeFor(await actorOf('supervisor'))).map((n) => n.id)).toEqual([
        world.agencies.county,
      ]);
    });

    it('lets only those with agency.manage change an agency', async () => {
      const unithead = await actorOf('unithead');
      await rejectsWith(
        orgs.update(unithead, world.agencies.education, { phone: '0954-3029999' }),
        'forbidden',
      );
      await rejectsWith(
        orgs.create(unithead, {
          parentId: world.agencies.education,
          name: '西吉县第一中学',
          kind: 'enterprise',
        }),
        'forbidden',
      );
    });
  });

  describe('users', () => {
    let eduAdmin: Actor;
    let healthDrafterId: string;

    beforeAll(async () => {
      const system = systemAdminOf(world.agencies.county);
      await orgs.createUser(system, {
        username: 'eduadmin',
        displayName: '马强（教育局管理员）',
        password: DEMO_PASSWORD,
        memberships: [{ agencyId: world.agencies.education, roles: ['admin'] }],
      });
      const healthDrafter = await orgs.createUser(system, {
        username: 'healthdrafter',
        displayName: '李静（卫健局起草人）',
        password: DEMO_PASSWORD,
        memberships: [{ agencyId: world.agencies.health, roles: ['drafter'] }],
      });
      healthDrafterId = healthDrafter.id;
      eduAdmin = await actorOf('eduadmin');
    });

    it('a department admin sees the users of their department and not those of another', async () => {
      const names = (await orgs.listUsers(eduAdmin)).map((u) => u.username);
      expect(names).toContain('drafter');
      expect(names).toContain('eduadmin');
      expect(names).not.toContain('healthdrafter');
      expect(names).not.toContain('admin');
      await rejectsWith(orgs.getUser(eduAdmin, healthDrafterId), 'not_found');
      await rejectsWith(orgs.listUsers(eduAdmin, { agencyId: world.agencies.health }), 'not_found');
      await rejectsWith(orgs.resetPassword(eduAdmin, healthDrafterId, 'Another2026pass'), 'not_found');
    });

    it('the county admin sees everyone; a drafter may not list users at all', async () => {
      const names = (await orgs.listUsers(await actorOf('admin'))).map((u) => u.username);
      expect(names).toEqual(
        expect.arrayContaining(['healthdrafter', 'eduadmin', ...Object.keys(DEMO_USERS)]),
      );
      await rejectsWith(orgs.listUsers(await actorOf('drafter')), 'forbidden');
    });

    it('creates a user with memberships in one transaction', async () => {
      const user = await orgs.createUser(eduAdmin, {
        username: 'teacher1',
        displayName: '王芳（起草人）',
        password: DEMO_PASSWORD,
        email: '',
        memberships: [{ agencyId: world.agencies.education, roles: ['drafter', 'unit_head'] }],
      });
      expect(user.memberships).toEqual([
        { agencyId: world.agencies.education, roles: ['drafter', 'unit_head'] },
      ]);
      expect(user.email).toBeNull();
      const events = await audit.list({ entityType: 'user', entityId: user.id, limit: 10 });
      expect(events.map((e) => e.action).sort()).toEqual(['user.created', 'user.memberships_set']);
    });

    it('rolls back the account when its memberships are refused', async () => {
      const [users, memberships] = [await countRows('users'), await countRows('memberships')];
      const lastSeq = (await audit.list({ limit: 1 }))[0]?.seq ?? 0;
      // The education admin may not give anyone a role in the health bureau …
      await rejectsWith(
        orgs.createUser(eduAdmin, {
          username: 'intruder',
          displayName: '越权用户',
          password: DEMO_PASSWORD,
          memberships: [{ agencyId: world.agencies.health, roles: ['drafter'] }],
        }),
        'forbidden',
      );
      // … and nobody may give a role in an agency that does not exist.
      await rejectsWith(
        orgs.createUser(await actorOf('admin'), {
          username: 'ghost',
          displayName: '无单位用户',
          password: DEMO_PASSWORD,
          memberships: [{ agencyId: '00000000-0000-4000-8000-000000000000', roles: ['drafter'] }],
        }),
        'invalid_input',
      );
      expect(await countRows('users')).toBe(users);
      expect(await countRows('memberships')).toBe(memberships);
      // The audit events of the refused attempts rolled back with them (logins by actorOf add their own).
      const created = await audit.list({ entityType: 'user', limit: 500 });
      expect(created.filter((e) => e.action === 'user.created' && e.seq > lastSeq)).toEqual([]);
    });

    it('changes memberships only within the actor’s reach', async () => {
      const drafterId = (await auth.listUsers({})).find((u) => u.username === 'drafter')?.id ?? '';
      const updated = await orgs.setMemberships(eduAdmin, drafterId, [
        { agencyId: world.agencies.education, roles: ['drafter', 'secrecy_reviewer'] },
      ]);
      expect(updated.memberships[0]?.roles).toEqual(['drafter', 'secrecy_reviewer']);
      await rejectsWith(
        orgs.setMemberships(eduAdmin, drafterId, [
          { agencyId: world.agencies.education, roles: ['drafter'] },
          { agencyId: world.agencies.health, roles: ['drafter'] },
        ]),
        'forbidden',
      );
      await orgs.setMemberships(eduAdmin, drafterId, [
        { agencyId: world.agencies.education, roles: ['drafter'] },
      ]);
    });

    it('refuses malformed user input with field messages', async () => {
      const error = await rejectsWith(
        orgs.createUser(eduAdmin, {
          username: '',
          displayName: '无名',
          password: DEMO_PASSWORD,
          memberships: [],
        }),
        'invalid_input',
      );
      expect(Object.keys(error.fields ?? {})).toEqual(expect.arrayContaining(['username', 'memberships']));
    });
  });
});

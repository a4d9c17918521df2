import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../core/db/testing.ts';
import { createTestApp, type TestApp, type TestClient } from '../../dev/test-app.ts';
import { demoUscc, type DemoUsername } from '../../dev/world.ts';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}
interface Node {
  id: string;
  name: string;
  children: Node[];
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe.each(await testEngines())('orgs API on %s', (engine) => {
  let t: TestApp;
  // One login per user for the whole file: logins are rate-limited.
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  const as = (username: DemoUsername): Promise<TestClient> => {
    let client = clients.get(username);
    if (!client) {
      client = t.as(username);
      clients.set(username, client);
    }
    return client;
  };
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(() => t.close());

  it('asks for a login first', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/agencies' });
    expect(res.statusCode).toBe(401);
  });

  it('lists the tree the user may see', async () => {
    const admin = await as('admin');
    const all = (await admin.inject({ method: 'GET', url: '/api/agencies' })).json<{ agencies: Node[] }>();
    expect(all.agencies.map((a) => a.name)).toEqual(['西吉县人民政府']);
    expect(all.agencies[0]?.children.length).toBeGreaterThanOrEqual(11);

    const drafter = await as('drafter');
    const own = (await drafter.inject({ method: 'GET', url: '/api/agencies' })).json<{ agencies: Node[] }>();
    expect(own.agencies.map((a) => a.name)).toEqual(['西吉县教育局']);
  });

  it('shows an agency with its path, supervising agency and the caller’s actions', async () => {
    const officer = await as('officer');
    const res = await officer.inject({ method: 'GET', url: `/api/agencies/${t.world.agencies.office}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: '西吉县人民政府办公室',
      kind: 'office',
      path: [{ name: '西吉县人民政府' }, { name: '西吉县人民政府办公室' }],
      supervisingAgency: { id: t.world.agencies.office },
    });
  });

  it('answers 404 not_found for an unknown agency and for one the caller may not see', async () => {
    const drafter = await as('drafter');
    for (const id of [UNKNOWN, t.world.agencies.health]) {
      const res = await drafter.inject({ method: 'GET', url: `/api/agencies/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json<ErrorBody>().error.code).toBe('not_found');
    }
    const admin = await as('admin');
    const patch = await admin.inject({
      method: 'PATCH',
      url: `/api/agencies/${UNKNOWN}`,
      payload: { name: '不存在' },
    });
    expect(patch.statusCode).toBe(404);
  });

  it('creates an agency, and refuses a bad USCC with 400 and fields.uscc, creating nothing', async () => {
    const admin = await as('admin');
    const payload = {
      parentId: t.world.agencies.county,
      name: '西吉县统计局',
      kind: 'department',
      uscc: demoUscc('11', 77),
      phone: '0954-3021919',
    };
    const bad = await admin.inject({
      method: 'POST',
      url: '/api/agencies',
      payload: { ...payload, uscc: `${payload.uscc.slice(0, 17)}${payload.uscc.endsWith('0') ? '1' : '0'}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.fields?.uscc).toMatch(/统一社会信用代码/);
    const badDivision = await admin.inject({
      method: 'POST',
      url: '/api/agencies',
      payload: { ...payload, divisionCode: '999999' },
    });
    expect(badDivision.statusCode).toBe(400);
    expect(badDivision.json<ErrorBody>().error.fields?.divisionCode).toMatch(/行政区划代码/);
    const tree = (await admin.inject({ method: 'GET', url: '/api/agencies' })).json<{ agencies: Node[] }>();
    expect(tree.agencies[0]?.children.some((c) => c.name === '西吉县统计局')).toBe(false);

    const ok = await admin.inject({ method: 'POST', url: '/api/agencies', payload });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: '西吉县统计局', uscc: payload.uscc, regionCode: '640000' });
  });

  it('lets only an admin change an agency', async () => {
    const unithead = await as('unithead');
    const res = await unithead.inject({
      method: 'PATCH',
      url: `/api/agencies/${t.world.agencies.education}`,
      payload: { phone: '0954-3029999' },
    });
    expect(res.statusCode).toBe(403);
    const admin = await as('admin');
    const ok = await admin.inject({
      method: 'PATCH',
      url: `/api/agencies/${t.world.agencies.education}`,
      payload: { phone: '0954-3029999' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ phone: string }>().phone).toBe('0954-3029999');
  });

  it('manages a user end to end: create, read, memberships, reset password, unlock', async () => {
    const admin = await as('admin');
    const created = await admin.inject({
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'pingfeng1',
        displayName: '马军（平峰镇起草人）',
        password: 'Pingfeng2026start',
        memberships: [{ agencyId: t.world.agencies.pingfeng, roles: ['drafter'] }],
      },
    });
    expect(created.statusCode).toBe(201);
    const user = created.json<{ id: string; memberships: unknown[] }>();
    expect(user.memberships).toEqual([{ agencyId: t.world.agencies.pingfeng, roles: ['drafter'] }]);

    expect((await admin.inject({ method: 'GET', url: `/api/users/${user.id}` })).statusCode).toBe(200);
    const moved = await admin.inject({
      method: 'PUT',
      url: `/api/users/${user.id}/memberships`,
      payload: { memberships: [{ agencyId: t.world.agencies.pingfeng, roles: ['drafter', 'unit_head'] }] },
    });
    expect(moved.statusCode).toBe(200);
    const reset = await admin.inject({
      method: 'POST',
      url: `/api/users/${user.id}/reset-password`,
      payload: { newPassword: 'Pingfeng2026again' },
    });
    expect(reset.statusCode).toBe(204);
    expect((await admin.inject({ method: 'POST', url: `/api/users/${user.id}/unlock` })).statusCode).toBe(
      204,
    );
    const renamed = await admin.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { displayName: '马军（平峰镇科室负责人）' },
    });
    expect(renamed.json<{ displayName: string }>().displayName).toBe('马军（平峰镇科室负责人）');
  });

  it('scopes the user list: a unit head sees their bureau’s users only', async () => {
    const unithead = await as('unithead');
    const res = await unithead.inject({ method: 'GET', url: '/api/users' });
    expect(res.statusCode).toBe(200);
    const names = res.json<{ users: { username: string }[] }>().users.map((u) => u.username);
    expect(names.sort()).toEqual(['drafter', 'leader', 'secrecy', 'unithead']);
    const other = await unithead.inject({
      method: 'GET',
      url: `/api/users?agencyId=${t.world.agencies.office}`,
    });
    expect(other.statusCode).toBe(404);
    const officer = await unithead.inject({ method: 'GET', url: `/api/users/${t.world.users.officer}` });
    expect(officer.statusCode).toBe(404);
  });

  it('refuses malformed input with 400 and field messages', async () => {
    const admin = await as('admin');
    const res = await admin.inject({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'x', displayName: '', password: '', memberships: [] },
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json<ErrorBody>().error.fields ?? {})).toEqual(
      expect.arrayContaining(['displayName', 'password', 'memberships']),
    );
    const badId = await admin.inject({ method: 'GET', url: '/api/agencies/not-an-id' });
    expect(badId.statusCode).toBe(400);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    for (const path of [
      '/api/agencies',
      '/api/agencies/{id}',
      '/api/users',
      '/api/users/{id}',
      '/api/users/{id}/memberships',
      '/api/users/{id}/reset-password',
      '/api/users/{id}/unlock',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});

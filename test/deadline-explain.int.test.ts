import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../src/core/clock.ts';
import { testEngines } from '../src/core/db/testing.ts';
import type { DeadlineExplanation } from '../src/core/deadlines/schemas.ts';
import { createTestApp, type TestApp, type TestClient } from '../src/dev/test-app.ts';
import { systemAdminOf } from '../src/core/auth/actor.ts';
import { DEMO_PASSWORD, type DemoUsername } from '../src/dev/world.ts';

describe.each(await testEngines())('deadline explanation API on %s', (engine) => {
  let t: TestApp;
  let id: string;
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  const as = (username: DemoUsername): Promise<TestClient> => {
    let client = clients.get(username);
    if (!client) clients.set(username, (client = t.as(username)));
    return client;
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { clock: new FixedClock('2024-10-15T02:00:00Z') });
    const { services, world } = t;
    // A request received at 西吉县教育局 on Friday 2024-09-27, with the reply due in 20 working days.
    ({ id } = await services.db.kysely.transaction().execute((trx) =>
      services.deadlines.open(trx, {
        entityType: 'probe',
        entityId: 'explain',
        agencyId: world.agencies.education,
        assigneeRole: 'drafter',
        title: '答复依申请公开',
        link: '/console',
        spec: { start: '2024-09-27T10:00:00+08:00', length: 20, unit: 'working_days', regionCode: '640422' },
      }),
    ));
  });
  afterAll(() => t.close());

  it('explains the count day by day and in Chinese', async () => {
    const res = await (await as('drafter')).inject({ method: 'GET', url: `/api/deadlines/${id}/explain` });
    expect(res.statusCode).toBe(200);
    const body = res.json<DeadlineExplanation>();
    expect(body.deadline).toMatchObject({ id, dueDate: '2024-10-30', workingDaysLeft: 11, state: 'ok' });
    expect(body.startDate).toBe('2024-09-27');
    expect(body.breakdown[0]).toEqual({ date: '2024-09-27', counted: false, reason: 'start_day' });
    expect(body.breakdown.find((d) => d.date === '2024-10-03')).toEqual({
      date: '2024-10-03',
      counted: false,
      reason: 'holiday',
      name: '国庆节',
    });
    expect(body.breakdown.at(-1)).toEqual({ date: '2024-10-30', counted: true, n: 20 });
    expect(body.text.split('\n')).toEqual([
      '自2024-09-27（星期五）起算（期间开始之日不计算在内，当日不计入）。',
      '期限20个工作日。',
      '第1个工作日为2024-09-29（星期日，国庆节调休上班），第20个工作日为2024-10-30（星期三），期限于当日24时（北京时间）届满。',
      '调休上班日照常计入：2024-09-29（星期日，国庆节调休上班）、2024-10-12（星期六，国庆节调休上班）。',
      '跳过：9月28日 周末；10月1日–7日 国庆节；10月13日 周末；10月19日–20日 周末；10月26日–27日 周末。',
      '截至2024-10-15，距届满还有11个工作日。',
    ]);
  });

  it('the agency’s leaders and the region’s supervisor may look; other agencies may not', async () => {
    // The county office's officer may look too: the office supervises the departments.
    for (const username of ['leader', 'supervisor', 'admin', 'officer'] as const) {
      const res = await (await as(username)).inject({ method: 'GET', url: `/api/deadlines/${id}/explain` });
      expect(res.statusCode, username).toBe(200);
    }
    // A drafter of 民政局 holds no role in 教育局 or above it.
    const { services, world } = t;
    await services.orgs.createUser(systemAdminOf(world.agencies.county), {
      username: 'civilaffairs',
      displayName: '民政局起草人',
      password: DEMO_PASSWORD,
      memberships: [{ agencyId: world.agencies.civilAffairs, roles: ['drafter'] }],
    });
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'civilaffairs', password: DEMO_PASSWORD },
    });
    const cookie = String([other.headers['set-cookie']].flat()[0]).split(';')[0] ?? '';
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/deadlines/${id}/explain`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(404);
  });

  it('needs a login, and a well-formed id', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/deadlines/${id}/explain` })).statusCode).toBe(401);
    const drafter = await as('drafter');
    expect(
      (await drafter.inject({ method: 'GET', url: '/api/deadlines/not-an-id/explain' })).statusCode,
    ).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await drafter.inject({ method: 'GET', url: `/api/deadlines/${unknown}/explain` })).statusCode,
    ).toBe(404);
  });
});

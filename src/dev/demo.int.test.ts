import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../core/clock.ts';
import { loadConfig } from '../core/config.ts';
import { createTestDb, testEngines, type TestDb } from '../core/db/testing.ts';
import { createServices, type Services } from '../services.ts';
import { seedDemo } from './demo.ts';
import { DEMO_AGENCIES, DEMO_PASSWORD, DEMO_USERS } from './world.ts';

describe.each(await testEngines())('seed-demo on %s', (engine) => {
  let db: TestDb;
  let services: Services;
  const count = async (table: 'agencies' | 'users' | 'audit_events'): Promise<number> =>
    Number(
      (
        await db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    db = await createTestDb(engine);
    const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'gongkai-demo-')), SCHEDULER: 'false' });
    services = createServices(config, db, new FixedClock('2026-11-23T01:00:00Z'));
  });
  afterAll(() => db.drop());

  it('loads the demo region into an empty database, then does nothing on a second run', async () => {
    const world = await seedDemo(services);
    expect(world).not.toBeNull();
    expect(Object.keys(world?.agencies ?? {})).toEqual(Object.keys(DEMO_AGENCIES));
    expect(Object.keys(world?.users ?? {})).toEqual(Object.keys(DEMO_USERS));
    const after = {
      agencies: await count('agencies'),
      users: await count('users'),
      events: await count('audit_events'),
    };
    expect(after.agencies).toBe(Object.keys(DEMO_AGENCIES).length);
    expect(after.users).toBe(Object.keys(DEMO_USERS).length);

    expect(await seedDemo(services)).toBeNull();
    expect({
      agencies: await count('agencies'),
      users: await count('users'),
      events: await count('audit_events'),
    }).toEqual(after);
    expect(await services.audit.verify()).toMatchObject({ ok: true });
  });

  it('gives the education bureau work in My tasks, some of it due soon', async () => {
    const drafter = (await services.auth.login('drafter', DEMO_PASSWORD, { ip: null })).actor;
    const tasks = await services.tasks.mine(drafter);
    // The assignment, and the request the office assigned to the drafter (依申请公开, 20 working days).
    expect(tasks.map((t) => [t.module, t.agencyName])).toEqual([
      ['assignments', '西吉县教育局'],
      ['requests', '西吉县教育局'],
    ]);
    // Monday 23 November 2026 + 1 working day: due at the end of Tuesday the 24th.
    expect(tasks[0]?.deadline).toMatchObject({ dueDate: '2026-11-24', workingDaysLeft: 1 });
    expect(tasks[1]?.deadline).toMatchObject({ dueDate: '2026-12-21', workingDaysLeft: 20 });
    // Documents at each step of the review chain: the publication clock (主动公开) sits with the
    // step's role; the secrecy step adds its own 10-day clock; a co-issuer's consultation sits with
    // the health commission's leader in charge.
    const expected = {
      unithead: { assignments: 1, documents: ['主动公开'] },
      secrecy: { assignments: 1, documents: ['主动公开', '主动公开', '保密审查', '保密审查'] },
      leader: { assignments: 1, documents: ['联合发文会签'] },
      officer: { assignments: 0, documents: ['主动公开'] },
    };
    // Requests: the office registers, assigns and follows corrections; the office head approves.
    // The officer's two: one to register and assign, one waiting for the applicant's correction.
    const requestTasks = { officer: 2, officehead: 1, unithead: 0 };
    for (const [username, n] of Object.entries(requestTasks)) {
      const actor = (await services.auth.login(username, DEMO_PASSWORD, { ip: null })).actor;
      expect(
        (await services.tasks.mine(actor)).filter((x) => x.module === 'requests'),
        username,
      ).toHaveLength(n);
    }
    for (const [username, want] of Object.entries(expected)) {
      const actor = (await services.auth.login(username, DEMO_PASSWORD, { ip: null })).actor;
      const mine = await services.tasks.mine(actor);
      expect(
        mine.filter((x) => x.module === 'assignments'),
        username,
      ).toHaveLength(want.assignments);
      expect(
        mine
          .filter((x) => x.module === 'documents')
          .map((x) => x.title.split('：')[0])
          .sort(),
        username,
      ).toEqual([...want.documents].sort());
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/auth/actor.ts';
import { FixedClock } from '../src/core/clock.ts';
import { testEngines } from '../src/core/db/testing.ts';
import { createTestApp, type TestApp } from '../src/dev/test-app.ts';
import { DEMO_PASSWORD, type DemoUsername } from '../src/dev/world.ts';

/**
 * The deadline sweep end to end (issue 2 §8), on the demo world with a fixed clock: an assignment
 * to 县教育局's unit head with 5 working days, walked through 3 days left, 1 day left and overdue,
 * by the same scheduler ticks the server runs.
 */
describe.each(await testEngines())('deadline sweep on %s', (engine) => {
  let t: TestApp;
  // Monday 8 June 2026, 10:00 in Beijing. Day 0; working days 1–5 are 9, 10, 11, 12 and 15 June.
  const clock = new FixedClock('2026-06-08T02:00:00Z');
  const actors = new Map<DemoUsername, Actor>();
  const actor = async (username: DemoUsername): Promise<Actor> => {
    let a = actors.get(username);
    if (!a) {
      a = (await t.services.auth.login(username, DEMO_PASSWORD, { ip: null })).actor;
      actors.set(username, a);
    }
    return a;
  };

  /** Every notification of a kind, as (username, kind) pairs, so that counts are exact. */
  async function notifications(kindPrefix: string): Promise<string[]> {
    const rows = await t.db.kysely
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('kind', 'like', `${kindPrefix}%`)
      .orderBy('created_at')
      .orderBy('user_id')
      .execute();
    const names = new Map(Object.entries(t.world.users).map(([name, id]) => [id, name]));
    return rows.map((r) => `${names.get(r.user_id) ?? r.user_id}:${r.kind}`);
  }

  /** What the server's scheduler does each tick: queue due recurring jobs, then run due jobs. */
  const tick = () => t.services.jobs.tick();

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
  });
  afterAll(() => t.close());

  it('reminds at 3 and 1 working days left, escalates once overdue, each exactly once', async () => {
    const created = await t.services.assignments.create(await actor('officer'), {
      agencyId: t.world.agencies.education,
      title: '报送2025年政府信息公开工作年度报告',
      description: '按国家格式填报并报县政府办公室。',
      assigneeRole: 'unit_head',
      workingDays: 5,
    });
    expect(created.deadline).toMatchObject({ dueDate: '2026-06-15', workingDaysLeft: 5 });

    await tick();
    expect(await notifications('deadline.')).toEqual([]);

    // Wednesday 10 June: 11, 12 and 15 June are left.
    clock.set('2026-06-10T02:00:00Z');
    await tick();
    expect(await notifications('deadline.')).toEqual(['unithead:deadline.due_in_3']);
    // The next hourly sweep, and the next day, send nothing new.
    clock.set('2026-06-10T03:00:00Z');
    await tick();
    clock.set('2026-06-11T02:00:00Z');
    await tick();
    expect(await notifications('deadline.')).toEqual(['unithead:deadline.due_in_3']);

    // Friday 12 June: only 15 June is left.
    clock.set('2026-06-12T02:00:00Z');
    await tick();
    await tick();
    expect(await notifications('deadline.')).toEqual([
      'unithead:deadline.due_in_3',
      'unithead:deadline.due_in_1',
    ]);

    // Monday 15 June, the last day: still not overdue, nothing new.
    clock.set('2026-06-15T15:00:00Z');
    await tick();
    expect(await notifications('deadline.')).toHaveLength(2);

    // Tuesday 16 June: overdue. The leader in charge of 县教育局 and the disclosure officer of its
    // supervising agency (县政府办公室) are told; the unit head gets no third message.
    clock.set('2026-06-16T02:00:00Z');
    await tick();
    const escalations = (await notifications('deadline.overdue')).sort();
    expect(escalations).toEqual(['leader:deadline.overdue', 'officer:deadline.overdue']);

    clock.set('2026-06-17T02:00:00Z');
    await tick();
    await t.services.deadlineSweep.sweep();
    await t.services.jobs.runDue();
    expect(await notifications('deadline.')).toHaveLength(4);

    const deadline = await t.services.deadlines.get(created.deadline?.id ?? '');
    expect(deadline?.remindersSent).toEqual(['due_in_3', 'due_in_1']);
    expect(deadline?.escalatedAt).toBe('2026-06-16T02:00:00.000Z');
    const audited = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', created.deadline?.id ?? '')
      .orderBy('seq')
      .execute();
    expect(audited.map((a) => a.action)).toEqual([
      'deadline.reminded',
      'deadline.reminded',
      'deadline.escalated',
    ]);

    // The overdue item is still in the unit head's tasks, in red.
    const tasks = await t.services.tasks.mine(await actor('unithead'));
    expect(tasks.find((task) => task.id === deadline?.id)?.deadline.state).toBe('overdue');
  });

  it('says nothing about work completed in time', async () => {
    clock.set('2026-06-22T02:00:00Z'); // Monday; 5 working days → due Monday 29 June.
    const a = await t.services.assignments.create(await actor('officer'), {
      agencyId: t.world.agencies.education,
      title: '更新政府信息公开指南',
      assigneeRole: 'unit_head',
      workingDays: 5,
    });
    await t.services.assignments.complete(await actor('unithead'), a.id, { note: '已更新并发布。' });
    const before = await notifications('deadline.');
    for (const at of ['2026-06-25T02:00:00Z', '2026-06-26T02:00:00Z', '2026-06-30T02:00:00Z']) {
      clock.set(at);
      await tick();
    }
    expect(await notifications('deadline.')).toEqual(before);
  });

  it('tells the assignee when a calendar change moves the due date', async () => {
    clock.set('2026-07-06T02:00:00Z'); // Monday; 5 working days → due Monday 13 July.
    const a = await t.services.assignments.create(await actor('officer'), {
      agencyId: t.world.agencies.education,
      title: '梳理主动公开基本目录',
      assigneeRole: 'unit_head',
      workingDays: 5,
    });
    expect(a.deadline?.dueDate).toBe('2026-07-13');
    const regionCode = await t.services.orgs.regionCodeOf(t.world.agencies.education);
    await t.services.calendar.setOverride(await actor('admin'), {
      regionCode,
      date: '2026-07-08',
      isWorking: false,
      name: '测试调休',
    });
    await tick();
    expect((await t.services.deadlines.get(a.deadline?.id ?? ''))?.dueDate).toBe('2026-07-14');
    const moved = await t.db.kysely
      .selectFrom('notifications')
      .select(['user_id', 'body'])
      .where('kind', '=', 'deadline.moved')
      .execute();
    expect(moved).toEqual([
      {
        user_id: t.world.users.unithead,
        body: '因工作日历调整，「梳理主动公开基本目录」的办理期限由 2026-07-13 变为 2026-07-14。',
      },
    ]);
  });
});

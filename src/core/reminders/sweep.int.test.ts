import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { createCalendarService, type CalendarService } from '../calendar/service.ts';
import { FixedClock } from '../clock.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import type { DeadlineSpecInput } from '../deadlines/schemas.ts';
import { createDeadlinesService, type DeadlinesService } from '../deadlines/service.ts';
import { createJobsService, type JobsService } from '../jobs/service.ts';
import { ALERT_JOB, createDeadlineSweep, type DeadlineSweep } from './sweep.ts';

const AGENCY = '30000000-0000-4000-8000-000000000001';
const admin: Actor = {
  userId: 'admin-1',
  username: 'admin',
  displayName: 'admin',
  memberships: [{ agencyId: AGENCY, roles: ['admin'] }],
  currentAgencyId: AGENCY,
};
const NINGXIA = '640000';

/**
 * The sweep reads only the deadlines whose stored next alert is due. Around the 2026 holidays:
 * 中秋节 09-25 to 09-27, 国庆节 10-01 to 10-07, 调休 working Saturday 10-10.
 */
describe.each(await testEngines())('deadline sweep by stored next alert on %s', (engine) => {
  let db: TestDb;
  // Tuesday 2026-09-29, 10:00 in Beijing.
  const clock = new FixedClock('2026-09-29T02:00:00Z');
  let calendar: CalendarService;
  let deadlines: DeadlinesService;
  let jobs: JobsService;
  let sweep: DeadlineSweep;
  const ids = new Map<string, string>();
  const titles = new Map<string, string>();
  const sent: string[] = [];

  const inTrx = <T>(fn: (trx: TestDb['kysely']) => Promise<T>): Promise<T> =>
    db.kysely.transaction().execute(fn);
  const id = (title: string): string => ids.get(title) ?? '';

  async function open(title: string, spec: Omit<DeadlineSpecInput, 'regionCode'>): Promise<void> {
    const view = await inTrx((trx) =>
      deadlines.open(trx, {
        entityType: 'probe',
        entityId: title,
        agencyId: AGENCY,
        assigneeUserId: 'u-1',
        title,
        link: `/console/probe/${title}`,
        spec: { ...spec, regionCode: NINGXIA },
      }),
    );
    ids.set(title, view.id);
    titles.set(view.id, title);
  }

  /** Sweeps, checks what was queued (as 'title:alert'), then runs the alert jobs. */
  async function sweepAndRun(): Promise<string[]> {
    const queued = await sweep.sweep();
    const pending = await db.kysely
      .selectFrom('jobs')
      .select('payload')
      .where('type', '=', ALERT_JOB)
      .where('status', '=', 'pending')
      .execute();
    const alerts = pending
      .map((j) => JSON.parse(j.payload) as { deadlineId: string; alert: string })
      .map((p) => `${titles.get(p.deadlineId) ?? p.deadlineId}:${p.alert}`)
      .sort();
    expect(alerts).toHaveLength(queued);
    await jobs.runDue();
    return alerts;
  }

  async function stored(title: string): Promise<{ alert_at: string | null; next_alert: string | null }> {
    return db.kysely
      .selectFrom('deadlines')
      .select(['alert_at', 'next_alert'])
      .where('id', '=', id(title))
      .executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    db = await createTestDb(engine);
    const audit = createAuditService({ db, clock });
    calendar = createCalendarService({ db, clock, audit, orgs: { agencyPath: async () => [AGENCY] } });
    deadlines = createDeadlinesService({ db, clock, calendar, onMoved: async () => {} });
    calendar.onChange(async () => (await deadlines.recomputeOpen()).length);
    jobs = createJobsService({ db, clock });
    sweep = createDeadlineSweep({
      db,
      clock,
      jobs,
      deadlines,
      audit,
      notify: {
        send: async (_trx, input) => {
          sent.push(input.kind);
          return [];
        },
      },
      users: { usersWithRole: async (_agency, role) => [{ id: role }] },
      orgs: { supervisingAgencyOf: async () => null, agencyNames: async () => new Map() },
    });
  });
  afterAll(() => db.drop());

  it('queues exactly the alerts due, once each, across the holidays; pause, resume and a calendar change move them', async () => {
    // Day 0 Monday 09-28; working days 09-29, 09-30, 10-08, 10-09, 10-10 (调休), 10-12: due 10-12.
    await open('跨国庆', { start: '2026-09-28', length: 6, unit: 'working_days' });
    // Due Wednesday 09-30: only 1 working day is left already.
    await open('后天到期', { start: '2026-09-28', length: 2, unit: 'working_days' });
    // 24 hours: due Wednesday 09-30 at 10:00.
    await open('按小时', { start: '2026-09-29T10:00:00+08:00', length: 24, unit: 'hours' });
    // Due 10-08, 2 working days left: due for the 3-day reminder, but paused at once.
    await open('暂停中', { start: '2026-09-28', length: 3, unit: 'working_days' });
    await inTrx((trx) => deadlines.pause(trx, id('暂停中'), { reason: '征求第三方意见' }));
    // Due Thursday 09-17: overdue.
    await open('已逾期', { start: '2026-09-14', length: 3, unit: 'working_days' });
    // Due 11-02, far off.
    await open('还早', { start: '2026-09-29', length: 20, unit: 'working_days' });

    expect(await stored('跨国庆')).toEqual({ alert_at: '2026-10-07T16:00:00.000Z', next_alert: 'due_in_3' });
    expect(await stored('暂停中')).toEqual({ alert_at: null, next_alert: null });
    // A row from before the column (the migration leaves '') is swept and stored like the others.
    await db.kysely.updateTable('deadlines').set({ alert_at: '' }).where('id', '=', id('还早')).execute();

    expect(await sweepAndRun()).toEqual(['后天到期:due_in_1', '已逾期:escalate']);
    expect([...sent].sort()).toEqual(['deadline.due_in_1', 'deadline.overdue']);
    expect(await stored('还早')).toEqual({ alert_at: '2026-10-27T16:00:00.000Z', next_alert: 'due_in_3' });
    // Sent: the 1-day reminder's deadline waits for its escalation, the escalated one has nothing left.
    expect(await stored('后天到期')).toEqual({
      alert_at: '2026-09-30T16:00:00.000Z',
      next_alert: 'escalate',
    });
    expect(await stored('已逾期')).toEqual({ alert_at: null, next_alert: null });
    // The same hour again: nothing new.
    clock.set('2026-09-29T03:00:00Z');
    expect(await sweep.sweep()).toBe(0);

    // Saturday 10-03, in the National Day week: the hour clock and the 2-day one are overdue; the
    // one due 10-12 still has 4 working days (10-08, 10-09, 10-10, 10-12) and says nothing.
    clock.set('2026-10-03T02:00:00Z');
    expect(await sweepAndRun()).toEqual(['后天到期:escalate', '按小时:escalate']);

    // Resumed: 09-29 and 09-30 did not count, so it is due on 10-10, 3 working days away: due now.
    await inTrx((trx) => deadlines.resume(trx, id('暂停中')));
    expect(await stored('暂停中')).toEqual({ alert_at: '2026-09-29T16:00:00.000Z', next_alert: 'due_in_3' });
    expect(await sweepAndRun()).toEqual(['暂停中:due_in_3']);
    expect(await stored('暂停中')).toEqual({ alert_at: '2026-10-08T16:00:00.000Z', next_alert: 'due_in_1' });

    // A regional day off on Thursday 10-08 (test data) moves each by a working day: the one due
    // 10-12 to 10-13, its 3-day reminder from 10-08 to 10-09; the resumed one to 10-12, its 1-day
    // reminder from 10-09 to the 调休 Saturday 10-10.
    await calendar.setOverride(admin, {
      regionCode: NINGXIA,
      date: '2026-10-08',
      isWorking: false,
      name: '测试',
    });
    expect(await stored('跨国庆')).toEqual({ alert_at: '2026-10-08T16:00:00.000Z', next_alert: 'due_in_3' });
    expect(await stored('暂停中')).toEqual({ alert_at: '2026-10-09T16:00:00.000Z', next_alert: 'due_in_1' });

    clock.set('2026-10-08T02:00:00Z');
    expect(await sweepAndRun()).toEqual([]);
    clock.set('2026-10-09T02:00:00Z');
    expect(await sweepAndRun()).toEqual(['跨国庆:due_in_3']);
    expect(await sweep.sweep()).toBe(0);
    clock.set('2026-10-10T02:00:00Z');
    expect(await sweepAndRun()).toEqual(['暂停中:due_in_1']);
    clock.set('2026-10-12T02:00:00Z');
    expect(await sweepAndRun()).toEqual(['跨国庆:due_in_1']);

    // Closed: no alert left, and nothing is read for it any more.
    await inTrx((trx) => deadlines.close(trx, id('跨国庆')));
    expect(await stored('跨国庆')).toEqual({ alert_at: null, next_alert: null });
    clock.set('2026-10-14T02:00:00Z');
    expect(await sweepAndRun()).toEqual(['暂停中:escalate']);
  });

  it('an alert job that finds nothing to send stores the next alert afresh', async () => {
    // Out of date: stored as due long ago, though nothing is (its 3-day reminder is on 10-29 now).
    await db.kysely
      .updateTable('deadlines')
      .set({ alert_at: '2026-09-01T00:00:00.000Z', next_alert: 'escalate' })
      .where('id', '=', id('还早'))
      .execute();
    await jobs.enqueue(db.kysely, {
      type: ALERT_JOB,
      payload: { deadlineId: id('还早'), alert: 'escalate' },
    });
    const before = sent.length;
    await jobs.runDue();
    expect(sent).toHaveLength(before);
    expect(await stored('还早')).toEqual({ alert_at: '2026-10-28T16:00:00.000Z', next_alert: 'due_in_3' });
  });
});

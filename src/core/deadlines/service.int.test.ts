import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../audit/service.ts';
import { createCalendarService } from '../calendar/service.ts';
import { FixedClock } from '../clock.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { createDeadlinesService, type DeadlinesService, type OpenDeadlineInput } from './service.ts';

const AGENCY = '20000000-0000-4000-8000-000000000001';
const OTHER = '20000000-0000-4000-8000-000000000002';

const request = (more: Partial<OpenDeadlineInput> = {}): OpenDeadlineInput => ({
  entityType: 'request.reply',
  entityId: 'r1',
  agencyId: AGENCY,
  assigneeRole: 'disclosure_officer',
  title: '答复申请人张某',
  link: '/console/requests/r1',
  // rules.md §10: received Friday 2024-09-27, due 2024-10-30.
  spec: { start: '2024-09-27T10:00:00+08:00', length: 20, unit: 'working_days', regionCode: '640000' },
  ...more,
});

describe.each(await testEngines())('deadlines service on %s', (engine) => {
  let db: TestDb;
  let clock: FixedClock;
  let deadlines: DeadlinesService;
  const inTrx = <T>(fn: (trx: TestDb['kysely']) => Promise<T>): Promise<T> =>
    db.kysely.transaction().execute(fn);

  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(() => db.drop());
  beforeEach(async () => {
    await db.kysely.deleteFrom('deadlines').execute();
    clock = new FixedClock('2024-09-27T02:00:00Z');
    const calendar = createCalendarService({
      db,
      clock,
      audit: createAuditService({ db, clock }),
      orgs: { agencyPath: async (id) => [id] },
    });
    deadlines = createDeadlinesService({ db, clock, calendar, onMoved: async () => {} });
  });

  it('opens a deadline in the caller’s transaction and stores its inputs and due instant', async () => {
    const view = await inTrx((trx) => deadlines.open(trx, request()));
    expect(view).toMatchObject({
      dueDate: '2024-10-30',
      dueAt: '2024-10-30T15:59:59.999Z',
      workingDaysLeft: 20,
      state: 'ok',
      status: 'open',
      unit: 'working_days',
      paused: false,
      provisional: false,
      remindersSent: [],
    });
    const row = await db.kysely
      .selectFrom('deadlines')
      .selectAll()
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row.due_at).toBe('2024-10-30T15:59:59.999Z');
    expect(JSON.parse(row.spec)).toEqual({
      start: '2024-09-27T10:00:00+08:00',
      length: 20,
      unit: 'working_days',
      regionCode: '640000',
      pauses: [],
      restarts: [],
      extensions: [],
    });
  });

  it('a rolled-back transaction leaves no deadline behind', async () => {
    await expect(
      inTrx(async (trx) => {
        await deadlines.open(trx, request());
        throw new Error('the work item failed');
      }),
    ).rejects.toThrow('the work item failed');
    expect(await deadlines.listOpen()).toEqual([]);
  });

  it('refuses a bad spec with a Chinese message', async () => {
    const bad = [
      { ...request().spec, length: 0 },
      { ...request().spec, start: '2024-09-27T10:00:00' },
      { ...request().spec, regionCode: 'ningxia' },
      { ...request().spec, unit: 'weeks' },
      { ...request().spec, length: 1001 },
    ];
    for (const spec of bad) {
      await expect(
        inTrx((trx) => deadlines.open(trx, request({ spec: spec as OpenDeadlineInput['spec'] }))),
      ).rejects.toMatchObject({
        code: 'invalid_input',
      });
    }
    expect(await deadlines.listOpen()).toEqual([]);
  });

  it('pause, resume, restart and extend move the due date as the rule says', async () => {
    const { id } = await inTrx((trx) =>
      deadlines.open(trx, request({ spec: { ...request().spec, start: '2024-09-23' } })),
    );
    expect((await deadlines.get(id))?.dueDate).toBe('2024-10-24');

    // Third-party consultation from 09-27 to 10-10, across National Day: five working days paused.
    const paused = await inTrx((trx) =>
      deadlines.pause(trx, id, { from: '2024-09-27', reason: '征求第三方意见' }),
    );
    expect(paused.paused).toBe(true);
    await expect(inTrx((trx) => deadlines.pause(trx, id, { reason: '再次暂停' }))).rejects.toMatchObject({
      code: 'deadline_paused',
    });
    const resumed = await inTrx((trx) => deadlines.resume(trx, id, { at: '2024-10-10' }));
    expect(resumed).toMatchObject({ paused: false, dueDate: '2024-10-31' });
    await expect(inTrx((trx) => deadlines.resume(trx, id))).rejects.toMatchObject({
      code: 'deadline_not_paused',
    });

    const extended = await inTrx((trx) =>
      deadlines.extend(trx, id, { length: 20, reason: '需要较长时间检索', approvedBy: '政务公开办负责人' }),
    );
    expect(extended.dueDate).toBe('2024-11-28');

    // 补正: the count begins again from the corrected request (the extension still applies: 40 days).
    const restarted = await inTrx((trx) =>
      deadlines.restart(trx, id, { at: '2024-10-14', reason: '补正后重新提交' }),
    );
    expect(restarted.dueDate).toBe('2024-12-09');
    const explanation = await deadlines.explain(id);
    expect(explanation.startDate).toBe('2024-10-14');
    expect(explanation.text).toMatch(/^因补正后重新提交，自2024-10-14（星期一）重新起算/);
  });

  it('a restart ends an open pause (waiting for the 补正 is over)', async () => {
    const { id } = await inTrx((trx) => deadlines.open(trx, request()));
    await inTrx((trx) => deadlines.pause(trx, id, { from: '2024-09-30', reason: '等待补正' }));
    const view = await inTrx((trx) =>
      deadlines.restart(trx, id, { at: '2024-10-09', reason: '收到补正材料' }),
    );
    expect(view.paused).toBe(false);
    expect((await deadlines.explain(id)).spec.pauses).toEqual([
      { from: '2024-09-30', to: '2024-10-09', reason: '等待补正' },
    ]);
  });

  it('closing keeps the result as of closing; a closed deadline cannot change', async () => {
    const { id } = await inTrx((trx) => deadlines.open(trx, request()));
    clock.set('2024-11-01T02:00:00Z'); // two working days late
    const closed = await inTrx((trx) => deadlines.close(trx, id));
    expect(closed).toMatchObject({ status: 'closed', overdue: true, workingDaysLeft: -2, state: 'overdue' });
    clock.set('2025-01-01T02:00:00Z');
    expect(await deadlines.get(id)).toMatchObject({ workingDaysLeft: -2 });
    await expect(inTrx((trx) => deadlines.close(trx, id))).rejects.toMatchObject({ code: 'deadline_closed' });
    await expect(
      inTrx((trx) => deadlines.extend(trx, id, { length: 1, reason: 'x', approvedBy: 'y' })),
    ).rejects.toMatchObject({
      code: 'deadline_closed',
    });
    expect(await deadlines.listOpen()).toEqual([]);
  });

  it('due soon within 3 working days, overdue after the due day', async () => {
    const { id } = await inTrx((trx) => deadlines.open(trx, request()));
    clock.set('2024-10-25T02:00:00Z');
    expect(await deadlines.get(id)).toMatchObject({ workingDaysLeft: 3, state: 'due_soon' });
    clock.set('2024-10-30T15:59:00Z');
    expect(await deadlines.get(id)).toMatchObject({ workingDaysLeft: 0, state: 'due_soon', overdue: false });
    clock.set('2024-10-30T16:00:00Z');
    expect(await deadlines.get(id)).toMatchObject({ workingDaysLeft: -1, state: 'overdue', overdue: true });
  });

  it('finds the tasks of a user: assigned to them, or to a role they hold in that agency', async () => {
    await inTrx(async (trx) => {
      await deadlines.open(trx, request({ entityId: 'a', title: '交给专员（本单位）' }));
      await deadlines.open(trx, request({ entityId: 'b', title: '交给专员（别的单位）', agencyId: OTHER }));
      await deadlines.open(
        trx,
        request({ entityId: 'c', title: '交给个人', assigneeRole: null, assigneeUserId: 'u-9' }),
      );
      await deadlines.open(
        trx,
        request({ entityId: 'd', title: '先到期', spec: { ...request().spec, length: 5 } }),
      );
    });
    const mine = await deadlines.forAssignee({
      userId: 'u-1',
      memberships: [{ agencyId: AGENCY, roles: ['disclosure_officer'] }],
    });
    expect(mine.map((d) => d.title)).toEqual(['先到期', '交给专员（本单位）']);
    expect((await deadlines.forAssignee({ userId: 'u-9', memberships: [] })).map((d) => d.title)).toEqual([
      '交给个人',
    ]);
    expect((await deadlines.listOpen({ agencyIds: [OTHER] })).map((d) => d.title)).toEqual([
      '交给专员（别的单位）',
    ]);

    // Reassigned to a person: role holders no longer see it, and its reminders start over.
    const a = mine[1];
    if (!a) throw new Error('missing');
    await inTrx((trx) => deadlines.markReminded(trx, a.id, 'due_in_3'));
    const reassigned = await inTrx((trx) => deadlines.reassign(trx, a.id, { assigneeUserId: 'u-2' }));
    expect(reassigned).toMatchObject({
      assigneeUserId: 'u-2',
      assigneeRole: 'disclosure_officer',
      remindersSent: [],
    });
    const after = await deadlines.forAssignee({
      userId: 'u-1',
      memberships: [{ agencyId: AGENCY, roles: ['disclosure_officer'] }],
    });
    expect(after.map((d) => d.title)).toEqual(['先到期']);
  });

  it('remembers reminders and escalation, each once', async () => {
    const { id } = await inTrx((trx) => deadlines.open(trx, request()));
    await inTrx(async (trx) => {
      await deadlines.markReminded(trx, id, 'due_in_3');
      await deadlines.markReminded(trx, id, 'due_in_3');
      await deadlines.markReminded(trx, id, 'due_in_1');
      await deadlines.markEscalated(trx, id);
    });
    const first = await deadlines.get(id);
    expect(first).toMatchObject({
      remindersSent: ['due_in_3', 'due_in_1'],
      escalatedAt: '2024-09-27T02:00:00.000Z',
    });
    clock.set('2024-11-01T02:00:00Z');
    await inTrx((trx) => deadlines.markEscalated(trx, id));
    expect((await deadlines.get(id))?.escalatedAt).toBe('2024-09-27T02:00:00.000Z');
  });

  it('a deadline running into a year without national data is provisional', async () => {
    // A year far enough ahead that no release of chinese-days will have it.
    clock.set('2099-12-15T02:00:00Z');
    const view = await inTrx((trx) =>
      deadlines.open(trx, request({ spec: { ...request().spec, start: '2099-12-15T10:00:00+08:00' } })),
    );
    expect(view).toMatchObject({ dueDate: '2100-01-12', provisional: true });
    const explanation = await deadlines.explain(view.id);
    expect(explanation.missingYears).toEqual([2099, 2100]);
    expect(explanation.text).toContain('尚无2099、2100年的国务院节假日安排数据');
  });

  it('get answers null for an unknown id; explain says not found', async () => {
    expect(await deadlines.get('20000000-0000-4000-8000-00000000ffff')).toBeNull();
    await expect(deadlines.explain('20000000-0000-4000-8000-00000000ffff')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

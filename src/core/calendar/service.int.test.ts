import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService, type AuditService } from '../audit/service.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import { FixedClock } from '../clock.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { createDeadlinesService, type DeadlinesService, type MovedDeadline } from '../deadlines/service.ts';
import { nationalYears } from './national.ts';
import { createCalendarService, type CalendarService } from './service.ts';

// A region of three agencies: the root government, its office, and a department.
const ROOT = '10000000-0000-4000-8000-000000000001';
const OFFICE = '10000000-0000-4000-8000-000000000002';
const DEPT = '10000000-0000-4000-8000-000000000003';
const PATHS: Record<string, string[]> = { [ROOT]: [ROOT], [OFFICE]: [ROOT, OFFICE], [DEPT]: [ROOT, DEPT] };
const orgs = { agencyPath: async (id: string): Promise<string[]> => PATHS[id] ?? [] };

const actor = (userId: string, agencyId: string, roles: Actor['memberships'][number]['roles']): Actor => ({
  userId,
  username: userId,
  displayName: userId,
  memberships: [{ agencyId, roles }],
  currentAgencyId: agencyId,
});
const admin = actor('admin-1', ROOT, ['admin']);
const deptAdmin = actor('admin-2', DEPT, ['admin']);
const officer = actor('officer-1', OFFICE, ['disclosure_officer']);

// Test data for the mechanism: a Ningxia holiday on Monday 2024-10-14 (not a real arrangement).
const ningxiaHoliday = { regionCode: '640000', date: '2024-10-14', isWorking: false, name: '测试节' };

describe.each(await testEngines())('calendar service on %s', (engine) => {
  let db: TestDb;
  let clock: FixedClock;
  let audit: AuditService;
  let calendar: CalendarService;
  let deadlines: DeadlinesService;
  let moved: MovedDeadline[][];

  beforeAll(async () => {
    db = await createTestDb(engine);
    clock = new FixedClock('2024-09-27T02:00:00Z');
    audit = createAuditService({ db, clock });
  });
  afterAll(() => db.drop());

  beforeEach(async () => {
    await db.kysely.deleteFrom('deadlines').execute();
    await db.kysely.deleteFrom('calendar_days').where('source', '=', 'admin').execute();
    // A fresh pair of services per test, wired as the composition root wires them.
    calendar = createCalendarService({ db, clock, audit, orgs });
    moved = [];
    deadlines = createDeadlinesService({
      db,
      clock,
      calendar,
      onMoved: async (_trx, m) => {
        moved.push(m);
      },
    });
    calendar.onChange(async () => (await deadlines.recomputeOpen()).length);
  });

  it('loads every chinese-days year into the database once, and again only when the data changes', async () => {
    const shipped = nationalYears().map((y) => y.year);
    expect((await calendar.syncNational()).changedYears).toEqual(shipped);
    const years = await db.kysely.selectFrom('calendar_years').select('year').execute();
    expect(years.map((y) => Number(y.year)).sort()).toEqual(shipped);

    expect((await calendar.syncNational()).changedYears).toEqual([]);

    // A newer package with different 2025 data: only 2025 is rewritten.
    await db.kysely
      .updateTable('calendar_years')
      .set({ data_hash: 'old' })
      .where('year', '=', 2025)
      .execute();
    await db.kysely
      .deleteFrom('calendar_days')
      .where('region_code', '=', '')
      .where('date', '=', '2025-10-08')
      .execute();
    const fresh = createCalendarService({ db, clock, audit, orgs });
    expect((await fresh.syncNational()).changedYears).toEqual([2025]);
    expect(await fresh.day('2025-10-08')).toMatchObject({
      isWorking: false,
      name: '国庆节',
      source: 'chinese-days',
    });
  });

  it('answers from the stored national data', async () => {
    expect(await calendar.day('2024-10-01')).toMatchObject({
      isWorking: false,
      reason: 'holiday',
      name: '国庆节',
    });
    expect(await calendar.isWorking('2024-09-29')).toBe(true);
    expect(await calendar.isWorking('2024-09-28')).toBe(false);
    const year = await calendar.year(2099, '640422');
    expect(year.covered).toBe(false);
    expect(year.days).toHaveLength(365);
    expect(year.days.every((d) => !d.covered)).toBe(true);
  });

  it('an override moves the open deadlines of that region, tells onMoved, and is audited', async () => {
    const opened = await db.kysely.transaction().execute(async (trx) => ({
      ningxia: await deadlines.open(trx, {
        entityType: 'probe',
        entityId: 'p1',
        agencyId: DEPT,
        assigneeRole: 'drafter',
        title: '答复依申请公开',
        link: '/console/probe/p1',
        spec: { start: '2024-09-27T10:00:00+08:00', length: 20, unit: 'working_days', regionCode: '640422' },
      }),
      beijing: await deadlines.open(trx, {
        entityType: 'probe',
        entityId: 'p2',
        agencyId: DEPT,
        title: '北京的期限',
        link: '/console/probe/p2',
        spec: { start: '2024-09-27T10:00:00+08:00', length: 20, unit: 'working_days', regionCode: '110000' },
      }),
    }));
    expect(opened.ningxia.dueDate).toBe('2024-10-30');

    const result = await calendar.setOverride(admin, ningxiaHoliday);
    expect(result.moved).toBe(1);
    expect(result.override).toMatchObject({ ...ningxiaHoliday, source: 'admin', updatedBy: 'admin-1' });

    // Stored and told: only the Ningxia deadline moved, by one working day.
    const after = await deadlines.get(opened.ningxia.id);
    expect(after).toMatchObject({ dueDate: '2024-10-31', dueAt: '2024-10-31T15:59:59.999Z' });
    const row = await db.kysely
      .selectFrom('deadlines')
      .select('due_at')
      .where('id', '=', opened.ningxia.id)
      .executeTakeFirstOrThrow();
    expect(row.due_at).toBe('2024-10-31T15:59:59.999Z');
    expect(moved).toHaveLength(1);
    const [told] = moved[0] ?? [];
    expect(moved[0]).toHaveLength(1);
    expect(told?.deadline).toMatchObject({
      id: opened.ningxia.id,
      title: '答复依申请公开',
      assigneeRole: 'drafter',
    });
    expect([told?.before, told?.after]).toEqual(['2024-10-30T15:59:59.999Z', '2024-10-31T15:59:59.999Z']);
    expect((await deadlines.get(opened.beijing.id))?.dueDate).toBe('2024-10-30');

    const events = await audit.list({
      entityType: 'calendar_override',
      entityId: '640000:2024-10-14',
      limit: 10,
    });
    expect(events[0]).toMatchObject({ action: 'calendar_override.set', actorId: 'admin-1', before: null });

    // Removing it moves the deadline back.
    expect((await calendar.removeOverride(admin, '640000', '2024-10-14')).moved).toBe(1);
    expect((await deadlines.get(opened.ningxia.id))?.dueDate).toBe('2024-10-30');
    expect(moved).toHaveLength(2);
    const removed = await audit.list({
      entityType: 'calendar_override',
      entityId: '640000:2024-10-14',
      limit: 10,
    });
    expect(removed[0]).toMatchObject({ action: 'calendar_override.removed', after: null });
  });

  it('a county inherits the province’s override; its own override wins', async () => {
    await calendar.setOverride(admin, ningxiaHoliday);
    expect(await calendar.isWorking('2024-10-14', '640422')).toBe(false);
    await calendar.setOverride(admin, {
      regionCode: '640422',
      date: '2024-10-14',
      isWorking: true,
      name: '照常上班',
    });
    expect(await calendar.isWorking('2024-10-14', '640422')).toBe(true);
    expect(await calendar.isWorking('2024-10-14', '640402')).toBe(false);
    expect((await calendar.overrides('640000')).map((o) => o.date)).toEqual(['2024-10-14']);
    expect((await calendar.regions()).find((r) => r.code === '640422')).toEqual({
      code: '640422',
      name: '宁夏回族自治区 640422',
      overrides: 1,
    });
  });

  it('only an admin at the region’s root may change the calendar', async () => {
    await expect(calendar.setOverride(officer, ningxiaHoliday)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(calendar.setOverride(deptAdmin, ningxiaHoliday)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(calendar.setOverride(systemActor, ningxiaHoliday)).resolves.toMatchObject({ moved: 0 });
    await expect(calendar.removeOverride(officer, '640000', '2024-10-14')).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await calendar.isWorking('2024-10-14', '640000')).toBe(false);
  });

  it('bad input gets a clear Chinese error and changes nothing', async () => {
    const bad = [
      { ...ningxiaHoliday, regionCode: '' },
      { ...ningxiaHoliday, regionCode: '64' },
      { ...ningxiaHoliday, date: '2024-02-30' },
      { ...ningxiaHoliday, date: '1999-12-31' },
      { ...ningxiaHoliday, name: '   ' },
    ];
    for (const input of bad) {
      await expect(calendar.setOverride(admin, input)).rejects.toMatchObject({ code: 'invalid_input' });
    }
    await expect(calendar.setOverride(admin, { ...ningxiaHoliday, date: '2024-02-30' })).rejects.toThrow(
      /真实存在/,
    );
    await expect(calendar.removeOverride(admin, '640000', '2024-10-15')).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await calendar.overrides()).toEqual([]);
  });

  it('another process’s change is seen on the next load', async () => {
    const other = createCalendarService({ db, clock, audit, orgs });
    expect(await calendar.isWorking('2024-10-14', '640000')).toBe(true);
    await other.setOverride(admin, ningxiaHoliday);
    expect(await calendar.isWorking('2024-10-14', '640000')).toBe(false);
    await other.removeOverride(admin, '640000', '2024-10-14');
    expect(await calendar.isWorking('2024-10-14', '640000')).toBe(true);
  });

  it('sees every change, even several in the same instant that leave the row count alone', async () => {
    const other = createCalendarService({ db, clock, audit, orgs });
    await other.setOverride(admin, ningxiaHoliday);
    expect(await calendar.isWorking('2024-10-14', '640000')).toBe(false);
    // The clock does not move: same timestamp, same number of rows, another answer.
    await other.setOverride(admin, { ...ningxiaHoliday, isWorking: true, name: '补班' });
    expect(await calendar.isWorking('2024-10-14', '640000')).toBe(true);
    await other.setOverride(admin, ningxiaHoliday);
    expect(await calendar.isWorking('2024-10-14', '640000')).toBe(false);
  });
});

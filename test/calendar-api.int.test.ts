import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../src/core/clock.ts';
import { testEngines } from '../src/core/db/testing.ts';
import type { CalendarYearView, RegionView } from '../src/core/calendar/schemas.ts';
import { createTestApp, type TestApp, type TestClient } from '../src/dev/test-app.ts';
import type { DemoUsername } from '../src/dev/world.ts';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

// Test data for the mechanism: a Ningxia holiday on Monday 2024-10-14 (not a real arrangement).
const override = { regionCode: '640000', date: '2024-10-14', isWorking: false, name: '测试节' };

describe.each(await testEngines())('calendar API on %s', (engine) => {
  let t: TestApp;
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  const as = (username: DemoUsername): Promise<TestClient> => {
    let client = clients.get(username);
    if (!client) clients.set(username, (client = t.as(username)));
    return client;
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { clock: new FixedClock('2024-09-27T02:00:00Z') });
  });
  afterAll(() => t.close());

  it('needs a login', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar?year=2024' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar/regions' })).statusCode).toBe(401);
  });

  it('gives every day of a year with whether it is worked and why', async () => {
    const drafter = await as('drafter');
    const res = await drafter.inject({ method: 'GET', url: '/api/calendar?year=2024&region=640422' });
    expect(res.statusCode).toBe(200);
    const year = res.json<CalendarYearView>();
    expect(year).toMatchObject({ year: 2024, regionCode: '640422', covered: true });
    expect(year.days).toHaveLength(366);
    const day = (d: string) => year.days.find((x) => x.date === d);
    expect(day('2024-10-01')).toMatchObject({
      isWorking: false,
      reason: 'holiday',
      name: '国庆节',
      source: 'chinese-days',
    });
    expect(day('2024-10-12')).toMatchObject({ isWorking: true, reason: 'adjusted_working_day' });
    expect(day('2024-10-13')).toMatchObject({ isWorking: false, reason: 'weekend', source: 'weekday_rule' });
  });

  it('rejects an out-of-range year or a malformed region', async () => {
    const drafter = await as('drafter');
    for (const url of [
      '/api/calendar?year=1900',
      '/api/calendar?year=abc',
      '/api/calendar?year=2024&region=64',
    ]) {
      const res = await drafter.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<ErrorBody>().error.code).toBe('invalid_input');
    }
  });

  it('lists the regions, named', async () => {
    const res = await (await as('drafter')).inject({ method: 'GET', url: '/api/calendar/regions' });
    const { regions } = res.json<{ regions: RegionView[] }>();
    expect(regions[0]).toMatchObject({ code: '', name: '全国（国务院节假日安排）' });
    expect(regions).toContainEqual({ code: '640000', name: '宁夏回族自治区', overrides: 0 });
  });

  it('an admin sets and removes an override; open deadlines are recomputed at once', async () => {
    const { services, world } = t;
    const deadline = await services.db.kysely.transaction().execute((trx) =>
      services.deadlines.open(trx, {
        entityType: 'probe',
        entityId: 'calendar-routes',
        agencyId: world.agencies.education,
        assigneeRole: 'drafter',
        title: '探针期限',
        link: '/console',
        spec: { start: '2024-09-27T10:00:00+08:00', length: 20, unit: 'working_days', regionCode: '640422' },
      }),
    );
    const admin = await as('admin');

    const set = await admin.inject({ method: 'POST', url: '/api/calendar/overrides', payload: override });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ override: { ...override, source: 'admin' }, moved: 1 });
    expect((await services.deadlines.get(deadline.id))?.dueDate).toBe('2024-10-31');

    const list = await admin.inject({ method: 'GET', url: '/api/calendar/overrides?region=640000' });
    expect(list.json<{ overrides: unknown[] }>().overrides).toHaveLength(1);
    const year = (
      await admin.inject({ method: 'GET', url: '/api/calendar?year=2024&region=640422' })
    ).json<CalendarYearView>();
    expect(year.days.find((d) => d.date === '2024-10-14')).toMatchObject({
      isWorking: false,
      reason: 'holiday',
      name: '测试节',
      source: 'admin',
      regionCode: '640000',
    });

    const del = await admin.inject({
      method: 'DELETE',
      url: '/api/calendar/overrides?regionCode=640000&date=2024-10-14',
    });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ override: null, moved: 1 });
    expect((await services.deadlines.get(deadline.id))?.dueDate).toBe('2024-10-30');
    const again = await admin.inject({
      method: 'DELETE',
      url: '/api/calendar/overrides?regionCode=640000&date=2024-10-14',
    });
    expect(again.statusCode).toBe(404);
  });

  it('nobody else may change the calendar, and bad input changes nothing', async () => {
    const officer = await as('officer');
    const forbidden = await officer.inject({
      method: 'POST',
      url: '/api/calendar/overrides',
      payload: override,
    });
    expect(forbidden.statusCode).toBe(403);

    const admin = await as('admin');
    for (const payload of [
      { ...override, date: '2024-13-01' },
      { ...override, regionCode: '' },
      { ...override, isWorking: 'no' },
      { ...override, name: '' },
    ]) {
      const res = await admin.inject({ method: 'POST', url: '/api/calendar/overrides', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorBody>().error.code).toBe('invalid_input');
    }
    const list = await admin.inject({ method: 'GET', url: '/api/calendar/overrides' });
    expect(list.json<{ overrides: unknown[] }>().overrides).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { createTestApp, type TestApp } from '../../dev/test-app.ts';
import { seedDemoDocuments } from '../documents/demo.ts';
import { seedDemoCatalog } from './demo.ts';
import type { CatalogReport } from './schemas.ts';

describe.each(await testEngines())('the demo catalogs on %s', (engine) => {
  let t: TestApp;
  const clock = new FixedClock('2026-06-08T02:00:00Z');

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
    await seedDemoDocuments(t.services, t.world);
  });
  afterAll(() => t.close());

  it('files every seed document, and leaves one empty and one stale item in the education bureau', async () => {
    expect(await seedDemoCatalog(t.services, t.world)).toBe(2);
    const officer = await t.as('officer');
    const report = async (agencyId: string) =>
      (
        await officer.inject({ method: 'GET', url: `/api/catalog/report?agencyId=${agencyId}` })
      ).json<CatalogReport>();

    const office = await report(t.world.agencies.office);
    expect(office.counts).toEqual({ items: 2, empty: 0, stale: 0, unfiled: 0 });

    const education = await report(t.world.agencies.education);
    expect(education.counts).toEqual({ items: 4, empty: 1, stale: 1, unfiled: 0 });
    expect(education.empty.map((i) => i.name)).toEqual(['部门决算']);
    expect(education.stale.map((i) => [i.name, i.newest.title])).toEqual([
      ['部门预算', '西吉县教育局2024年部门预算公开说明'],
    ]);

    const events = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await events();
    expect(await seedDemoCatalog(t.services, t.world)).toBe(0);
    expect(await events()).toBe(before);

    const page = await t.app.inject({ method: 'GET', url: '/disclosure/catalog' });
    expect(page.body).toContain('西吉县人民政府办公室主动公开目录');
    expect(page.body).toContain('西吉县人民政府办公室关于印发政务公开相关制度的通知');
  });
});

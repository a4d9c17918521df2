import { sql } from 'kysely';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../clock.ts';
import { migrateToLatest, migrator } from '../db/migrate.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { createSearchService } from './service.ts';

/** Migration 202612040001: entries indexed before it are still found after it, and their keys stay unique. */
describe.each(await testEngines())('search entries stored by arrival, on %s', (engine) => {
  let db: TestDb;
  const clock = new FixedClock('2026-12-04T02:00:00Z');
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-by-arrival-'));

  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(() => db.drop());

  it('keeps every entry and its FTS5 row through the migration, and still finds them', async () => {
    // Back to the migration before it (undoing the later ones too).
    const down = await migrator(db.kysely).migrateTo('202612030002_requests_statistics');
    expect(
      down.results?.find((r) => r.migrationName === '202612040001_search_entries_by_arrival'),
    ).toMatchObject({
      status: 'Success',
    });
    const before = createSearchService({ db, clock, replicaFile: join(dir, 'before.db') });
    await before.indexMany(
      ['2019-03-01', '2024-07-15', '2021-11-30'].map((day, i) => ({
        id: `00000000-0000-4000-8000-00000000000${i}`,
        agencyId: '00000000-0000-4000-8000-0000000000aa',
        title: `关于城乡居民最低生活保障的通知（${day}）`,
        docNumber: null,
        text: `为做好城乡居民最低生活保障工作，现将有关事项通知如下。第${i + 1}条。`,
        topic: '民政/社会救助',
        publishedAt: `${day}T02:00:00.000Z`,
        validity: 'in_force',
        effectiveTo: null,
      })),
    );
    await before.close();

    expect(await migrateToLatest(db.kysely)).toContain('202612040001_search_entries_by_arrival');
    const after = createSearchService({ db, clock, replicaFile: join(dir, 'after.db') });
    const found = await after.search({ q: '最低生活保障' });
    // Newest first, as the rank key orders them.
    expect(found.items.map((h) => h.publishedOn)).toEqual(['2024-07-15', '2021-11-30', '2019-03-01']);
    const taken = await db.kysely.selectFrom('search_entries').select('rank_key').executeTakeFirstOrThrow();
    await expect(
      db.kysely
        .insertInto('search_entries')
        .values({
          rank_key: taken.rank_key,
          id: '00000000-0000-4000-8000-0000000000ff',
          agency_id: '00000000-0000-4000-8000-0000000000aa',
          title: '重复',
          doc_number: null,
          text: '重复',
          topic: '民政/社会救助',
          year: 2024,
          validity: 'in_force',
          effective_to: null,
          published_at: '2024-07-15T02:00:00.000Z',
        })
        .execute(),
    ).rejects.toThrow();
    if (engine === 'sqlite') {
      const { rows } = await sql<{ name: string; pk: number }>`pragma table_info(search_entries)`.execute(
        db.kysely,
      );
      expect(rows.find((c) => c.name === 'rank_key')?.pk).toBe(0);
    }
    await after.close();
  });
});

import { sql } from 'kysely';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../clock.ts';
import { connect } from '../db/connect.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import { createSearchService, type SearchEntry, type SearchService } from './service.ts';

/** PostgreSQL searches a local FTS5 replica that follows the main database's change log (replica.ts). */

const clock = new FixedClock('2026-12-01T02:00:00Z');

const entry = (n: number, text: string): SearchEntry => ({
  id: `doc-${n}`,
  agencyId: 'agency-1',
  title: `第${n}号通知`,
  docNumber: null,
  text,
  topic: '综合政务',
  publishedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
  validity: 'in_force',
  effectiveTo: null,
});

const ids = async (s: SearchService, q: string): Promise<string[]> =>
  (await s.search({ q, pageSize: 50 })).items.map((i) => i.id).sort();

describe.runIf((await testEngines()).includes('postgres'))('the search replica on postgres', () => {
  let db: TestDb;
  let dir: string;
  const open: SearchService[] = [];
  const service = (file: string, replicaWaitLimit?: number): SearchService => {
    const s = createSearchService({
      db,
      clock,
      replicaFile: join(dir, file),
      ...(replicaWaitLimit !== undefined ? { replicaWaitLimit } : {}),
    });
    open.push(s);
    return s;
  };
  const index = (s: SearchService, e: SearchEntry): Promise<void> =>
    db.kysely.transaction().execute((trx) => s.index(trx, e));

  beforeAll(async () => {
    db = await createTestDb('postgres');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await sql`delete from search_entries`.execute(db.kysely);
    await sql`delete from search_changes`.execute(db.kysely);
  });
  afterAll(() => db.drop());
  const fresh = (): void => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-replica-'));
  };

  it('finds what another process indexed, and not what it removed, on the next search', async () => {
    fresh();
    const a = service('a.db');
    const b = service('b.db');
    expect(await ids(b, '征收补偿')).toEqual([]);
    await index(a, entry(1, '关于房屋征收补偿方案的公告'));
    expect(await ids(b, '征收补偿')).toEqual(['doc-1']);
    await db.kysely.transaction().execute((trx) => b.remove(trx, 'doc-1'));
    expect(await ids(a, '征收补偿')).toEqual([]);
    expect(await ids(b, '征收补偿')).toEqual([]);
  });

  it('sees nothing of a transaction that rolled back', async () => {
    fresh();
    const a = service('a.db');
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await a.index(trx, entry(2, '农村低保资金发放情况'));
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await index(a, entry(3, '城市低保资金发放情况'));
    expect(await ids(a, '低保资金')).toEqual(['doc-3']);
  });

  it('applies each change once when two processes share the replica file', async () => {
    fresh();
    const a = service('shared.db');
    const b = service('shared.db');
    for (let n = 1; n <= 5; n++) await index(a, entry(n, `第${n}批耕地地力保护补贴发放公示`));
    const [fromA, fromB] = await Promise.all([ids(a, '地力保护'), ids(b, '地力保护')]);
    expect(fromA).toEqual(['doc-1', 'doc-2', 'doc-3', 'doc-4', 'doc-5']);
    expect(fromB).toEqual(fromA);
    const file = connect({ kind: 'sqlite', file: join(dir, 'shared.db') });
    const { rows } = await sql<{ n: number }>`select count(*) as n from search_entries`.execute(file.kysely);
    await file.close();
    expect(Number(rows[0]?.n)).toBe(5);
  });

  it('answers 503 in Chinese while a replica far behind catches up in the background, then finds everything', async () => {
    fresh();
    const a = service('a.db');
    await a.indexMany(Array.from({ length: 40 }, (_, n) => entry(n, `第${n}期政务公开工作简报`)));
    const late = service('late.db', 10);
    const err = await late.search({ q: '工作简报' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).status).toBe(503);
    expect((err as DomainError).message).toMatch(/[\u4e00-\u9fff]/);
    let found: string[] | null = null;
    for (let i = 0; i < 100 && found === null; i++) {
      found = await ids(late, '工作简报').catch(() => null);
      if (found === null) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toEqual(await ids(a, '工作简报'));
    expect(found).toHaveLength(40);
  });

  it('makes the replica again when its file is not one, follows another database, or is ahead of the log', async () => {
    fresh();
    writeFileSync(join(dir, 'r.db'), 'not a database');
    const r = service('r.db');
    await index(r, entry(1, '政府信息公开申请办理情况'));
    await index(r, entry(2, '政府信息公开申请答复书'));
    expect(await ids(r, '公开申请')).toEqual(['doc-1', 'doc-2']);

    // The main database restored from a backup taken before doc-2: its log ends lower than the replica.
    await sql`delete from search_changes where rank_key in (select rank_key from search_entries where id = 'doc-2')`.execute(
      db.kysely,
    );
    await sql`delete from search_entries where id = 'doc-2'`.execute(db.kysely);
    expect(await ids(r, '公开申请')).toEqual(['doc-1']);

    // Another database behind the same data directory.
    await sql`update search_source set id = 'another'`.execute(db.kysely);
    const again = service('r.db');
    expect(await ids(again, '公开申请')).toEqual(['doc-1']);
  });
});

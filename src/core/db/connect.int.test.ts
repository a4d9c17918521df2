import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testEngines, type TestDb } from './testing.ts';

describe.each(await testEngines())('database on %s', (engine) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(engine);
    await sql`create table probe (id text primary key, n integer not null, note text)`.execute(db.kysely);
  });
  afterAll(() => db.drop());

  it('reports its engine', () => {
    expect(db.engine).toBe(engine);
  });

  it('round-trips rows, returns inserted rows', async () => {
    const inserted = await sql<{
      id: string;
      n: number;
    }>`insert into probe (id, n, note) values (${'a'}, ${1}, ${null}) returning id, n`.execute(db.kysely);
    expect(inserted.rows).toEqual([{ id: 'a', n: 1 }]);
    const count = await sql<{ c: number }>`select count(*) as c from probe`.execute(db.kysely);
    expect(Number(count.rows[0]?.c)).toBe(1);
  });

  it('rolls back a failed transaction completely', async () => {
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await sql`insert into probe (id, n) values ('b', 2)`.execute(trx);
        await sql`insert into probe (id, n) values ('b', 3)`.execute(trx); // duplicate key
      }),
    ).rejects.toThrow();
    const rows = await sql<{ id: string }>`select id from probe where id = 'b'`.execute(db.kysely);
    expect(rows.rows).toEqual([]);
  });
});

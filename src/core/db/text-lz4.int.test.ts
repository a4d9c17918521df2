import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrator } from './migrate.ts';
import { createTestDb, testEngines, type TestDb } from './testing.ts';

/** Migrations 202612050001 and 202612050002: on PostgreSQL, long texts are compressed with lz4. */
const engines = (await testEngines()).filter((e) => e === 'postgres');

describe.each(engines)('long texts compressed with lz4, on %s', (engine) => {
  let db: TestDb;

  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(() => db.drop());

  const compression = async (table: string, column: string): Promise<string> => {
    const { rows } = await sql<{ c: string }>`
      select attcompression as c from pg_attribute
      where attrelid = ${table}::regclass and attname = ${column}`.execute(db.kysely);
    return rows[0]?.c ?? '?';
  };

  it('stores a new search entry text with lz4, and the migration down goes back to the default', async () => {
    expect(await compression('documents', 'body')).toBe('l');
    expect(await compression('search_entries', 'text')).toBe('l');
    const text = '为做好城乡居民最低生活保障工作，现将有关事项通知如下。'.repeat(200);
    await db.kysely
      .insertInto('search_entries')
      .values({
        rank_key: 1,
        id: '00000000-0000-4000-8000-000000000001',
        agency_id: '00000000-0000-4000-8000-0000000000aa',
        title: '关于城乡居民最低生活保障的通知',
        doc_number: null,
        text,
        topic: '民政/社会救助',
        year: 2026,
        validity: 'in_force',
        effective_to: null,
        published_at: '2026-12-05T02:00:00.000Z',
      })
      .execute();
    const { rows } = await sql<{ method: string; text: string }>`
      select pg_column_compression(text) as method, text from search_entries where rank_key = 1`.execute(
      db.kysely,
    );
    expect(rows[0]).toEqual({ method: 'lz4', text });

    const down = await migrator(db.kysely).migrateTo('202612040001_search_entries_by_arrival');
    expect(down.results?.map((r) => [r.migrationName, r.status])).toEqual([
      ['202612050002_search_text_lz4', 'Success'],
      ['202612050001_documents_body_lz4', 'Success'],
    ]);
    expect(await compression('documents', 'body')).toBe('');
    expect(await compression('search_entries', 'text')).toBe('');
  });
});

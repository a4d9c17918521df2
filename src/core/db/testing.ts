import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect, type Db, type Engine } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

/**
 * Real databases for integration tests: a fresh, migrated SQLite file or PostgreSQL database per
 * call. PostgreSQL comes from PG_TEST_URL (default: the local server, trust auth). Without it the
 * PostgreSQL leg is skipped, loudly; under CI=true a missing PostgreSQL fails the run.
 */
export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let enginesPromise: Promise<Engine[]> | null = null;

/** The engines this run tests on: always SQLite, and PostgreSQL when reachable. */
export function testEngines(): Promise<Engine[]> {
  enginesPromise ??= (async () => {
    if (await postgresAvailable()) return ['sqlite', 'postgres'];
    if (process.env.CI === 'true') {
      throw new Error(
        `CI=true but PostgreSQL is not reachable at ${PG_ADMIN_URL}: the PostgreSQL leg must run in CI`,
      );
    }
    return ['sqlite'];
  })();
  return enginesPromise;
}

export interface TestDb extends Db {
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

export async function createTestDb(engine: Engine): Promise<TestDb> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
    const db = connect({ kind: 'sqlite', file: join(dir, 'test.db') });
    await migrateToLatest(db.kysely);
    return {
      ...db,
      drop: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gongkai_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = connect({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(db.kysely);
  return {
    ...db,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      // pg's pool.end() resolves before its sockets have closed; forcing the drop while a backend
      // is still saying goodbye makes the closing client emit an error nobody listens to any more.
      for (let i = 0; i < 50; i += 1) {
        const { rows } = await c.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

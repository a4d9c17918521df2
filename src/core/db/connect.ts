import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { openNodeSqlite } from './node-sqlite.ts';
import type { Database } from './database.ts';

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (count(*), bigserial) as strings by default; our counts fit in a number.
pg.types.setTypeParser(20, (v) => Number(v));

export function connect(db: Config['db']): Db {
  if (db.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: db.url, max: 10 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, engine: 'postgres', close: () => kysely.destroy() };
  }
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: openNodeSqlite(db.file) }) });
  return { kysely, engine: 'sqlite', close: () => kysely.destroy() };
}

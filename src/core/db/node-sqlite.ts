import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * A thin adapter that lets Kysely's SqliteDialect drive Node's built-in `node:sqlite`, so that the
 * embedded engine needs no native addon (see docs/decisions/0001-node-24-and-node-sqlite.md).
 */
function toSqlite(value: unknown): SQLInputValue {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value as SQLInputValue;
}

class Statement implements SqliteStatement {
  readonly reader: boolean;
  private readonly stmt: StatementSync;
  constructor(stmt: StatementSync) {
    this.stmt = stmt;
    this.reader = stmt.columns().length > 0;
  }
  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.stmt.all(...parameters.map(toSqlite));
  }
  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.stmt.run(...parameters.map(toSqlite));
  }
  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.stmt.iterate(...parameters.map(toSqlite));
  }
}

export function openNodeSqlite(file: string): SqliteDatabase {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  if (file !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  // A 128 MiB page cache (SQLite's default is 2 MiB): a database of many documents (a million is
  // about 15 GB) is written and read at random places — the index pages of every insert, the
  // search index's segments — and each miss is a read from the operating system's cache.
  db.exec('PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072;');
  return {
    close: () => db.close(),
    prepare: (sql: string) => new Statement(db.prepare(sql)),
  };
}

import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/**
 * The few places where the two engines differ in DDL, kept in one file so that migrations stay
 * dialect-neutral. Migrations receive `Kysely<any>`-like builders and must not import app code
 * beyond this file (they are frozen in time).
 */
export type Dialect = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationDb = Kysely<any>;

export function dialectOf(db: MigrationDb): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** A monotonically increasing integer primary key named `seq` (audit chain order, job order). */
export function withSeq<T extends string, C extends string>(
  builder: CreateTableBuilder<T, C>,
  dialect: Dialect,
): CreateTableBuilder<T, C | 'seq'> {
  return dialect === 'postgres'
    ? builder.addColumn('seq', 'bigserial', (c) => c.primaryKey())
    : builder.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * PostgreSQL: a long text column (a few kB a row) compressed with lz4 instead of pglz, PostgreSQL's
 * default, when its values move out of line (TOAST). Measured, 100,000 bodies of the documents bench
 * into a bare table, twice each: pglz 6.2 / 5.8 s, lz4 3.4 / 3.5 s, 6% larger. Values already stored
 * keep their compression until rewritten. The PostgreSQL 14+ builds of Debian, Ubuntu and the
 * official images have lz4; a server built without it keeps pglz. SQLite does not compress.
 * `lz4: false` goes back to the default.
 */
export async function compressWithLz4(
  db: MigrationDb,
  table: string,
  column: string,
  lz4 = true,
): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  if (lz4) {
    const { rows } = await sql<{ ok: boolean }>`
      select exists (select 1 from pg_settings
                     where name = 'default_toast_compression' and 'lz4' = any(enumvals)) as ok`.execute(db);
    if (rows[0]?.ok !== true) return;
  }
  await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} set compression ${sql.raw(
    lz4 ? 'lz4' : 'default',
  )}`.execute(db);
}

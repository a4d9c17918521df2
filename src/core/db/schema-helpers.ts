import { PostgresAdapter, type CreateTableBuilder, type Kysely } from 'kysely';

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

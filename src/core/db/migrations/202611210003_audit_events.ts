import { sql } from 'kysely';
import { dialectOf, withSeq, type MigrationDb } from '../schema-helpers.ts';

/**
 * The hash-chained audit log (core/audit). Append-only at the database: triggers reject UPDATE and
 * DELETE (and TRUNCATE on PostgreSQL), so that the application cannot rewrite history by mistake;
 * someone with DDL rights can still drop them, which `gongkai audit verify` then detects.
 */
export async function up(db: MigrationDb): Promise<void> {
  const dialect = dialectOf(db);
  await withSeq(db.schema.createTable('audit_events'), dialect)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_events_entity')
    .on('audit_events')
    .columns(['entity_type', 'entity_id'])
    .execute();
  await db.schema.createIndex('audit_events_agency').on('audit_events').column('agency_id').execute();

  if (dialect === 'postgres') {
    await sql`
      create function audit_events_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_events is append-only (审计日志只能追加，不能修改或删除)';
      end
      $$`.execute(db);
    await sql`
      create trigger audit_events_no_change before update or delete on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    await sql`
      create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only()`.execute(db);
  } else {
    await sql`
      create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit_events is append-only (审计日志只能追加，不能修改或删除)'); end`.execute(
      db,
    );
    await sql`
      create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit_events is append-only (审计日志只能追加，不能修改或删除)'); end`.execute(
      db,
    );
  }
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
  if (dialectOf(db) === 'postgres') {
    await sql`drop function audit_events_append_only()`.execute(db);
  }
}

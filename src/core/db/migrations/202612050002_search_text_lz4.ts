import { compressWithLz4, type MigrationDb } from '../schema-helpers.ts';

/** PostgreSQL: a search entry's text (the body as plain text) is compressed with lz4 (schema-helpers.ts). */
export async function up(db: MigrationDb): Promise<void> {
  await compressWithLz4(db, 'search_entries', 'text');
}

export async function down(db: MigrationDb): Promise<void> {
  await compressWithLz4(db, 'search_entries', 'text', false);
}

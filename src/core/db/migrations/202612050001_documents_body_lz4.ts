import { compressWithLz4, type MigrationDb } from '../schema-helpers.ts';

/** PostgreSQL: a document's body (about 3 kB) is compressed with lz4 (schema-helpers.ts). */
export async function up(db: MigrationDb): Promise<void> {
  await compressWithLz4(db, 'documents', 'body');
}

export async function down(db: MigrationDb): Promise<void> {
  await compressWithLz4(db, 'documents', 'body', false);
}

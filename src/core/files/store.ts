import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { FilesTable } from './tables.ts';

/** The database or a transaction. */
export type Executor = Kysely<Database>;
export type FileRow = Selectable<FilesTable>;

export async function insert(db: Executor, row: FileRow): Promise<void> {
  await db.insertInto('files').values(row).execute();
}

export async function find(db: Executor, id: string): Promise<FileRow | null> {
  return (await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { ScreeningLeadersTable, ScreeningWordsTable } from './tables.ts';

/** The database or a transaction. */
export type Executor = Kysely<Database>;
export type WordRow = Selectable<ScreeningWordsTable>;
export type LeaderRow = Selectable<ScreeningLeadersTable>;

const LIMIT = 2000;

export const listWords = (db: Executor): Promise<WordRow[]> =>
  db.selectFrom('screening_words').selectAll().orderBy('word').orderBy('id').limit(LIMIT).execute();

export async function findWord(db: Executor, id: string): Promise<WordRow | null> {
  return (await db.selectFrom('screening_words').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function findWordByText(db: Executor, agencyId: string, word: string): Promise<WordRow | null> {
  return (
    (await db
      .selectFrom('screening_words')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .where('word', '=', word)
      .executeTakeFirst()) ?? null
  );
}

export async function insertWord(db: Executor, row: WordRow): Promise<void> {
  await db.insertInto('screening_words').values(row).execute();
}

export async function updateWord(
  db: Executor,
  id: string,
  patch: Updateable<ScreeningWordsTable>,
): Promise<void> {
  await db.updateTable('screening_words').set(patch).where('id', '=', id).execute();
}

export async function deleteWord(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('screening_words').where('id', '=', id).execute();
}

export const listLeaders = (db: Executor, filter: { activeOnly?: boolean } = {}): Promise<LeaderRow[]> => {
  let q = db.selectFrom('screening_leaders').selectAll();
  if (filter.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('sort_order').orderBy('name').orderBy('id').limit(LIMIT).execute();
};

export async function findLeader(db: Executor, id: string): Promise<LeaderRow | null> {
  return (
    (await db.selectFrom('screening_leaders').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
  );
}

export async function insertLeader(db: Executor, row: LeaderRow): Promise<void> {
  await db.insertInto('screening_leaders').values(row).execute();
}

export async function updateLeader(
  db: Executor,
  id: string,
  patch: Updateable<ScreeningLeadersTable>,
): Promise<void> {
  await db.updateTable('screening_leaders').set(patch).where('id', '=', id).execute();
}

export async function deleteLeader(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('screening_leaders').where('id', '=', id).execute();
}

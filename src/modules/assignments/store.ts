import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { AssignmentStatus } from './model.ts';
import type { AssignmentsTable } from './tables.ts';

/** The database or a transaction. */
export type Executor = Kysely<Database>;
export type AssignmentRow = Selectable<AssignmentsTable>;

export async function insert(db: Executor, row: AssignmentRow): Promise<void> {
  await db.insertInto('assignments').values(row).execute();
}

export async function find(db: Executor, id: string): Promise<AssignmentRow | null> {
  return (await db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Newest first; the service filters by what the actor may see. */
export async function list(
  db: Executor,
  filter: { status?: AssignmentStatus; limit: number },
): Promise<AssignmentRow[]> {
  let q = db.selectFrom('assignments').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
}

/** Updates only while the row is still in `from`: of two concurrent closers, one wins. */
export async function updateFrom(
  db: Executor,
  id: string,
  from: AssignmentStatus,
  patch: Updateable<AssignmentsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('assignments')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

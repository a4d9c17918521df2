import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DeadlinesTable } from './tables.ts';

/** SQL of the deadlines table. Every function takes the executor: the root or a transaction. */

type K = Kysely<Database>;
export type DeadlineRow = Selectable<DeadlinesTable>;

export async function insert(k: K, row: DeadlineRow): Promise<void> {
  await k.insertInto('deadlines').values(row).execute();
}

export async function find(k: K, id: string): Promise<DeadlineRow | null> {
  return (await k.selectFrom('deadlines').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function update(
  k: K,
  id: string,
  patch: Partial<Omit<DeadlineRow, 'id' | 'created_at'>>,
): Promise<void> {
  await k.updateTable('deadlines').set(patch).where('id', '=', id).execute();
}

export interface OpenFilter {
  agencyIds?: readonly string[];
  entityType?: string;
  entityId?: string;
  /** Only deadlines stored as due before this instant (UTC ISO). */
  dueBefore?: string;
}

export async function listOpen(k: K, filter: OpenFilter = {}): Promise<DeadlineRow[]> {
  let q = k.selectFrom('deadlines').selectAll().where('status', '=', 'open');
  if (filter.agencyIds) {
    if (filter.agencyIds.length === 0) return [];
    q = q.where('agency_id', 'in', filter.agencyIds);
  }
  if (filter.entityType !== undefined) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
  if (filter.dueBefore !== undefined) q = q.where('due_at', '<', filter.dueBefore);
  return q.orderBy('due_at').orderBy('id').execute();
}

/** Open deadlines assigned to the user, or to a role the user holds in the deadline's agency. */
export async function openForAssignee(
  k: K,
  userId: string,
  roles: readonly { agencyId: string; roles: readonly string[] }[],
): Promise<DeadlineRow[]> {
  return k
    .selectFrom('deadlines')
    .selectAll()
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb('assignee_user_id', '=', userId),
        ...roles
          .filter((m) => m.roles.length > 0)
          .map((m) =>
            eb.and([
              eb('agency_id', '=', m.agencyId),
              eb('assignee_user_id', 'is', null),
              eb('assignee_role', 'in', m.roles),
            ]),
          ),
      ]),
    )
    .orderBy('due_at')
    .orderBy('id')
    .execute();
}

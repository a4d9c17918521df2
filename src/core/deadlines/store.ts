import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DeadlinesTable } from './tables.ts';

/** SQL of the deadlines table. Every function takes the executor: the root or a transaction. */

type K = Kysely<Database>;
export type DeadlineRow = Selectable<DeadlinesTable>;

/** One deadline, or several in one statement. */
export async function insert(k: K, rows: DeadlineRow | DeadlineRow[]): Promise<void> {
  await k.insertInto('deadlines').values(rows).execute();
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

/** What the sweep reads of a deadline whose alert is due: the inputs of `nextAlert`, and what it saw. */
export type AlertRow = Pick<
  DeadlineRow,
  'id' | 'status' | 'spec' | 'due_at' | 'reminders_sent' | 'escalated_at' | 'alert_at' | 'updated_at'
>;

/** Open deadlines whose stored next alert is due at `now` (index deadlines_status_alert). */
export function alertsDueQuery(k: K, now: string) {
  return k
    .selectFrom('deadlines')
    .select(['id', 'status', 'spec', 'due_at', 'reminders_sent', 'escalated_at', 'alert_at', 'updated_at'])
    .where('status', '=', 'open')
    .where('alert_at', '<=', now)
    .orderBy('alert_at');
}

export async function alertsDue(k: K, now: string): Promise<AlertRow[]> {
  return alertsDueQuery(k, now).execute();
}

/**
 * Stores a next alert worked out from `seen`, unless the row changed since it was read (a change
 * stores its own, fresher one).
 */
export async function storeAlertIfUnchanged(
  k: K,
  seen: Pick<DeadlineRow, 'id' | 'alert_at' | 'updated_at'>,
  alert: Pick<DeadlineRow, 'alert_at' | 'next_alert'>,
): Promise<void> {
  await k
    .updateTable('deadlines')
    .set(alert)
    .where('id', '=', seen.id)
    .where('alert_at', '=', seen.alert_at)
    .where('updated_at', '=', seen.updated_at)
    .execute();
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

import type { Actor } from '../../core/auth/actor.ts';
import { can } from '../../core/auth/permissions.ts';
import { availableEvents, type AssignmentEvent, type AssignmentStatus } from './model.ts';

/**
 * Who may do what with an assignment, on top of the permission table. `agencyPath` is the
 * assignee agency's authority path from ORGS (root down, with each government's office inserted
 * after it), so the disclosure office's roles reach the departments and townships it supervises.
 */

/** Whom the work was handed to: a role in one agency. */
export interface Assignee {
  agencyId: string;
  role: string;
}

/** The disclosure office over the agency hands work to it. */
export function mayCreate(actor: Pick<Actor, 'memberships'>, agencyPath: readonly string[]): boolean {
  return can(actor, 'assignment.create', agencyPath);
}

/** The agency's staff, the offices and supervisors above it, and the assignment's creator see it. */
export function mayView(
  actor: Pick<Actor, 'memberships' | 'userId'>,
  agencyPath: readonly string[],
  createdBy: string,
): boolean {
  return createdBy === actor.userId || can(actor, 'assignment.view', agencyPath);
}

/** Holds the assignee role in the assignee agency itself (as My tasks counts it). */
export const isAssignee = (actor: Pick<Actor, 'memberships'>, assignee: Assignee): boolean =>
  actor.memberships.some(
    (m) => m.agencyId === assignee.agencyId && (m.roles as string[]).includes(assignee.role),
  );

/** Completing is for the assignee; cancelling is for whoever may hand the work out. */
export function mayDo(
  actor: Pick<Actor, 'memberships'>,
  event: AssignmentEvent,
  agencyPath: readonly string[],
  assignee: Assignee,
): boolean {
  if (event === 'cancel') return mayCreate(actor, agencyPath);
  return can(actor, 'assignment.complete', agencyPath) && isAssignee(actor, assignee);
}

/** The buttons the console shows: allowed by the state machine and by the actor's roles. */
export function allowedEvents(
  actor: Pick<Actor, 'memberships'>,
  status: AssignmentStatus,
  agencyPath: readonly string[],
  assignee: Assignee,
): AssignmentEvent[] {
  return availableEvents(status).filter((event) => mayDo(actor, event, agencyPath, assignee));
}

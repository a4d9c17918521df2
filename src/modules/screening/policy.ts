import type { Actor } from '../../core/auth/actor.ts';
import { can, PERMISSIONS } from '../../core/auth/permissions.ts';

/**
 * Who sees and keeps the screening lists. A word or leader record belongs to an agency (its scope:
 * that agency and everything below). `agencyPath` is the record's agency's authority path (ORGS).
 */

/** The disclosure office (and the administrator) keep the lists for their agencies and those below. */
export const mayManage = (
  actor: Pick<Actor, 'memberships' | 'userId'>,
  agencyPath: readonly string[],
): boolean => can(actor, 'screening.manage', agencyPath);

/**
 * Staff see a list entry that applies to them (its agency is on the path of an agency where they
 * hold 'screening.view') or that lies within their reach (they hold 'screening.view' above it).
 */
export function mayView(
  actor: Pick<Actor, 'memberships' | 'userId'>,
  agencyId: string,
  agencyPath: readonly string[],
  memberPaths: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (can(actor, 'screening.view', agencyPath)) return true;
  const roles = PERMISSIONS['screening.view'];
  return actor.memberships.some(
    (m) => m.roles.some((r) => roles.includes(r)) && (memberPaths.get(m.agencyId) ?? []).includes(agencyId),
  );
}

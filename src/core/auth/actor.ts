import type { Role } from './roles.ts';

/** One person's roles in one agency. */
export interface Membership {
  agencyId: string;
  roles: Role[];
}

/** The logged-in user as every service sees them. Public (portal) users have no Actor. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  memberships: Membership[];
  /** The agency chosen in the console's agency switcher; one of the memberships. */
  currentAgencyId: string | null;
}

/** The actor for work the system does by itself (scheduled jobs, start-up seeding). */
export const systemActor: Actor = {
  userId: 'system',
  username: 'system',
  displayName: '系统',
  memberships: [],
  currentAgencyId: null,
};

/**
 * The system acting as the region's administrator: only the system may create a region's root
 * agency, and once it exists the system sets up the rest with the same authority (and the same
 * permission checks) as an admin at the root. Audit events name the system as the actor.
 */
export function systemAdminOf(rootId: string): Actor {
  return { ...systemActor, memberships: [{ agencyId: rootId, roles: ['admin'] }], currentAgencyId: rootId };
}

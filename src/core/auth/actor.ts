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

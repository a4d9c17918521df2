import type { Role } from '../../core/auth/roles.ts';
import { conflict } from '../../core/errors.ts';

/**
 * 交办事项: the disclosure office hands a piece of work to an agency and a role there, with a
 * deadline in working days; someone in that role completes it with a note. Pure rules only.
 */

export const ASSIGNMENT_STATUSES = ['open', 'completed', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  open: '办理中',
  completed: '已办结',
  cancelled: '已撤销',
};

export const ASSIGNMENT_EVENTS = ['complete', 'cancel'] as const;
export type AssignmentEvent = (typeof ASSIGNMENT_EVENTS)[number];

/** The state machine: the only way an assignment changes state. */
export const TRANSITIONS: readonly {
  from: AssignmentStatus;
  event: AssignmentEvent;
  to: AssignmentStatus;
}[] = [
  { from: 'open', event: 'complete', to: 'completed' },
  { from: 'open', event: 'cancel', to: 'cancelled' },
];

export function availableEvents(status: AssignmentStatus): AssignmentEvent[] {
  return TRANSITIONS.filter((t) => t.from === status).map((t) => t.event);
}

export function transition(status: AssignmentStatus, event: AssignmentEvent): AssignmentStatus {
  const t = TRANSITIONS.find((x) => x.from === status && x.event === event);
  if (!t) {
    throw conflict(
      `该交办事项${ASSIGNMENT_STATUS_LABELS[status]}，不能${event === 'complete' ? '办结' : '撤销'}`,
      'invalid_state',
    );
  }
  return t.to;
}

/** Work goes to the people who do it: not to the supervisor (who watches) or the system administrator. */
export const ASSIGNABLE_ROLES = [
  'drafter',
  'unit_head',
  'secrecy_reviewer',
  'leader_in_charge',
  'disclosure_officer',
  'web_editor',
  'spokesperson',
] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

/** A 交办 deadline is counted in working days, from 1 to 60 (about three months of work). */
export const MIN_WORKING_DAYS = 1;
export const MAX_WORKING_DAYS = 60;

/** The entity type of assignments in deadlines, audit events and tasks. */
export const ASSIGNMENT_ENTITY = 'assignment';

export const assignmentLink = (id: string): string => `/console/assignments/${id}`;

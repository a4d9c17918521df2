import { REMINDER_KEYS, type ReminderKey } from '../deadlines/schemas.ts';

/**
 * When the deadline sweep tells someone about a deadline (issue 2 §8): a reminder when 3 working
 * days are left, another when 1 is left, and once it is overdue an escalation to the leader in
 * charge and the supervising agency. Each is sent once per deadline. Pure: the sweep applies it.
 */

/** What the sweep needs to know about a deadline (a subset of DeadlineView). */
export interface SweepSubject {
  status: 'open' | 'closed';
  unit: 'working_days' | 'calendar_days' | 'hours';
  /** The clock is stopped (e.g. third-party consultation): nothing is running out. */
  paused: boolean;
  dueAt: string;
  workingDaysLeft: number;
  remindersSent: readonly string[];
  escalatedAt: string | null;
}

export type SweepDecision =
  /** Remind the assignee; `mark` lists every reminder this one makes redundant (itself included). */
  { kind: 'remind'; key: ReminderKey; mark: ReminderKey[] } | { kind: 'escalate' };

/** One name per decision, for job payloads and keys. */
export const decisionName = (d: SweepDecision): ReminderKey | 'escalate' =>
  d.kind === 'remind' ? d.key : d.kind;

/** The reminder thresholds, in working days left. */
const THRESHOLDS: Record<ReminderKey, number> = { due_in_3: 3, due_in_1: 1 };

export function isOverdue(subject: Pick<SweepSubject, 'dueAt'>, now: Date): boolean {
  return now.getTime() > Date.parse(subject.dueAt);
}

export function sweepDecisions(subject: SweepSubject, now: Date): SweepDecision[] {
  if (subject.status !== 'open' || subject.paused) return [];
  if (isOverdue(subject, now)) {
    // Once overdue, reminders are moot: the escalation is the one message left to send.
    return subject.escalatedAt ? [] : [{ kind: 'escalate' }];
  }
  // Hour clocks (e.g. 舆情 first release in 1 h) run out within a day: working-day reminders do not apply.
  if (subject.unit === 'hours') return [];
  const sent = new Set(subject.remindersSent);
  // The most urgent reminder that is due; a deadline that reaches 1 day without the 3-day
  // reminder (e.g. opened with 2 days) gets only the 1-day one.
  const due = REMINDER_KEYS.filter((key) => subject.workingDaysLeft <= THRESHOLDS[key]);
  const mostUrgent = due.at(-1);
  if (!mostUrgent || sent.has(mostUrgent)) return [];
  return [{ kind: 'remind', key: mostUrgent, mark: due.filter((key) => !sent.has(key)) }];
}

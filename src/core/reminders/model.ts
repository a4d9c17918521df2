import { shanghaiDate, startOfDay } from '../calendar/dates.ts';
import { REMINDER_KEYS, type AlertName, type ReminderKey } from '../deadlines/schemas.ts';

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
export const decisionName = (d: SweepDecision): AlertName => (d.kind === 'remind' ? d.key : d.kind);

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

/** What `nextAlert` reads: a sweep subject without the days left, which it works out for any day. */
export type AlertSubject = Omit<SweepSubject, 'workingDaysLeft'>;

export interface NextAlert {
  alert: AlertName;
  /** UTC ISO: from this instant on, sweepDecisions decides this alert (until the next window opens). */
  at: string;
}

// Ten years back: a calendar without 4 working days in that long is not a calendar.
const MAX_LOOKBACK_DAYS = 3660;
const DAY_MS = 86_400_000;

/**
 * Each reminder's window opens on the first date from which at most its threshold n of working days
 * are left until `dueDate` (workingDaysLeft counts the working days after today up to the due date):
 * the (n+1)-th working day counting back from the due date itself, at 00:00. One walk back serves
 * both (the sweep runs this for every alert due: it steps day numbers, not date strings).
 */
function reminderWindows(
  dueDate: string,
  isWorkingDay: (date: string) => boolean,
): { alert: ReminderKey; from: number }[] {
  const starts = new Map<ReminderKey, number>();
  let day = Date.parse(`${dueDate}T00:00:00.000Z`);
  let date = dueDate;
  let found = 0;
  for (let i = 0; i < MAX_LOOKBACK_DAYS && starts.size < REMINDER_KEYS.length; i++, day -= DAY_MS) {
    date = new Date(day).toISOString().slice(0, 10);
    if (!isWorkingDay(date)) continue;
    found++;
    for (const key of REMINDER_KEYS) {
      if (found === THRESHOLDS[key] + 1) starts.set(key, startOfDay(date).getTime());
    }
  }
  const walkedOff = startOfDay(date).getTime();
  return REMINDER_KEYS.map((alert) => ({ alert, from: starts.get(alert) ?? walkedOff }));
}

/**
 * When `sweepDecisions` will next have something to say about a deadline, and what — stored with
 * the deadline so that the sweep reads only the deadlines whose alert is due. For a running clock
 * the due instant is fixed, so the decision only changes at three instants: 00:00 (Shanghai) of the
 * working day from which 3 working days are left (due_in_3), of the one from which 1 is left
 * (due_in_1), and just after the due instant (escalate; hour clocks have only this one). A window
 * whose alert was sent is silent. The answer is the window `now` is in, if it speaks (with the
 * instant it opened, already past), else the first later one that does; null when none will (closed,
 * paused: the clock is stopped and its due date only projected, or everything sent).
 */
export function nextAlert(
  subject: AlertSubject,
  isWorkingDay: (date: string) => boolean,
  now: Date,
): NextAlert | null {
  if (subject.status !== 'open' || subject.paused) return null;
  const sent = new Set<string>(subject.remindersSent);
  const windows: { alert: AlertName; from: number }[] = [];
  // Once both reminders are sent their windows are silent: no need to find them.
  if (subject.unit !== 'hours' && REMINDER_KEYS.some((key) => !sent.has(key))) {
    windows.push(...reminderWindows(shanghaiDate(new Date(subject.dueAt)), isWorkingDay));
  }
  // isOverdue is strictly after the due instant: from its next millisecond.
  windows.push({ alert: 'escalate', from: Date.parse(subject.dueAt) + 1 });
  for (const [i, w] of windows.entries()) {
    const next = windows[i + 1];
    if (next && next.from <= now.getTime()) continue; // this window has passed
    const silent = w.alert === 'escalate' ? subject.escalatedAt !== null : sent.has(w.alert);
    if (!silent) return { alert: w.alert, at: new Date(w.from).toISOString() };
  }
  return null;
}

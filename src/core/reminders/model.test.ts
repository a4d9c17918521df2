import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../calendar/model.ts';
import { nationalEntries, nationalYears } from '../calendar/national.ts';
import { computeDeadline, type DeadlineSpec, type DeadlineUnit } from '../deadlines/model.ts';
import { REMINDER_KEYS, type ReminderKey } from '../deadlines/schemas.ts';
import { seededRandom as random } from '../seeded-random.ts';
import {
  decisionName,
  nextAlert,
  sweepDecisions,
  type AlertSubject,
  type NextAlert,
  type SweepSubject,
} from './model.ts';

const now = new Date('2026-03-02T02:00:00Z');
const open = (patch: Partial<SweepSubject>): SweepSubject => ({
  status: 'open',
  unit: 'working_days',
  paused: false,
  dueAt: '2026-03-10T15:59:59.999Z',
  workingDaysLeft: 6,
  remindersSent: [],
  escalatedAt: null,
  ...patch,
});

describe('sweepDecisions (issue 2 §8: remind at 3 and 1 working days, escalate when overdue)', () => {
  it('says nothing while more than 3 working days are left', () => {
    expect(sweepDecisions(open({ workingDaysLeft: 4 }), now)).toEqual([]);
  });

  it('reminds once when 3 working days are left', () => {
    expect(sweepDecisions(open({ workingDaysLeft: 3 }), now)).toEqual([
      { kind: 'remind', key: 'due_in_3', mark: ['due_in_3'] },
    ]);
    expect(sweepDecisions(open({ workingDaysLeft: 3, remindersSent: ['due_in_3'] }), now)).toEqual([]);
    expect(sweepDecisions(open({ workingDaysLeft: 2, remindersSent: ['due_in_3'] }), now)).toEqual([]);
  });

  it('reminds again when 1 working day is left', () => {
    expect(sweepDecisions(open({ workingDaysLeft: 1, remindersSent: ['due_in_3'] }), now)).toEqual([
      { kind: 'remind', key: 'due_in_1', mark: ['due_in_1'] },
    ]);
    expect(
      sweepDecisions(open({ workingDaysLeft: 0, remindersSent: ['due_in_3', 'due_in_1'] }), now),
    ).toEqual([]);
  });

  it('sends only the 1-day reminder to a deadline that skipped the 3-day mark, and marks both', () => {
    expect(sweepDecisions(open({ workingDaysLeft: 1 }), now)).toEqual([
      { kind: 'remind', key: 'due_in_1', mark: ['due_in_3', 'due_in_1'] },
    ]);
  });

  it('escalates once when overdue, without further reminders', () => {
    const overdue = open({
      dueAt: '2026-03-01T15:59:59.999Z',
      workingDaysLeft: 0,
      remindersSent: ['due_in_3'],
    });
    expect(sweepDecisions(overdue, now)).toEqual([{ kind: 'escalate' }]);
    expect(sweepDecisions({ ...overdue, escalatedAt: '2026-03-02T01:00:00.000Z' }, now)).toEqual([]);
  });

  it('is not overdue until the due instant has passed', () => {
    expect(sweepDecisions(open({ dueAt: now.toISOString(), workingDaysLeft: 0 }), now)).toEqual([
      { kind: 'remind', key: 'due_in_1', mark: ['due_in_3', 'due_in_1'] },
    ]);
  });

  it('reminds nobody while the clock is paused', () => {
    expect(sweepDecisions(open({ workingDaysLeft: 1, paused: true }), now)).toEqual([]);
  });

  it('sends no working-day reminders for hour clocks, but escalates them when overdue', () => {
    expect(sweepDecisions(open({ unit: 'hours', workingDaysLeft: 0 }), now)).toEqual([]);
    expect(sweepDecisions(open({ unit: 'hours', dueAt: '2026-03-02T01:00:00Z' }), now)).toEqual([
      { kind: 'escalate' },
    ]);
  });

  it('leaves closed deadlines alone', () => {
    expect(sweepDecisions(open({ status: 'closed', dueAt: '2026-01-01T00:00:00Z' }), now)).toEqual([]);
  });
});

const calendar = buildCalendar({ years: nationalYears().map((y) => y.year), entries: nationalEntries() });
const isWorking = (date: string): boolean => calendar.day(date).isWorking;

describe('nextAlert: when the sweep next has something to say, and what', () => {
  // Due Monday 2026-06-15 (23:59:59.999 Beijing). Working days back from it: 06-15, 06-12, 06-11, 06-10.
  const due = (patch: Partial<AlertSubject> = {}): AlertSubject => ({
    status: 'open',
    unit: 'working_days',
    paused: false,
    dueAt: '2026-06-15T15:59:59.999Z',
    remindersSent: [],
    escalatedAt: null,
    ...patch,
  });
  const monday = new Date('2026-06-08T02:00:00Z');

  it('the 3-day reminder falls due at 00:00 of the working day from which 3 working days are left', () => {
    // From Wednesday 06-10, 06-11, 06-12 and 06-15 are left: three.
    expect(nextAlert(due(), isWorking, monday)).toEqual({
      alert: 'due_in_3',
      at: '2026-06-09T16:00:00.000Z',
    });
  });

  it('once it is sent, the 1-day reminder falls due at 00:00 of the day from which 1 is left', () => {
    expect(nextAlert(due({ remindersSent: ['due_in_3'] }), isWorking, monday)).toEqual({
      alert: 'due_in_1',
      at: '2026-06-11T16:00:00.000Z', // Friday 06-12: only 06-15 is left
    });
  });

  it('once both are sent, the escalation falls due just after the due instant', () => {
    expect(nextAlert(due({ remindersSent: ['due_in_3', 'due_in_1'] }), isWorking, monday)).toEqual({
      alert: 'escalate',
      at: '2026-06-15T16:00:00.000Z',
    });
  });

  it('a deadline reaching the 1-day window without the 3-day reminder gets only the 1-day one, at once', () => {
    const friday = new Date('2026-06-12T02:00:00Z');
    expect(nextAlert(due(), isWorking, friday)).toEqual({
      alert: 'due_in_1',
      at: '2026-06-11T16:00:00.000Z',
    });
  });

  it('an overdue deadline not yet escalated is due for escalation; an escalated one has nothing left', () => {
    const wednesday = new Date('2026-06-17T02:00:00Z');
    expect(nextAlert(due(), isWorking, wednesday)).toEqual({
      alert: 'escalate',
      at: '2026-06-15T16:00:00.000Z',
    });
    expect(nextAlert(due({ escalatedAt: '2026-06-16T02:00:00.000Z' }), isWorking, wednesday)).toBeNull();
    // Escalated early (e.g. extended after an escalation) and both reminders sent: nothing ever again.
    expect(
      nextAlert(
        due({ remindersSent: ['due_in_3', 'due_in_1'], escalatedAt: '2026-06-01T00:00:00.000Z' }),
        isWorking,
        monday,
      ),
    ).toBeNull();
  });

  it('counts back across a holiday week: due 2024-10-09, after the National Day week', () => {
    // Working days back from 10-09: 10-08, then 09-30 and the 调休 Sunday 09-29 (10-01 to 10-07 are off).
    const afterHoliday = due({ dueAt: '2024-10-09T15:59:59.999Z' });
    const before = new Date('2024-09-20T02:00:00Z');
    expect(nextAlert(afterHoliday, isWorking, before)).toEqual({
      alert: 'due_in_3',
      at: '2024-09-28T16:00:00.000Z',
    });
    // During the holiday two working days are left: the 1-day reminder waits for 10-08, not 09-30.
    const holiday = new Date('2024-10-03T02:00:00Z');
    expect(nextAlert({ ...afterHoliday, remindersSent: ['due_in_3'] }, isWorking, holiday)).toEqual({
      alert: 'due_in_1',
      at: '2024-10-07T16:00:00.000Z',
    });
  });

  it('hour clocks only escalate, just after their due instant', () => {
    const hours = due({ unit: 'hours', dueAt: '2026-03-02T03:00:00.000Z' });
    expect(nextAlert(hours, isWorking, new Date('2026-03-02T01:00:00Z'))).toEqual({
      alert: 'escalate',
      at: '2026-03-02T03:00:00.001Z',
    });
  });

  it('a paused or closed deadline has no alert', () => {
    expect(nextAlert(due({ paused: true }), isWorking, monday)).toBeNull();
    expect(nextAlert(due({ status: 'closed' }), isWorking, monday)).toBeNull();
  });
});

describe('nextAlert agrees with sweepDecisions (random deadlines and instants)', () => {
  const rnd = random(20261203);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const DAY = 86_400_000;
  const HOUR = 3_600_000;
  const iso = (ms: number): string => new Date(ms).toISOString();

  function randomSpec(): DeadlineSpec {
    const unit: DeadlineUnit =
      (['working_days', 'calendar_days', 'hours'] as const)[int(0, 2)] ?? 'working_days';
    // 2023-12 to 2026-11, at any minute: across New Year, Spring Festival, National Day weeks.
    const start = Date.parse('2023-12-01T00:00:00Z') + int(0, 1095) * DAY + int(0, 1439) * 60_000;
    const spec: DeadlineSpec = {
      start: iso(start),
      length: unit === 'hours' ? int(1, 72) : int(1, 25),
      unit,
      regionCode: '',
      pauses: [],
      restarts: [],
      extensions: [],
    };
    const p = rnd();
    const from = start + int(0, 10) * DAY + int(0, 23) * HOUR;
    if (p < 0.2) spec.pauses.push({ from: iso(from), to: iso(from + int(1, 10) * DAY), reason: '征求意见' });
    else if (p < 0.3) spec.pauses.push({ from: iso(from), to: null, reason: '征求意见' });
    if (rnd() < 0.15) spec.restarts.push({ at: iso(start + int(1, 12) * DAY), reason: '补正' });
    if (rnd() < 0.2) spec.extensions.push({ length: int(1, 15), reason: '情况复杂', approvedBy: '负责人' });
    return spec;
  }

  /** The deadline as the sweep sees it at `at` (what DeadlineView carries). */
  function subjectAt(
    spec: DeadlineSpec,
    sent: ReminderKey[],
    escalatedAt: string | null,
    at: Date,
  ): SweepSubject {
    const r = computeDeadline(spec, calendar, at);
    return {
      status: 'open',
      unit: spec.unit,
      paused: r.paused,
      dueAt: r.dueAt,
      workingDaysLeft: r.workingDaysLeft,
      remindersSent: sent,
      escalatedAt,
    };
  }
  const decided = (spec: DeadlineSpec, sent: ReminderKey[], esc: string | null, at: Date): string[] =>
    sweepDecisions(subjectAt(spec, sent, esc, at), at).map(decisionName);
  const stored = (spec: DeadlineSpec, sent: ReminderKey[], esc: string | null, at: Date): NextAlert | null =>
    nextAlert(subjectAt(spec, sent, esc, at), isWorking, at);

  it('for 3,000 deadlines: due ⇔ alert_at ≤ now, same alert; none missed since it was stored; due exactly at alert_at', () => {
    let due = 0;
    let future = 0;
    for (let n = 0; n < 3000; n++) {
      const spec = randomSpec();
      const sent = REMINDER_KEYS.filter(() => rnd() < 0.3);
      const escalatedAt = rnd() < 0.15 ? '2023-01-01T00:00:00.000Z' : null;
      // "now" lands around the due date half the time, anywhere in the period otherwise.
      const dueAt = Date.parse(computeDeadline(spec, calendar, new Date(spec.start)).dueAt);
      const nowMs =
        rnd() < 0.5
          ? dueAt + int(-8 * 24, 3 * 24) * HOUR + int(0, 59) * 60_000
          : Date.parse(spec.start) + int(0, 45 * 24) * HOUR;
      const now = new Date(nowMs);
      const t0 = new Date(nowMs - int(0, 20 * 24) * HOUR); // when the row last changed
      const context = JSON.stringify({ spec, sent, escalatedAt, t0, now });

      const decisions = decided(spec, sent, escalatedAt, now);
      const atNow = stored(spec, sent, escalatedAt, now);
      expect(decisions.length > 0, context).toBe(atNow !== null && atNow.at <= now.toISOString());
      if (decisions.length > 0) expect(decisions[0], context).toBe(atNow?.alert);

      const atT0 = stored(spec, sent, escalatedAt, t0);
      if (decisions.length > 0) {
        due++;
        expect(atT0 !== null && atT0.at <= now.toISOString(), context).toBe(true);
      }
      if (atT0 && atT0.at > t0.toISOString()) {
        future++;
        const at = new Date(atT0.at);
        expect(decided(spec, sent, escalatedAt, at), context).toEqual([atT0.alert]);
        expect(decided(spec, sent, escalatedAt, new Date(at.getTime() - 1)), context).toEqual([]);
      }
    }
    // The sample reaches every case (not a test that passes by having nothing to check).
    expect(due).toBeGreaterThan(300);
    expect(future).toBeGreaterThan(300);
  });
});

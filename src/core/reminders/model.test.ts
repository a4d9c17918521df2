import { describe, expect, it } from 'vitest';
import { sweepDecisions, type SweepSubject } from './model.ts';

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

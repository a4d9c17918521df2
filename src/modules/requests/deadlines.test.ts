import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../../core/calendar/model.ts';
import { nationalEntries, nationalYears } from '../../core/calendar/national.ts';
import { paymentDueOn } from './deadlines.ts';

const calendar = buildCalendar({ years: nationalYears().map((y) => y.year), entries: nationalEntries() });
const XIJI = '640422';
const due = (receivedOn: string | null) => paymentDueOn(calendar, receivedOn, XIJI);

describe('缴费期限 (国办函〔2020〕109号: 收到收费通知次日起20个工作日内)', () => {
  it('counts 20 working days from the day after the applicant receives the notice, over 端午', () => {
    // Received Monday 1 June 2026: day 1 is Tuesday 2 June; 端午 (Friday 19 June) is not counted.
    expect(due('2026-06-01')).toBe('2026-06-30');
  });

  it('counts from the receipt, not from the day the notice was written', () => {
    // Written Monday 8 June (20 working days: 7 July), received by post Wednesday 10 June.
    expect(due('2026-06-08')).toBe('2026-07-07');
    expect(due('2026-06-10')).toBe('2026-07-09');
  });

  it('starts on the first working day when the day after receipt is a weekend or a holiday', () => {
    // Received Friday 5 June: day 1 is Monday 8 June.
    expect(due('2026-06-05')).toBe('2026-07-06');
    // Received on Saturday 20 June, inside 端午: day 1 is Monday 22 June.
    expect(due('2026-06-20')).toBe('2026-07-17');
  });

  it('counts a 调休 Sunday and skips 中秋 and 国庆', () => {
    // Received Friday 18 September: Sunday 20 September is day 1 (调休), 25 September and 1–7
    // October are off, Saturday 10 October is a working day.
    expect(due('2026-09-18')).toBe('2026-10-22');
  });

  it('has no last day while the notice is not known to be received', () => {
    expect(due(null)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { endOfDay, isIsoDate, isIsoDateTime, parseInstant, shanghaiDate, startOfDay } from './dates.ts';

describe('Shanghai days', () => {
  it('a day ends at 23:59:59.999 in Shanghai, which is 15:59:59.999 UTC', () => {
    expect(endOfDay('2024-10-30').toISOString()).toBe('2024-10-30T15:59:59.999Z');
    expect(startOfDay('2024-10-30').toISOString()).toBe('2024-10-29T16:00:00.000Z');
  });

  it('an instant late in the UTC evening is already the next day in Shanghai', () => {
    expect(shanghaiDate(new Date('2024-09-26T16:30:00Z'))).toBe('2024-09-27');
    expect(shanghaiDate(new Date('2024-09-26T15:59:59Z'))).toBe('2024-09-26');
  });

  it('reads plain dates as Shanghai midnight and date-times only with a zone', () => {
    expect(parseInstant('2024-09-27').toISOString()).toBe('2024-09-26T16:00:00.000Z');
    expect(parseInstant('2024-09-27T09:30:00+08:00').toISOString()).toBe('2024-09-27T01:30:00.000Z');
    expect(() => parseInstant('2024-09-27T09:30:00')).toThrow(RangeError);
    expect(() => parseInstant('2024-02-30')).toThrow(RangeError);
  });

  it('knows real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-1-1')).toBe(false);
    expect(isIsoDateTime('2025-02-29T00:00:00Z')).toBe(false);
    expect(isIsoDateTime('2025-02-28T23:00:00.123Z')).toBe(true);
  });
});

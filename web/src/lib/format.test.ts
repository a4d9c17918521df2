import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './format.ts';

describe('dates and times in the console', () => {
  it('writes a date the Chinese way', () => {
    expect(formatDate('2026-11-21')).toBe('2026年11月21日');
    expect(formatDate(null)).toBe('—');
  });

  it('shows an instant in Beijing time, whatever the browser’s zone', () => {
    expect(formatDateTime('2026-11-22T02:52:00.000Z')).toBe('2026-11-22 10:52');
    // 16:30 UTC on New Year's Eve is already 00:30 on 元旦 in Beijing.
    expect(formatDateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(formatDateTime(undefined)).toBe('—');
  });
});

import { describe, expect, it } from 'vitest';
import { backoffMs, latestOccurrence, parseDailyTime } from './model.ts';

describe('backoffMs', () => {
  it('doubles the delay after every failed attempt', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((n) => backoffMs(n, policy))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap', () => {
    expect(backoffMs(40, { baseMs: 30_000, maxMs: 3_600_000 })).toBe(3_600_000);
  });
});

describe('latestOccurrence, every', () => {
  it('names the current hour for an hourly job, so two processes enqueue it once', () => {
    const a = latestOccurrence({ kind: 'every', intervalMs: 3_600_000 }, new Date('2026-03-02T05:10:00Z'));
    const b = latestOccurrence({ kind: 'every', intervalMs: 3_600_000 }, new Date('2026-03-02T05:59:59Z'));
    expect(a).toEqual(b);
    expect(a.runAt.toISOString()).toBe('2026-03-02T05:00:00.000Z');
  });

  it('moves to the next period when the hour turns', () => {
    const next = latestOccurrence({ kind: 'every', intervalMs: 3_600_000 }, new Date('2026-03-02T06:00:00Z'));
    expect(next.runAt.toISOString()).toBe('2026-03-02T06:00:00.000Z');
  });

  it('rejects an interval below one second', () => {
    expect(() => latestOccurrence({ kind: 'every', intervalMs: 10 }, new Date())).toThrow();
  });
});

describe('latestOccurrence, daily in Asia/Shanghai', () => {
  it('is today once the Beijing time has passed', () => {
    // 08:30 Beijing = 00:30 UTC.
    const occ = latestOccurrence({ kind: 'daily', at: '08:00' }, new Date('2026-03-02T00:30:00Z'));
    expect(occ.key).toBe('2026-03-02');
    expect(occ.runAt.toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('is still yesterday before the Beijing time', () => {
    // 07:59 Beijing on 2 March.
    const occ = latestOccurrence({ kind: 'daily', at: '08:00' }, new Date('2026-03-01T23:59:00Z'));
    expect(occ.key).toBe('2026-03-01');
    expect(occ.runAt.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('uses the Beijing date, not the UTC date, around midnight', () => {
    // 01:00 Beijing on 3 March is 17:00 UTC on 2 March.
    const occ = latestOccurrence({ kind: 'daily', at: '00:30' }, new Date('2026-03-02T17:00:00Z'));
    expect(occ.key).toBe('2026-03-03');
    expect(occ.runAt.toISOString()).toBe('2026-03-02T16:30:00.000Z');
  });

  it('rejects times that are not HH:MM', () => {
    expect(() => parseDailyTime('8:00')).toThrow();
    expect(() => parseDailyTime('24:00')).toThrow();
    expect(parseDailyTime('23:59')).toEqual({ hours: 23, minutes: 59 });
  });
});

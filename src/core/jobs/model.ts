/**
 * Pure rules of the job queue: how long to wait before a retry, and which period a recurring job
 * is due for. No I/O; the service applies them.
 */

export interface RetryPolicy {
  /** Delay before the first retry; doubles with every further attempt. */
  baseMs: number;
  /** Upper bound of the delay. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000 };

/** Exponential backoff: after attempt n (1-based) wait base·2^(n-1), capped at max. */
export function backoffMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
}

export type Schedule = { kind: 'every'; intervalMs: number } | { kind: 'daily'; at: string /* HH:MM */ };

export interface Occurrence {
  /** Names the period, so that every process enqueues the same period once (the job's uniqueKey). */
  key: string;
  runAt: Date;
}

/** China Standard Time has no daylight saving: Asia/Shanghai is always UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export function parseDailyTime(at: string): { hours: number; minutes: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new Error(`daily time must be HH:MM (00:00–23:59), got "${at}"`);
  return { hours: Number(m[1]), minutes: Number(m[2]) };
}

/**
 * The most recent occurrence of a schedule at or before `now`. Enqueuing it with its key is
 * idempotent, and a process that was down when an occurrence passed still runs it once on return.
 * `every` periods are aligned to the Unix epoch (whole hours for hourly jobs); `daily` times are
 * wall-clock times in Asia/Shanghai.
 */
export function latestOccurrence(schedule: Schedule, now: Date): Occurrence {
  if (schedule.kind === 'every') {
    if (!(schedule.intervalMs >= 1000)) throw new Error('interval must be at least 1000 ms');
    const start = Math.floor(now.getTime() / schedule.intervalMs) * schedule.intervalMs;
    const runAt = new Date(start);
    return { key: runAt.toISOString(), runAt };
  }
  const { hours, minutes } = parseDailyTime(schedule.at);
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const localMidnight = Math.floor(local / DAY_MS) * DAY_MS;
  let occurrenceLocal = localMidnight + (hours * 60 + minutes) * 60_000;
  if (occurrenceLocal > local) occurrenceLocal -= DAY_MS;
  const key = new Date(occurrenceLocal).toISOString().slice(0, 10);
  return { key, runAt: new Date(occurrenceLocal - SHANGHAI_OFFSET_MS) };
}

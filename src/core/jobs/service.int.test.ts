import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../clock.ts';
import { connect, type Db } from '../db/connect.ts';
import { createTestDb, PG_ADMIN_URL, testEngines, type TestDb } from '../db/testing.ts';
import { createJobsService, type JobsService, type Logger } from './service.ts';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A second, independent connection (pool) to the same database, as a second server process has. */
async function secondConnection(db: TestDb): Promise<Db> {
  if (db.engine === 'postgres') {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db.kysely);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${rows[0]?.name ?? ''}`;
    return connect({ kind: 'postgres', url: url.toString() });
  }
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db.kysely);
  return connect({ kind: 'sqlite', file: rows[0]?.file ?? '' });
}

async function jobRows(db: Db, type: string) {
  return db.kysely.selectFrom('jobs').selectAll().where('type', '=', type).orderBy('created_at').execute();
}

describe.each(await testEngines())('jobs on %s', (engine) => {
  let db: TestDb;
  const clock = new FixedClock('2026-03-02T02:00:00Z');
  let jobs: JobsService;

  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(() => db.drop());
  afterEach(async () => {
    await jobs.stop();
    await db.kysely.deleteFrom('jobs').execute();
    clock.set('2026-03-02T02:00:00Z');
  });

  function makeJobs(options: Partial<Parameters<typeof createJobsService>[0]> = {}): JobsService {
    jobs = createJobsService({
      db,
      clock,
      logger: quiet,
      retry: { baseMs: 60_000, maxMs: 600_000 },
      ...options,
    });
    return jobs;
  }

  it('keeps a job only when the enqueuing transaction commits', async () => {
    makeJobs();
    const seen: unknown[] = [];
    jobs.register('test.echo', async (payload) => {
      seen.push(payload);
    });
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await jobs.enqueue(trx, { type: 'test.echo', payload: { n: 1 } });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await db.kysely
      .transaction()
      .execute((trx) => jobs.enqueue(trx, { type: 'test.echo', payload: { n: 2 } }));

    expect(await jobs.runDue()).toBe(1);
    expect(seen).toEqual([{ n: 2 }]);
    expect((await jobRows(db, 'test.echo')).map((j) => j.status)).toEqual(['done']);
  });

  it('waits for run_at', async () => {
    makeJobs();
    let runs = 0;
    jobs.register('test.later', async () => {
      runs += 1;
    });
    await jobs.enqueue(db.kysely, { type: 'test.later', runAt: new Date('2026-03-02T03:00:00Z') });
    expect(await jobs.runDue()).toBe(0);
    clock.set('2026-03-02T03:00:00Z');
    expect(await jobs.runDue()).toBe(1);
    expect(runs).toBe(1);
  });

  it('deduplicates by uniqueKey', async () => {
    makeJobs();
    let runs = 0;
    jobs.register('test.once', async () => {
      runs += 1;
    });
    expect(await jobs.enqueue(db.kysely, { type: 'test.once', uniqueKey: 'once:2026-03-02' })).toBe(true);
    expect(await jobs.enqueue(db.kysely, { type: 'test.once', uniqueKey: 'once:2026-03-02' })).toBe(false);
    await jobs.runDue();
    expect(await jobs.enqueue(db.kysely, { type: 'test.once', uniqueKey: 'once:2026-03-02' })).toBe(false);
    await jobs.runDue();
    expect(runs).toBe(1);
  });

  it('enqueues many at once, in as many statements as the parameter limit needs, counting only new keys', async () => {
    makeJobs();
    // 13 columns a row: SQLite's 32,766 parameters take 2,520 rows, so each call needs two statements.
    const many = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({
        type: 'test.many',
        payload: { n: from + i },
        uniqueKey: `many:${from + i}`,
      }));
    expect(await jobs.enqueueMany(db.kysely, many(0, 4000))).toBe(4000);
    expect(await jobs.enqueueMany(db.kysely, many(3000, 6000))).toBe(2000);
    expect(await jobs.enqueueMany(db.kysely, [])).toBe(0);
    const rows = await jobRows(db, 'test.many');
    expect(rows).toHaveLength(6000);
    expect(new Set(rows.map((r) => (JSON.parse(r.payload) as { n: number }).n)).size).toBe(6000);
  });

  it('enqueues many with no key, a run time and a retry limit each, and a key twice in one call once', async () => {
    makeJobs();
    const runAt = new Date('2026-03-02T03:00:00Z');
    const added = await jobs.enqueueMany(db.kysely, [
      { type: 'test.mixed', payload: { n: 1 } },
      { type: 'test.mixed', payload: { n: 2 }, runAt, maxAttempts: 2 },
      { type: 'test.mixed', payload: { n: 3 }, uniqueKey: 'mixed:a' },
      { type: 'test.mixed', payload: { n: 4 }, uniqueKey: 'mixed:a' },
    ]);
    expect(added).toBe(3);
    const rows = (await jobRows(db, 'test.mixed')).map((r) => ({
      n: (JSON.parse(r.payload) as { n: number }).n,
      runAt: r.run_at,
      maxAttempts: r.max_attempts,
      key: r.unique_key,
      status: r.status,
    }));
    expect(rows.sort((a, b) => a.n - b.n)).toEqual([
      { n: 1, runAt: clock.now().toISOString(), maxAttempts: 5, key: null, status: 'pending' },
      { n: 2, runAt: runAt.toISOString(), maxAttempts: 2, key: null, status: 'pending' },
      { n: 3, runAt: clock.now().toISOString(), maxAttempts: 5, key: 'mixed:a', status: 'pending' },
    ]);
  });

  it('retries with growing backoff, then fails with the last error', async () => {
    makeJobs();
    let runs = 0;
    jobs.register('test.flaky', async () => {
      runs += 1;
      throw new Error(`SMTP 连接失败 #${runs}`);
    });
    await jobs.enqueue(db.kysely, { type: 'test.flaky', maxAttempts: 3 });

    expect(await jobs.runDue()).toBe(1);
    let [job] = await jobRows(db, 'test.flaky');
    expect(job).toMatchObject({ status: 'pending', attempts: 1, run_at: '2026-03-02T02:01:00.000Z' });
    expect(job?.last_error).toContain('SMTP 连接失败 #1');

    clock.set('2026-03-02T02:01:30Z');
    expect(await jobs.runDue()).toBe(1);
    [job] = await jobRows(db, 'test.flaky');
    // Second retry waits twice as long as the first.
    expect(job).toMatchObject({ status: 'pending', attempts: 2, run_at: '2026-03-02T02:03:30.000Z' });
    expect(await jobs.runDue()).toBe(0);

    clock.set('2026-03-02T02:04:00Z');
    expect(await jobs.runDue()).toBe(1);
    [job] = await jobRows(db, 'test.flaky');
    expect(job).toMatchObject({ status: 'failed', attempts: 3, locked_by: null });
    expect(job?.last_error).toContain('SMTP 连接失败 #3');

    clock.set('2026-03-03T00:00:00Z');
    expect(await jobs.runDue()).toBe(0);
    expect(runs).toBe(3);
  });

  it('runs a job again when its runner died holding the lock, and not before the lock expires', async () => {
    makeJobs({ lockMs: 60_000 });
    let runs = 0;
    jobs.register('test.crash', async () => {
      runs += 1;
    });
    await jobs.enqueue(db.kysely, { type: 'test.crash' });
    // Another process claimed it and then vanished.
    await db.kysely
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: 1,
        locked_by: 'dead-worker',
        locked_until: '2026-03-02T02:01:00.000Z',
      })
      .execute();

    expect(await jobs.runDue()).toBe(0);
    clock.set('2026-03-02T02:01:01Z');
    expect(await jobs.runDue()).toBe(1);
    expect(runs).toBe(1);
    expect(await jobRows(db, 'test.crash')).toMatchObject([{ status: 'done', attempts: 2 }]);
  });

  it('marks a job failed when its runner died on the last attempt', async () => {
    makeJobs();
    let runs = 0;
    jobs.register('test.poison', async () => {
      runs += 1;
    });
    await jobs.enqueue(db.kysely, { type: 'test.poison', maxAttempts: 2 });
    await db.kysely
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: 2,
        locked_by: 'dead-worker',
        locked_until: '2026-03-02T01:00:00.000Z',
      })
      .execute();
    expect(await jobs.runDue()).toBe(1);
    expect(runs).toBe(0);
    const [job] = await jobRows(db, 'test.poison');
    expect(job?.status).toBe('failed');
    expect(job?.last_error).toContain('中断');
  });

  it('leaves jobs it has no handler for to processes that have one', async () => {
    makeJobs();
    jobs.register('test.mine', async () => undefined);
    await jobs.enqueue(db.kysely, { type: 'test.other' });
    expect(await jobs.runDue()).toBe(0);
    expect(await jobRows(db, 'test.other')).toMatchObject([{ status: 'pending', attempts: 0 }]);
  });

  it('enqueues a recurring job once per period, even from two processes', async () => {
    const a = makeJobs();
    const b = createJobsService({ db, clock, logger: quiet });
    let runs = 0;
    for (const s of [a, b]) {
      s.register('test.hourly', async () => {
        runs += 1;
      });
      s.every('test.hourly', 3_600_000);
    }
    await Promise.all([a.tick(), b.tick()]);
    clock.set('2026-03-02T02:59:00Z');
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toBe(1);
    clock.set('2026-03-02T03:00:00Z');
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toBe(2);
    expect((await jobRows(db, 'test.hourly')).map((j) => j.unique_key)).toEqual([
      'recurring:test.hourly:2026-03-02T02:00:00.000Z',
      'recurring:test.hourly:2026-03-02T03:00:00.000Z',
    ]);
  });

  it('runs a daily job at its Beijing time', async () => {
    makeJobs();
    let runs = 0;
    jobs.register('test.daily', async () => {
      runs += 1;
    });
    jobs.daily('test.daily', '11:00'); // 03:00 UTC
    await jobs.tick();
    // 10:00 Beijing: the latest occurrence is yesterday's, which runs now (the process was down then).
    expect((await jobRows(db, 'test.daily')).map((j) => j.unique_key)).toEqual([
      'recurring:test.daily:2026-03-01',
    ]);
    clock.set('2026-03-02T02:59:00Z');
    await jobs.tick();
    expect(runs).toBe(1);
    clock.set('2026-03-02T03:00:00Z');
    await jobs.tick();
    expect(runs).toBe(2);
  });

  it('prunes done jobs after 30 days but keeps failed ones', async () => {
    makeJobs();
    jobs.register('test.old', async () => {
      throw new Error('boom');
    });
    jobs.register('test.fine', async () => undefined);
    await jobs.enqueue(db.kysely, { type: 'test.old', maxAttempts: 1 });
    await jobs.enqueue(db.kysely, { type: 'test.fine' });
    await jobs.runDue();
    clock.set('2026-04-10T02:00:00Z');
    await jobs.tick();
    expect(await jobRows(db, 'test.fine')).toEqual([]);
    expect(await jobRows(db, 'test.old')).toMatchObject([{ status: 'failed' }]);
  });

  it('stop() waits for the running job, and the scheduler ticks by itself', async () => {
    makeJobs();
    let finished = 0;
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    jobs.register('test.slow', async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished += 1;
    });
    await jobs.enqueue(db.kysely, { type: 'test.slow' });
    jobs.startScheduler({ tickMs: 10, logger: quiet });
    await startedPromise;
    await jobs.stop();
    expect(finished).toBe(1);
    expect(await jobRows(db, 'test.slow')).toMatchObject([{ status: 'done' }]);

    // Stopped: a new job is not picked up.
    await jobs.enqueue(db.kysely, { type: 'test.slow' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(1);
  });

  it('runs every job exactly once when two processes with their own connections compete', async () => {
    const otherDb = await secondConnection(db);
    try {
      const counts = new Map<string, number>();
      const handler = async (payload: unknown): Promise<void> => {
        const { n } = payload as { n: number };
        counts.set(String(n), (counts.get(String(n)) ?? 0) + 1);
        // Hold the job briefly so that the two workers really overlap.
        await new Promise((resolve) => setTimeout(resolve, 2));
      };
      const a = makeJobs();
      const b = createJobsService({ db: otherDb, clock, logger: quiet });
      a.register('test.race', handler);
      b.register('test.race', handler);
      await db.kysely.transaction().execute(async (trx) => {
        for (let n = 0; n < 50; n += 1) await a.enqueue(trx, { type: 'test.race', payload: { n } });
      });

      const [ranA, ranB] = await Promise.all([a.runDue('worker-a'), b.runDue('worker-b')]);

      expect(ranA + ranB).toBe(50);
      expect(ranA).toBeGreaterThan(0);
      expect(ranB).toBeGreaterThan(0);
      expect(counts.size).toBe(50);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      const rows = await jobRows(db, 'test.race');
      expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    } finally {
      await otherDb.close();
    }
  });
});

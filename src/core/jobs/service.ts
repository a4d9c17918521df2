import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { byColumns } from '../db/by-columns.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import { backoffMs, DEFAULT_RETRY, latestOccurrence, type RetryPolicy, type Schedule } from './model.ts';
import type { JobsTable } from './tables.ts';

/** The subset of pino's interface the scheduler logs through (Fastify's `app.log` fits). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Warnings and errors as JSON lines on stderr, for processes without a server logger (CLI, tests). */
export const stderrLogger: Logger = {
  info: () => undefined,
  warn: (obj, msg) => console.error(JSON.stringify({ level: 'warn', msg, ...obj })),
  error: (obj, msg) => console.error(JSON.stringify({ level: 'error', msg, ...obj })),
};

export interface JobContext {
  id: string;
  type: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  workerId: string;
  /** The scheduler's logger (the server's once the scheduler has started). */
  logger: Logger;
}

/** A handler parses its own payload (it arrives as stored JSON) and throws to ask for a retry. */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface EnqueueInput {
  type: string;
  payload?: unknown;
  runAt?: Date;
  /** At most one job with this key ever exists; enqueuing it again does nothing. */
  uniqueKey?: string;
  maxAttempts?: number;
}

export interface SchedulerOptions {
  /** Pause between ticks (default 5 s). */
  tickMs?: number;
  logger?: Logger;
}

export interface JobsService {
  readonly workerId: string;
  /**
   * Adds a job in the caller's transaction (an outbox): the job exists exactly when the change
   * that asked for it was committed. Returns false when `uniqueKey` already existed.
   */
  enqueue(trx: Kysely<Database>, job: EnqueueInput): Promise<boolean>;
  /** The same for many jobs at once, in multi-row INSERTs; returns how many were new. */
  enqueueMany(trx: Kysely<Database>, jobs: readonly EnqueueInput[]): Promise<number>;
  register(type: string, handler: JobHandler): void;
  /** A recurring job every `intervalMs` (epoch-aligned periods, e.g. on the hour). */
  every(type: string, intervalMs: number, payload?: unknown): void;
  /** A recurring job once a day at `at` (HH:MM, Asia/Shanghai). */
  daily(type: string, at: string, payload?: unknown): void;
  /** Enqueues the current period of every recurring job (idempotent across processes). */
  enqueueRecurring(): Promise<void>;
  /** Claims and runs due jobs until none is left; returns how many it ran. */
  runDue(workerId?: string): Promise<number>;
  /** One scheduler tick: enqueue recurring jobs, then run what is due. */
  tick(): Promise<void>;
  startScheduler(options?: SchedulerOptions): void;
  /** Stops ticking; resolves once the job that is running (if any) has finished. */
  stop(): Promise<void>;
}

export interface JobsDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  /** How long a claim lasts; a running job whose lock has passed is presumed dead and run again. */
  lockMs?: number;
  retry?: RetryPolicy;
  defaultMaxAttempts?: number;
}

const CANDIDATE_BATCH = 10;
/** SQLite binds at most 32,766 parameters to one statement (PostgreSQL 65,535). */
const MAX_PARAMETERS = 32_766;
/** Done jobs are kept this long for inspection, then deleted by the built-in prune job. */
const KEEP_DONE_MS = 30 * 86_400_000;

type JobRow = JobsTable;

function describeError(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return text.slice(0, 4000);
}

/**
 * PostgreSQL: the jobs as one array per column (core/db/by-columns.ts); a key already taken is
 * skipped (50,000 alerts with every key taken: 1.1 s as VALUES lists, 0.6 s so).
 */
async function insertByColumns(trx: Kysely<Database>, rows: readonly JobRow[]): Promise<number> {
  const result =
    await sql`insert into jobs ${byColumns(rows, JOB_COLUMNS)} on conflict (unique_key) do nothing`.execute(
      trx,
    );
  return Number(result.numAffectedRows ?? 0);
}

const JOB_COLUMNS = {
  id: 'text',
  type: 'text',
  payload: 'text',
  run_at: 'text',
  status: 'text',
  attempts: 'int',
  max_attempts: 'int',
  locked_by: 'text',
  locked_until: 'text',
  last_error: 'text',
  unique_key: 'text',
  created_at: 'text',
  updated_at: 'text',
} as const;

export function createJobsService(deps: JobsDeps): JobsService {
  const { db, clock } = deps;
  const lockMs = deps.lockMs ?? 10 * 60_000;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const defaultMaxAttempts = deps.defaultMaxAttempts ?? 5;
  let logger = deps.logger ?? stderrLogger;
  const workerId = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  const handlers = new Map<string, JobHandler>();
  const recurring: { type: string; schedule: Schedule; payload: unknown }[] = [];

  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let currentTick: Promise<void> | null = null;

  async function enqueueMany(trx: Kysely<Database>, jobs: readonly EnqueueInput[]): Promise<number> {
    const now = clock.now();
    const rows: JobRow[] = jobs.map((job) => ({
      id: newId(),
      type: job.type,
      payload: JSON.stringify(job.payload ?? null),
      run_at: (job.runAt ?? now).toISOString(),
      status: 'pending',
      attempts: 0,
      max_attempts: job.maxAttempts ?? defaultMaxAttempts,
      locked_by: null,
      locked_until: null,
      last_error: null,
      unique_key: job.uniqueKey ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    }));
    const first = rows[0];
    if (!first) return 0;
    if (db.engine === 'postgres') return insertByColumns(trx, rows);
    const perStatement = Math.floor(MAX_PARAMETERS / Object.keys(first).length);
    let added = 0;
    for (let i = 0; i < rows.length; i += perStatement) {
      const result = await trx
        .insertInto('jobs')
        .values(rows.slice(i, i + perStatement))
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  const enqueue = async (trx: Kysely<Database>, job: EnqueueInput): Promise<boolean> =>
    (await enqueueMany(trx, [job])) === 1;

  /** Jobs this process can run that are due, or whose runner's lock has passed. */
  function dueCandidates(now: string): Promise<JobRow[]> {
    return db.kysely
      .selectFrom('jobs')
      .selectAll()
      .where('type', 'in', [...handlers.keys()])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .orderBy('id')
      .limit(CANDIDATE_BATCH)
      .execute();
  }

  /**
   * One conditional UPDATE decides who runs a job: it matches only while the row is still in the
   * state this worker saw (same attempts count, still due or still stale). Of two processes racing
   * for a job, exactly one sees an affected row; this holds on PostgreSQL across connections and on
   * SQLite, where writes are serialised.
   */
  async function claim(job: JobRow, worker: string): Promise<JobRow | null> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const lockedUntil = new Date(now.getTime() + lockMs).toISOString();
    const result = await db.kysely
      .updateTable('jobs')
      .set({
        status: 'running',
        locked_by: worker,
        locked_until: lockedUntil,
        attempts: job.attempts + 1,
        updated_at: nowIso,
      })
      .where('id', '=', job.id)
      .where('attempts', '=', job.attempts)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', nowIso)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', nowIso)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return null;
    return {
      ...job,
      status: 'running',
      locked_by: worker,
      locked_until: lockedUntil,
      attempts: job.attempts + 1,
    };
  }

  /** Writes the outcome, but only while this worker still holds the claim. */
  async function settle(
    job: JobRow,
    worker: string,
    patch: Pick<JobRow, 'status'> & Partial<Pick<JobRow, 'run_at' | 'last_error'>>,
  ): Promise<void> {
    const result = await db.kysely
      .updateTable('jobs')
      .set({ ...patch, locked_by: null, locked_until: null, updated_at: clock.now().toISOString() })
      .where('id', '=', job.id)
      .where('locked_by', '=', worker)
      .where('attempts', '=', job.attempts)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      logger.warn({ jobId: job.id, type: job.type }, 'job lock was lost before it finished');
    }
  }

  async function execute(job: JobRow, worker: string): Promise<void> {
    const handler = handlers.get(job.type);
    if (!handler) return;
    if (job.attempts > job.max_attempts) {
      // Claimed again after its runner died on the last allowed attempt.
      await settle(job, worker, { status: 'failed', last_error: '任务在最后一次尝试中中断（锁已过期）' });
      logger.error({ jobId: job.id, type: job.type }, 'job failed: lock expired on its last attempt');
      return;
    }
    try {
      await handler(JSON.parse(job.payload) as unknown, {
        id: job.id,
        type: job.type,
        attempt: job.attempts,
        workerId: worker,
        logger,
      });
      await settle(job, worker, { status: 'done', last_error: null });
    } catch (err) {
      const lastError = describeError(err);
      if (job.attempts >= job.max_attempts) {
        await settle(job, worker, { status: 'failed', last_error: lastError });
        logger.error({ jobId: job.id, type: job.type, attempts: job.attempts, err }, 'job failed');
      } else {
        const runAt = new Date(clock.now().getTime() + backoffMs(job.attempts, retry)).toISOString();
        await settle(job, worker, { status: 'pending', run_at: runAt, last_error: lastError });
        logger.warn(
          { jobId: job.id, type: job.type, attempts: job.attempts, runAt, err },
          'job failed, will retry',
        );
      }
    }
  }

  async function runUntilIdle(worker: string): Promise<number> {
    let ran = 0;
    while (!stopping && handlers.size > 0) {
      const candidates = await dueCandidates(clock.now().toISOString());
      if (candidates.length === 0) break;
      for (const candidate of candidates) {
        if (stopping) break;
        const job = await claim(candidate, worker);
        if (!job) continue; // another worker took it
        await execute(job, worker);
        ran += 1;
      }
    }
    return ran;
  }

  async function enqueueRecurring(): Promise<void> {
    const now = clock.now();
    for (const r of recurring) {
      const occurrence = latestOccurrence(r.schedule, now);
      await enqueue(db.kysely, {
        type: r.type,
        payload: r.payload,
        runAt: occurrence.runAt,
        uniqueKey: `recurring:${r.type}:${occurrence.key}`,
      });
    }
  }

  async function tick(): Promise<void> {
    await enqueueRecurring();
    await runUntilIdle(workerId);
  }

  const service: JobsService = {
    workerId,
    enqueue,
    enqueueMany,
    register(type, handler) {
      if (handlers.has(type)) throw new Error(`job handler already registered: ${type}`);
      handlers.set(type, handler);
    },
    every(type, intervalMs, payload = null) {
      const schedule: Schedule = { kind: 'every', intervalMs };
      latestOccurrence(schedule, clock.now()); // fail at registration, not at the first tick
      recurring.push({ type, schedule, payload });
    },
    daily(type, at, payload = null) {
      const schedule: Schedule = { kind: 'daily', at };
      latestOccurrence(schedule, clock.now());
      recurring.push({ type, schedule, payload });
    },
    enqueueRecurring,
    runDue: (worker = workerId) => runUntilIdle(worker),
    tick,
    startScheduler(options = {}) {
      if (timer || currentTick) return;
      if (options.logger) logger = options.logger;
      const tickMs = options.tickMs ?? 5000;
      stopping = false;
      const loop = (): void => {
        timer = null;
        currentTick = tick()
          .catch((err: unknown) => logger.error({ err }, 'scheduler tick failed'))
          .finally(() => {
            currentTick = null;
            if (!stopping) {
              timer = setTimeout(loop, tickMs);
              // The HTTP server keeps the process alive; the scheduler alone must not.
              timer.unref();
            }
          });
      };
      loop();
      logger.info({ workerId, tickMs }, 'scheduler started');
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await currentTick;
      stopping = false;
    },
  };

  service.register('jobs.prune', async () => {
    const before = new Date(clock.now().getTime() - KEEP_DONE_MS).toISOString();
    await db.kysely
      .deleteFrom('jobs')
      .where('status', '=', 'done')
      .where('updated_at', '<', before)
      .execute();
  });
  service.daily('jobs.prune', '03:30');

  return service;
}

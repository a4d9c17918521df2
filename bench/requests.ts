/**
 * Benchmark: 依申请公开 at scale — the hourly deadline sweep over N open requests, the annual
 * statistics (tables 三 and 四) of one agency-year and of a whole region, and the portal form
 * POST /apply under load.
 *
 *   npm run bench:requests -- [--requests 100000] [--stats 100000] [--region 1000000]
 *                             [--engine sqlite|postgres|both] [--duration 10] [--rate 200] [--reps 3]
 *                             [--keep] [--profile DIR]
 *
 * For each engine: a fresh database (a temporary SQLite file, or a new PostgreSQL database on
 * PG_TEST_URL's server), migrated; a region of 1,000 agencies; then, in batches of 500 rows with
 * the shapes the service writes (bench/lib/generate-requests.ts):
 * - `--requests` open requests with their open reply clocks (core `deadlines` rows), received over
 *   the 40 working days before "now" (Tuesday 2026-11-17, 00:30 Beijing), with corrections,
 *   restarts, consultations and extensions;
 * - `--stats` answered requests of 2025 for one agency (西吉县人民政府), and `--region` in all for
 *   the region's 1,000 agencies (the rest spread over the other 999; 0: no region), with closed
 *   clocks and some reconsiderations and lawsuits.
 * Then, in this process, on the real services (`createServices`, fixed clock at "now"):
 * - the deadline sweep (`deadlineSweep.sweep()`, core/reminders/sweep.ts): the first sweep after
 *   midnight, which queues the day's reminders and escalations (repeated after deleting the queued
 *   alert jobs), the same sweep again with the alerts still queued, and a quiet hour (the alerts
 *   sent: nothing to queue); with its parts timed apart (the SELECT, the specs' JSON,
 *   `computeDeadline`, `deadlines.listOpen`, the decisions);
 * - `requests.statistics(actor, agency, 2025)` for the one agency, split into its query and its pure
 *   tables, and the size of the API's JSON answer;
 * - the region: `requests.statistics` once per agency (1,000 calls), one pass over all rows with
 *   the same store queries and pure tables (`factsFor` and `disputeFactsFor` with every agency id,
 *   `tableThree`, `tableFour`), the least a region-wide call must do, and the service's 'region'
 *   scope if it has one; with the plans of the query;
 * - the real server (bench/lib/serve.ts app, its own process, TRUST_PROXY=true) loaded with
 *   POST /apply by autocannon (in a child process), each submission from its own `x-forwarded-for`
 *   address (the form is rate-limited per address) and with its own description: `rate × duration`
 *   submissions offered at `--rate` per second, then as many as fast as they go; afterwards the new
 *   rows in `requests` are counted against the 201 answers. On PostgreSQL the server's sessions are
 *   sampled meanwhile (pg_stat_activity). `--profile DIR` writes a CPU profile of the server.
 * Results go to bench/results/requests-<date>-<engine>-<N>.json and a table on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Actor } from '../src/core/auth/actor.ts';
import { FixedClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import { connect, type Db, type Engine } from '../src/core/db/connect.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { PG_ADMIN_URL, postgresAvailable } from '../src/core/db/testing.ts';
import { computeDeadline, type DeadlineSpec } from '../src/core/deadlines/model.ts';
import * as deadlineStore from '../src/core/deadlines/store.ts';
import { decisionName, sweepDecisions } from '../src/core/reminders/model.ts';
import { ALERT_JOB } from '../src/core/reminders/sweep.ts';
import { createSealer } from '../src/core/sealed.ts';
import type { ApplicantType, DisputeKind, DisputeOutcome } from '../src/modules/requests/model.ts';
import type { Outcome } from '../src/modules/requests/outcomes.ts';
import { tableFour, tableThree, type TableThree } from '../src/modules/requests/statistics.ts';
import * as requestStore from '../src/modules/requests/store.ts';
import { createServices, type Services } from '../src/services.ts';
import {
  agencyRows,
  closedRequests,
  emptyMix,
  generatorContext,
  NOW,
  openRequests,
  regionAgencies,
  regionPicker,
  settingsRows,
  statsAgency,
  STATS_YEAR,
  type BenchAgency,
  type GeneratedRequest,
  type GeneratorContext,
  type OpenMix,
} from './lib/generate-requests.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BATCH = 500;
/** The deployment's field key for this run: the bench and the server seal and read with it. */
const FIELD_KEY = 'bench-requests-field-key-0123456789abcdef';
/** The resident ID the portal load submits (a valid check digit). */
const APPLY_ID_NUMBER = '11010519491231002X';

function options() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '100000' },
      stats: { type: 'string', default: '100000' },
      region: { type: 'string', default: '1000000' },
      engine: { type: 'string', default: 'both' },
      duration: { type: 'string', default: '10' },
      rate: { type: 'string', default: '200' },
      reps: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'string', default: '' },
    },
  });
  const int = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: bad value "${v}"`);
    return n;
  };
  if (!['both', 'sqlite', 'postgres'].includes(values.engine))
    throw new Error(`--engine: "${values.engine}"`);
  const engines: Engine[] = values.engine === 'both' ? ['sqlite', 'postgres'] : [values.engine as Engine];
  return {
    requests: int('requests', values.requests, 100),
    stats: int('stats', values.stats, 100),
    region: int('region', values.region, 0),
    engines,
    duration: int('duration', values.duration, 1),
    rate: int('rate', values.rate, 1),
    reps: int('reps', values.reps, 1),
    keep: values.keep,
    /** A directory for a CPU profile of the server under the form load (node --cpu-prof). */
    profile: values.profile,
  };
}
type Options = ReturnType<typeof options>;

interface Fresh {
  db: Db;
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

async function freshDatabase(engine: Engine): Promise<Fresh> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-requests-'));
  if (engine === 'sqlite') {
    const file = join(dataDir, 'gongkai.db');
    const db = connect({ kind: 'sqlite', file });
    await migrateToLatest(db.kysely);
    return {
      db,
      url: `sqlite:${file}`,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `gongkai_bench_requests_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = connect({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(db.kysely);
  return {
    db,
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const load = (): number[] => loadavg().map((x) => round(x, 2));
const maxRssMb = (): number => round(process.resourceUsage().maxRSS / 1024);

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

// ---- Data ----

interface InsertStats {
  requests: number;
  disputes: number;
  totalSec: number;
  /** Of totalSec: making the rows (the generator, computeDeadline for the open clocks). */
  generateSec: number;
  rowsPerSec: number;
}

/** Writes one batch of generated requests, their clocks and disputes, in one transaction. */
interface Loader {
  write(batch: readonly GeneratedRequest[]): Promise<void>;
  close(): void;
}

const disputesOf = (batch: readonly GeneratedRequest[]) =>
  batch.flatMap((b) => (b.dispute ? [b.dispute] : []));

/** PostgreSQL: Kysely INSERTs of 500 rows. */
function kyselyLoader(db: Db): Loader {
  return {
    async write(batch) {
      const ds = disputesOf(batch);
      await db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto('requests')
          .values(batch.map((b) => b.request))
          .execute();
        await trx
          .insertInto('deadlines')
          .values(batch.map((b) => b.deadline))
          .execute();
        if (ds.length > 0) await trx.insertInto('request_disputes').values(ds).execute();
      });
    },
    close: () => undefined,
  };
}

type SqlValue = string | number | null;

/**
 * SQLite: a second node:sqlite connection to the same file, with one prepared single-row INSERT
 * per table, reused for every row, instead of a 24,500-parameter statement prepared for every batch
 * (the same rows; on this shared machine the difference was lost in the noise of other work).
 */
function sqliteLoader(file: string): Loader {
  const raw = new DatabaseSync(file);
  raw.exec('PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
  const prepared = new Map<string, { columns: string[]; stmt: StatementSync }>();
  const insert = (table: string, rows: readonly object[]): void => {
    const first = rows[0];
    if (!first) return;
    let p = prepared.get(table);
    if (!p) {
      const columns = Object.keys(first);
      const stmt = raw.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      p = { columns, stmt };
      prepared.set(table, p);
    }
    for (const row of rows) {
      const r = row as Record<string, SqlValue | undefined>;
      p.stmt.run(...p.columns.map((c) => r[c] ?? null));
    }
  };
  return {
    async write(batch) {
      raw.exec('begin');
      try {
        insert(
          'requests',
          batch.map((b) => b.request),
        );
        insert(
          'deadlines',
          batch.map((b) => b.deadline),
        );
        insert('request_disputes', disputesOf(batch));
        raw.exec('commit');
      } catch (err) {
        raw.exec('rollback');
        throw err;
      }
    },
    close: () => raw.close(),
  };
}

/** Inserts the generated rows in batches of 500, one transaction per batch. */
async function insertAll(
  loader: Loader,
  gen: Iterator<GeneratedRequest>,
  label: string,
  n: number,
): Promise<InsertStats> {
  const t0 = performance.now();
  let genMs = 0;
  let done = 0;
  let disputes = 0;
  for (;;) {
    const g0 = performance.now();
    const batch: GeneratedRequest[] = [];
    for (let r = gen.next(); !r.done; r = gen.next()) {
      batch.push(r.value);
      if (batch.length >= BATCH) break;
    }
    genMs += performance.now() - g0;
    if (batch.length === 0) break;
    await loader.write(batch);
    disputes += disputesOf(batch).length;
    const before = done;
    done += batch.length;
    if (Math.floor(before / 100_000) !== Math.floor(done / 100_000) || done === n) {
      const s = (performance.now() - t0) / 1000;
      process.stderr.write(`  ${label}: ${done} in ${s.toFixed(0)} s (${Math.round(done / s)}/s)\n`);
    }
    if (batch.length < BATCH) break;
  }
  const totalSec = (performance.now() - t0) / 1000;
  return {
    requests: done,
    disputes,
    totalSec: round(totalSec),
    generateSec: round(genMs / 1000),
    rowsPerSec: Math.round(done / Math.max(totalSec, 0.001)),
  };
}

interface DataResult {
  agencies: number;
  open: InsertStats & { mix: OpenMix };
  statsAgency: InsertStats & { agencyId: string; name: string };
  region: InsertStats;
  analyzeSec: number;
}

async function buildData(
  db: Db,
  loader: Loader,
  ctx: GeneratorContext,
  opts: Options,
  stats: BenchAgency,
): Promise<DataResult> {
  const at = new Date(NOW).toISOString();
  await db.kysely.insertInto('agencies').values(agencyRows(ctx.agencies, at)).execute();
  await db.kysely.insertInto('request_settings').values(settingsRows(ctx.agencies, at)).execute();

  process.stderr.write(`  ${opts.requests} open requests…\n`);
  const mix = emptyMix();
  const open = await insertAll(loader, openRequests(ctx, opts.requests, mix), 'open', opts.requests);

  process.stderr.write(`  ${opts.stats} requests of ${STATS_YEAR} for ${stats.name}…\n`);
  const own = await insertAll(
    loader,
    closedRequests(ctx, opts.stats, STATS_YEAR, 2025_0001, () => stats),
    'agency-year',
    opts.stats,
  );
  const rest = Math.max(0, opts.region - opts.stats);
  process.stderr.write(`  ${rest} requests of ${STATS_YEAR} for the other agencies…\n`);
  const region = await insertAll(
    loader,
    closedRequests(ctx, rest, STATS_YEAR, 2025_0002, regionPicker(ctx, stats.id, 2025_0003)),
    'region',
    rest,
  );

  // The tracking sequences continue after the generated numbers (the portal load adds to 2026).
  await db.kysely
    .insertInto('request_sequences')
    .values([...ctx.sequences].map(([year, last]) => ({ year, last })))
    .execute();
  // Statistics for the planner, as autovacuum (PostgreSQL) would have gathered them by now.
  const a = await time(() => sql`analyze`.execute(db.kysely));
  return {
    agencies: ctx.agencies.length,
    open: { ...open, mix },
    statsAgency: { ...own, agencyId: stats.id, name: stats.name },
    region,
    analyzeSec: round(a.ms / 1000),
  };
}

// ---- Sweep ----

interface SweepResult {
  openDeadlines: number;
  /** SELECT of every open clock (deadlines store `listOpen`), rows only. */
  selectRowsMs: number;
  /** JSON.parse of every spec. */
  parseSpecsMs: number;
  /** `computeDeadline` of every spec (the calendar loaded): the pure rule. */
  computeMs: number;
  /** `deadlines.listOpen()`: the rows, each computed (`computeDeadline`) into a view. */
  listOpenMs: number;
  /** JS heap grown by holding listOpen's answer (the views) — what every sweep holds at once. */
  listOpenHeapMb: number;
  /** `sweepDecisions` over the views (pure). */
  decisionsMs: number;
  decisions: Record<string, number>;
  /** The first sweep after midnight: queues every decision (median; the queued alerts deleted between rounds). */
  peak: { medianMs: number; samplesMs: number[]; queued: number[] };
  /** Peak minus quiet sweep (medians): the job INSERTs, one per alert (the rest is the same work). */
  peakEnqueueMs: number;
  /** The same sweep again with the alerts still queued (each INSERT a no-op on the unique key). */
  repeat: { ms: number; queued: number };
  /** A quiet hour: the alerts were sent (marks set), so nothing is queued (median). */
  quiet: { medianMs: number; samplesMs: number[]; queued: number[] };
  maxRssMb: number;
}

async function measureSweep(db: Db, services: Services, reps: number): Promise<SweepResult> {
  const now = new Date(NOW);
  // The parts of listOpen, timed apart with the same functions: the SELECT, the spec JSON, the rule.
  const calendar = await services.calendar.load();
  const parts = await (async () => {
    const rows = await time(() => deadlineStore.listOpen(db.kysely));
    const specs = await time(() => rows.value.map((r) => JSON.parse(r.spec) as DeadlineSpec));
    const computed = await time(() => {
      let overdue = 0;
      for (const spec of specs.value) if (computeDeadline(spec, calendar, now).overdue) overdue++;
      return overdue;
    });
    return { n: rows.value.length, rowsMs: rows.ms, parseMs: specs.ms, computeMs: computed.ms };
  })();
  const openDeadlines = parts.n;
  const heapBefore = process.memoryUsage().heapUsed;
  const listed = await (async () => {
    const views = await time(() => services.deadlines.listOpen());
    const heapMb = round((process.memoryUsage().heapUsed - heapBefore) / 1e6);
    const decisionsRun = await time(() => {
      const counts: Record<string, number> = {};
      const marks: { id: string; alert: string; sent: readonly string[] }[] = [];
      for (const v of views.value) {
        for (const d of sweepDecisions(v, now)) {
          const name = decisionName(d);
          counts[name] = (counts[name] ?? 0) + 1;
          marks.push({
            id: v.id,
            alert: name,
            sent: d.kind === 'remind' ? [...v.remindersSent, ...d.mark] : [],
          });
        }
      }
      return { counts, marks };
    });
    return { ms: views.ms, heapMb, decisionsMs: decisionsRun.ms, ...decisionsRun.value };
  })();
  process.stderr.write(
    `  ${openDeadlines} open: rows ${round(parts.rowsMs)} ms, listOpen ${round(listed.ms)} ms, decisions ${JSON.stringify(listed.counts)}\n`,
  );

  const clearAlerts = () => db.kysely.deleteFrom('jobs').where('type', '=', ALERT_JOB).execute();
  const peakMs: number[] = [];
  const peakQueued: number[] = [];
  for (let r = 0; r < reps; r++) {
    await clearAlerts();
    const s = await time(() => services.deadlineSweep.sweep());
    peakMs.push(s.ms);
    peakQueued.push(s.value);
    process.stderr.write(`  peak sweep: ${round(s.ms)} ms, ${s.value} queued\n`);
  }
  const repeat = await time(() => services.deadlineSweep.sweep());
  process.stderr.write(`  repeat sweep: ${round(repeat.ms)} ms, ${repeat.value} queued\n`);

  // The alert jobs ran: each deadline carries its mark (as markReminded / markEscalated set them).
  const groups = new Map<string, string[]>();
  for (const m of listed.marks) {
    const key = m.alert === 'escalate' ? 'escalate' : JSON.stringify(m.sent);
    const ids = groups.get(key) ?? [];
    ids.push(m.id);
    groups.set(key, ids);
  }
  for (const [key, ids] of groups) {
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      await db.kysely
        .updateTable('deadlines')
        .set(
          key === 'escalate'
            ? { escalated_at: NOW, updated_at: NOW }
            : { reminders_sent: key, updated_at: NOW },
        )
        .where('id', 'in', chunk)
        .execute();
    }
  }
  const quietMs: number[] = [];
  const quietQueued: number[] = [];
  for (let r = 0; r < reps; r++) {
    const s = await time(() => services.deadlineSweep.sweep());
    quietMs.push(s.ms);
    quietQueued.push(s.value);
    process.stderr.write(`  quiet sweep: ${round(s.ms)} ms, ${s.value} queued\n`);
  }
  const peakMedian = median(peakMs);
  return {
    openDeadlines,
    selectRowsMs: round(parts.rowsMs),
    parseSpecsMs: round(parts.parseMs),
    computeMs: round(parts.computeMs),
    listOpenMs: round(listed.ms),
    listOpenHeapMb: listed.heapMb,
    decisionsMs: round(listed.decisionsMs),
    decisions: listed.counts,
    peak: { medianMs: round(peakMedian), samplesMs: peakMs.map((x) => round(x)), queued: peakQueued },
    peakEnqueueMs: round(peakMedian - median(quietMs)),
    repeat: { ms: round(repeat.ms), queued: repeat.value },
    quiet: { medianMs: round(median(quietMs)), samplesMs: quietMs.map((x) => round(x)), queued: quietQueued },
    maxRssMb: maxRssMb(),
  };
}

// ---- Statistics ----

interface StatsPhases {
  requests: number;
  /** The store query (`factsFor`): the rows of the year. */
  factsMs: number;
  tableThreeMs: number;
  disputesMs: number;
  tableFourMs: number;
  /** The answer as the API sends it (JSON with the ids behind every cell). */
  jsonMs: number;
  jsonBytes: number;
  newThisYear: number;
  carriedOver: number;
  answered: number;
  carriedForward: number;
  disputes: number;
}

const cell = (t: TableThree, key: string): number => t.rows.find((r) => r.key === key)?.cells.total ?? 0;

/** One pass with the service's own store query and pure tables, for any set of agencies. */
async function statisticsPass(db: Db, agencyIds: readonly string[], year: number): Promise<StatsPhases> {
  const facts = await time(() =>
    requestStore.factsFor(db.kysely, agencyIds, `${year}-12-31`, `${year}-01-01`),
  );
  const three = await time(() =>
    tableThree(
      facts.value.map((f) => ({
        id: f.id,
        applicant: f.applicant_type as ApplicantType,
        receivedOn: f.received_on,
        outcome: f.outcome as Outcome | null,
        repliedOn: f.replied_on,
      })),
      year,
    ),
  );
  const disputes = await time(() => requestStore.disputeFactsFor(db.kysely, agencyIds, year));
  const four = await time(() =>
    tableFour(
      disputes.value.map((d) => ({
        id: d.request_id,
        kind: d.kind as DisputeKind,
        receivedOn: d.received_on,
        outcome: d.outcome as DisputeOutcome,
        decidedOn: d.decided_on,
      })),
      year,
    ),
  );
  const json = await time(() => JSON.stringify({ tableThree: three.value, tableFour: four.value }));
  return {
    requests: facts.value.length,
    factsMs: round(facts.ms),
    tableThreeMs: round(three.ms),
    disputesMs: round(disputes.ms),
    tableFourMs: round(four.ms),
    jsonMs: round(json.ms),
    jsonBytes: Buffer.byteLength(json.value),
    newThisYear: cell(three.value, 'new'),
    carriedOver: cell(three.value, 'carried_over'),
    answered: cell(three.value, 'total'),
    carriedForward: cell(three.value, 'carried_forward'),
    disputes: four.value.groups.reduce((n, g) => n + g.cells.total, 0),
  };
}

function medianPhases(runs: readonly StatsPhases[]): StatsPhases & { samples: number } {
  const first = runs[0];
  if (!first) throw new Error('no runs');
  const m = (f: (p: StatsPhases) => number) => round(median(runs.map(f)));
  return {
    ...first,
    factsMs: m((p) => p.factsMs),
    tableThreeMs: m((p) => p.tableThreeMs),
    disputesMs: m((p) => p.disputesMs),
    tableFourMs: m((p) => p.tableFourMs),
    jsonMs: m((p) => p.jsonMs),
    samples: runs.length,
  };
}

/**
 * The plan of the statistics query (the same statement as the store's `factsFor`, rebuilt here:
 * the store runs it without showing it): SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN.
 */
async function factsPlan(db: Db, agencyIds: readonly string[], year: number): Promise<string[]> {
  const q = db.kysely
    .selectFrom('requests')
    .select(['id', 'applicant_type', 'received_on', 'outcome', 'replied_on'])
    .where('agency_id', 'in', agencyIds)
    .where('received_on', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('replied_on', 'is', null), eb('replied_on', '>=', `${year}-01-01`)]))
    .compile();
  return explain(db, q);
}

/** SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN (the plan only: the statement is not run). */
async function explain(db: Db, q: CompiledQuery): Promise<string[]> {
  const prefix = db.engine === 'sqlite' ? 'explain query plan ' : 'explain ';
  const res = await db.kysely.executeQuery<{ detail?: string; 'QUERY PLAN'?: string }>({
    ...q,
    sql: `${prefix}${q.sql}`,
  });
  return res.rows.map((r) => r.detail ?? r['QUERY PLAN'] ?? JSON.stringify(r));
}

interface StatisticsResult {
  agencyYear: {
    agencyId: string;
    /** `requests.statistics(actor, agencyId, year)`, the whole call (median). */
    serviceMs: number;
    serviceSamplesMs: number[];
    phases: StatsPhases & { samples: number };
    plan: string[];
  };
  region: {
    agencies: number;
    /** What exists: `requests.statistics` once per agency, one after the other. */
    perAgencyCallsMs: number;
    perAgencyNewThisYear: number;
    /** One pass over every agency's rows with the same query and pure tables (median). */
    onePass: StatsPhases & { samples: number; totalMs: number };
    plan: string[];
    /**
     * `requests.statistics(actor, root, year, 'region')`, if the service has that scope (it
     * appeared in the working tree while this benchmark was written): median, and whether its
     * table counted the whole region (its 一 equals the one pass's).
     */
    regionScope: { medianMs: number; samplesMs: number[]; countsWholeRegion: boolean } | null;
  } | null;
}

async function measureStatistics(
  db: Db,
  services: Services,
  ctx: GeneratorContext,
  stats: BenchAgency,
  reps: number,
  withRegion: boolean,
): Promise<StatisticsResult> {
  const rootId = ctx.agencies[0]?.id ?? '';
  const actor: Actor = {
    userId: 'bench-officer',
    username: 'bench',
    displayName: '基准测试',
    memberships: [{ agencyId: rootId, roles: ['disclosure_officer'] }],
    currentAgencyId: rootId,
  };
  const call = () => services.requests.statistics(actor, stats.id, STATS_YEAR);
  await call();
  const serviceMs: number[] = [];
  const phases: StatsPhases[] = [];
  for (let r = 0; r < Math.max(reps, 5); r++) {
    serviceMs.push((await time(call)).ms);
    phases.push(await statisticsPass(db, [stats.id], STATS_YEAR));
  }
  const agencyYear = {
    agencyId: stats.id,
    serviceMs: round(median(serviceMs)),
    serviceSamplesMs: serviceMs.map((x) => round(x)),
    phases: medianPhases(phases),
    plan: await factsPlan(db, [stats.id], STATS_YEAR),
  };
  process.stderr.write(
    `  agency-year: ${agencyYear.serviceMs} ms for ${agencyYear.phases.requests} requests\n`,
  );
  if (!withRegion) return { agencyYear, region: null };

  const ids = ctx.agencies.map((a) => a.id);
  const perAgency = await time(async () => {
    let n = 0;
    for (const id of ids) {
      const s = await services.requests.statistics(actor, id, STATS_YEAR);
      n += cell(s.tableThree, 'new');
    }
    return n;
  });
  process.stderr.write(`  region, per agency: ${round(perAgency.ms)} ms\n`);
  const passes: (StatsPhases & { totalMs: number })[] = [];
  for (let r = 0; r < reps; r++) {
    const p = await time(() => statisticsPass(db, ids, STATS_YEAR));
    passes.push({ ...p.value, totalMs: p.ms });
    process.stderr.write(`  region, one pass: ${round(p.ms)} ms (${p.value.requests} rows)\n`);
  }
  const onePass = { ...medianPhases(passes), totalMs: round(median(passes.map((p) => p.totalMs))) };
  // Called loosely typed, so that this compiles with or without the scope parameter.
  const scoped = services.requests as unknown as {
    statistics(
      actor: Actor,
      agencyId: string,
      year: number,
      scope: string,
    ): Promise<{ tableThree: TableThree }>;
  };
  const scopeMs: number[] = [];
  let whole = false;
  for (let r = 0; r < reps; r++) {
    const c = await time(() => scoped.statistics(actor, rootId, STATS_YEAR, 'region'));
    scopeMs.push(c.ms);
    whole = cell(c.value.tableThree, 'new') === onePass.newThisYear;
    process.stderr.write(`  region scope call: ${round(c.ms)} ms (whole region: ${whole})\n`);
  }
  return {
    agencyYear,
    region: {
      agencies: ids.length,
      perAgencyCallsMs: round(perAgency.ms),
      perAgencyNewThisYear: perAgency.value,
      onePass,
      plan: await factsPlan(db, ids, STATS_YEAR),
      regionScope: whole
        ? {
            medianMs: round(median(scopeMs)),
            samplesMs: scopeMs.map((x) => round(x)),
            countsWholeRegion: true,
          }
        : null,
    },
  };
}

// ---- The portal form under load ----

async function spawnServer(
  env: NodeJS.ProcessEnv,
  profileDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  // A profile is written on a normal exit: SIGTERM then exits the process instead of killing it.
  const profile = profileDir
    ? [
        '--cpu-prof',
        '--cpu-prof-dir',
        profileDir,
        '--import',
        'data:text/javascript,process.once("SIGTERM",()=>process.exit(0))',
      ]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', join(ROOT, 'bench/lib/serve.ts'), 'app'],
    {
      cwd: ROOT,
      // As `gongkai serve` runs it (bin/gongkai.js): React's production build.
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, port };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

/** A valid application; `__N__` is replaced per request by the load driver (a unique description). */
function applicationBody(agencyId: string, marker: string): string {
  return new URLSearchParams({
    agencyId,
    applicantType: 'natural_person',
    applicantName: '张三',
    idType: 'resident_id',
    idNumber: APPLY_ID_NUMBER,
    phone: '13909541234',
    email: 'x@example.cn',
    description: `请公开2026年本机关城乡居民最低生活保障资金发放情况（编号 ${marker}）`,
    form: 'electronic',
    delivery: 'email',
  }).toString();
}

interface FormLoad {
  mode: string;
  connections: number;
  durationSec: number;
  sent: number;
  created: number;
  /** 201 answers per second over the run. */
  createdPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** PostgreSQL: average sessions per state and wait event during the round (sampleSessions). */
  sessions?: Record<string, number>;
}

/**
 * The load driver, run in its own process (`node --input-type=module -e`): autocannon's API with a
 * `setupRequest` that gives every request its own client address (`x-forwarded-for`, 10.x.y.z,
 * counted from `offset`) and its own description. (The CLI's `-I` id replacement cannot be used:
 * its argument parser reads `[<id>]` as a sub-argument list.)
 */
const DRIVER = `
import autocannon from 'autocannon';
const o = JSON.parse(process.env.BENCH_LOAD);
let n = o.offset;
const result = await autocannon({
  url: o.url,
  connections: o.connections,
  amount: o.amount,
  timeout: 30,
  ...(o.rate ? { overallRate: o.rate } : {}),
  requests: [{
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    setupRequest: (req) => {
      n += 1;
      const ip = '10.' + ((n >> 16) & 255) + '.' + ((n >> 8) & 255) + '.' + (n & 255);
      return { ...req, headers: { ...req.headers, 'x-forwarded-for': ip }, body: o.body.replace('__N__', String(n)) };
    },
  }],
});
process.stdout.write(JSON.stringify(result));
`;

async function loadApply(
  url: string,
  body: string,
  amount: number,
  connections: number,
  rate: number | null,
  offset: number,
): Promise<FormLoad> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', DRIVER], {
      cwd: ROOT,
      env: { ...process.env, BENCH_LOAD: JSON.stringify({ url, body, amount, connections, rate, offset }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let s = '';
    child.stdout.on('data', (b: Buffer) => (s += b.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(s) : reject(new Error(`the load driver exited with ${code}`)),
    );
  });
  const r = JSON.parse(out) as {
    requests: { total: number; sent: number };
    latency: { p50: number; p99: number; max: number };
    statusCodeStats?: Record<string, { count: number }>;
    errors: number;
    timeouts: number;
    duration: number;
  };
  const statusCodes = Object.fromEntries(
    Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
  );
  const created = statusCodes['201'] ?? 0;
  return {
    mode: rate ? `${rate}/s` : 'max',
    connections,
    durationSec: round(r.duration, 2),
    sent: r.requests.sent,
    created,
    createdPerSec: round(created / r.duration),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    statusCodes,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

interface FormResult {
  agencyId: string;
  rounds: FormLoad[];
  /** 201 answers of the rounds and the one check submission before them. */
  created201: number;
  /** Rows in `requests` after the load minus before it. */
  rowsAdded: number;
  /** Of the rows added: with their open reply clock in `deadlines`. */
  rowsWithOpenClock: number;
  lost: number;
  serverRssMb: { afterStart: number; afterLoad: number };
  /**
   * Intake's repeat check (store `recentForComparison`, run by every submission) for the load's
   * applicant and agency after the load: its time (median of 5), rows, and plan.
   */
  repeatCheck: { medianMs: number; rows: number; plan: string[] };
}

async function countNew(db: Db, since: string): Promise<{ rows: number; withClock: number }> {
  const rows = await db.kysely
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  const withClock = await db.kysely
    .selectFrom('requests as r')
    .innerJoin('deadlines as d', 'd.id', 'r.deadline_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('r.created_at', '>=', since)
    .where('d.status', '=', 'open')
    .executeTakeFirstOrThrow();
  return { rows: Number(rows.n), withClock: Number(withClock.n) };
}

/**
 * PostgreSQL: what the server's sessions do during a load round, from pg_stat_activity sampled
 * every 200 ms: the average number of sessions per state and wait event (e.g. "active
 * (Lock:transactionid)": waiting for another transaction's row lock).
 */
function sampleSessions(url: string): { stop(): Promise<Record<string, number>> } {
  const client = new pg.Client({ connectionString: url });
  const counts: Record<string, number> = {};
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ state: string | null; wait: string; n: number }>(
        `select state, coalesce(wait_event_type || ':' || wait_event, '') as wait, count(*)::int as n
           from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
          group by 1, 2`,
      );
      samples++;
      for (const r of rows) {
        const key = `${r.state ?? 'unknown'}${r.wait ? ` (${r.wait})` : ''}`;
        counts[key] = (counts[key] ?? 0) + r.n;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return Object.fromEntries(
        Object.entries(counts)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, round(v / Math.max(samples, 1), 2)]),
      );
    },
  };
}

/** Times intake's repeat-check query as a submission of the load runs it, and shows its plan. */
async function repeatCheck(db: Db, agencyId: string): Promise<FormResult['repeatCheck']> {
  const input = {
    applicantKey: createSealer(FIELD_KEY).lookupKey(`resident_id:${APPLY_ID_NUMBER}`),
    agencyId,
    // intake: received today, compared with the 365 days before (SIMILAR_WINDOW_DAYS), 300 at most.
    since: new Date(Date.now() - 365 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10),
    limit: 300,
  };
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const r = await time(() => requestStore.recentForComparison(db.kysely, input));
    times.push(r.ms);
    rows = r.value.length;
  }
  // The same statement as the store builds (rebuilt here to show its plan).
  const q = db.kysely
    .selectFrom('requests')
    .select(['id', 'tracking_number', 'description', 'applicant_key', 'received_on'])
    .where((eb) =>
      eb.or([eb('applicant_key', '=', input.applicantKey), eb('agency_id', '=', input.agencyId)]),
    )
    .where('received_on', '>=', input.since)
    .orderBy('received_on', 'desc')
    .limit(input.limit)
    .compile();
  return { medianMs: round(median(times)), rows, plan: await explain(db, q) };
}

async function measureForm(
  fresh: Fresh,
  engine: Engine,
  agencyId: string,
  opts: Options,
): Promise<FormResult> {
  // Everything the server writes has a created_at after this (the generated rows are older).
  const since = new Date().toISOString();
  const app = await spawnServer(
    {
      DATABASE_URL: fresh.url,
      DATA_DIR: fresh.dataDir,
      FIELD_KEY,
      TRUST_PROXY: 'true',
    },
    opts.profile,
  );
  let rounds: FormLoad[];
  let rss: FormResult['serverRssMb'];
  try {
    const afterStart = rssMb(app.child.pid ?? 0);
    const url = `http://127.0.0.1:${app.port}/apply`;
    const check = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.1' },
      body: applicationBody(agencyId, 'check'),
    });
    if (check.status !== 201) throw new Error(`POST /apply answered ${check.status}: ${await check.text()}`);
    const body = applicationBody(agencyId, '__N__');
    // Both rounds send a fixed number of submissions and wait for every answer, so that each
    // submission sent is either answered or counted as an error or a timeout.
    const amount = opts.rate * opts.duration;
    process.stderr.write(`  POST /apply: ${amount} at ${opts.rate}/s…\n`);
    const runRound = async (connections: number, rate: number | null, offset: number) => {
      const sampler = engine === 'postgres' ? sampleSessions(fresh.url) : null;
      const load = await loadApply(url, body, amount, connections, rate, offset);
      return sampler ? { ...load, sessions: await sampler.stop() } : load;
    };
    const fixed = await runRound(50, opts.rate, 0);
    process.stderr.write(`  POST /apply: ${amount} as fast as they go…\n`);
    const max = await runRound(20, null, 1_000_000);
    rounds = [fixed, max];
    rss = { afterStart, afterLoad: rssMb(app.child.pid ?? 0) };
  } finally {
    await stopServer(app.child);
  }
  const db = connect(
    engine === 'sqlite'
      ? { kind: 'sqlite', file: fresh.url.replace(/^sqlite:/, '') }
      : { kind: 'postgres', url: fresh.url },
  );
  try {
    const counted = await countNew(db, since);
    const created201 = 1 + rounds.reduce((n, r) => n + r.created, 0);
    return {
      repeatCheck: await repeatCheck(db, agencyId),
      agencyId,
      rounds,
      created201,
      rowsAdded: counted.rows,
      rowsWithOpenClock: counted.withClock,
      lost: created201 - counted.rows,
      serverRssMb: rss,
    };
  } finally {
    await db.close();
  }
}

// ---- One engine ----

async function runEngine(engine: Engine, opts: Options) {
  const fresh = await freshDatabase(engine);
  const loadAverageAtStart = load();
  try {
    const db = fresh.db;
    const clock = new FixedClock(NOW);
    const config = loadConfig({
      DATA_DIR: fresh.dataDir,
      SCHEDULER: 'false',
      LOG_LEVEL: 'silent',
      FIELD_KEY,
    });
    const services = createServices(config, db, clock);
    await services.calendar.syncNational();
    const calendar = await services.calendar.load();
    const agencies = regionAgencies();
    const stats = statsAgency(agencies);
    const ctx = generatorContext(calendar, agencies, createSealer(FIELD_KEY));

    process.stderr.write(`${engine}: generating and inserting…\n`);
    const loader = engine === 'sqlite' ? sqliteLoader(fresh.url.replace(/^sqlite:/, '')) : kyselyLoader(db);
    const data = await buildData(db, loader, ctx, opts, stats);
    loader.close();
    process.stderr.write(`${engine}: measuring the sweep…\n`);
    const sweep = await measureSweep(db, services, opts.reps);
    process.stderr.write(`${engine}: measuring the statistics…\n`);
    const statistics = await measureStatistics(db, services, ctx, stats, opts.reps, opts.region > 0);
    await services.search.close();
    await db.close();
    process.stderr.write(`${engine}: load-testing POST /apply…\n`);
    const form = await measureForm(fresh, engine, stats.id, opts);
    return { engine, loadAverageAtStart, data, sweep, statistics, form };
  } finally {
    if (opts.keep) process.stderr.write(`  kept the database: ${fresh.url}\n`);
    else await fresh.drop();
  }
}

type EngineResult = Awaited<ReturnType<typeof runEngine>>;

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function print(r: EngineResult, opts: Options, out: string): void {
  const d = r.data;
  const s = r.sweep;
  const a = r.statistics.agencyYear;
  const g = r.statistics.region;
  console.log(
    `\n${r.engine}: ${opts.requests} open requests, ${opts.stats} for one agency-year, ${opts.region} in the region`,
  );
  console.log(
    `data: open ${d.open.requests} in ${d.open.totalSec} s (generating ${d.open.generateSec} s), agency-year ${d.statsAgency.requests} in ${d.statsAgency.totalSec} s, region rest ${d.region.requests} in ${d.region.totalSec} s, analyze ${d.analyzeSec} s`,
  );
  const us = (ms: number): string => String(round((ms * 1000) / s.openDeadlines));
  console.log(
    table([
      ['sweep', 'ms', 'queued', 'µs/open deadline'],
      ['select open rows', String(s.selectRowsMs), '', us(s.selectRowsMs)],
      ['  (parse specs, JSON)', String(s.parseSpecsMs), '', us(s.parseSpecsMs)],
      ['  (computeDeadline)', String(s.computeMs), '', us(s.computeMs)],
      ['deadlines.listOpen (views)', String(s.listOpenMs), '', us(s.listOpenMs)],
      ['decisions (pure)', String(s.decisionsMs), JSON.stringify(s.decisions), ''],
      ['peak sweep (00:30)', String(s.peak.medianMs), s.peak.queued.join('/'), us(s.peak.medianMs)],
      ['  of which enqueues', String(s.peakEnqueueMs), '', ''],
      ['repeat, alerts queued', String(s.repeat.ms), String(s.repeat.queued), us(s.repeat.ms)],
      ['quiet hour', String(s.quiet.medianMs), s.quiet.queued.join('/'), us(s.quiet.medianMs)],
    ]),
  );
  const p = a.phases;
  const rows = [
    [
      'statistics',
      'requests',
      'total ms',
      'query ms',
      'table 三 ms',
      'disputes ms',
      'table 四 ms',
      'JSON ms',
      'JSON MB',
    ],
    [
      'requests.statistics (one agency)',
      String(p.requests),
      String(a.serviceMs),
      String(p.factsMs),
      String(p.tableThreeMs),
      String(p.disputesMs),
      String(p.tableFourMs),
      String(p.jsonMs),
      String(round(p.jsonBytes / 1e6)),
    ],
  ];
  if (g) {
    rows.push([`region, ${g.agencies} calls`, '', String(g.perAgencyCallsMs), '', '', '', '', '', '']);
    if (g.regionScope)
      rows.push([
        `requests.statistics(…, 'region')`,
        '',
        String(g.regionScope.medianMs),
        '',
        '',
        '',
        '',
        '',
        '',
      ]);
    const o = g.onePass;
    rows.push([
      'region, one pass',
      String(o.requests),
      String(o.totalMs),
      String(o.factsMs),
      String(o.tableThreeMs),
      String(o.disputesMs),
      String(o.tableFourMs),
      String(o.jsonMs),
      String(round(o.jsonBytes / 1e6)),
    ]);
  }
  console.log(table(rows));
  const f = r.form;
  console.log(
    table([
      ['POST /apply', 'conn', 's', 'sent', '201', '201/s', 'p50 ms', 'p99 ms', 'max ms', 'codes'],
      ...f.rounds.map((x) => [
        x.mode,
        String(x.connections),
        String(x.durationSec),
        String(x.sent),
        String(x.created),
        String(x.createdPerSec),
        String(x.latencyP50Ms),
        String(x.latencyP99Ms),
        String(x.latencyMaxMs),
        JSON.stringify(x.statusCodes),
      ]),
    ]),
  );
  console.log(
    `201 answers ${f.created201}, rows added ${f.rowsAdded} (with an open clock ${f.rowsWithOpenClock}), lost ${f.lost}; server RSS ${f.serverRssMb.afterStart} → ${f.serverRssMb.afterLoad} MB; intake's repeat check ${f.repeatCheck.medianMs} ms (${f.repeatCheck.rows} rows)`,
  );
  console.log(`written to ${out}`);
}

async function main(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24)
    throw new Error(`needs Node 24 (this is ${process.version}); run it with npm run bench:requests`);
  const opts = options();
  const date = new Date().toISOString().slice(0, 10);
  for (const engine of opts.engines) {
    if (engine === 'postgres' && !(await postgresAvailable())) {
      console.warn(`PostgreSQL not reachable at ${new URL(PG_ADMIN_URL).host}: skipping it.`);
      continue;
    }
    const result = await runEngine(engine, opts);
    const report = {
      benchmark: 'requests',
      date: new Date().toISOString(),
      node: process.version,
      cpu: `${cpus()[0]?.model ?? 'unknown'} ×${cpus().length}`,
      simulatedNow: NOW,
      options: { ...opts, engines: undefined },
      loadAverageAtEnd: load(),
      ...result,
    };
    const out = join(ROOT, 'bench/results', `requests-${date}-${engine}-${opts.requests}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    print(result, opts, out);
  }
}

await main();

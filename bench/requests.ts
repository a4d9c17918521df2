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
 *   sent: nothing to queue); with `deadlines.dueAlerts` (the indexed SELECT of the deadlines whose
 *   stored next alert is due, and their decisions) timed apart, and its plan;
 * - `requests.statistics(actor, agency, 2025)` for the one agency, and its parts timed apart with
 *   the same store queries and pure tables (`requestGroups` and `disputeGroups`, the groups they
 *   return, `tableThree`, `tableFour`), the size of the API's JSON answer (counts only) and the
 *   plans of the two queries; then the drill-down (`requests.statisticsCell`): the largest cell's
 *   first and last page, a small cell, and table 四's reconsiderations;
 * - the region: `orgs.agenciesUnder(root)`, `requests.statistics(actor, root, 2025, 'region')`, its
 *   parts with every agency id as above, and the same drill-downs;
 * - the real server (bench/lib/serve.ts app, its own process, TRUST_PROXY=true) loaded with
 *   POST /apply by autocannon (in a child process), each submission from its own `x-forwarded-for`
 *   address (the form is rate-limited per address) and with its own description: `rate × duration`
 *   submissions offered at `--rate` per second, then as many as fast as they go; afterwards the new
 *   rows in `requests` are counted against the 201 answers. On PostgreSQL the server's sessions are
 *   sampled meanwhile (pg_stat_activity). Each round reports the CPU seconds of the server, of the
 *   load driver and of PostgreSQL's processes serving the database, and how busy the whole machine
 *   was. `--profile DIR` writes a CPU profile of the server.
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
import * as deadlineStore from '../src/core/deadlines/store.ts';
import { decisionName, sweepDecisions, type SweepDecision } from '../src/core/reminders/model.ts';
import { ALERT_JOB } from '../src/core/reminders/sweep.ts';
import { createSealer } from '../src/core/sealed.ts';
import { disputeFact, requestFact } from '../src/modules/requests/service.ts';
import { tableFour, tableThree, type CellKey, type TableThree } from '../src/modules/requests/statistics.ts';
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
  /**
   * `deadlines.dueAlerts()`: the indexed SELECT of the open deadlines whose stored next alert is
   * due, and the decision for each (median).
   */
  dueAlerts: { medianMs: number; samplesMs: number[]; due: number; byAlert: Record<string, number> };
  /** The plan of dueAlerts' SELECT. */
  plan: string[];
  /** The first sweep after midnight: queues every alert due (median; the queued alerts deleted between rounds). */
  peak: { medianMs: number; samplesMs: number[]; queued: number[] };
  /** Peak sweep minus dueAlerts (medians): the alert jobs' multi-row INSERTs. */
  peakEnqueueMs: number;
  /** The same sweep again with the alerts still queued (each row a no-op on the unique key). */
  repeat: { ms: number; queued: number };
  /**
   * Not part of the sweep: the marks the alert jobs leave (`markReminded` / `markEscalated`, each
   * storing the deadline's next alert), made through the service for the quiet hour below.
   */
  marks: { sec: number; deadlines: number };
  /** A quiet hour: the alerts were sent (marks set, next alerts stored), so nothing is due (median). */
  quiet: { medianMs: number; samplesMs: number[]; queued: number[] };
  maxRssMb: number;
}

async function measureSweep(db: Db, services: Services, reps: number): Promise<SweepResult> {
  const now = new Date(NOW);
  const open = await db.kysely
    .selectFrom('deadlines')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  const openDeadlines = Number(open.n);

  // One untimed call first: the code and the calendar's day cache warm, as in a running server.
  let due = await services.deadlines.dueAlerts();
  const dueMs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const d = await time(() => services.deadlines.dueAlerts());
    dueMs.push(d.ms);
    due = d.value;
  }
  const byAlert: Record<string, number> = {};
  for (const a of due) byAlert[a.alert] = (byAlert[a.alert] ?? 0) + 1;
  process.stderr.write(
    `  ${openDeadlines} open: dueAlerts ${round(median(dueMs))} ms, ${JSON.stringify(byAlert)}\n`,
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

  // The alert jobs ran: as sendAlert does, minus the notices and the audit events.
  const marks = await time(async () => {
    const decided: { id: string; decision: SweepDecision }[] = [];
    for (const a of due) {
      const d = await services.deadlines.get(a.deadlineId);
      const decision = d && sweepDecisions(d, now).find((x) => decisionName(x) === a.alert);
      if (decision) decided.push({ id: a.deadlineId, decision });
    }
    for (let i = 0; i < decided.length; i += BATCH) {
      await db.kysely.transaction().execute(async (trx) => {
        for (const { id, decision } of decided.slice(i, i + BATCH)) {
          if (decision.kind === 'escalate') await services.deadlines.markEscalated(trx, id);
          else for (const key of decision.mark) await services.deadlines.markReminded(trx, id, key);
        }
      });
    }
    return decided.length;
  });
  process.stderr.write(
    `  marks (not timed as sweep): ${round(marks.ms / 1000)} s, ${marks.value} deadlines\n`,
  );

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
    dueAlerts: {
      medianMs: round(median(dueMs)),
      samplesMs: dueMs.map((x) => round(x)),
      due: due.length,
      byAlert,
    },
    plan: await explain(db, deadlineStore.alertsDueQuery(db.kysely, NOW).compile()),
    peak: { medianMs: round(peakMedian), samplesMs: peakMs.map((x) => round(x)), queued: peakQueued },
    peakEnqueueMs: round(peakMedian - median(dueMs)),
    repeat: { ms: round(repeat.ms), queued: repeat.value },
    marks: { sec: round(marks.ms / 1000), deadlines: marks.value },
    quiet: { medianMs: round(median(quietMs)), samplesMs: quietMs.map((x) => round(x)), queued: quietQueued },
    maxRssMb: maxRssMb(),
  };
}

// ---- Statistics ----

interface StatsPhases {
  /** The requests the tables count from (the groups' counts added up). */
  requests: number;
  /** The store's grouped query (`requestGroups`) and how many groups it returned. */
  groupsMs: number;
  groups: number;
  tableThreeMs: number;
  /** `disputeGroups`, and its groups. */
  disputesMs: number;
  disputeGroups: number;
  tableFourMs: number;
  /** The answer as the API sends it (JSON, counts only). */
  jsonMs: number;
  jsonBytes: number;
  newThisYear: number;
  carriedOver: number;
  answered: number;
  carriedForward: number;
  disputes: number;
}

const cell = (t: TableThree, key: string): number => t.rows.find((r) => r.key === key)?.cells.total ?? 0;

/** One pass with the service's own store queries and pure tables, for any set of agencies. */
async function statisticsPass(db: Db, agencyIds: readonly string[], year: number): Promise<StatsPhases> {
  const groups = await time(() => requestStore.requestGroups(db.kysely, agencyIds, year));
  const three = await time(() => tableThree(groups.value.map(requestFact), year));
  const disputes = await time(() => requestStore.disputeGroups(db.kysely, agencyIds, year));
  const four = await time(() => tableFour(disputes.value.map(disputeFact), year));
  const json = await time(() => JSON.stringify({ tableThree: three.value, tableFour: four.value }));
  return {
    requests: groups.value.reduce((n, g) => n + g.n, 0),
    groupsMs: round(groups.ms),
    groups: groups.value.length,
    tableThreeMs: round(three.ms),
    disputesMs: round(disputes.ms),
    disputeGroups: disputes.value.length,
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
    groupsMs: m((p) => p.groupsMs),
    tableThreeMs: m((p) => p.tableThreeMs),
    disputesMs: m((p) => p.disputesMs),
    tableFourMs: m((p) => p.tableFourMs),
    jsonMs: m((p) => p.jsonMs),
    samples: runs.length,
  };
}

/** The plans of the two grouped statements, as the store builds them. */
async function statisticsPlans(
  db: Db,
  agencyIds: readonly string[],
  year: number,
): Promise<{ requests: string[]; disputes: string[] }> {
  return {
    requests: await explain(db, requestStore.requestGroupsQuery(db.kysely, agencyIds, year).compile()),
    disputes: await explain(db, requestStore.disputeGroupsQuery(db.kysely, agencyIds, year).compile()),
  };
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

/** One drill-down page (`requests.statisticsCell`): median time, the cell's size, the answer's. */
interface DrillTiming {
  cell: CellKey;
  page: number;
  total: number;
  medianMs: number;
  jsonBytes: number;
}

/**
 * The drill-down on the largest cell (一, 总计: its first and its last page, the deepest OFFSET),
 * on a small one (（三）1 国家秘密) and on table 四's reconsiderations.
 */
async function measureDrill(
  services: Services,
  actor: Actor,
  agencyId: string,
  scope: 'agency' | 'region',
  reps: number,
): Promise<DrillTiming[]> {
  const one = async (cellKey: CellKey, page: number): Promise<DrillTiming> => {
    const call = () =>
      services.requests.statisticsCell(actor, { agencyId, year: STATS_YEAR, scope, cell: cellKey, page });
    const ms: number[] = [];
    let answer = await call();
    for (let r = 0; r < reps; r++) {
      const t = await time(call);
      ms.push(t.ms);
      answer = t.value;
    }
    return {
      cell: cellKey,
      page,
      total: answer.total,
      medianMs: round(median(ms)),
      jsonBytes: Buffer.byteLength(JSON.stringify(answer)),
    };
  };
  const first = await one('three.new.total', 1);
  const timings = [
    first,
    await one('three.new.total', Math.max(1, Math.ceil(first.total / 50))),
    await one('three.withheld_state_secret.total', 1),
    await one('four.reconsideration.total', 1),
  ];
  for (const d of timings) {
    process.stderr.write(
      `  ${scope} drill-down ${d.cell} page ${d.page}: ${d.medianMs} ms (${d.total} in the cell)\n`,
    );
  }
  return timings;
}

interface StatisticsResult {
  agencyYear: {
    agencyId: string;
    /** `requests.statistics(actor, agencyId, year)`, the whole call (median). */
    serviceMs: number;
    serviceSamplesMs: number[];
    phases: StatsPhases & { samples: number };
    plans: { requests: string[]; disputes: string[] };
    drill: DrillTiming[];
  };
  region: {
    agencies: number;
    /** `orgs.agenciesUnder(root)`: the region's agencies, read once from the tree. */
    agenciesUnderMs: number;
    /** `requests.statistics(actor, root, year, 'region')` (median). */
    scope: { medianMs: number; samplesMs: number[] };
    /** The same queries and pure tables with every agency id (median), timed apart. */
    phases: StatsPhases & { samples: number };
    plans: { requests: string[]; disputes: string[] };
    drill: DrillTiming[];
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
    plans: await statisticsPlans(db, [stats.id], STATS_YEAR),
    drill: await measureDrill(services, actor, stats.id, 'agency', Math.max(reps, 3)),
  };
  process.stderr.write(
    `  agency-year: ${agencyYear.serviceMs} ms for ${agencyYear.phases.requests} requests\n`,
  );
  if (!withRegion) return { agencyYear, region: null };

  const under = await time(() => services.orgs.agenciesUnder([rootId]));
  const scopeMs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c = await time(() => services.requests.statistics(actor, rootId, STATS_YEAR, 'region'));
    scopeMs.push(c.ms);
    process.stderr.write(`  region scope call: ${round(c.ms)} ms\n`);
  }
  const passes: StatsPhases[] = [];
  for (let r = 0; r < reps; r++) passes.push(await statisticsPass(db, under.value, STATS_YEAR));
  return {
    agencyYear,
    region: {
      agencies: under.value.length,
      agenciesUnderMs: round(under.ms),
      scope: { medianMs: round(median(scopeMs)), samplesMs: scopeMs.map((x) => round(x)) },
      phases: medianPhases(passes),
      plans: await statisticsPlans(db, under.value, STATS_YEAR),
      drill: await measureDrill(services, actor, rootId, 'region', reps),
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

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuSec(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces): utime and stime are fields 14 and 15.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** The whole machine's busy and total CPU ticks so far (/proc/stat), every process of every CPU. */
function machineTicks(): { busy: number; total: number } {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
  const n = ticks.map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  // idle and iowait
  return { busy: total - (n[3] ?? 0) - (n[4] ?? 0), total };
}

/** PostgreSQL: the server processes of the database's sessions, and the CPU seconds of each so far. */
async function backendCpu(url: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        out.set(pid, cpuSec(pid));
      } catch {
        // gone meanwhile
      }
    }
    return out;
  } finally {
    await client.end();
  }
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
  /**
   * CPU used during the round, in seconds: the server process; the load driver (autocannon, its
   * own process); PostgreSQL's processes serving the database (0 on SQLite); and how busy the whole
   * machine was (every process, other work included), in % of all its CPUs.
   */
  cpu: { serverSec: number; driverSec: number; databaseSec: number; machineBusyPct: number };
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
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ...result, driverCpuSec: (cpu.user + cpu.system) / 1e6 }));
`;

async function loadApply(
  url: string,
  body: string,
  amount: number,
  connections: number,
  rate: number | null,
  offset: number,
): Promise<Omit<FormLoad, 'cpu'> & { driverCpuSec: number }> {
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
    driverCpuSec: number;
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
    driverCpuSec: round(r.driverCpuSec, 2),
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
   * Intake's repeat check (store `newestRequests` of the applicant and of the agency, read once per
   * batch of registrations) for the load's applicant and agency after the load: its time (median
   * of 5), rows, and plans.
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
  // intake: received today, compared with the 365 days before (SIMILAR_WINDOW_DAYS), 300 at most of each.
  const since = new Date(Date.now() - 365 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const reads = [
    { column: 'applicant_key', value: createSealer(FIELD_KEY).lookupKey(`resident_id:${APPLY_ID_NUMBER}`) },
    { column: 'agency_id', value: agencyId },
  ] as const;
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const r = await time(async () => {
      let n = 0;
      for (const read of reads)
        n += (await requestStore.newestRequests(db.kysely, { ...read, since, limit: 300 })).length;
      return n;
    });
    times.push(r.ms);
    rows = r.value;
  }
  const plan: string[] = [];
  for (const read of reads)
    plan.push(
      `-- ${read.column}`,
      ...(await explain(db, requestStore.newestQuery(db.kysely, { ...read, since, limit: 300 }).compile())),
    );
  return { medianMs: round(median(times)), rows, plan };
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
    const serverPid = app.child.pid ?? 0;
    const runRound = async (connections: number, rate: number | null, offset: number) => {
      const backends = engine === 'postgres' ? await backendCpu(fresh.url) : new Map<number, number>();
      const server = cpuSec(serverPid);
      const machine = machineTicks();
      const sampler = engine === 'postgres' ? sampleSessions(fresh.url) : null;
      const { driverCpuSec, ...load } = await loadApply(url, body, amount, connections, rate, offset);
      const sessions = sampler ? await sampler.stop() : undefined;
      const machineAfter = machineTicks();
      // Sessions opened during the round count from zero; one closed meanwhile is missed.
      let databaseSec = 0;
      if (engine === 'postgres')
        for (const [pid, sec] of await backendCpu(fresh.url)) databaseSec += sec - (backends.get(pid) ?? 0);
      const cpu = {
        serverSec: round(cpuSec(serverPid) - server, 2),
        driverSec: driverCpuSec,
        databaseSec: round(databaseSec, 2),
        machineBusyPct: round(
          (100 * (machineAfter.busy - machine.busy)) / Math.max(machineAfter.total - machine.total, 1),
        ),
      };
      return { ...load, cpu, ...(sessions ? { sessions } : {}) };
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
      [
        'deadlines.dueAlerts (due by index)',
        String(s.dueAlerts.medianMs),
        JSON.stringify(s.dueAlerts.byAlert),
        us(s.dueAlerts.medianMs),
      ],
      ['peak sweep (00:30)', String(s.peak.medianMs), s.peak.queued.join('/'), us(s.peak.medianMs)],
      ['  of which enqueues', String(s.peakEnqueueMs), '', ''],
      ['repeat, alerts queued', String(s.repeat.ms), String(s.repeat.queued), us(s.repeat.ms)],
      ['quiet hour', String(s.quiet.medianMs), s.quiet.queued.join('/'), us(s.quiet.medianMs)],
    ]),
  );
  console.log(`dueAlerts plan: ${s.plan.join(' | ')}`);
  const line = (name: string, totalMs: number, p: StatsPhases): string[] => [
    name,
    String(p.requests),
    String(totalMs),
    String(p.groupsMs),
    String(p.groups),
    String(p.tableThreeMs),
    String(p.disputesMs),
    String(p.tableFourMs),
    String(p.jsonMs),
    String(round(p.jsonBytes / 1e3)),
  ];
  const rows = [
    [
      'statistics',
      'requests',
      'total ms',
      'groups ms',
      'groups',
      'table 三 ms',
      'disputes ms',
      'table 四 ms',
      'JSON ms',
      'JSON KB',
    ],
    line('requests.statistics (one agency)', a.serviceMs, a.phases),
  ];
  if (g)
    rows.push(line(`requests.statistics(…, 'region'), ${g.agencies} agencies`, g.scope.medianMs, g.phases));
  console.log(table(rows));
  console.log(
    table([
      ['drill-down (statisticsCell)', 'page', 'in cell', 'ms', 'JSON KB'],
      ...[
        ...a.drill.map((d) => ['agency', d] as const),
        ...(g?.drill ?? []).map((d) => ['region', d] as const),
      ].map(([scope, d]) => [
        `${scope} ${d.cell}`,
        String(d.page),
        String(d.total),
        String(d.medianMs),
        String(round(d.jsonBytes / 1e3)),
      ]),
    ]),
  );
  console.log(
    `statistics plan (one agency): ${a.phases.groups} groups | ${a.plans.requests.join(' | ')} || ${a.plans.disputes.join(' | ')}`,
  );
  const f = r.form;
  console.log(
    table([
      [
        'POST /apply',
        'conn',
        's',
        'sent',
        '201',
        '201/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'codes',
        'CPU s: server',
        'driver',
        'database',
        'machine %',
      ],
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
        String(x.cpu.serverSec),
        String(x.cpu.driverSec),
        String(x.cpu.databaseSec),
        String(x.cpu.machineBusyPct),
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

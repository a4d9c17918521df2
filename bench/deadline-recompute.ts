/**
 * Benchmark: the calendar-change recompute and My tasks, on SQLite and PostgreSQL.
 *
 * For each engine and each N it builds a fresh database with the demo world (西吉县), opens N deadlines
 * through the real `deadlines.open` (in batches, one transaction per batch), then measures
 *
 * - `calendar.setOverride` by the demo admin: the override is written and audited, and every open
 *   deadline is recomputed (`deadlines.recomputeOpen`), the moved ones stored and their notices queued;
 * - `deadlines.recomputeOpen` with no calendar change (reads and computes, writes nothing): the floor
 *   under the figure above;
 * - `tasks.mine` for the demo unit head of 县教育局, who holds the role most of the items wait for.
 *
 * Each measurement is repeated and the median reported (the machine may be shared and noisy).
 * Results go to bench/results/deadline-recompute.json and a table on stdout.
 *
 *   npm run bench -- [--n 1000,10000] [--engines sqlite,postgres] [--reps 5]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Actor } from '../src/core/auth/actor.ts';
import type { Role } from '../src/core/auth/roles.ts';
import { FixedClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/core/config.ts';
import type { Engine } from '../src/core/db/connect.ts';
import { createTestDb, PG_ADMIN_URL, postgresAvailable } from '../src/core/db/testing.ts';
import type { OpenDeadlineInput } from '../src/core/deadlines/service.ts';
import { seededRandom as random } from '../src/core/seeded-random.ts';
import { buildWorld, DEMO_PASSWORD, type AgencyKey, type World } from '../src/dev/world.ts';
import { createServices, type Services } from '../src/services.ts';

/**
 * "Now" for the whole run, so that runs on different days compare: Tuesday 2026-10-20, 10:00 in
 * Beijing. The 30 days before it contain National Day (10-01 to 10-08 off, 09-28 and 10-11 worked),
 * so the counts skip a real holiday week; every due date falls in 2026, which the calendar covers.
 */
const NOW = '2026-10-20T02:00:00Z';
/** The override toggled by the benchmark: Wednesday 2026-10-28, inside most deadlines' counts. */
const OVERRIDE_DATE = '2026-10-28';
const OVERRIDE_REGION = '640000';
const BATCH = 500;
const DAY_MS = 86_400_000;

interface Options {
  sizes: number[];
  engines: Engine[];
  reps: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '1000,10000' },
      engines: { type: 'string', default: 'sqlite,postgres' },
      reps: { type: 'string', default: '5' },
    },
  });
  const sizes = values.n.split(',').map((s) => Number(s.trim()));
  const engines = values.engines.split(',').map((s) => s.trim());
  const reps = Number(values.reps);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--n: bad sizes "${values.n}"`);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps: bad count "${values.reps}"`);
  for (const e of engines) {
    if (e !== 'sqlite' && e !== 'postgres') throw new Error(`--engines: unknown engine "${e}"`);
  }
  return { sizes, engines: engines as Engine[], reps };
}

const OTHER_ROLES: readonly Role[] = [
  'drafter',
  'unit_head',
  'secrecy_reviewer',
  'leader_in_charge',
  'disclosure_officer',
];

/**
 * N open deadlines over the demo agencies: starts spread over the 30 days before NOW, 5–20 working
 * days, about 11% with an ended pause (third-party consultation), 3.5% paused now, 5% extended by 20
 * working days. About a third wait at 县教育局 for its unit head (the user whose tasks are measured);
 * the rest are spread over every agency and several roles, and 10% are assigned to a person.
 */
function generate(n: number, world: World, regionOf: Map<string, string>): OpenDeadlineInput[] {
  const rnd = random(20261020 + n);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const agencyKeys = Object.keys(world.agencies) as AgencyKey[];
  const userIds = Object.values(world.users);
  const now = Date.parse(NOW);
  const iso = (ms: number): string => new Date(ms).toISOString();
  const out: OpenDeadlineInput[] = [];
  for (let i = 0; i < n; i++) {
    const forUnitHead = rnd() < 0.3;
    const agencyId = world.agencies[forUnitHead ? 'education' : pick(agencyKeys)];
    const direct = !forUnitHead && rnd() < 0.1;
    const start = now - Math.floor(rnd() * 30 * DAY_MS);
    const request = rnd() < 0.6;
    const pauses: { from: string; to: string | null; reason: string }[] = [];
    const p = rnd();
    if (p < 0.19) {
      const from = start + int(1, 5) * DAY_MS;
      const to = from + int(1, 10) * DAY_MS;
      if (p < 0.04 && from < now) pauses.push({ from: iso(from), to: null, reason: '征求第三方意见' });
      else if (p >= 0.04 && to <= now)
        pauses.push({ from: iso(from), to: iso(to), reason: '征求第三方意见' });
    }
    const extensions =
      rnd() < 0.05
        ? [{ length: 20, reason: '情况复杂，经政务公开工作机构负责人同意延长', approvedBy: '马丽' }]
        : [];
    out.push({
      entityType: request ? 'request.reply' : 'assignment',
      entityId: `bench-${i}`,
      agencyId,
      assigneeUserId: direct ? pick(userIds) : null,
      assigneeRole: direct ? null : forUnitHead ? 'unit_head' : pick(OTHER_ROLES),
      title: request ? `依申请公开 2026第${i + 1}号 答复` : `工作交办 第${i + 1}号`,
      link: request ? `/console/requests/bench-${i}` : `/console/assignments/bench-${i}`,
      spec: {
        start: iso(start),
        length: request ? 20 : int(5, 20),
        unit: 'working_days',
        regionCode: regionOf.get(agencyId) ?? OVERRIDE_REGION,
        pauses,
        extensions,
      },
    });
  }
  return out;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

interface Measurement {
  medianMs: number;
  perDeadlineUs: number;
  samplesMs: number[];
}

function summarise(samples: number[], n: number): Measurement {
  const m = median(samples);
  return {
    medianMs: round(m),
    perDeadlineUs: round((m * 1000) / n, 2),
    samplesMs: samples.map((s) => round(s)),
  };
}

interface CaseResult {
  engine: Engine;
  n: number;
  insertMs: number;
  setOverride: Measurement & { moved: number[] };
  /** moved should be all zeros: the calendar did not change since the last recompute. */
  recomputeNoChange: Measurement & { moved: number[] };
  /** perDeadlineUs is per open deadline in the table (N); perItemUs per task returned. */
  tasksMine: Measurement & { items: number; perItemUs: number };
}

async function runCase(engine: Engine, n: number, reps: number): Promise<CaseResult> {
  const clock = new FixedClock(NOW);
  const db = await createTestDb(engine);
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, SCHEDULER: 'false', LOG_LEVEL: 'silent' });
    const services: Services = createServices(config, db, clock);
    const world = await buildWorld(services);
    const regionOf = new Map<string, string>();
    for (const id of Object.values(world.agencies)) regionOf.set(id, await services.orgs.regionCodeOf(id));
    const login = async (username: 'admin' | 'unithead'): Promise<Actor> =>
      (await services.auth.login(username, DEMO_PASSWORD, { ip: null })).actor;
    const admin = await login('admin');
    const unithead = await login('unithead');

    const inputs = generate(n, world, regionOf);
    const insert = await time(async () => {
      for (let i = 0; i < inputs.length; i += BATCH) {
        const batch = inputs.slice(i, i + BATCH);
        await db.kysely.transaction().execute(async (trx) => {
          for (const input of batch) await services.deadlines.open(trx, input);
        });
      }
    });

    // Each round flips the override (a holiday, then a working day again), so every round moves
    // the deadlines that count across it. The clock steps a second each round, as time passes
    // between an admin's changes.
    let holiday = false;
    const setOverride = async (): Promise<{ ms: number; moved: number }> => {
      holiday = !holiday;
      clock.set(new Date(clock.now().getTime() + 1000));
      const { ms, value } = await time(() =>
        services.calendar.setOverride(admin, {
          regionCode: OVERRIDE_REGION,
          date: OVERRIDE_DATE,
          isWorking: !holiday,
          name: holiday ? '基准测试休息日' : '基准测试恢复上班',
        }),
      );
      return { ms, moved: value.moved };
    };
    const recompute = async (): Promise<{ ms: number; moved: number }> => {
      const { ms, value } = await time(() => services.deadlines.recomputeOpen());
      return { ms, moved: value.length };
    };
    const myTasks = async (): Promise<{ ms: number; items: number }> => {
      const { ms, value } = await time(() => services.tasks.mine(unithead));
      return { ms, items: value.length };
    };

    // One unmeasured round of each warms the code paths and the calendar cache.
    await setOverride();
    await recompute();
    await myTasks();

    const overrideRuns: { ms: number; moved: number }[] = [];
    const recomputeRuns: { ms: number; moved: number }[] = [];
    const mineRuns: { ms: number; items: number }[] = [];
    // Interleaved, so that a noisy stretch of the machine spreads over all three.
    for (let r = 0; r < reps; r++) {
      overrideRuns.push(await setOverride());
      recomputeRuns.push(await recompute());
      mineRuns.push(await myTasks());
    }
    const items = mineRuns[0]?.items ?? 0;
    const mine = summarise(
      mineRuns.map((r) => r.ms),
      n,
    );
    return {
      engine,
      n,
      insertMs: round(insert.ms),
      setOverride: {
        ...summarise(
          overrideRuns.map((r) => r.ms),
          n,
        ),
        moved: overrideRuns.map((r) => r.moved),
      },
      recomputeNoChange: {
        ...summarise(
          recomputeRuns.map((r) => r.ms),
          n,
        ),
        moved: recomputeRuns.map((r) => r.moved),
      },
      tasksMine: { ...mine, items, perItemUs: round((mine.medianMs * 1000) / Math.max(items, 1), 2) },
    };
  } finally {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(results: readonly CaseResult[]): string {
  const header = [
    'engine',
    'N',
    'insert s',
    'setOverride ms',
    'µs/deadline',
    'moved',
    'recompute (no change) ms',
    'tasks.mine ms',
    'µs/deadline',
    'µs/item',
    'items',
  ];
  const rows = results.map((r) => [
    r.engine,
    String(r.n),
    (r.insertMs / 1000).toFixed(1),
    r.setOverride.medianMs.toFixed(1),
    r.setOverride.perDeadlineUs.toFixed(1),
    String(median(r.setOverride.moved)),
    r.recomputeNoChange.medianMs.toFixed(1),
    r.tasksMine.medianMs.toFixed(1),
    r.tasksMine.perDeadlineUs.toFixed(1),
    r.tasksMine.perItemUs.toFixed(1),
    String(r.tasksMine.items),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) throw new Error(`needs Node 24 (this is ${process.version}); run it with npm run bench`);
  const opts = options();
  const engines: Engine[] = [];
  const skipped: string[] = [];
  for (const engine of opts.engines) {
    if (engine === 'postgres' && !(await postgresAvailable())) {
      const host = new URL(PG_ADMIN_URL).host;
      console.warn(`PostgreSQL not reachable at ${host} (set PG_TEST_URL): skipping the PostgreSQL runs.`);
      skipped.push(`postgres: not reachable at ${host}`);
      continue;
    }
    engines.push(engine);
  }

  const results: CaseResult[] = [];
  for (const engine of engines) {
    for (const n of opts.sizes) {
      process.stderr.write(`${engine}, N = ${n}: inserting and measuring (${opts.reps} rounds)…\n`);
      const result = await runCase(engine, n, opts.reps);
      results.push(result);
      process.stderr.write(
        `  setOverride ${result.setOverride.medianMs} ms, tasks.mine ${result.tasksMine.medianMs} ms\n`,
      );
    }
  }

  const report = {
    benchmark: 'deadline-recompute',
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: `${cpus()[0]?.model ?? 'unknown'} ×${cpus().length}`,
    simulatedNow: NOW,
    override: { regionCode: OVERRIDE_REGION, date: OVERRIDE_DATE },
    reps: opts.reps,
    skipped,
    results,
  };
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'deadline-recompute.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

  console.log(`\nMedians of ${opts.reps} rounds, ${report.node}, ${report.cpu}`);
  console.log(table(results));
  for (const s of skipped) console.log(`skipped — ${s}`);
  console.log(`\nwritten to ${out}`);
}

await main();

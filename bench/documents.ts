/**
 * Benchmark: documents at scale — bulk import with the search index, search latency, and the
 * throughput of a document page against a bare node:http server sending the same bytes.
 *
 *   npm run bench:documents -- --docs 100000 [--engine sqlite|postgres|both] [--queries 200] [--duration 10]
 *
 * For each engine: a fresh database (a temporary SQLite file, or a new PostgreSQL database on
 * PG_TEST_URL's server), migrated; 300 agencies; N generated documents (bench/lib/generate-documents.ts)
 * inserted as published rows of `documents` and indexed through `search.indexMany`. Then
 * - search latency of `search.search` (first page, 20 hits) for random 2-, 3- and 4-character
 *   Chinese substrings of the documents and for two-term queries, in this process, each set twice:
 *   right after the import, and again (the steady state a running server is in);
 * - the real server (bench/lib/serve.ts app, its own process) and a bare node:http server (bare)
 *   loaded by autocannon on loopback, GET /documents/:id, in alternating rounds (the ratio is the
 *   median round's); and the server's resident memory.
 * Results go to bench/results/documents-<date>-<engine>-<N>.json and a table on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { systemClock } from '../src/core/clock.ts';
import { byColumns } from '../src/core/db/by-columns.ts';
import { connect, type Db, type Engine } from '../src/core/db/connect.ts';
import type { Database } from '../src/core/db/database.ts';
import { migrateToLatest } from '../src/core/db/migrate.ts';
import { PG_ADMIN_URL, postgresAvailable } from '../src/core/db/testing.ts';
import { createSearchService, type SearchService } from '../src/core/search/service.ts';
import { agencies, documents, random, type BenchDocument } from './lib/generate-documents.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Documents rows per INSERT, and per transaction of the first pass. */
const BATCH = 500;
/**
 * Each transaction's commit writes every page it changed to the WAL, and the checkpoint writes them
 * again: the rows land in random leaves of the `documents` indexes (索引号, agency and column
 * lists), so a transaction of 500 rows wrote about 20 MB for 1.5 MB of rows (200,000 documents:
 * 8.4 GB). Larger transactions change each leaf once for more rows. Measured on 1,000,000
 * documents, one run each: 5,000 rows per transaction 102.6 s and 37.1 GB written, 50,000 rows
 * 76.3 s and 14.8 GB, 100,000 rows 70.3 s and 11.9 GB. An import tool can hold 50,000 documents
 * (about 150 MB) in memory.
 */
const TRANSACTION = 50_000;

function options() {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '10000' },
      engine: { type: 'string', default: 'both' },
      queries: { type: 'string', default: '200' },
      duration: { type: 'string', default: '10' },
      keep: { type: 'boolean', default: false },
    },
  });
  const docs = Number(values.docs);
  const queries = Number(values.queries);
  const duration = Number(values.duration);
  if (!Number.isInteger(docs) || docs < 100) throw new Error(`--docs: bad count "${values.docs}"`);
  if (!Number.isInteger(queries) || queries < 10) throw new Error(`--queries: bad count "${values.queries}"`);
  if (!Number.isInteger(duration) || duration < 1)
    throw new Error(`--duration: bad seconds "${values.duration}"`);
  const engines: Engine[] =
    values.engine === 'both'
      ? ['sqlite', 'postgres']
      : values.engine === 'sqlite'
        ? ['sqlite']
        : ['postgres'];
  if (!['both', 'sqlite', 'postgres'].includes(values.engine))
    throw new Error(`--engine: "${values.engine}"`);
  return { docs, engines, queries, duration, keep: values.keep };
}

interface Fresh {
  db: Db;
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

async function freshDatabase(engine: Engine): Promise<Fresh> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-docs-'));
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
  const name = `gongkai_bench_${Date.now()}`;
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

async function insertAgencies(db: Db): Promise<void> {
  const now = new Date().toISOString();
  const list = agencies();
  const root = list[0]?.id ?? null;
  await db.kysely
    .insertInto('agencies')
    .values(
      list.map((a, i) => ({
        id: a.id,
        parent_id: i === 0 ? null : root,
        name: a.name,
        short_name: null,
        kind: i === 0 ? 'government' : 'department',
        uscc: a.uscc,
        division_code: i === 0 ? '640422' : null,
        region_code: '640422',
        address: null,
        phone: null,
        sort_order: i,
        active: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

/** One transaction of documents rows, `BATCH` rows per INSERT, as an import tool would write them. */
async function insertDocuments(db: Db, docs: readonly BenchDocument[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < docs.length; i += BATCH) await insertRows(trx, db.engine, docs.slice(i, i + BATCH));
  });
}

/** The `documents` row of a generated document, as the documents module writes a published one. */
function documentRow(d: BenchDocument) {
  return {
    id: d.id,
    agency_id: d.agencyId,
    title: d.title,
    doc_number: d.docNumber,
    written_on: d.writtenOn,
    published_at: d.publishedAt,
    index_number: d.indexNumber,
    topic: d.topic,
    genre: d.genre,
    legal_category: 'normative' as const,
    validity: d.validity,
    effective_from: null,
    effective_to: d.effectiveTo,
    body: d.text,
    body_format: 'text' as const,
    disclosure_mode: 'proactive' as const,
    status: 'published' as const,
    portal_section: 'statutory' as const,
    source_note: null,
    created_at: d.publishedAt,
    updated_at: d.publishedAt,
  };
}

async function insertRows(
  k: Kysely<Database>,
  engine: Engine,
  batch: readonly BenchDocument[],
): Promise<void> {
  const rows = batch.map(documentRow);
  if (engine === 'sqlite') {
    await k.insertInto('documents').values(rows).execute();
    return;
  }
  // PostgreSQL: one array per column, as an import tool would send them (core/db/by-columns.ts).
  const text = Object.fromEntries(Object.keys(rows[0] ?? {}).map((name) => [name, 'text' as const]));
  await sql`insert into documents ${byColumns(rows, text)}`.execute(k);
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

interface Latency {
  queries: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Median number of matches reported (capped count). */
  medianTotal: number;
  cappedShare: number;
}

const HAN = /^\p{Script=Han}+$/u;

function sampleQueries(texts: readonly string[], count: number, seed: number) {
  const rnd = random(seed);
  const substring = (len: number): string => {
    for (;;) {
      const t = texts[Math.floor(rnd() * texts.length)] as string;
      const at = Math.floor(rnd() * Math.max(1, t.length - len));
      const s = t.slice(at, at + len);
      if (s.length === len && HAN.test(s)) return s;
    }
  };
  const make = (f: () => string): string[] => Array.from({ length: count }, f);
  return {
    '2 chars': make(() => substring(2)),
    '3 chars': make(() => substring(3)),
    '4 chars': make(() => substring(4)),
    '2 terms': make(() => `${substring(2 + Math.floor(rnd() * 3))} ${substring(2 + Math.floor(rnd() * 3))}`),
  };
}

async function measureSearch(search: SearchService, queries: string[]): Promise<Latency> {
  for (const q of queries.slice(0, 10)) await search.search({ q });
  const times: number[] = [];
  const totals: number[] = [];
  let capped = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const res = await search.search({ q });
    times.push(performance.now() - t0);
    totals.push(res.total);
    if (!res.totalExact) capped++;
  }
  times.sort((a, b) => a - b);
  totals.sort((a, b) => a - b);
  return {
    queries: queries.length,
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    max: round(times[times.length - 1] ?? NaN),
    medianTotal: percentile(totals, 50),
    cappedShare: round(capped / queries.length, 2),
  };
}

async function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/lib/serve.ts'), ...args], {
    cwd: ROOT,
    // As `gongkai serve` runs it (bin/gongkai.js): React's production build.
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

/**
 * Bytes this process has caused to be written to disk so far (Linux `/proc/self/io`, write_bytes),
 * the SQLite engine's writes included; PostgreSQL writes in its own processes and is not counted.
 */
function writtenBytes(): number {
  return Number(/write_bytes:\s+(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
}

const gb = (bytes: number): number => round(bytes / 1e9, 2);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024);
}

interface Load {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  bytesPerRequest: number;
}

async function autocannon(url: string, duration: number): Promise<Load> {
  const bin = join(ROOT, 'node_modules/.bin/autocannon');
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(bin, ['-c', '50', '-d', String(duration), '-j', url], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let s = '';
    child.stdout.on('data', (b: Buffer) => (s += b.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(s) : reject(new Error(`autocannon exited with ${code}`)),
    );
  });
  const r = JSON.parse(out) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    throughput: { total: number };
  };
  return {
    requestsPerSec: round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    non2xx: r.non2xx,
    bytesPerRequest: Math.round(r.throughput.total / Math.max(1, r.requests.total)),
  };
}

/** Header lines node:http writes itself, for the app and the bare server alike. */
const NODE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** Rounds of the page load test: server, then bare, `duration` seconds each. */
const PAGE_ROUNDS = 5;

/** The round whose ratio is the median: its two loads and its ratio stand for the run. */
function medianRound<T extends { ratio: number }>(rounds: readonly T[]): T {
  const sorted = [...rounds].sort((a, b) => a.ratio - b.ratio);
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (!mid) throw new Error('no page load rounds');
  return mid;
}

async function runEngine(engine: Engine, n: number, queryCount: number, duration: number, keep: boolean) {
  const fresh = await freshDatabase(engine);
  const loadAtStart = loadavg().map((x) => round(x, 2));
  try {
    const db = fresh.db;
    // PostgreSQL: the replica in the data directory, where the served app (DATA_DIR) finds it.
    const search = createSearchService({
      db,
      clock: systemClock,
      replicaFile: join(fresh.dataDir, 'search-replica.db'),
    });
    await insertAgencies(db);
    process.stderr.write(`${engine}: importing ${n} documents…\n`);
    const texts: string[] = [];
    const ids: string[] = [];
    let chars = 0;
    // Pass 1: the `documents` rows, 500 per INSERT, 50,000 per transaction. Pass 2: the search index, one
    // `search.indexMany` over the same (regenerated) documents, as an import would call it.
    const t0 = performance.now();
    const w0 = writtenBytes();
    let batch: BenchDocument[] = [];
    let done = 0;
    const progress = (what: string, from: number): void => {
      if (done % 50_000 === 0) {
        const s = (performance.now() - from) / 1000;
        process.stderr.write(`  ${what}: ${done} in ${s.toFixed(0)} s (${Math.round(done / s)}/s)\n`);
      }
    };
    for (const d of documents(n)) {
      chars += d.text.length;
      if (texts.length < 2000 && done % Math.max(1, Math.floor(n / 2000)) === 0) {
        texts.push(d.text);
        ids.push(d.id);
      }
      batch.push(d);
      done++;
      if (batch.length >= TRANSACTION) {
        await insertDocuments(db, batch);
        batch = [];
      }
      progress('documents rows', t0);
    }
    if (batch.length > 0) await insertDocuments(db, batch);
    const docMs = performance.now() - t0;
    const docWritten = writtenBytes() - w0;

    // PostgreSQL: the GIN indexes are dropped for the load and built once at the end (counted in
    // the import time); both engines refresh their statistics at the end.
    const i0 = performance.now();
    await search.beginBulkLoad();
    done = 0;
    await search.indexMany(
      (function* () {
        for (const d of documents(n)) {
          yield d;
          done++;
          progress('search index', i0);
        }
      })(),
    );
    const e0 = performance.now();
    await search.endBulkLoad();
    const endMs = performance.now() - e0;
    const indexMs = performance.now() - i0;
    const importMs = performance.now() - t0;
    const importWritten = writtenBytes() - w0;
    process.stderr.write(`  imported in ${(importMs / 1000).toFixed(1)} s; measuring search…\n`);

    // Each kind's queries twice: first right after the import, with the operating system's cache
    // full of what the import wrote (cold), then again (a server's steady state, the figure
    // reported against the target).
    const latency: Record<string, Latency> = {};
    const coldLatency: Record<string, Latency> = {};
    const kinds = Object.entries(sampleQueries(texts, queryCount, n));
    for (const [kind, qs] of kinds) {
      coldLatency[kind] = await measureSearch(search, qs);
      process.stderr.write(`  ${kind}, first pass: p95 ${coldLatency[kind]?.p95} ms\n`);
    }
    for (const [kind, qs] of kinds) {
      latency[kind] = await measureSearch(search, qs);
      process.stderr.write(`  ${kind}: p95 ${latency[kind]?.p95} ms\n`);
    }
    await db.close();

    process.stderr.write('  load-testing GET /documents/:id…\n');
    const app = await spawnServer(['app'], { DATABASE_URL: fresh.url, DATA_DIR: fresh.dataDir });
    const rounds: { server: Load; bare: Load; ratio: number }[] = [];
    let rss: { afterStart: number; afterLoad: number };
    let pageBytes: number;
    try {
      const rssStart = rssMb(app.child.pid ?? 0);
      const path = `/documents/${ids[Math.floor(ids.length / 2)] ?? ''}`;
      const res = await fetch(`http://127.0.0.1:${app.port}${path}`);
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
      const body = Buffer.from(await res.arrayBuffer());
      pageBytes = body.length;
      const file = join(fresh.dataDir, 'page.html');
      writeFileSync(file, body);
      // The bare server sends the same header lines too (the security headers are ~900 bytes of
      // every answer); node:http adds its own date, connection and keep-alive lines to both.
      const headers = [...res.headers].filter(([k]) => !NODE_HEADERS.has(k));
      const headersFile = join(fresh.dataDir, 'page-headers.json');
      writeFileSync(headersFile, JSON.stringify(Object.fromEntries(headers)));
      const b = await spawnServer(['bare'], { BARE_FILE: file, BARE_HEADERS_FILE: headersFile });
      try {
        // Rounds alternate between the two servers, so that a noisy stretch of the shared machine
        // falls on both; the ratio is the median of the rounds' ratios.
        for (let r = 0; r < PAGE_ROUNDS; r++) {
          const s = await autocannon(`http://127.0.0.1:${app.port}${path}`, duration);
          const bb = await autocannon(`http://127.0.0.1:${b.port}${path}`, duration);
          rounds.push({ server: s, bare: bb, ratio: round(s.requestsPerSec / bb.requestsPerSec, 2) });
        }
      } finally {
        await stopServer(b.child);
      }
      rss = { afterStart: rssStart, afterLoad: rssMb(app.child.pid ?? 0) };
    } finally {
      await stopServer(app.child);
    }
    return {
      engine,
      docs: n,
      loadAverageAtStart: loadAtStart,
      bodyChars: { total: chars, average: Math.round(chars / n) },
      import: {
        totalSec: round(importMs / 1000),
        documentsRowsSec: round(docMs / 1000),
        searchIndexSec: round(indexMs / 1000),
        /** Of searchIndexSec: building the GIN indexes and ANALYZE after the load. */
        finishSec: round(endMs / 1000),
        docsPerSec: Math.round(n / (importMs / 1000)),
        /** GB written to disk by this process (SQLite; PostgreSQL's own writes are not counted). */
        writtenGb: { documentsRows: gb(docWritten), searchIndex: gb(importWritten - docWritten) },
      },
      searchLatencyMs: latency,
      /** The same queries' first pass, right after the import. */
      searchLatencyFirstPassMs: coldLatency,
      documentPage: { bytes: pageBytes, ...medianRound(rounds), rounds },
      serverRssMb: rss,
    };
  } finally {
    if (keep) process.stderr.write(`  kept the database: ${fresh.url}\n`);
    else await fresh.drop();
  }
}

async function main(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24)
    throw new Error(`needs Node 24 (this is ${process.version}); run it with npm run bench:documents`);
  const opts = options();
  const date = new Date().toISOString().slice(0, 10);
  for (const engine of opts.engines) {
    if (engine === 'postgres' && !(await postgresAvailable())) {
      console.warn(`PostgreSQL not reachable at ${new URL(PG_ADMIN_URL).host}: skipping it.`);
      continue;
    }
    const result = await runEngine(engine, opts.docs, opts.queries, opts.duration, opts.keep);
    const report = {
      benchmark: 'documents',
      date: new Date().toISOString(),
      node: process.version,
      cpu: `${cpus()[0]?.model ?? 'unknown'} ×${cpus().length}`,
      loadAverageAtEnd: loadavg().map((x) => round(x, 2)),
      ...result,
    };
    const out = join(ROOT, 'bench/results', `documents-${date}-${engine}-${opts.docs}.json`);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${engine}, ${opts.docs} documents (average body ${result.bodyChars.average} characters)`);
    console.log(
      `import ${result.import.totalSec} s (${result.import.docsPerSec} docs/s; documents rows ${result.import.documentsRowsSec} s, search index ${result.import.searchIndexSec} s, of which index build/analyze ${result.import.finishSec} s); written to disk: documents rows ${result.import.writtenGb.documentsRows} GB, search index ${result.import.writtenGb.searchIndex} GB`,
    );
    console.log('search (first page)  p50 ms  p95 ms  p99 ms  max ms  median total  capped');
    const firstPass = Object.entries(result.searchLatencyFirstPassMs).map(([kind, l]) => `${kind} ${l.p95}`);
    console.log(`(first pass right after the import, p95 ms: ${firstPass.join(', ')})`);
    for (const [kind, l] of Object.entries(result.searchLatencyMs)) {
      console.log(
        `${kind.padEnd(20)} ${String(l.p50).padStart(6)}  ${String(l.p95).padStart(6)}  ${String(l.p99).padStart(6)}  ${String(l.max).padStart(6)}  ${String(l.medianTotal).padStart(12)}  ${String(l.cappedShare).padStart(6)}`,
      );
    }
    const p = result.documentPage;
    console.log(
      `GET /documents/:id (${p.bytes} bytes): server ${p.server.requestsPerSec} req/s, bare node:http ${p.bare.requestsPerSec} req/s, ratio ${p.ratio} (median of ${p.rounds.map((r) => r.ratio).join(' / ')})`,
    );
    console.log(
      `server RSS ${result.serverRssMb.afterStart} MB after start, ${result.serverRssMb.afterLoad} MB after load`,
    );
    console.log(`written to ${out}`);
  }
}

await main();

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createAuditService } from '../src/core/audit/service.ts';
import { systemClock } from '../src/core/clock.ts';
import type { Config } from '../src/core/config.ts';
import { connect, type Engine } from '../src/core/db/connect.ts';
import { PG_ADMIN_URL, testEngines } from '../src/core/db/testing.ts';

/**
 * The requirement, end to end: "Killing the server (SIGKILL) in the middle of a burst of
 * submissions loses no submission that was acknowledged to the applicant."
 *
 * The real server runs in a child process (test/serve-child.ts) on a fresh database; its first
 * start migrates it and loads the demo region. A burst of concurrent POST /apply submissions goes
 * out, each with its own client address (TRUST_PROXY, x-forwarded-for: the public forms are
 * rate-limited per address) and its own description; once enough have been acknowledged (201 with
 * the tracking number in the page), the server gets SIGKILL after a short random delay. Then the
 * server starts again on the same database, and every acknowledged tracking number must be in
 * `requests` with the description it was given, once.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = join(ROOT, 'test/serve-child.ts');

/** Submissions in flight at once, submissions per round at most, acknowledgements before the kill. */
const CONCURRENCY = 40;
const PER_ROUND = 400;
const KILL_AFTER_ACKS = 20;
/** The kill comes this long (at most, uniformly random) after the KILL_AFTER_ACKS-th acknowledgement. */
const KILL_JITTER_MS = 400;
/** A round whose kill came too late (nothing cut off) or too early is run again, on the same database. */
const MAX_ROUNDS = 3;

/** A valid resident ID number (the GB 11643 example) and a phone whose last four digits track it. */
const ID = '11010519491231002X';
const PHONE = '13909541234';

interface Fresh {
  db: Config['db'];
  url: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** An empty database and data directory; the server's first start migrates and seeds it. */
async function freshDatabase(engine: Engine): Promise<Fresh> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-kill-'));
  if (engine === 'sqlite') {
    const file = join(dataDir, 'gongkai.db');
    return {
      db: { kind: 'sqlite', file },
      url: `sqlite:${file}`,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `gongkai_test_kill_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    db: { kind: 'postgres', url: url.toString() },
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      // The killed server's backends may still be going away: force them out.
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Server {
  child: ChildProcess;
  base: string;
  /** Resolves with the exit signal (or code) once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** The tail of its stderr, for failure messages. */
  stderr(): string;
}

async function startServer(fresh: Fresh): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      // As `gongkai serve` runs it (bin/gongkai.js).
      NODE_ENV: 'production',
      DATABASE_URL: fresh.url,
      DATA_DIR: fresh.dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      SCHEDULER: 'false',
      SEED_DEMO: 'true',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-4000);
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exited.then((how) => reject(new Error(`server exited (${how}) before listening:\n${err}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, exited, stderr: () => err };
}

async function killServer(server: Server): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

interface Ack {
  trackingNumber: string;
  description: string;
  address: string;
}

interface Round {
  round: number;
  sent: number;
  acknowledged: Ack[];
  /** Connection errors: the applicant got no tracking number. */
  failed: number;
  /** 201 whose page was cut off before the tracking number: not acknowledged either. */
  cut: number;
  /** Answers other than 201 (none expected: every submission is valid). */
  unexpected: string[];
  inFlightAtKill: number;
  ackedAtKill: number;
  killDelayMs: number;
  /** How the server process ended: 'SIGKILL' when it was our kill. */
  exit: NodeJS.Signals | number | null;
  killedByUs: boolean;
  stderr: string;
}

function form(agencyId: string, description: string): string {
  return new URLSearchParams({
    agencyId,
    applicantType: 'natural_person',
    applicantName: '马建华',
    idType: 'resident_id',
    idNumber: ID,
    phone: PHONE,
    email: 'x@example.cn',
    description,
    form: 'electronic',
    delivery: 'email',
  }).toString();
}

/** One burst against `server`, which is killed in its middle; resolves once the process is gone. */
async function burst(server: Server, round: number, agencyId: string, tag: string): Promise<Round> {
  const r: Round = {
    round,
    sent: 0,
    acknowledged: [],
    failed: 0,
    cut: 0,
    unexpected: [],
    inFlightAtKill: -1,
    ackedAtKill: -1,
    killDelayMs: Math.floor(Math.random() * KILL_JITTER_MS),
    exit: null,
    killedByUs: false,
    stderr: '',
  };
  let next = 0;
  let inFlight = 0;
  let killScheduled = false;
  const kill = (): void => {
    if (r.killedByUs) return;
    r.killedByUs = true;
    r.inFlightAtKill = inFlight;
    r.ackedAtKill = r.acknowledged.length;
    server.child.kill('SIGKILL');
  };

  const submit = async (i: number): Promise<void> => {
    const description = `断电测试 ${tag} 第${round}轮第${i}件：2025年西吉县学生资助资金发放明细及分配依据`;
    // A distinct client address per submission: 10.<round>.<i / 250>.<i % 250 + 1>.
    const address = `10.${round}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    let res: Response;
    try {
      res = await fetch(`${server.base}/apply`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
        body: form(agencyId, description),
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      r.failed += 1;
      return;
    }
    let body: string;
    try {
      body = await res.text();
    } catch {
      if (res.status === 201) r.cut += 1;
      else r.failed += 1;
      return;
    }
    if (res.status !== 201) {
      r.unexpected.push(`#${i} ${res.status}: ${body.slice(0, 300)}`);
      return;
    }
    const trackingNumber = /class="tracking-number">([^<]+)</.exec(body)?.[1];
    if (!trackingNumber) {
      r.cut += 1;
      return;
    }
    r.acknowledged.push({ trackingNumber, description, address });
    if (!killScheduled && r.acknowledged.length >= KILL_AFTER_ACKS) {
      killScheduled = true;
      setTimeout(kill, r.killDelayMs);
    }
  };

  const worker = async (): Promise<void> => {
    // No new submission once the kill is sent: those would only meet a closed port.
    while (!r.killedByUs && next < PER_ROUND) {
      const i = next++;
      r.sent += 1;
      inFlight += 1;
      try {
        await submit(i);
      } finally {
        inFlight -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // The burst ended before the timer (or never reached KILL_AFTER_ACKS): the round proves nothing,
  // but the server goes the same way.
  kill();
  r.exit = await server.exited;
  r.stderr = server.stderr();
  return r;
}

const qualifies = (r: Round): boolean =>
  r.acknowledged.length >= KILL_AFTER_ACKS && r.inFlightAtKill > 0 && r.failed + r.cut > 0;

describe.each(await testEngines())('a SIGKILL in the middle of a burst of /apply on %s', (engine) => {
  it('loses no submission that was acknowledged to the applicant', async () => {
    const fresh = await freshDatabase(engine);
    const tag = Math.random().toString(36).slice(2, 8);
    const servers: Server[] = [];
    const start = async (): Promise<Server> => {
      const s = await startServer(fresh);
      servers.push(s);
      return s;
    };
    try {
      // First start: migrations and the demo region.
      let server = await start();
      const seeded = connect(fresh.db);
      const agency = await seeded.kysely
        .selectFrom('agencies')
        .select('id')
        .where('name', '=', '西吉县教育局')
        .executeTakeFirstOrThrow();
      // Closed before the kill, so that the server is the database's only user when it dies (on
      // SQLite the restart then recovers the WAL itself).
      await seeded.close();

      const rounds: Round[] = [];
      for (let round = 1; round <= MAX_ROUNDS; round += 1) {
        if (round > 1) server = await start();
        const r = await burst(server, round, agency.id, tag);
        rounds.push(r);
        if (qualifies(r) || r.unexpected.length > 0 || !r.killedByUs) break;
      }
      const summary = rounds.map((r) => ({
        round: r.round,
        sent: r.sent,
        acknowledged: r.acknowledged.length,
        ackedAtKill: r.ackedAtKill,
        inFlightAtKill: r.inFlightAtKill,
        failed: r.failed,
        cut: r.cut,
        unexpected: r.unexpected.length,
        killDelayMs: r.killDelayMs,
        exit: r.exit,
      }));
      const last = rounds[rounds.length - 1] as Round;
      // Every submission is valid and has its own address: anything but 201 or a broken connection
      // is a fault of its own (and would hide acknowledgements).
      expect(
        rounds.flatMap((r) => r.unexpected),
        `unexpected answers; server stderr:\n${last.stderr}`,
      ).toEqual([]);
      // The server died of our SIGKILL, not of something else first.
      expect(
        rounds.map((r) => r.exit),
        `server exits; stderr:\n${last.stderr}`,
      ).toEqual(rounds.map(() => 'SIGKILL'));
      // Otherwise the test proves nothing: acknowledgements before the kill, and submissions cut off by it.
      expect(qualifies(last), `the kill did not land mid-burst: ${JSON.stringify(summary)}`).toBe(true);

      const acknowledged = rounds.flatMap((r) => r.acknowledged);
      const numbers = acknowledged.map((a) => a.trackingNumber);
      expect(new Set(numbers).size, 'two applicants were given the same tracking number').toBe(
        numbers.length,
      );

      // The server comes back on the same database.
      const again = await start();
      const db = connect(fresh.db);
      try {
        const rows = await db.kysely
          .selectFrom('requests')
          .select(['id', 'tracking_number', 'description', 'channel', 'status'])
          .execute();
        const byNumber = new Map(rows.map((row) => [row.tracking_number, row]));
        expect(new Set(rows.map((row) => row.tracking_number)).size, 'duplicate tracking numbers').toBe(
          rows.length,
        );
        const missing = acknowledged.filter((a) => !byNumber.has(a.trackingNumber));
        const different = acknowledged.filter((a) => {
          const row = byNumber.get(a.trackingNumber);
          return row !== undefined && row.description !== a.description;
        });
        const ours = rows.filter((row) => row.description.startsWith(`断电测试 ${tag} `));
        const descriptions = new Set(ours.map((row) => row.description));
        console.log(
          `[${engine}] rounds ${JSON.stringify(summary)}; acknowledged ${acknowledged.length}, ` +
            `found ${acknowledged.length - missing.length}, stored ${ours.length} ` +
            `(committed but not acknowledged: ${ours.length - (acknowledged.length - missing.length)})`,
        );
        expect(missing, `acknowledged but not stored: ${JSON.stringify(summary)}`).toEqual([]);
        expect(different, 'stored with another description than acknowledged').toEqual([]);
        // Each submission is stored at most once (a retry never happens: fetch does not repeat a POST).
        expect(descriptions.size, 'a submission stored twice').toBe(ours.length);
        for (const row of ours) expect([row.channel, row.status]).toEqual(['online', 'registered']);

        // Each acknowledged request kept what its transaction wrote with it: the registration in
        // the audit chain (still intact), and its acknowledgement notice.
        const ids = new Set(
          acknowledged.map((a) => byNumber.get(a.trackingNumber)?.id).filter((id) => id !== undefined),
        );
        const registered = new Set(
          (
            await db.kysely
              .selectFrom('audit_events')
              .select('entity_id')
              .where('action', '=', 'request.registered')
              .execute()
          ).map((e) => e.entity_id),
        );
        expect([...ids].filter((id) => !registered.has(id))).toEqual([]);
        const acknowledgedNotices = new Set(
          (
            await db.kysely
              .selectFrom('request_notices')
              .select('request_id')
              .where('kind', '=', 'acknowledgement')
              .execute()
          ).map((n) => n.request_id),
        );
        expect([...ids].filter((id) => !acknowledgedNotices.has(id))).toEqual([]);
        expect(await createAuditService({ db, clock: systemClock }).verify()).toMatchObject({ ok: true });

        // And the applicant can track the last acknowledged one through the restarted server.
        const lastAck = acknowledged[acknowledged.length - 1] as Ack;
        const tracked = await fetch(`${again.base}/track`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '10.250.0.1' },
          body: new URLSearchParams({ trackingNumber: lastAck.trackingNumber, phoneTail: '1234' }).toString(),
        });
        expect(tracked.status).toBe(200);
        expect(await tracked.text()).toContain(lastAck.trackingNumber);
      } finally {
        await db.close();
      }
    } finally {
      for (const s of servers) await killServer(s);
      await fresh.drop();
    }
  }, 180_000);
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../auth/actor.ts';
import { systemClock } from '../clock.ts';
import { connect, type Db } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createAuditService } from './service.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../../bin/gongkai.js');

/** Runs the real `gongkai audit verify` against the database; returns its exit code and last line. */
async function verify(
  env: NodeJS.ProcessEnv,
  ...extra: string[]
): Promise<{ code: number; last: string; stdout: string }> {
  const result = await run(process.execPath, [BIN, 'audit', 'verify', ...extra], {
    env: { ...process.env, ...env },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  return { code: result.code, last: result.stdout.trimEnd().split('\n').at(-1) ?? '', stdout: result.stdout };
}

// The command is the same on both engines (it calls AuditService.verify, tested on both); one is enough here.
describe('gongkai audit verify', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let db: Db;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-audit-cli-'));
    const file = join(dir, 'gongkai.db');
    env = { DATABASE_URL: `sqlite:${file}`, DATA_DIR: dir, LOG_LEVEL: 'silent' };
    db = connect({ kind: 'sqlite', file });
    await migrateToLatest(db.kysely);
    const audit = createAuditService({ db, clock: systemClock });
    for (const entityId of ['a', 'b', 'c']) {
      await audit.record(db.kysely, {
        actor: systemActor,
        agencyId: null,
        entityType: 'probe',
        entityId,
        action: 'probe.created',
        after: { entityId },
      });
    }
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints that the chain is intact, with the head to keep as the next anchor, and exits 0', async () => {
    const first = await verify(env);
    expect(first).toMatchObject({ code: 0, last: '审计链完整 / audit chain intact: 3 events' });
    const anchor = /head \(keep it as the next --anchor\): (\d+:[0-9a-f]{64})/.exec(first.stdout)?.[1];
    expect(anchor).toMatch(/^3:/);
    expect(await verify(env, '--anchor', anchor ?? '')).toMatchObject({ code: 0 });
    expect(await verify(env, '--anchor', '3:nothex')).toMatchObject({ code: 2, last: '' });
  });

  it('names the first broken link and exits 1 after tampering', async () => {
    await sql`drop trigger audit_events_no_update`.execute(db.kysely);
    await sql`update audit_events set after = '{"entityId":"x"}' where entity_id = 'b'`.execute(db.kysely);
    const { code, last } = await verify(env);
    expect(code).toBe(1);
    expect(last).toMatch(/^审计链在第 2 条断开 \/ audit chain broken at seq 2: .*记录被改动/);
  });
});

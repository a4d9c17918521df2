import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../audit/service.ts';
import { systemActor } from '../auth/actor.ts';
import { systemClock } from '../clock.ts';
import { connect } from '../db/connect.ts';
import { createCalendarService } from './service.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  last: string;
}

// SQLite only: the command reads the calendar through the same service code the integration tests run on both engines.
describe('gongkai calendar (the real command)', () => {
  let dir: string;

  /** `node bin/gongkai.js calendar …` with the project's Node 24 first on PATH, as `npx gongkai` runs it. */
  async function gongkai(...args: string[]): Promise<Outcome> {
    const env = {
      ...process.env,
      PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
      DATA_DIR: dir,
      DATABASE_URL: '',
      LOG_LEVEL: 'silent',
    };
    const r = await run('node', [join(ROOT, 'bin', 'gongkai.js'), 'calendar', ...args], {
      env,
      cwd: dir,
    }).then(
      (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
    return { ...r, last: r.stdout.trimEnd().split('\n').at(-1) ?? '' };
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-calendar-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on a fresh data folder: received 2024-09-27, 20 working days → 2024-10-30 on the last line', async () => {
    const r = await gongkai('due', '--from', '2024-09-27', '--working-days', '20');
    expect(r).toMatchObject({ code: 0, last: '2024-10-30', stderr: '' });
  });

  it('explains the count when asked, the date still last', async () => {
    const r = await gongkai('due', '--from', '2024-09-27', '--working-days', '20', '--explain');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('跳过：9月28日 周末；10月1日–7日 国庆节');
    expect(r.last).toBe('2024-10-30');
  });

  it('says whether a day is worked', async () => {
    const [sunday, holiday, after] = await Promise.all([
      gongkai('is-working', '2024-09-29'), // a 调休 Sunday
      gongkai('is-working', '2024-10-01'),
      gongkai('is-working', '2024-10-08', '--region', '640422'),
    ]);
    expect([sunday.last, holiday.last, after.last]).toEqual(['true', 'false', 'true']);
  });

  it('warns on stderr when a year has no national data, and still answers', async () => {
    // A year far enough ahead that no release of chinese-days will have it.
    const due = await gongkai('due', '--from', '2099-12-15', '--working-days', '20');
    expect(due).toMatchObject({ code: 0, last: '2100-01-12' });
    expect(due.stderr).toContain('尚无 2099、2100 年的国务院节假日安排数据');
    expect(due.stderr).toContain('provisional');
    const day = await gongkai('is-working', '2099-01-01');
    expect(day).toMatchObject({ code: 0, last: 'true' });
    expect(day.stderr).toContain('2099');
  });

  it('counts the regional overrides stored in the database', async () => {
    // Test data for the mechanism: a Ningxia holiday on Monday 2024-10-14 (not a real arrangement).
    const db = connect({ kind: 'sqlite', file: join(dir, 'gongkai.db') });
    try {
      const calendar = createCalendarService({
        db,
        clock: systemClock,
        audit: createAuditService({ db, clock: systemClock }),
        orgs: { agencyPath: async (id) => [id] },
      });
      await calendar.setOverride(systemActor, {
        regionCode: '640000',
        date: '2024-10-14',
        isWorking: false,
        name: '测试节',
      });
    } finally {
      await db.close();
    }
    expect(
      (await gongkai('due', '--from', '2024-09-27', '--working-days', '20', '--region', '640422')).last,
    ).toBe('2024-10-31');
    expect((await gongkai('due', '--from', '2024-09-27', '--working-days', '20')).last).toBe('2024-10-30');
    expect((await gongkai('is-working', '2024-10-14', '--region', '640422')).last).toBe('false');
  });

  it('bad input: a Chinese and English error, exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['due', '--from', '2024-02-30', '--working-days', '20'], /日期“2024-02-30”无效/],
      [['due', '--from', '2024-09-27', '--working-days', '2.5'], /工作日数“2.5”无效/],
      [['due', '--from', '2024-09-27', '--working-days', '0'], /工作日数“0”无效/],
      [['is-working', '2024-09-27', '--region', 'NX'], /地区代码“NX”无效/],
      [['due', '--from', '2024-09-27', '--working-days', '20', '--bogus'], /参数有误/],
    ];
    // In parallel: each run is a process start, and none of them touches the database.
    const outcomes = await Promise.all(cases.map(([args]) => gongkai(...args)));
    for (const [i, [args, zh]] of cases.entries()) {
      const r = outcomes[i] as Outcome;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(zh);
      expect(r.stderr, args.join(' ')).toMatch(/Error:/);
      expect(r.stdout).toBe('');
    }
  });
});

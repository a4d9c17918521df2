import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'gongkai-config-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: fresh(), ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration', () => {
  it('works with no environment at all: SQLite under the data dir, port 3000', () => {
    const dir = fresh();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.http.port).toBe(3000);
    expect(config.db).toEqual({ kind: 'sqlite', file: join(dir, 'gongkai.db') });
    expect(config.http.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.mail).toBeNull();
  });

  it('generates a session secret once, keeps it in the data dir (0600) and reuses it', () => {
    const dir = fresh();
    const first = loadConfig({ DATA_DIR: dir }).sessionSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(first);
  });

  it('uses PostgreSQL when DATABASE_URL is postgres://', () => {
    const config = loadConfig({ DATA_DIR: fresh(), DATABASE_URL: 'postgres://u@db:5432/gongkai' });
    expect(config.db).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/gongkai' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL'],
    [{ SMTP_URL: 'http://mail', MAIL_FROM: 'a@b.cn' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://mail:25' }, 'MAIL_FROM'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SCHEDULER: 'maybe' }, 'SCHEDULER'],
  ])('rejects %o with one Chinese and English line naming %s', (env, name) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}：`));
    expect(problems[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(problems[0]).toContain(` / ${name} `);
  });

  it('reports every bad value at once', () => {
    expect(problemsOf({ PORT: '-1', LOG_LEVEL: 'x', DATABASE_URL: 'oracle://' })).toHaveLength(3);
  });

  it('names a data dir it cannot create', () => {
    const file = join(fresh(), 'a-file');
    writeFileSync(file, '');
    const problems = problemsOf({ DATA_DIR: join(file, 'data') });
    expect(problems[0]).toMatch(/^DATA_DIR：/);
  });
});

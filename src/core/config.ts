import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Deployment configuration: the only reader of process.env. Every value has a default that works
 * on a developer machine; every bad value gets one line in Chinese and English, and start-up stops.
 */
export interface Config {
  http: { host: string; port: number; publicBaseUrl: string; trustProxy: boolean };
  db: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  sessionSecret: string;
  /**
   * The key that seals personal fields at rest (an applicant's identity number): FIELD_KEY, or
   * DATA_DIR/field-key made on first start. Losing it makes those fields unreadable: back it up
   * with the database, and give every server process of one database the same key.
   */
  fieldKey: string;
  mail: { smtpUrl: string; from: string } | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Run the scheduler in this process (off in tests that drive jobs by hand). */
  scheduler: boolean;
  /** Load the demo region into an empty database on first start. */
  seedDemo: boolean;
  /** Largest accepted upload (附件), in bytes: UPLOAD_MAX_MB, default 20 MB. */
  uploadMaxBytes: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`配置有误 / Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function parseBool(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  problems.push(`${name}：只能是 true 或 false / ${name} must be true or false (got "${raw}")`);
  return fallback;
}

function parseUrl(raw: string, protocols: string[]): URL | null {
  try {
    const url = new URL(raw);
    return protocols.includes(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

/** Reads a secret from the data dir, or makes one and keeps it there (mode 0600). */
function persistedSecret(dataDir: string, name: 'session-secret' | 'field-key'): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const portRaw = env.PORT ?? '3000';
  const port = Number(portRaw);
  // 0 asks the OS for a free port (tests use it).
  const portValid = /^\d+$/.test(portRaw) && port <= 65535;
  if (!portValid) {
    problems.push(
      `PORT：端口必须是 0–65535 之间的整数 / PORT must be an integer from 0 to 65535 (got "${portRaw}")`,
    );
  }

  const host = env.HOST ?? '0.0.0.0';

  const dataDirRaw = env.DATA_DIR ?? './data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);
  let dataDirUsable = true;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    dataDirUsable = false;
    problems.push(
      `DATA_DIR：无法创建或写入数据目录 / DATA_DIR cannot be created or written ("${dataDirRaw}": ${(e as Error).message})`,
    );
  }

  let db: Config['db'] = { kind: 'sqlite', file: join(dataDir, 'gongkai.db') };
  const dbUrl = env.DATABASE_URL;
  if (dbUrl) {
    if (parseUrl(dbUrl, ['postgres:', 'postgresql:'])) {
      db = { kind: 'postgres', url: dbUrl };
    } else if (dbUrl.startsWith('sqlite:')) {
      const path = dbUrl.slice('sqlite:'.length).replace(/^\/\//, '');
      if (!path) {
        problems.push('DATABASE_URL：sqlite: 后须跟文件路径 / DATABASE_URL sqlite: needs a file path');
      } else {
        db = { kind: 'sqlite', file: path === ':memory:' ? path : resolve(cwd, path) };
      }
    } else {
      problems.push(
        `DATABASE_URL：须为 postgres://… 或 sqlite:文件路径 / DATABASE_URL must be postgres://… or sqlite:<file> (got "${dbUrl}")`,
      );
    }
  }

  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://localhost:${portValid ? port : 3000}`;
  if (!parseUrl(publicBaseUrl, ['http:', 'https:'])) {
    problems.push(
      `PUBLIC_BASE_URL：须为 http(s):// 开头的网址 / PUBLIC_BASE_URL must be an http(s) URL (got "${publicBaseUrl}")`,
    );
  }

  let mail: Config['mail'] = null;
  if (env.SMTP_URL) {
    if (!parseUrl(env.SMTP_URL, ['smtp:', 'smtps:'])) {
      problems.push(
        `SMTP_URL：须为 smtp:// 或 smtps:// 开头 / SMTP_URL must start with smtp:// or smtps:// (got "${env.SMTP_URL}")`,
      );
    }
    const from = env.MAIL_FROM ?? '';
    if (!/^[^@\s<>]+@[^@\s<>]+$/.test(from.replace(/^.*<(.+)>$/, '$1'))) {
      problems.push(
        `MAIL_FROM：配置 SMTP 时须给出发件地址 / MAIL_FROM must be an e-mail address when SMTP_URL is set (got "${from}")`,
      );
    }
    mail = { smtpUrl: env.SMTP_URL, from };
  }

  let sessionSecret = env.SESSION_SECRET ?? '';
  if (sessionSecret && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET：至少 32 个字符 / SESSION_SECRET must be at least 32 characters');
  }

  let fieldKey = env.FIELD_KEY ?? '';
  if (fieldKey && fieldKey.length < 32) {
    problems.push('FIELD_KEY：至少 32 个字符 / FIELD_KEY must be at least 32 characters');
  }

  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(
      `LOG_LEVEL：须为 ${LOG_LEVELS.join('/')} 之一 / LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`,
    );
  }

  const trustProxy = parseBool('TRUST_PROXY', env.TRUST_PROXY, false, problems);
  const scheduler = parseBool('SCHEDULER', env.SCHEDULER, true, problems);
  const seedDemo = parseBool('SEED_DEMO', env.SEED_DEMO, true, problems);

  const uploadMaxRaw = env.UPLOAD_MAX_MB ?? '20';
  const uploadMaxMb = Number(uploadMaxRaw);
  if (!/^\d+$/.test(uploadMaxRaw) || uploadMaxMb < 1 || uploadMaxMb > 1024) {
    problems.push(
      `UPLOAD_MAX_MB：须为 1–1024 之间的整数（MB） / UPLOAD_MAX_MB must be an integer from 1 to 1024 (got "${uploadMaxRaw}")`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  if (!sessionSecret && dataDirUsable) sessionSecret = persistedSecret(dataDir, 'session-secret');
  if (!fieldKey && dataDirUsable) fieldKey = persistedSecret(dataDir, 'field-key');

  return {
    http: { host, port, publicBaseUrl: publicBaseUrl.replace(/\/$/, ''), trustProxy },
    db,
    dataDir,
    sessionSecret,
    fieldKey,
    mail,
    logLevel,
    scheduler,
    seedDemo,
    uploadMaxBytes: uploadMaxMb * 1024 * 1024,
  };
}

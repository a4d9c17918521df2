import { argon2, randomBytes, timingSafeEqual, type Argon2Parameters } from 'node:crypto';
import { invalid } from '../errors.ts';

/**
 * Password hashing with argon2id from node:crypto (Node 24, no native addon), at the OWASP minimum
 * cost m=19 MiB, t=2, p=1. Hashes are PHC strings, so that verify reads the cost from the hash
 * itself and stronger settings later do not break old hashes.
 */
const COST = { memory: 19456, passes: 2, parallelism: 1 } as const;
const SALT_BYTES = 16;
const TAG_BYTES = 32;

function derive(
  password: string,
  salt: Buffer,
  params: Omit<Argon2Parameters, 'message' | 'nonce'>,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    argon2('argon2id', { ...params, message: password, nonce: salt }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

const b64 = (buf: Buffer): string => buf.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, { ...COST, tagLength: TAG_BYTES });
  return `$argon2id$v=19$m=${COST.memory},t=${COST.passes},p=${COST.parallelism}$${b64(salt)}$${b64(hash)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Constant-time comparison; a malformed hash never matches. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = PHC.exec(phc);
  if (!m) return false;
  const [, memory, passes, parallelism, salt, hash] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), {
    memory: Number(memory),
    passes: Number(passes),
    parallelism: Number(parallelism),
    tagLength: expected.length,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * 身份鉴别信息具有复杂度要求 (GB/T 22239-2019 等保 2.0, 8.1.4.1 a): at least 10 characters, with
 * letters and digits, not containing the username. Returns every problem, in Chinese; [] = acceptable.
 */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`);
  if (!/[A-Za-z]/.test(password)) problems.push('密码须包含字母');
  if (!/[0-9]/.test(password)) problems.push('密码须包含数字');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('密码不能包含用户名');
  }
  return problems;
}

/** Throws `invalid` (code `weak_password`) naming `field` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, username: string | undefined, field: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    const message = problems.join('；');
    throw invalid(message, { [field]: message }, 'weak_password');
  }
}

import type { FieldErrors } from '../errors.ts';
import { ROLES, type Role } from './roles.ts';

/**
 * The rules of logging in and of accounts, as pure functions. They implement the identification
 * and authentication requirements of GB/T 22239-2019 (等保 2.0) 8.1.4.1: b) 登录失败处理 — limit
 * failed logins and end idle sessions automatically.
 */

/** 限制非法登录次数: this many consecutive failures lock the account… */
export const LOCKOUT_THRESHOLD = 5;
/** …for this long (an administrator can unlock earlier). */
export const LOCKOUT_MINUTES = 15;
/** 登录连接超时自动退出: a session ends after this long without a request. */
export const SESSION_IDLE_HOURS = 12;

export function isLocked(lockedUntil: string | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil > now.toISOString();
}

/**
 * Given the consecutive failures including this one: the count to store, and the lock if this one
 * reached the threshold (the count starts again after a lock).
 */
export function afterFailedLogin(
  failures: number,
  now: Date,
): { failedLogins: number; lockedUntil: string | null } {
  if (failures >= LOCKOUT_THRESHOLD) {
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() };
  }
  return { failedLogins: failures, lockedUntil: null };
}

/** Whole minutes until the lock ends, at least 1 (for the message). */
export function minutesLeft(lockedUntil: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(lockedUntil) - now.getTime()) / 60_000));
}

export function sessionExpiry(lastSeen: Date): string {
  return new Date(lastSeen.getTime() + SESSION_IDLE_HOURS * 3_600_000).toISOString();
}

/**
 * Whether a new account must change its password at first login: yes when a person chose it (the
 * administrator who typed it knows it, GB/T 22239-2019 8.1.4.1 a); no when the system set it up
 * itself (the demo loader, `gongkai init`, which prints a generated password to its operator only).
 */
export const initialPasswordMustChange = (creatorId: string, systemId: string): boolean =>
  creatorId !== systemId;

/**
 * The requests a session may still make while its user must change the password: an administrator
 * who reset it knows it, and 身份鉴别信息 must be the user's own (GB/T 22239-2019 8.1.4.1 a). Logging
 * in is always possible, so that the user can get to the change at all.
 */
const ALLOWED_BEFORE_PASSWORD_CHANGE: ReadonlySet<string> = new Set([
  'POST /api/auth/login',
  'GET /api/auth/me',
  'POST /api/auth/password',
  'POST /api/auth/logout',
]);

/**
 * Whether a session that must change its password is refused this request: every JSON API request
 * except the four above, matched exactly (any other spelling of a path is refused). Pages outside
 * /api (the console's HTML, the public portal) are not affected.
 */
export function blockedUntilPasswordChanged(method: string, path: string): boolean {
  const isApi = path === '/api' || path.startsWith('/api/');
  return isApi && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${method.toUpperCase()} ${path}`);
}

/** Usernames are case-insensitive: stored and looked up in lower case. */
export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+\-() ]{3,32}$/;

export interface ProfileInput {
  username?: string;
  displayName?: string;
  email?: string | null;
  phone?: string | null;
}

/** Field problems in Chinese for the fields present; {} = acceptable. */
export function profileProblems(input: ProfileInput): FieldErrors {
  const fields: FieldErrors = {};
  if (input.username !== undefined && !USERNAME.test(normaliseUsername(input.username))) {
    fields.username = '用户名须为 3–32 位小写字母、数字、点、下划线或连字符，以字母或数字开头';
  }
  if (input.displayName !== undefined) {
    const name = input.displayName.trim();
    if (name.length === 0) fields.displayName = '姓名不能为空';
    else if (name.length > 50) fields.displayName = '姓名不能超过 50 个字符';
  }
  if (input.email && (input.email.length > 254 || !EMAIL.test(input.email))) {
    fields.email = '电子邮箱格式有误';
  }
  if (input.phone && !PHONE.test(input.phone)) fields.phone = '电话号码格式有误';
  return fields;
}

export interface MembershipInput {
  agencyId: string;
  roles: string[];
}

/** Each agency at most once, each with at least one known role. */
export function membershipProblems(memberships: MembershipInput[]): FieldErrors {
  const fields: FieldErrors = {};
  const seen = new Set<string>();
  memberships.forEach((m, i) => {
    if (seen.has(m.agencyId)) fields[`memberships.${i}.agencyId`] = '同一单位只能出现一次';
    seen.add(m.agencyId);
    if (m.roles.length === 0) fields[`memberships.${i}.roles`] = '请至少选择一个角色';
    const unknown = m.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) fields[`memberships.${i}.roles`] = `未知角色：${unknown.join('、')}`;
  });
  return fields;
}

/** Roles in the order of ROLES, each once, unknown ones dropped. */
export function canonicalRoles(roles: readonly unknown[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

/** Roles as read back from storage (JSON text). */
export function parseRoles(json: string): Role[] {
  const raw = JSON.parse(json) as unknown;
  return Array.isArray(raw) ? canonicalRoles(raw) : [];
}

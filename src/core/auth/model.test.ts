import { describe, expect, it } from 'vitest';
import {
  LOCKOUT_THRESHOLD,
  afterFailedLogin,
  blockedUntilPasswordChanged,
  initialPasswordMustChange,
  isLocked,
  membershipProblems,
  minutesLeft,
  normaliseUsername,
  parseRoles,
  profileProblems,
  sessionExpiry,
} from './model.ts';

const now = new Date('2026-03-02T02:00:00.000Z');

describe('login failure handling (GB/T 22239-2019 8.1.4.1 b)', () => {
  it('counts failures below the threshold without locking', () => {
    for (let n = 1; n < LOCKOUT_THRESHOLD; n += 1) {
      expect(afterFailedLogin(n, now)).toEqual({ failedLogins: n, lockedUntil: null });
    }
  });

  it('locks for 15 minutes on the 5th consecutive failure and starts counting again', () => {
    expect(LOCKOUT_THRESHOLD).toBe(5);
    expect(afterFailedLogin(5, now)).toEqual({ failedLogins: 0, lockedUntil: '2026-03-02T02:15:00.000Z' });
  });

  it('a lock holds until its end, not after', () => {
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked('2026-03-02T02:00:00.001Z', now)).toBe(true);
    expect(isLocked('2026-03-02T02:00:00.000Z', now)).toBe(false);
  });

  it('tells whole minutes left, at least one', () => {
    expect(minutesLeft('2026-03-02T02:15:00.000Z', now)).toBe(15);
    expect(minutesLeft('2026-03-02T02:00:10.000Z', now)).toBe(1);
  });

  it('a session ends 12 hours after the last request', () => {
    expect(sessionExpiry(now)).toBe('2026-03-02T14:00:00.000Z');
  });
});

describe('a password someone else chose must be changed (GB/T 22239-2019 8.1.4.1 a)', () => {
  it('holds for an account an administrator created, not for one the system set up itself', () => {
    expect(initialPasswordMustChange('admin-1', 'system')).toBe(true);
    expect(initialPasswordMustChange('system', 'system')).toBe(false);
  });
});

describe('after an administrator reset the password (GB/T 22239-2019 8.1.4.1 a)', () => {
  it('lets the session log in, read who it is, change the password and log out', () => {
    expect(blockedUntilPasswordChanged('POST', '/api/auth/login')).toBe(false);
    expect(blockedUntilPasswordChanged('GET', '/api/auth/me')).toBe(false);
    expect(blockedUntilPasswordChanged('POST', '/api/auth/password')).toBe(false);
    expect(blockedUntilPasswordChanged('POST', '/api/auth/logout')).toBe(false);
  });

  it('refuses every other API request, reads included', () => {
    for (const [method, path] of [
      ['POST', '/api/notifications/read-all'],
      ['GET', '/api/tasks'],
      ['GET', '/api/notifications'],
      ['POST', '/api/auth/switch-agency'],
      ['POST', '/api/users/1/reset-password'],
      ['GET', '/api/openapi.json'],
      ['GET', '/api'],
    ] as const) {
      expect(blockedUntilPasswordChanged(method, path), `${method} ${path}`).toBe(true);
    }
  });

  it('matches the allowed requests exactly: another method or spelling is refused', () => {
    expect(blockedUntilPasswordChanged('POST', '/api/auth/me')).toBe(true);
    expect(blockedUntilPasswordChanged('GET', '/api/auth/password')).toBe(true);
    expect(blockedUntilPasswordChanged('GET', '/api/auth/me/')).toBe(true);
    expect(blockedUntilPasswordChanged('GET', '/api//auth/me')).toBe(true);
    expect(blockedUntilPasswordChanged('GET', '/api/auth/%6De')).toBe(true);
  });

  it('leaves pages outside the API alone (the console\u2019s HTML, the portal)', () => {
    expect(blockedUntilPasswordChanged('GET', '/console/tasks')).toBe(false);
    expect(blockedUntilPasswordChanged('GET', '/')).toBe(false);
    expect(blockedUntilPasswordChanged('GET', '/apis')).toBe(false);
  });
});

describe('account input', () => {
  it('usernames are case-insensitive and trimmed', () => {
    expect(normaliseUsername('  ZhangSan ')).toBe('zhangsan');
  });

  it('accepts a sound profile', () => {
    expect(
      profileProblems({
        username: 'zhang.san',
        displayName: '张三',
        email: 'zs@xiji.gov.cn',
        phone: '0954-7012345',
      }),
    ).toEqual({});
  });

  it('names each bad field in Chinese', () => {
    expect(
      profileProblems({ username: 'a', displayName: '  ', email: 'no-at-sign', phone: 'call me' }),
    ).toEqual({
      username: '用户名须为 3–32 位小写字母、数字、点、下划线或连字符，以字母或数字开头',
      displayName: '姓名不能为空',
      email: '电子邮箱格式有误',
      phone: '电话号码格式有误',
    });
  });

  it('memberships: each agency once, at least one known role', () => {
    expect(membershipProblems([{ agencyId: 'a', roles: ['drafter'] }])).toEqual({});
    expect(
      membershipProblems([
        { agencyId: 'a', roles: [] },
        { agencyId: 'a', roles: ['drafter', 'boss'] },
      ]),
    ).toEqual({
      'memberships.0.roles': '请至少选择一个角色',
      'memberships.1.agencyId': '同一单位只能出现一次',
      'memberships.1.roles': '未知角色：boss',
    });
  });

  it('roles read back in canonical order, deduplicated, unknown dropped', () => {
    expect(parseRoles('["admin","drafter","boss","drafter"]')).toEqual(['drafter', 'admin']);
    expect(parseRoles('{}')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { assertPasswordPolicy, hashPassword, passwordProblems, verifyPassword } from './password.ts';

describe('password policy (GB/T 22239-2019 8.1.4.1 a: complexity)', () => {
  it('accepts at least 10 characters with letters and digits', () => {
    expect(passwordProblems('Demo2026gongkai')).toEqual([]);
    expect(passwordProblems('abcdefghi1')).toEqual([]);
  });

  it('refuses fewer than 10 characters', () => {
    expect(passwordProblems('abc123def')).toEqual(['密码至少需要 10 个字符']);
  });

  it('refuses a password without digits, or without letters', () => {
    expect(passwordProblems('onlylettershere')).toEqual(['密码须包含数字']);
    expect(passwordProblems('12345678901')).toEqual(['密码须包含字母']);
  });

  it('refuses a password containing the username, ignoring case', () => {
    expect(passwordProblems('Zhangsan2026x', 'zhangsan')).toEqual(['密码不能包含用户名']);
    expect(passwordProblems('Zhangsan2026x', 'lisi')).toEqual([]);
  });

  it('refuses absurdly long passwords', () => {
    expect(passwordProblems(`a1${'x'.repeat(127)}`)).toEqual(['密码不能超过 128 个字符']);
  });

  it('lists every problem at once', () => {
    expect(passwordProblems('')).toEqual(['密码至少需要 10 个字符', '密码须包含字母', '密码须包含数字']);
  });

  it('assertPasswordPolicy throws weak_password naming the field', () => {
    expect(() => assertPasswordPolicy('short', undefined, 'newPassword')).toThrow(
      expect.objectContaining({
        code: 'weak_password',
        status: 400,
        fields: { newPassword: '密码至少需要 10 个字符；密码须包含数字' },
      }),
    );
    expect(() => assertPasswordPolicy('LongEnough2026', undefined, 'newPassword')).not.toThrow();
  });
});

describe('argon2id hashing', () => {
  it('makes a PHC string with the OWASP parameters and a fresh salt each time', async () => {
    const a = await hashPassword('Demo2026gongkai');
    const b = await hashPassword('Demo2026gongkai');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const phc = await hashPassword('Demo2026gongkai');
    expect(await verifyPassword('Demo2026gongkai', phc)).toBe(true);
    expect(await verifyPassword('Demo2026gongkaj', phc)).toBe(false);
    expect(await verifyPassword('', phc)).toBe(false);
  });

  it('reads the cost from the hash, so older settings still verify', async () => {
    // A hash made with m=8192,t=1 (as a past version might have): still verifiable.
    const { argon2Sync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const tag = argon2Sync('argon2id', {
      message: 'Older2020pass',
      nonce: salt,
      memory: 8192,
      passes: 1,
      parallelism: 1,
      tagLength: 32,
    });
    const b64 = (x: Buffer): string => x.toString('base64').replace(/=+$/, '');
    const phc = `$argon2id$v=19$m=8192,t=1,p=1$${b64(salt)}$${b64(tag)}`;
    expect(await verifyPassword('Older2020pass', phc)).toBe(true);
    expect(await verifyPassword('Older2020pasS', phc)).toBe(false);
  });

  it('never matches a malformed or foreign hash', async () => {
    expect(await verifyPassword('x', '')).toBe(false);
    expect(await verifyPassword('x', '$2b$10$abcdefghijklmnopqrstuv')).toBe(false);
    expect(await verifyPassword('x', '$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(false);
  });
});

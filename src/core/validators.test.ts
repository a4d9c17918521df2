import { describe, expect, it } from 'vitest';
import {
  isValidDivisionCode,
  isValidIdNumber,
  isValidMobile,
  isValidPhone,
  isValidUscc,
  organizationCodeCheckChar,
  provinceOf,
  USCC_ALPHABET,
  usccCheckChar,
} from './validators.ts';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  // Published codes of government bodies, quoted in index numbers on their disclosure pages.
  const published = [
    '113208007833785008', // 淮安经开区
    '11370812004339255B', // 兖州
    '113708280043326001', // 金乡县胡集镇
    '12331003E96936103G', // a 事业单位 (category 12), letters in the organisation code
  ];

  it.each(published)('accepts the published code %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });

  it('computes the check character as 31 − (Σ Ci·3^(i−1) mod 31)', () => {
    expect(usccCheckChar('11370812004339255')).toBe('B');
    expect(usccCheckChar('11320800783378500')).toBe('8');
    expect(usccCheckChar('12331003E96936103')).toBe('G');
  });

  it('maps a remainder of 0 to the check character 0', () => {
    // 31 − 0 = 31 → '0': find a prefix whose weighted sum is a multiple of 31 by varying the last digit.
    const base = '1164042200000000';
    const prefix = [...USCC_ALPHABET].map((c) => base + c).find((p) => usccCheckChar(p) === '0');
    expect(prefix).toBeDefined();
    expect(isValidUscc(`${prefix}0`)).toBe(true);
  });

  it.each([
    ['11370812004339255A', 'wrong check character'],
    ['113208007833785009', 'wrong check character'],
    ['11320800783378500', 'only 17 characters'],
    ['1132080078337850080', '19 characters'],
    ['11370812004339255b', 'lowercase'],
    ['11370812OO4339255B', 'letter O is not in the alphabet'],
    ['1137081200433925SB', 'letter S is not in the alphabet'],
    ['11370812004339 55B', 'a space'],
    ['', 'empty'],
  ])('rejects %s (%s)', (code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it('detects every single-character substitution', () => {
    const code = '11370812004339255B';
    for (let i = 0; i < 18; i++) {
      for (const c of USCC_ALPHABET) {
        if (c === code[i]) continue;
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        expect(isValidUscc(changed), changed).toBe(false);
      }
    }
  });

  it('returns null for a prefix outside the alphabet or of the wrong length', () => {
    expect(usccCheckChar('1137081200433925')).toBeNull();
    expect(usccCheckChar('1137081200433925I')).toBeNull();
  });
});

describe('组织机构代码 check character (GB 11714-1997)', () => {
  it('matches positions 9–17 of published USCCs', () => {
    expect(organizationCodeCheckChar('00433925')).toBe('5'); // 004339255
    expect(organizationCodeCheckChar('78337850')).toBe('0'); // 783378500
    expect(organizationCodeCheckChar('E9693610')).toBe('3'); // E96936103
  });
  it('rejects malformed input', () => {
    expect(organizationCodeCheckChar('0043392')).toBeNull();
    expect(organizationCodeCheckChar('0043392a')).toBeNull();
  });
});

describe('行政区划代码 (GB/T 2260)', () => {
  it.each(['640422', '640400', '640000', '110101', '820000', '469001'])('accepts %s', (code) => {
    expect(isValidDivisionCode(code)).toBe(true);
  });
  it.each([
    ['000000', 'all zeros'],
    ['100000', 'province 10 does not exist'],
    ['900000', 'province 90 does not exist'],
    ['640022', 'a county without a prefecture'],
    ['64042', 'five digits'],
    ['6404221', 'seven digits'],
    ['64O422', 'a letter'],
  ])('rejects %s (%s)', (code) => {
    expect(isValidDivisionCode(code)).toBe(false);
  });
  it('gives the province of a county', () => {
    expect(provinceOf('640422')).toBe('640000');
  });
});

describe('公民身份号码 (GB 11643-1999)', () => {
  const today = new Date('2026-11-21T00:00:00Z');

  it('accepts the standard example with check character X, in either case', () => {
    expect(isValidIdNumber('11010519491231002X', today)).toBe(true);
    expect(isValidIdNumber('11010519491231002x', today)).toBe(true);
  });

  it('accepts a computed example from 西吉县 born on 29 February 2000', () => {
    expect(isValidIdNumber('64042220000229001X', today)).toBe(true);
  });

  it.each([
    ['110105194912310021', 'wrong check character'],
    ['640422200002290017', 'wrong check character'],
    // The following have correct check characters and fail only for the reason given.
    ['640422200102290017', '29 February 2001 does not exist'],
    ['64042220001301001X', 'month 13'],
    ['640422202712010018', 'born in the future'],
    ['000000200002290010', 'no province'],
    ['64042220000229001', '17 characters'],
    ['64042220000229001Y', 'Y is not a check character'],
  ])('rejects %s (%s)', (id) => {
    expect(isValidIdNumber(id, today)).toBe(false);
  });
});

describe('mobile and published phone numbers', () => {
  it.each(['13995412345', '19809541234', '+8613995412345', '86 13995412345'])('%s is a mobile', (p) => {
    expect(isValidMobile(p)).toBe(true);
  });
  it.each(['12995412345', '1399541234', '139954123456', '0954-7011234'])('%s is not a mobile', (p) => {
    expect(isValidMobile(p)).toBe(false);
  });
  it.each([
    '0954-7011234',
    '(0954)7011234',
    '010-65123456-801',
    '12345',
    '95598',
    '400-810-5678',
    '13995412345',
  ])('%s is a phone number an agency may publish', (p) => {
    expect(isValidPhone(p)).toBe(true);
  });
  it.each(['7011234', '0954-0011234', '110', 'abc', ''])('%s is not', (p) => {
    expect(isValidPhone(p)).toBe(false);
  });
});

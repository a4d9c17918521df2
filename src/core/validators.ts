/**
 * Pure checks for Chinese identifiers, shared by the server and the console (web/ imports this
 * file directly, so it must stay free of node: imports and of any I/O).
 */

/** The 31 characters of GB 32100-2015 (no I, O, S, V, Z), in the order that gives their values. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §5: the weight of position i (1-based) is 3^(i-1) mod 31. */
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/**
 * GB 32100-2015 §5: the check character of a 统一社会信用代码 from its first 17 characters:
 * C18 = 31 − (Σ Ci·Wi mod 31), where 31 maps to '0'. Returns null when the input is not 17
 * characters from the code's alphabet.
 */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i] as string);
    if (value < 0) return null;
    sum += value * (USCC_WEIGHTS[i] as number);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] as string;
}

/** A 统一社会信用代码 (GB 32100-2015): 18 characters of the code's alphabet with a valid check character. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(code)) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

/**
 * GB 11714-1997: the check character of a 9-character 组织机构代码 (positions 9–17 of a USCC)
 * from its first 8 characters: C9 = 11 − (Σ Ci·Wi mod 11) with W = 3,7,9,10,5,8,4,2; 10 → 'X',
 * 11 → '0'. Letters count as 10–35. Returns null for input that is not 8 digits/capitals.
 */
export function organizationCodeCheckChar(first8: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(first8)) return null;
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i] as string, 36) * (weights[i] as number);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The two-digit codes of the 34 provincial-level divisions (GB/T 2260). */
// prettier-ignore
export const PROVINCE_CODES: readonly string[] = [
  '11', '12', '13', '14', '15', // 华北
  '21', '22', '23', // 东北
  '31', '32', '33', '34', '35', '36', '37', // 华东
  '41', '42', '43', '44', '45', '46', // 中南
  '50', '51', '52', '53', '54', // 西南
  '61', '62', '63', '64', '65', // 西北
  '71', '81', '82', // 台湾、香港、澳门
];

/**
 * A 6-digit 行政区划代码 (GB/T 2260): digits 1–2 a province (11–82), 3–4 the prefecture, 5–6 the
 * county; '00' in a pair means "the level above itself", so a county pair needs a prefecture pair
 * (XX00ZZ does not occur).
 */
export function isValidDivisionCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  if (!PROVINCE_CODES.includes(code.slice(0, 2))) return false;
  return !(code.slice(2, 4) === '00' && code.slice(4, 6) !== '00');
}

/** The province-level division that contains a division: '640422' → '640000'. */
export function provinceOf(divisionCode: string): string {
  return `${divisionCode.slice(0, 2)}0000`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * A citizen ID number (公民身份号码, GB 11643-1999): a 6-digit division code with a plausible
 * province, an 8-digit birth date that exists and is not after `today`, a 3-digit sequence, and
 * the ISO 7064 MOD 11-2 check character (Σ ai·Wi mod 11 → '10X98765432'). A lowercase x is
 * accepted because that is how people type it.
 */
export function isValidIdNumber(id: string, today: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!PROVINCE_CODES.includes(id.slice(0, 2))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1880 || !isRealDate(year, month, day)) return false;
  if (Date.UTC(year, month - 1, day) > today.getTime()) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === id[17]?.toUpperCase();
}

/** A mainland mobile number: 11 digits starting 13–19, optionally prefixed with +86 / 86. */
export function isValidMobile(phone: string): boolean {
  return /^(?:\+?86[- ]?)?1[3-9]\d{9}$/.test(phone.trim());
}

/**
 * A phone number an agency publishes (Art 20(二) of the Regulations: 联系方式): a mobile number,
 * or a landline with its 3–4 digit area code (0954-7011234, 0954 7011234, (0954)7011234) and an
 * optional extension, or a service number.
 */
export function isValidPhone(phone: string): boolean {
  const p = phone.trim();
  if (isValidMobile(p)) return true;
  // Service numbers: 12345 政务服务便民热线, 12315; 95598 (power), 96xxx local hotlines; 400/800.
  if (/^(?:12\d{3}|9[56]\d{3,4})$/.test(p) || /^[48]00[- ]?\d{3}[- ]?\d{4}$/.test(p)) return true;
  return /^(?:0\d{2,3}[- ]?|\(0\d{2,3}\) ?)[2-9]\d{6,7}(?:-\d{1,6})?$/.test(p);
}

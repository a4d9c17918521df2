/**
 * 发布前检查 / 错敏字检测: what must not reach the portal. Pure rules over plain text; the
 * attachment inspectors (attachments.ts) and the link checker (links.ts) feed the same Finding
 * shape. Each rule names what it implements; docs/screening.md explains every code and severity.
 * No Node imports here: the console uses the labels.
 */

export const SEVERITIES = ['blocking', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = {
  blocking: '须修改',
  warning: '提醒',
};

export const FINDING_CODES = [
  'secrecy_mark',
  'id_number',
  'bank_card',
  'mobile',
  'personal_address',
  'sensitive_word',
  'leader_title',
  'leader_name',
  'hidden_sheet',
  'hidden_rows',
  'hidden_columns',
  'pdf_covered_text',
  'docx_tracked_changes',
  'docx_comments',
  'attachment_unreadable',
  'attachment_not_inspected',
  'broken_link',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const FINDING_CODE_LABELS: Record<FindingCode, string> = {
  secrecy_mark: '密级标志',
  id_number: '身份证号码',
  bank_card: '银行卡号',
  mobile: '手机号码',
  personal_address: '个人住址',
  sensitive_word: '敏感词',
  leader_title: '领导职务错误',
  leader_name: '领导姓名错误',
  hidden_sheet: '隐藏工作表',
  hidden_rows: '隐藏行',
  hidden_columns: '隐藏列',
  pdf_covered_text: 'PDF 遮盖文字',
  docx_tracked_changes: '修订痕迹',
  docx_comments: '批注',
  attachment_unreadable: '附件无法读取',
  attachment_not_inspected: '附件未检查',
  broken_link: '失效链接',
};

export const TARGETS = ['title', 'body', 'attachment'] as const;
export type Target = (typeof TARGETS)[number];

export interface Excerpt {
  before: string;
  match: string;
  after: string;
}

export interface FindingLocation {
  target: Target;
  attachmentId?: string;
  attachmentName?: string;
  /** Offset and length of the match in the screened text (the title, the body, or the attachment part named by `place`). */
  offset?: number;
  length?: number;
  /** Where in an attachment or body, in words: '工作表“名单”第 12 行', '第 2 页', '正文链接'. */
  place?: string;
  excerpt: Excerpt;
}

export interface Finding {
  /**
   * Stable id of this finding: a hash of code, target, attachment name, place, the match and its
   * occurrence number, so that a warning overridden once is still recognised after unrelated edits.
   */
  key: string;
  code: FindingCode;
  severity: Severity;
  /** Chinese, specific: what was found and what to do. */
  message: string;
  location: FindingLocation;
}

/** A finding before its key is computed. */
export type FindingDraft = Omit<Finding, 'key'>;

/** An administrator-configured word (敏感词), with the severity it carries. */
export interface SensitiveWord {
  word: string;
  severity: Severity;
  note?: string | null;
}

/** One of the region's current leaders and every title they hold (e.g. 县委副书记、县长). */
export interface Leader {
  name: string;
  titles: readonly string[];
}

export interface ScreeningRules {
  words: readonly SensitiveWord[];
  leaders: readonly Leader[];
}

/** Where the screened text sits, for the finding's location. */
export interface Segment {
  target: Target;
  attachmentId?: string;
  attachmentName?: string;
  place?: string;
}

const EXCERPT_CHARS = 20;

export function excerptOf(text: string, offset: number, length: number): Excerpt {
  const flat = (s: string): string => s.replace(/\s+/g, ' ');
  return {
    before: flat(text.slice(Math.max(0, offset - EXCERPT_CHARS), offset)),
    match: text.slice(offset, offset + length),
    after: flat(text.slice(offset + length, offset + length + EXCERPT_CHARS)),
  };
}

function draft(
  segment: Segment,
  text: string,
  offset: number,
  length: number,
  code: FindingCode,
  severity: Severity,
  message: string,
): FindingDraft {
  return {
    code,
    severity,
    message,
    location: { ...segment, offset, length, excerpt: excerptOf(text, offset, length) },
  };
}

// ---------------------------------------------------------------------------------------------
// Secrecy marks (保密法 Art 20 and GB/T 9704-2012 §7.2.2: 密级和保密期限 are marked on the document;
// 保密法实施条例: 内部资料 / 注意保密 markings). A mark is a marking, not a mention: "国家秘密",
// "商业秘密", "保密审查" and the quoted words in "标志为“秘密”的信息" are not marks.
// ---------------------------------------------------------------------------------------------

const SECRECY_MARKS: readonly RegExp[] = [
  // 秘密★1年, 机密★, 绝密 ★长期: the ★ makes it a mark wherever it stands.
  /(?:绝密|机密|秘密)\s*★\s*(?:\d+\s*(?:年|个月|月)|长期)?/gu,
  // 密级：秘密 / 密级: 内部
  /密级\s*[:：]\s*(?:绝密|机密|秘密|内部)/gu,
  // A line (or a title) that begins with the level standing alone: "机密", "秘密 1年", "绝密（…）".
  /^[ \t\u3000]*(?:绝密|机密|秘密)(?=[ \t\u3000]|[（(]|$)/gmu,
  // 内部资料 / 内部文件 as a heading line, or followed by the usual instruction.
  /^[ \t\u3000]*内部(?:资料|文件|刊物)(?=[ \t\u3000，,、]*(?:注意保存|注意保密|请勿外传|严禁外传|不得外传)|[ \t\u3000]*$)/gmu,
  /内部(?:资料|文件|刊物)[ \t\u3000，,、]*(?:注意保存|注意保密|请勿外传|严禁外传|不得外传)/gu,
  // 注意保密 / 请勿外传 standing as a line of their own.
  /^[ \t\u3000]*(?:注意保密|请勿外传|严禁外传|内部使用|内部传阅)[ \t\u3000。！!]*$/gmu,
];

/** Secrecy marks: blocking. A marked document is classified until declassified; it is never published. */
export function findSecrecyMarks(text: string, segment: Segment): FindingDraft[] {
  const spans = collect(text, SECRECY_MARKS);
  return spans.map(([start, end]) => {
    const mark = text.slice(start, end).trim();
    const offset = start + text.slice(start, end).indexOf(mark);
    return draft(
      segment,
      text,
      offset,
      mark.length,
      'secrecy_mark',
      'blocking',
      `发现密级或内部标志“${mark}”：标有密级或“内部”字样的信息不得公开，请核实是否已解密或删除标志`,
    );
  });
}

/** All matches of several patterns, overlapping ones merged, in order. */
function collect(text: string, patterns: readonly RegExp[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const p of patterns) {
    for (const m of text.matchAll(p)) {
      if (m[0].trim() === '') continue;
      spans.push([m.index, m.index + m[0].length]);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] < last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// Personal information (《政府信息公开条例》Art 15, 个人信息保护法 Art 28: ID numbers and financial
// accounts are sensitive personal information).
// ---------------------------------------------------------------------------------------------

/** GB/T 2260 provinces (with 71/81/82 and 83 for 台湾居民居住证). */
// prettier-ignore
const ID_PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * 公民身份号码 (GB 11643-1999): province code plausible, birth date a real date from 1900 on, and
 * the ISO 7064 MOD 11-2 check character. An 18-digit number with a wrong check digit is not one.
 */
export function isIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!ID_PROVINCES.has(id.slice(0, 2))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || year > 2099) return false;
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] === id[17]?.toUpperCase();
}

/** The Luhn check (ISO/IEC 7812) that every bank card number passes. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100-2015) check, so that an all-digit credit code is not taken for a card. */
function isUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code[i] as string) * (USCC_WEIGHTS[i] as number);
  return USCC_ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

const ID_PATTERN = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/gu;
// 16–19 digits, optionally grouped by 4 with spaces or hyphens; card networks start with 3–6.
const CARD_PATTERN = /(?<![0-9A-Za-z])[3-6]\d{3}(?:[ -]?\d{4}){2}[ -]?\d{4,7}(?![0-9A-Za-z])/gu;
// 1[3-9] + 9 digits, optionally 3-4-4 grouped or +86-prefixed, not inside a longer run of digits.
const MOBILE_PATTERN = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])/gu;

export function findPersonalInformation(text: string, segment: Segment): FindingDraft[] {
  const out: FindingDraft[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number): boolean => taken.some(([a, b]) => s < b && e > a);

  for (const m of text.matchAll(ID_PATTERN)) {
    if (!isIdNumber(m[0])) continue;
    taken.push([m.index, m.index + m[0].length]);
    out.push(
      draft(
        segment,
        text,
        m.index,
        m[0].length,
        'id_number',
        'blocking',
        '发现公民身份号码（校验位有效）：属于敏感个人信息，公开前须删除或脱敏（如只保留前 6 位和后 4 位）',
      ),
    );
  }
  for (const m of text.matchAll(CARD_PATTERN)) {
    const digits = m[0].replace(/[ -]/g, '');
    const end = m.index + m[0].length;
    if (digits.length < 16 || digits.length > 19 || overlaps(m.index, end)) continue;
    if (!passesLuhn(digits) || isIdNumber(digits) || isUscc(digits)) continue;
    taken.push([m.index, end]);
    out.push(
      draft(
        segment,
        text,
        m.index,
        m[0].length,
        'bank_card',
        'blocking',
        '发现银行卡号（通过 Luhn 校验）：属于敏感个人信息，公开前须删除或脱敏',
      ),
    );
  }
  for (const m of text.matchAll(MOBILE_PATTERN)) {
    if (overlaps(m.index, m.index + m[0].length)) continue;
    out.push(
      draft(
        segment,
        text,
        m.index,
        m[0].length,
        'mobile',
        'warning',
        '发现手机号码：如为个人号码，公开前须删除或脱敏；如为公开的工作联系电话，可说明理由后发布',
      ),
    );
  }
  return out.concat(findPersonalAddresses(text, segment));
}

const ADDRESS_LABEL =
  /(?:家庭住址|家庭地址|现住址|现住|户籍地址|户籍所在地|居住地址|居住地|家住|住址)\s*[:：]?\s*/gu;
const ADDRESS_BODY = /^[\p{Script=Han}0-9０-９A-Za-z\-—#（）()]{4,40}/u;
const ADDRESS_MARK = /[省市县区镇乡村街路巷号组社区小区栋幢楼单元室弄]/u;

/** A natural person's address after 住址 / 家庭住址 / 现住 / 户籍地址 …: warning (it may be an office's). */
function findPersonalAddresses(text: string, segment: Segment): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const m of text.matchAll(ADDRESS_LABEL)) {
    const start = m.index + m[0].length;
    const body = ADDRESS_BODY.exec(text.slice(start))?.[0];
    if (!body || !ADDRESS_MARK.test(body)) continue;
    // An address names at least one place-level word before its last two characters (村/路/号…).
    if (!/[省市县区镇乡村街路巷]/u.test(body.slice(0, -1)) && !/\d+号/u.test(body)) continue;
    out.push(
      draft(
        segment,
        text,
        m.index,
        m[0].length + body.length,
        'personal_address',
        'warning',
        `发现个人住址“${body}”：自然人的住址属于个人信息，公开前须删除或脱敏`,
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Configured sensitive words (敏感词): each carries the severity the administrator gave it.
// ---------------------------------------------------------------------------------------------

export function findSensitiveWords(
  text: string,
  segment: Segment,
  words: readonly SensitiveWord[],
): FindingDraft[] {
  const out: FindingDraft[] = [];
  const lower = text.toLowerCase();
  for (const w of words) {
    const needle = w.word.trim().toLowerCase();
    if (needle === '') continue;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
      const note = w.note?.trim();
      out.push(
        draft(
          segment,
          text,
          at,
          needle.length,
          'sensitive_word',
          w.severity,
          `发现敏感词“${w.word.trim()}”${note ? `（${note}）` : ''}，请修改后发布`,
        ),
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Leaders' names and titles (全国政府网站抽查 单项否决: 严重表述错误, including the names and titles
// of leaders). The maintained list says who holds which title now.
// ---------------------------------------------------------------------------------------------

/** Titles recognised next to a name even when no current leader holds them. */
// prettier-ignore
export const COMMON_TITLES: readonly string[] = [
  '书记', '副书记', '县委书记', '县委副书记', '县长', '副县长', '常务副县长', '代县长', '县长助理',
  '市长', '副市长', '代市长', '区长', '副区长', '镇长', '副镇长', '乡长', '副乡长', '主任', '副主任',
  '局长', '副局长', '主席', '副主席', '部长', '副部长', '秘书长', '副秘书长', '委员', '常委',
];

/** Before a title, these make it a former office or not an office at all: 原县长, 时任县长. */
const FORMER = /(?:原|前|时任|历任|曾任|老)$/u;

/** Prefixes that change the rank when dropped: 副县长 is not 县长, 代县长 is not 县长. */
const RANK_PREFIX = /(?:副|代)$/u;

/**
 * May `used` name a leader whose real title is `held`? Yes when equal, or when `used` is the
 * tail of `held` with a qualifier dropped that does not change the rank (常务副县长 → 副县长,
 * 县委书记 → 书记); no when what is dropped ends in 副 or 代 (副县长 → 县长 is wrong).
 */
export function titleFits(used: string, held: string): boolean {
  if (used === held) return true;
  if (!held.endsWith(used)) return false;
  return !RANK_PREFIX.test(held.slice(0, held.length - used.length));
}

const HAN = /\p{Script=Han}/u;

// Common surnames that can start a person's name after a title; 于/高/向/和/在 are left out
// where the character far more often starts an ordinary word after a title (县长于近日, 高度重视).
const SURNAMES =
  '马王李张刘陈杨黄赵吴周徐孙朱胡郭何罗梁宋郑谢韩唐冯董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文海拜虎沙穆锁冶';
const NOT_A_NAME =
  /^(?:马上|主持|指出|强调|要求|讲话|办公|信箱|热线|带领|一行|同志|常务|助理|接待|出席|参加|调研|陪同|批示|签发|文件|任期|职责|是|为|的|和|等)/u;

function longestTitleEndingAt(text: string, end: number, titles: readonly string[]): string | null {
  let best: string | null = null;
  for (const t of titles) {
    if (end - t.length >= 0 && text.startsWith(t, end - t.length) && (!best || t.length > best.length)) {
      best = t;
    }
  }
  return best;
}

function longestTitleStartingAt(text: string, start: number, titles: readonly string[]): string | null {
  let best: string | null = null;
  for (const t of titles) {
    if (text.startsWith(t, start) && (!best || t.length > best.length)) best = t;
  }
  return best;
}

export function findLeaderErrors(text: string, segment: Segment, leaders: readonly Leader[]): FindingDraft[] {
  const out: FindingDraft[] = [];
  const titles = [...new Set([...COMMON_TITLES, ...leaders.flatMap((l) => l.titles)])];
  const claimed: [number, number][] = [];

  // 1. A current leader's name next to a title that is not theirs: "县长张某某" when 张某某 is 副县长.
  for (const leader of leaders) {
    if (leader.name.length < 2) continue;
    for (let at = text.indexOf(leader.name); at !== -1; at = text.indexOf(leader.name, at + 1)) {
      const end = at + leader.name.length;
      const before = longestTitleEndingAt(text, at, titles);
      const after = before ? null : longestTitleStartingAt(text, end, titles);
      const used = before ?? after;
      if (!used) continue;
      const titleStart = before ? at - before.length : end;
      if (before && FORMER.test(text.slice(0, titleStart))) continue;
      if (leader.titles.some((held) => titleFits(used, held))) continue;
      const start = before ? titleStart : at;
      const length = before ? end - titleStart : end + used.length - at;
      claimed.push([start, start + length]);
      out.push(
        draft(
          segment,
          text,
          start,
          length,
          'leader_title',
          'blocking',
          `领导职务表述有误：${leader.name}的现任职务为“${leader.titles.join('、')}”，不是“${used}”`,
        ),
      );
    }
  }

  // 2. A title that has one holder, followed by someone else's name: "县长李某某" when the 县长 is 张某某.
  const holders = new Map<string, Leader[]>();
  for (const l of leaders) for (const t of l.titles) holders.set(t, [...(holders.get(t) ?? []), l]);
  for (const [title, held] of holders) {
    if (held.length !== 1) continue;
    const holder = held[0] as Leader;
    for (let at = text.indexOf(title); at !== -1; at = text.indexOf(title, at + 1)) {
      const end = at + title.length;
      // Only the whole title: 县长 inside 副县长 or 县长助理 is another title.
      if (longestTitleEndingAt(text, end, titles) !== title) continue;
      if (longestTitleStartingAt(text, at, titles) !== title) continue;
      if (FORMER.test(text.slice(0, at))) continue;
      const rest = text.slice(end);
      if (rest.startsWith(holder.name)) continue;
      if (leaders.some((l) => rest.startsWith(l.name))) continue; // rule 1 judges known leaders
      if (claimed.some(([a, b]) => at < b && end > a)) continue;
      const name = personNameAt(rest);
      if (!name) continue;
      out.push(
        draft(
          segment,
          text,
          at,
          title.length + name.length,
          'leader_name',
          'blocking',
          `领导姓名表述有误：现任${title}为${holder.name}，文中写作“${title}${name}”`,
        ),
      );
    }
  }
  return out;
}

/** A 2–3 character Han name at the start of `s`: a common surname, then given name, then a non-name boundary. */
function personNameAt(s: string): string | null {
  const first = s[0];
  if (!first || !SURNAMES.includes(first) || NOT_A_NAME.test(s.slice(1)) || NOT_A_NAME.test(s)) return null;
  // Most names have three characters; two when the third starts an ordinary word (王伟主持, 王伟在).
  const han = (i: number): boolean => HAN.test(s[i] ?? '');
  if (!han(1)) return null;
  const third = s.slice(2);
  if (han(2) && !/^[在对于和与同的等是要到说]/u.test(third) && !NOT_A_NAME.test(third)) {
    return s.slice(0, 3);
  }
  return s.slice(0, 2);
}

// ---------------------------------------------------------------------------------------------
// Putting it together.
// ---------------------------------------------------------------------------------------------

/** Every text rule over one piece of text (a title, a body, a spreadsheet cell, a PDF page …). */
export function screenSegment(text: string, segment: Segment, rules: ScreeningRules): FindingDraft[] {
  if (text.trim() === '') return [];
  return [
    ...findSecrecyMarks(text, segment),
    ...findPersonalInformation(text, segment),
    ...findSensitiveWords(text, segment, rules.words),
    ...findLeaderErrors(text, segment, rules.leaders),
  ].sort((a, b) => (a.location.offset ?? 0) - (b.location.offset ?? 0));
}

/** The title and the body's plain text → findings with their keys, blocking ones first. */
export function screenText(input: { title: string; body: string }, rules: ScreeningRules): Finding[] {
  return withKeys([
    ...screenSegment(input.title, { target: 'title' }, rules),
    ...screenSegment(input.body, { target: 'body' }, rules),
  ]);
}

/** FNV-1a, 64 bits, as 16 hex digits: a stable key without Node's crypto (the console imports this file). */
export function fnv1a64(s: string): string {
  let h = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(s);
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * Gives each finding its key: code, target, attachment, place, match and the occurrence number of
 * that same match, so that the key survives edits elsewhere in the text. Order: blocking first,
 * then title, body, attachments, each in reading order.
 */
export function withKeys(drafts: readonly FindingDraft[]): Finding[] {
  const seen = new Map<string, number>();
  const keyed = drafts.map((d) => {
    const l = d.location;
    const base = [d.code, l.target, l.attachmentName ?? '', l.place ?? '', l.excerpt.match].join('\u0000');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...d, key: fnv1a64(`${base}\u0000${n}`) };
  });
  const rank = (f: Finding): number => (f.severity === 'blocking' ? 0 : 1);
  return keyed
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

/** Any blocking finding stops publication; warnings need a named person's override. */
export const blocksPublication = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === 'blocking');

/** http(s) URLs written in plain text (for the try-it box, where there is no markup to read hrefs from). */
export function urlsInText(text: string): string[] {
  return [...new Set([...text.matchAll(/https?:\/\/[^\s，。；、“”"'<>（）()]+/giu)].map((m) => m[0]))];
}

/**
 * Full-text search, the pure part: normalisation, the token stream that makes every exact substring
 * of Chinese text findable, query parsing and validation, and highlighted snippets. No I/O; the
 * FTS5 index (in the SQLite database, or in PostgreSQL's local replica) only ever sees the tokens
 * made here (docs/decisions/0010-search-bigrams.md, 0012-search-replica.md).
 *
 * The rule, in the words a reader can check:
 * - Text is compared after normalisation: each character through NFKC (full-width letters, digits
 *   and spaces become half-width) and lower-cased.
 * - A run of Chinese characters (Han script) is indexed as its overlapping two-character bigrams,
 *   so a query of two or more Chinese characters finds every document containing that exact string.
 * - Runs of other letters and digits are indexed as whole words: `2018` finds 2018年 but not 20180.
 * - Punctuation and spaces separate; between a word of letters/digits and Chinese text they are
 *   ignored, so 2018年 also finds "2018 年". A Chinese run that touches such a word also yields its
 *   edge character alone, so 47号 and 年3月 are found as well.
 */

/** The longest query accepted, in characters. Longer strings are refused with a message, not cut. */
export const MAX_QUERY_LENGTH = 50;
/** At most this many space-separated terms (all must match). */
export const MAX_TERMS = 5;
/** Letter/digit words are cut to this length, in the text and in queries alike (a bound on a token). */
export const MAX_WORD_LENGTH = 64;

const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

type CharKind = 'han' | 'word' | 'sep';

function kindOf(ch: string): CharKind {
  const c = ch.codePointAt(0) ?? 0;
  // Fast paths for the common cases: ASCII, and the CJK Unified Ideographs block.
  if (c < 0x80) {
    return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? 'word' : 'sep';
  }
  if (c >= 0x4e00 && c <= 0x9fff) return 'han';
  if (HAN.test(ch)) return 'han';
  return LETTER_OR_DIGIT.test(ch) ? 'word' : 'sep';
}

function normalizeChar(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : ch;
  if (c >= 0x4e00 && c <= 0x9fff) return ch;
  return ch.normalize('NFKC').toLowerCase();
}

/**
 * Normalised text and, for each of its UTF-16 units, the index in the original text of the
 * character it came from (NFKC may change lengths: ㈠ becomes "(一)").
 */
export interface NormalizedText {
  text: string;
  origin: number[];
}

/** NFKC per character, then lower case. Searching and matching compare only normalised text. */
export function normalize(text: string): string {
  let out = '';
  for (const ch of text) out += normalizeChar(ch);
  return out;
}

export function normalizeWithOrigin(text: string): NormalizedText {
  let out = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const n = normalizeChar(ch);
    out += n;
    for (let k = 0; k < n.length; k++) origin.push(i);
    i += ch.length;
  }
  return { text: out, origin };
}

/** A maximal run of Chinese characters, or of other letters and digits, in normalised text. */
export interface Segment {
  kind: 'han' | 'word';
  text: string;
  /** Offsets in the normalised text. */
  start: number;
  end: number;
}

export function segments(norm: string): Segment[] {
  const out: Segment[] = [];
  let cur: Segment | null = null;
  let i = 0;
  for (const ch of norm) {
    const kind = kindOf(ch);
    if (kind === 'sep') {
      cur = null;
    } else if (cur && cur.kind === kind) {
      cur.text += ch;
      cur.end = i + ch.length;
    } else {
      cur = { kind, text: ch, start: i, end: i + ch.length };
      out.push(cur);
    }
    i += ch.length;
  }
  return out;
}

/**
 * Stands between two Chinese runs that punctuation separates, so that 政务，务公 does not look like
 * 政务公 ([政务][务公] in a row). No query term is made of it alone.
 */
export const BREAK = '、';

/**
 * The token stream of a sequence of segments; the same function makes the index of a text and the
 * phrase of a query term, which is why a term found in the text always has its tokens there in a
 * row. A Chinese run gives its bigrams; next to a letter/digit word (the neighbouring segment) it
 * also gives its first or last character alone, so that 47号 matches "47号文件". A one-character run
 * gives that character only when it touches such a word. Letter/digit words are tokens themselves.
 */
export function tokensOf(segs: readonly Segment[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as Segment;
    if (seg.kind === 'han' && segs[i - 1]?.kind === 'han' && out[out.length - 1] !== BREAK) out.push(BREAK);
    if (seg.kind === 'word') {
      out.push(
        seg.text.length > MAX_WORD_LENGTH ? [...seg.text].slice(0, MAX_WORD_LENGTH).join('') : seg.text,
      );
      continue;
    }
    const chars = [...seg.text];
    const lead = segs[i - 1]?.kind === 'word';
    const trail = segs[i + 1]?.kind === 'word';
    if (chars.length === 1) {
      if (lead || trail) out.push(chars[0] as string);
      continue;
    }
    if (lead) out.push(chars[0] as string);
    for (let k = 0; k + 1 < chars.length; k++) out.push((chars[k] as string) + (chars[k + 1] as string));
    if (trail) out.push(chars[chars.length - 1] as string);
  }
  return out;
}

/** The index tokens of a text (title or body). */
export function textTokens(text: string): string[] {
  return tokensOf(segments(normalize(text)));
}

/** One search term: its normalised text and the tokens that must appear in a row. */
export interface QueryTerm {
  text: string;
  tokens: string[];
  segments: Segment[];
}

export type ParsedQuery = { ok: true; terms: QueryTerm[] } | { ok: false; message: string };

// Control and format characters (C0/C1 including tab and newline, DEL, zero-width and direction
// marks) and unpaired surrogates. Private-use characters stay allowed: rare 生僻字 live there.
const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * Parses what a visitor typed into terms (separated by spaces; every term must match, each as an
 * exact phrase). Refuses, with a message for the page: an empty string, more than
 * MAX_QUERY_LENGTH characters, control characters, more than MAX_TERMS terms, and a term shorter
 * than two characters (one Chinese character matches too much to be useful, and is not indexed).
 */
export function parseQuery(raw: string): ParsedQuery {
  const length = [...raw].length;
  if (length > MAX_QUERY_LENGTH) {
    return { ok: false, message: `检索词过长：最多${MAX_QUERY_LENGTH}个字，当前${length}个字。` };
  }
  if (CONTROL.test(raw)) {
    return { ok: false, message: '检索词含有控制字符或不可见字符，请删除后重新输入。' };
  }
  const words = normalize(raw)
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return { ok: false, message: '请输入检索词。' };
  if (words.length > MAX_TERMS) {
    return { ok: false, message: `检索词最多${MAX_TERMS}个，请用更少的词检索。` };
  }
  const terms: QueryTerm[] = [];
  for (const word of words) {
    const segs = segments(word);
    const tokens = tokensOf(segs);
    const significant = segs.reduce((n, s) => n + [...s.text].length, 0);
    if (significant < 2 || !tokens.some((t) => t !== BREAK)) {
      return {
        ok: false,
        message: `“${word}”太短：每个检索词至少要有两个连续的汉字、字母或数字，例如“公开”。`,
      };
    }
    if (!terms.some((t) => t.text === word)) terms.push({ text: word, tokens, segments: segs });
  }
  return { ok: true, terms };
}

/** A piece of displayed text; `hit` pieces are shown highlighted (<mark>). */
export interface Highlight {
  text: string;
  hit: boolean;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where the terms occur in normalised text: the term's segments in order, with anything but
 * letters, digits and Chinese characters allowed between them (as the index ignores it).
 */
function hitRanges(norm: string, terms: readonly QueryTerm[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const pattern = term.segments.map((s) => escapeRegExp(s.text)).join('[^\\p{L}\\p{N}]*');
    for (const m of norm.matchAll(new RegExp(pattern, 'gu'))) {
      if (m[0].length > 0) ranges.push([m.index, m.index + m[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Original-text ranges of the hits in `text`. */
function originalHits(text: string, terms: readonly QueryTerm[]): [number, number][] {
  const { text: norm, origin } = normalizeWithOrigin(text);
  return hitRanges(norm, terms).map(([s, e]) => {
    const start = origin[s] ?? 0;
    const lastOrigin = origin[e - 1] ?? start;
    const lastChar = text.codePointAt(lastOrigin) ?? 0;
    return [start, lastOrigin + (lastChar > 0xffff ? 2 : 1)];
  });
}

function split(text: string, from: number, to: number, hits: readonly [number, number][]): Highlight[] {
  const out: Highlight[] = [];
  let at = from;
  for (const [s, e] of hits) {
    if (e <= from || s >= to) continue;
    const hs = Math.max(s, from);
    const he = Math.min(e, to);
    if (hs > at) out.push({ text: text.slice(at, hs), hit: false });
    out.push({ text: text.slice(hs, he), hit: true });
    at = he;
  }
  if (at < to) out.push({ text: text.slice(at, to), hit: false });
  return out;
}

/** The whole of a short text (a title) with its hits marked. */
export function highlightAll(text: string, terms: readonly QueryTerm[]): Highlight[] {
  return split(text, 0, text.length, originalHits(text, terms));
}

/** Default snippet length, in UTF-16 units of the original text. */
export const SNIPPET_LENGTH = 120;

/**
 * A passage of a body around its first hit, about `length` long, with every hit in it marked and
 * "…" where text was left out. Line breaks become spaces. Without a hit (the term was in the
 * title only) it is the beginning of the text.
 */
export function snippet(text: string, terms: readonly QueryTerm[], length = SNIPPET_LENGTH): Highlight[] {
  const flat = text.replace(/\s+/g, ' ');
  const hits = originalHits(flat, terms);
  const first = hits[0];
  let from = first ? Math.max(0, first[0] - Math.floor(length / 3)) : 0;
  let to = Math.min(flat.length, from + length);
  if (to - from < length) from = Math.max(0, to - length);
  // Never cut a surrogate pair or a hit in half.
  if (from > 0 && /[\uDC00-\uDFFF]/.test(flat[from] ?? '')) from -= 1;
  if (to < flat.length && /[\uDC00-\uDFFF]/.test(flat[to] ?? '')) to += 1;
  for (const [s, e] of hits) if (s < to && e > to) to = e;
  const parts = split(flat, from, to, hits);
  if (from > 0) parts.unshift({ text: '…', hit: false });
  if (to < flat.length) parts.push({ text: '…', hit: false });
  return parts;
}

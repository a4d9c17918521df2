/**
 * Documents (政府信息): the vocabulary of a published document and the pure rules about it —
 * index numbers, validity, the 专栏 columns and the structured text of a body. No I/O.
 */

/** 公开属性 (条例第十三条): proactive, on request, or withheld. */
export const DISCLOSURE_MODES = ['proactive', 'on_request', 'withheld'] as const;
export type DisclosureMode = (typeof DISCLOSURE_MODES)[number];
export const DISCLOSURE_MODE_LABELS: Record<DisclosureMode, string> = {
  proactive: '主动公开',
  on_request: '依申请公开',
  withheld: '不予公开',
};

export const DOCUMENT_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** 有效性: in force, expired (失效) or repealed (废止). */
export const VALIDITIES = ['in_force', 'expired', 'repealed'] as const;
export type Validity = (typeof VALIDITIES)[number];
export const VALIDITY_LABELS: Record<Validity, string> = {
  in_force: '有效',
  expired: '失效',
  repealed: '废止',
};

/**
 * The legal category a document is counted under in the annual report (年度报告格式 table 二):
 * 规章, 行政规范性文件, and the Art 20 items 行政许可/行政处罚/行政强制/行政事业性收费; everything else.
 */
export const LEGAL_CATEGORIES = [
  'rule',
  'normative',
  'licensing',
  'penalty',
  'enforcement',
  'fee',
  'other',
] as const;
export type LegalCategory = (typeof LEGAL_CATEGORIES)[number];
export const LEGAL_CATEGORY_LABELS: Record<LegalCategory, string> = {
  rule: '规章',
  normative: '行政规范性文件',
  licensing: '行政许可',
  penalty: '行政处罚',
  enforcement: '行政强制',
  fee: '行政事业性收费',
  other: '其他',
};

/**
 * The columns of the 政府信息公开专栏 that hold documents (国办公开办函〔2019〕61号; rules.md §6).
 * 依申请公开 is a procedure page, not a column of documents, so it is not here.
 */
export const PORTAL_SECTIONS = ['guide', 'rules', 'statutory', 'annual_reports'] as const;
export type PortalSection = (typeof PORTAL_SECTIONS)[number];
export const PORTAL_SECTION_LABELS: Record<PortalSection, string> = {
  guide: '信息公开指南',
  rules: '信息公开制度',
  statutory: '法定主动公开内容',
  annual_reports: '信息公开年报',
};

/** How a body is stored. Only structured text today; sanitised rich text arrives with drafting. */
export const BODY_FORMATS = ['text'] as const;
export type BodyFormat = (typeof BODY_FORMATS)[number];

/** China Standard Time has no daylight saving: a fixed UTC+8. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in Beijing of an instant, as 'YYYY-MM-DD'. */
export function beijingDate(at: Date | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * 索引号 = `{agency code}/{year}-{sequence}` with the sequence zero-padded to five digits (and wider
 * once it passes 99999). The agency code is its 统一社会信用代码; the year is the publication year
 * (rules.md §7.2: the dominant modern pattern, e.g. 11370812004339255B/2020-22849).
 */
export function formatIndexNumber(agencyCode: string, year: number, seq: number): string {
  if (!agencyCode) throw new Error('index number needs an agency code');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`bad year ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`bad sequence ${seq}`);
  return `${agencyCode}/${year}-${String(seq).padStart(5, '0')}`;
}

/** The year an index number counts in: the publication year, in Beijing. */
export function indexYear(publishedAt: Date | string): number {
  return Number(beijingDate(publishedAt).slice(0, 4));
}

/**
 * 文号 shape: issuer's code, the year in 六角括号 and a number, e.g. 西政办发〔2018〕47号 or
 * 韶府办明电〔2019〕3号 (党政机关公文格式 GB/T 9704: 发文字号 = 发文机关代字 + 年份 + 发文顺序号).
 */
export function isDocumentNumber(value: string): boolean {
  return /^[\u4e00-\u9fa5A-Za-z]{1,20}〔\d{4}〕\d{1,5}号$/.test(value);
}

export interface ValidityFacts {
  validity: Validity;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/**
 * The validity to show on a given day: a repealed document stays 废止; one whose effective period
 * ended before `today` is 失效 even if nobody updated it (e.g. 西吉县 rules "有效期至2022年4月30日").
 */
export function currentValidity(doc: ValidityFacts, today: string): Validity {
  if (doc.validity === 'repealed') return 'repealed';
  if (doc.validity === 'expired') return 'expired';
  if (doc.effectiveTo !== null && today > doc.effectiveTo) return 'expired';
  return 'in_force';
}

/** One block of a structured-text body. */
export type BodyBlock =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'signature'; lines: string[] };

/**
 * Structured text, the body format of imported and typed documents: one block per line; `## ` and
 * `### ` start headings (the parts and chapters inside a document), consecutive `> ` lines form the
 * signature block (落款: issuer and date, set flush right); blank lines only separate. Everything is
 * text — nothing in a body is ever markup, so nothing in it can inject HTML.
 */
export function parseBody(text: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const heading = /^(#{2,3})\s+(.+)$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1] === '##' ? 2 : 3, text: (heading[2] ?? '').trim() });
      continue;
    }
    if (line.startsWith('>')) {
      const content = line.slice(1).trim();
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'signature') last.lines.push(content);
      else blocks.push({ kind: 'signature', lines: [content] });
      continue;
    }
    blocks.push({ kind: 'paragraph', text: line });
  }
  return blocks;
}

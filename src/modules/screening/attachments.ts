import { strFromU8, unzipSync } from 'fflate';
import { screenSegment, type FindingDraft, type ScreeningRules, type Segment } from './model.ts';

/**
 * Attachment inspectors: what a reader of the published file can find that the drafter did not
 * see. Spreadsheets (hidden sheets, rows, columns), Word files (tracked changes, comments) and
 * PDFs (text left under black boxes: the classic failed redaction), plus the same text rules
 * over each file's text. Formats we cannot read are reported for a person to check.
 */

export interface Attachment {
  id: string;
  name: string;
  bytes: Uint8Array;
}

/** No single part of an Office file is expanded beyond this (a zip bomb is reported, not unpacked). */
const MAX_PART_BYTES = 50 * 1024 * 1024;
/** Pages of a PDF looked at; the rest are reported as not inspected. */
const MAX_PDF_PAGES = 300;
/** Tracked changes and comments listed one by one; beyond this one summary finding. */
const MAX_LISTED = 20;
const EXCERPT_MAX = 60;

const extOf = (name: string): string => /\.([^.]+)$/.exec(name.toLowerCase())?.[1] ?? '';

export async function inspectAttachment(att: Attachment, rules: ScreeningRules): Promise<FindingDraft[]> {
  const base: Segment = { target: 'attachment', attachmentId: att.id, attachmentName: att.name };
  const ext = extOf(att.name);
  try {
    switch (ext) {
      case 'xlsx':
      case 'xlsm':
        return inspectXlsx(att.bytes, base, rules);
      case 'docx':
      case 'docm':
        return inspectDocx(att.bytes, base, rules);
      case 'pdf':
        return await inspectPdf(att.bytes, base, rules);
      case 'txt':
      case 'csv':
        return screenLines(new TextDecoder().decode(att.bytes), base, rules);
      default:
        return [
          notice(
            base,
            'attachment_not_inspected',
            'warning',
            `系统无法检查 ${ext ? `.${ext}` : '该'} 格式附件的内容（密级标志、个人信息、隐藏内容），请人工核查；建议转换为 .docx、.xlsx 或 .pdf 后上传`,
          ),
        ];
    }
  } catch (error) {
    const reason = error instanceof InspectError ? error.message : '文件已损坏、加密或格式与扩展名不符';
    return [notice(base, 'attachment_unreadable', 'blocking', `附件无法读取（${reason}），请重新生成后上传`)];
  }
}

class InspectError extends Error {}

function notice(
  segment: Segment,
  code: FindingDraft['code'],
  severity: FindingDraft['severity'],
  message: string,
  match = '',
  place?: string,
): FindingDraft {
  return {
    code,
    severity,
    message,
    location: { ...segment, ...(place ? { place } : {}), excerpt: { before: '', match, after: '' } },
  };
}

const clip = (s: string): string => (s.length > EXCERPT_MAX ? `${s.slice(0, EXCERPT_MAX)}…` : s);

/** Each line is screened on its own, with its line number as the place. */
function screenLines(text: string, base: Segment, rules: ScreeningRules): FindingDraft[] {
  return text
    .split(/\r?\n/)
    .flatMap((line, i) => screenSegment(line, { ...base, place: `第 ${i + 1} 行` }, rules));
}

// ---------------------------------------------------------------------------------------------
// OOXML helpers (the parts we read are small and regular; no DOM needed).
// ---------------------------------------------------------------------------------------------

function unzipParts(bytes: Uint8Array, want: (name: string) => boolean): Map<string, string> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!want(f.name)) return false;
        if (f.originalSize > MAX_PART_BYTES) throw new InspectError(`文件中的 ${f.name} 过大`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof InspectError) throw error;
    throw new InspectError('不是有效的 Office 文件（无法解压）');
  }
  return new Map(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[e.toLowerCase()] ?? '';
  });
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out[m[1] as string] = decodeXml(m[3] ?? m[4] ?? '');
  }
  return out;
}

const truthy = (v: string | undefined): boolean => v === '1' || v === 'true';

/** The text of `<prefix:t>` elements inside a fragment, in order. */
function texts(xml: string, element: string): string {
  const re = new RegExp(`<${element}(?:\\s[^>]*)?>([^<]*)</${element}>`, 'g');
  return [...xml.matchAll(re)].map((m) => decodeXml(m[1] ?? '')).join('');
}

// ---------------------------------------------------------------------------------------------
// .xlsx: hidden / veryHidden sheets, hidden rows and columns that hold values, and the cells' text.
// ---------------------------------------------------------------------------------------------

interface Cell {
  ref: string;
  row: number;
  col: number;
  text: string;
}

const colNumber = (letters: string): number =>
  [...letters].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0);

export const colLetters = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/** "3、5–7" from [3, 5, 6, 7]. */
export function ranges(ns: readonly number[], show: (n: number) => string = String): string {
  const sorted = [...new Set(ns)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j += 1;
    const a = sorted[i] as number;
    const b = sorted[j] as number;
    parts.push(a === b ? show(a) : `${show(a)}–${show(b)}`);
    i = j + 1;
  }
  return parts.join('、');
}

function inspectXlsx(bytes: Uint8Array, base: Segment, rules: ScreeningRules): FindingDraft[] {
  const parts = unzipParts(
    bytes,
    (n) =>
      n === 'xl/workbook.xml' ||
      n === 'xl/_rels/workbook.xml.rels' ||
      n === 'xl/sharedStrings.xml' ||
      /^xl\/worksheets\/[^/]+\.xml$/.test(n),
  );
  const workbook = parts.get('xl/workbook.xml');
  if (!workbook) throw new InspectError('缺少工作簿 xl/workbook.xml');

  const targets = new Map<string, string>();
  for (const m of (parts.get('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    if (a.Id && a.Target) {
      const t = a.Target.replace(/^\//, '');
      targets.set(a.Id, t.startsWith('xl/') ? t : `xl/${t}`);
    }
  }
  const shared = [...(parts.get('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    // Phonetic runs (<rPh>) are not part of the displayed string.
    texts((m[1] ?? '').replace(/<rPh\b[\s\S]*?<\/rPh>/g, ''), 't'),
  );

  const out: FindingDraft[] = [];
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const a = attrs(m[0]);
    const name = a.name ?? '';
    const xml = parts.get(targets.get(a['r:id'] ?? '') ?? '') ?? '';
    const state = a.state ?? 'visible';
    const cells = readCells(xml, shared);
    const label = `工作表“${name}”`;
    const hiddenSheet = state === 'hidden' || state === 'veryHidden';

    if (hiddenSheet && cells.length > 0) {
      out.push(
        notice(
          base,
          'hidden_sheet',
          'blocking',
          `附件含${state === 'veryHidden' ? '深度隐藏（veryHidden）' : '隐藏'}的${label}，共 ${cells.length} 个非空单元格：发布后任何人都能取消隐藏查看，请删除该工作表或确认内容可以公开后取消隐藏`,
          clip(cells.map((c) => c.text).join(' ')),
          label,
        ),
      );
    }

    const hiddenRows = new Set<number>();
    for (const r of xml.matchAll(/<row\b[^>]*>/g)) {
      const ra = attrs(r[0]);
      if (truthy(ra.hidden) && ra.r) hiddenRows.add(Number(ra.r));
    }
    const hiddenCols = new Set<number>();
    for (const c of xml.matchAll(/<col\b[^>]*>/g)) {
      const ca = attrs(c[0]);
      if (!truthy(ca.hidden)) continue;
      for (let n = Number(ca.min); n <= Number(ca.max) && n - Number(ca.min) < 16384; n++) hiddenCols.add(n);
    }
    const inRows = cells.filter((c) => hiddenRows.has(c.row));
    if (!hiddenSheet && inRows.length > 0) {
      const rows = ranges(inRows.map((c) => c.row));
      out.push(
        notice(
          base,
          'hidden_rows',
          'blocking',
          `附件${label}第 ${rows} 行被隐藏但有内容：发布后可取消隐藏查看，请删除这些行或确认可以公开`,
          clip(inRows.map((c) => c.text).join(' ')),
          `${label}第 ${rows} 行`,
        ),
      );
    }
    const inCols = cells.filter((c) => hiddenCols.has(c.col));
    if (!hiddenSheet && inCols.length > 0) {
      const cols = ranges(
        inCols.map((c) => c.col),
        colLetters,
      );
      out.push(
        notice(
          base,
          'hidden_columns',
          'blocking',
          `附件${label}第 ${cols} 列被隐藏但有内容：发布后可取消隐藏查看，请删除这些列或确认可以公开`,
          clip(inCols.map((c) => c.text).join(' ')),
          `${label}第 ${cols} 列`,
        ),
      );
    }

    // Every cell, hidden or not, goes through the text rules: a hidden column of ID numbers is the usual leak.
    for (const cell of cells) {
      const hidden = hiddenSheet || hiddenRows.has(cell.row) || hiddenCols.has(cell.col);
      out.push(
        ...screenSegment(
          cell.text,
          { ...base, place: `${label}单元格 ${cell.ref}${hidden ? '（隐藏）' : ''}` },
          rules,
        ),
      );
    }
  }
  return out;
}

function readCells(sheetXml: string, shared: readonly string[]): Cell[] {
  const cells: Cell[] = [];
  for (const m of sheetXml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const a = attrs(m[1] ?? '');
    const inner = m[2] ?? '';
    const ref = /^([A-Z]+)(\d+)$/.exec(a.r ?? '');
    if (!ref) continue;
    let text: string;
    if (a.t === 's') text = shared[Number(texts(inner, 'v'))] ?? '';
    else if (a.t === 'inlineStr') text = texts(inner, 't');
    else text = texts(inner, 'v');
    if (text.trim() === '') continue;
    cells.push({ ref: a.r as string, row: Number(ref[2]), col: colNumber(ref[1] as string), text });
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// .docx: tracked changes (w:ins, w:del, w:moveFrom, w:moveTo) and comments, and the visible text.
// ---------------------------------------------------------------------------------------------

const CHANGE_LABELS: Record<string, string> = {
  ins: '插入',
  del: '删除',
  moveFrom: '移出',
  moveTo: '移入',
};

function inspectDocx(bytes: Uint8Array, base: Segment, rules: ScreeningRules): FindingDraft[] {
  const parts = unzipParts(
    bytes,
    (n) =>
      n === 'word/document.xml' || n === 'word/comments.xml' || /^word\/(header|footer)\d*\.xml$/.test(n),
  );
  const doc = parts.get('word/document.xml');
  if (!doc) throw new InspectError('缺少正文 word/document.xml');
  const out: FindingDraft[] = [];

  const changes = [...doc.matchAll(/<w:(ins|del|moveFrom|moveTo)\b([^>]*?)>([\s\S]*?)<\/w:\1>/g)]
    .map((m) => ({
      kind: m[1] as string,
      author: attrs(m[2] ?? '')['w:author'] ?? '',
      text: texts(m[3] ?? '', 'w:t') + texts(m[3] ?? '', 'w:delText'),
    }))
    .filter((c) => c.text.trim() !== '');
  changes
    .slice(0, MAX_LISTED)
    .forEach((c, i) =>
      out.push(
        notice(
          base,
          'docx_tracked_changes',
          'blocking',
          `附件含未接受的修订（${CHANGE_LABELS[c.kind] ?? c.kind}${c.author ? `，修订人：${c.author}` : ''}）：发布后可看到修改前后的内容，请接受或拒绝全部修订后重新上传`,
          clip(c.text),
          `修订 ${i + 1}`,
        ),
      ),
    );
  if (changes.length > MAX_LISTED) {
    out.push(
      notice(
        base,
        'docx_tracked_changes',
        'blocking',
        `附件另有 ${changes.length - MAX_LISTED} 处未接受的修订`,
        '',
        `修订 ${MAX_LISTED + 1}–${changes.length}`,
      ),
    );
  }

  const comments = [
    ...(parts.get('word/comments.xml') ?? '').matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g),
  ].map((m) => ({ author: attrs(m[1] ?? '')['w:author'] ?? '', text: texts(m[2] ?? '', 'w:t') }));
  comments
    .slice(0, MAX_LISTED)
    .forEach((c, i) =>
      out.push(
        notice(
          base,
          'docx_comments',
          'blocking',
          `附件含批注${c.author ? `（批注人：${c.author}）` : ''}：发布后可看到批注内容，请删除全部批注后重新上传`,
          clip(c.text),
          `批注 ${i + 1}`,
        ),
      ),
    );
  if (comments.length > MAX_LISTED) {
    out.push(
      notice(
        base,
        'docx_comments',
        'blocking',
        `附件另有 ${comments.length - MAX_LISTED} 条批注`,
        '',
        `批注`,
      ),
    );
  }

  // The text as it reads once changes are accepted (deletions are reported above).
  const paragraphsOf = (xml: string): string[] =>
    [
      ...xml.replace(/<w:(del|moveFrom)\b[^>]*?>[\s\S]*?<\/w:\1>/g, '').matchAll(/<w:p\b[\s\S]*?<\/w:p>/g),
    ].map((m) => texts(m[0].replace(/<w:tab\/>/g, '<w:t>\t</w:t>'), 'w:t'));
  paragraphsOf(doc).forEach((p, i) =>
    out.push(...screenSegment(p, { ...base, place: `正文第 ${i + 1} 段` }, rules)),
  );
  for (const [name, xml] of [...parts].filter(([n]) => /(header|footer)\d*\.xml$/.test(n)).sort()) {
    const where = name.includes('header') ? '页眉' : '页脚';
    for (const p of paragraphsOf(xml)) out.push(...screenSegment(p, { ...base, place: where }, rules));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// .pdf: text drawn first and then covered by a filled dark rectangle (a "redaction" that only
// paints over the text, which stays in the file and can be copied), and each page's text.
// ---------------------------------------------------------------------------------------------

type Matrix = [number, number, number, number, number, number];
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface TextRun {
  op: number;
  box: Box;
  text: string;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m × n in PDF's row-vector convention (apply m, then n). */
function mul(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

function boxOf(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const pts = [
    [x0, y0],
    [x1, y0],
    [x0, y1],
    [x1, y1],
  ].map(([x, y]) => [
    m[0] * (x as number) + m[2] * (y as number) + m[4],
    m[1] * (x as number) + m[3] * (y as number) + m[5],
  ]);
  const xs = pts.map((p) => p[0] as number);
  const ys = pts.map((p) => p[1] as number);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

const area = (b: Box): number => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
const overlap = (a: Box, b: Box): number =>
  area({
    x0: Math.max(a.x0, b.x0),
    y0: Math.max(a.y0, b.y0),
    x1: Math.min(a.x1, b.x1),
    y1: Math.min(a.y1, b.y1),
  });

/** A fill colour dark enough to hide text (relative luminance below 0.2). */
export function isDark(color: unknown): boolean {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return false;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.2;
}

interface PdfJs {
  getDocument(src: object): { promise: Promise<PdfDocument>; destroy(): Promise<void> };
  OPS: Record<string, number>;
}
interface PdfDocument {
  numPages: number;
  getPage(n: number): Promise<PdfPage>;
}
interface PdfPage {
  getTextContent(): Promise<{ items: { str?: string; hasEOL?: boolean }[] }>;
  getOperatorList(): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
}
interface Glyph {
  unicode?: string;
  width?: number;
}

let pdfjsModule: Promise<PdfJs> | undefined;
const loadPdfJs = (): Promise<PdfJs> =>
  (pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs') as unknown as Promise<PdfJs>);

async function inspectPdf(bytes: Uint8Array, base: Segment, rules: ScreeningRules): Promise<FindingDraft[]> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch {
    await task.destroy();
    throw new InspectError('不是有效的 PDF 文件，或已加密');
  }
  const out: FindingDraft[] = [];
  try {
    const pages = Math.min(doc.numPages, MAX_PDF_PAGES);
    for (let n = 1; n <= pages; n++) {
      const page = await doc.getPage(n);
      const place = `第 ${n} 页`;
      for (const run of await coveredText(page, pdfjs.OPS)) {
        out.push(
          notice(
            base,
            'pdf_covered_text',
            'blocking',
            `附件${place}有文字被黑色方块遮盖，但文字仍在文件中、可被复制：这是无效的涂黑，请在原文中删除后重新生成 PDF`,
            clip(run.text),
            place,
          ),
        );
      }
      const content = await page.getTextContent();
      const text = content.items.map((i) => (i.str ?? '') + (i.hasEOL ? '\n' : '')).join('');
      out.push(
        ...screenLines(text, { ...base, place }, rules).map((f) => ({
          ...f,
          location: { ...f.location, place: `${place}${f.location.place ?? ''}` },
        })),
      );
    }
    if (doc.numPages > MAX_PDF_PAGES) {
      out.push(
        notice(
          base,
          'attachment_not_inspected',
          'warning',
          `附件共 ${doc.numPages} 页，系统只检查了前 ${MAX_PDF_PAGES} 页，其余请人工核查`,
        ),
      );
    }
  } finally {
    await task.destroy();
  }
  return out;
}

/**
 * Walks the page's drawing operations with the graphics state (CTM, fill colour) and the text
 * state, noting where each piece of text lands and each dark filled shape; a text run more than
 * half covered by a dark shape painted after it is covered text.
 */
async function coveredText(page: PdfPage, OPS: Record<string, number>): Promise<TextRun[]> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const op = (name: string): number => OPS[name] ?? -1;
  const FILLS = new Set(
    ['fill', 'eoFill', 'fillStroke', 'eoFillStroke', 'closeFillStroke', 'closeEOFillStroke'].map(op),
  );
  const SET_FILL = new Set(['setFillRGBColor', 'setFillGray', 'setFillCMYKColor', 'setFillColor'].map(op));

  let ctm: Matrix = IDENTITY;
  let fill: unknown = '#000000';
  const stack: { ctm: Matrix; fill: unknown }[] = [];
  let tm: Matrix = IDENTITY;
  let tlm: Matrix = IDENTITY;
  let fontSize = 12;
  let leading = 0;
  const runs: TextRun[] = [];
  const shapes: { op: number; box: Box }[] = [];

  const moveText = (tx: number, ty: number): void => {
    tlm = mul([1, 0, 0, 1, tx, ty], tlm);
    tm = tlm;
  };
  const show = (i: number, items: unknown[]): void => {
    let width = 0;
    let text = '';
    for (const g of items) {
      if (typeof g === 'number') width -= (g / 1000) * fontSize;
      else if (g && typeof g === 'object') {
        const glyph = g as Glyph;
        width += ((glyph.width ?? 0) / 1000) * fontSize;
        text += glyph.unicode ?? '';
      }
    }
    if (text.trim() !== '') {
      runs.push({ op: i, box: boxOf(mul(tm, ctm), 0, -0.2 * fontSize, width, 0.8 * fontSize), text });
    }
    tm = mul([1, 0, 0, 1, width, 0], tm);
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] ?? [];
    if (fn === op('save')) stack.push({ ctm, fill });
    else if (fn === op('restore')) ({ ctm, fill } = stack.pop() ?? { ctm, fill });
    else if (fn === op('transform'))
      ctm = mul(Array.from(args as ArrayLike<number>).map(Number) as Matrix, ctm);
    else if (SET_FILL.has(fn as number)) fill = args[0];
    else if (fn === op('beginText')) tm = tlm = IDENTITY;
    else if (fn === op('setFont')) fontSize = Math.abs(Number(args[1]) || fontSize);
    else if (fn === op('setLeading')) leading = Number(args[0]) || 0;
    else if (fn === op('setTextMatrix')) {
      // pdf.js passes the matrix as one array (or typed array) argument; older builds as six numbers.
      const m =
        Array.isArray(args[0]) || ArrayBuffer.isView(args[0])
          ? (args[0] as ArrayLike<number>)
          : (args as unknown as ArrayLike<number>);
      tm = tlm = Array.from(m).map(Number) as Matrix;
    } else if (fn === op('moveText')) moveText(Number(args[0]), Number(args[1]));
    else if (fn === op('setLeadingMoveText')) {
      leading = -Number(args[1]);
      moveText(Number(args[0]), Number(args[1]));
    } else if (fn === op('nextLine')) moveText(0, -leading);
    else if (fn === op('showText') || fn === op('showSpacedText')) show(i, (args[0] as unknown[]) ?? []);
    else if (fn === op('nextLineShowText') || fn === op('nextLineSetSpacingShowText')) {
      moveText(0, -leading);
      show(i, (args[args.length - 1] as unknown[]) ?? []);
    } else if (fn === op('constructPath')) {
      const paint = args[0] as number;
      const minMax = args[2] as ArrayLike<number> | null | undefined;
      if (FILLS.has(paint) && isDark(fill) && minMax && minMax.length === 4) {
        shapes.push({
          op: i,
          box: boxOf(ctm, minMax[0] as number, minMax[1] as number, minMax[2] as number, minMax[3] as number),
        });
      }
    }
  }
  return runs.filter((run) =>
    shapes.some((s) => s.op > run.op && overlap(s.box, run.box) > 0.5 * area(run.box)),
  );
}

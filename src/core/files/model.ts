import { invalid, DomainError } from '../errors.ts';

/**
 * Attachments (附件): which files a government document may carry, and the rules a file must pass
 * before it is stored. Pure: the content sniffing itself is in sniff.ts, which reports a `Sniffed`
 * kind for these rules to judge.
 */

/**
 * What the content of a file turned out to be (sniff.ts): a file-type extension ('pdf', 'docx',
 * 'xlsx', 'png', 'jpg', 'zip', 'exe', …), 'cfb' for an OLE compound file (the container of
 * .doc/.xls/.wps/.et), 'ofd' for a zip holding OFD.xml, 'text' for plain text in UTF-8 or GB18030,
 * or null when nothing could be recognised.
 */
export type Sniffed = string | null;

export interface AttachmentType {
  /** What the content must be, in the words of the error message: 附件“x”的内容不是 {label}. */
  label: string;
  /** The content type it is served with. */
  mime: string;
  /** The sniffed kinds that match this extension. */
  content: readonly string[];
}

const OLE = ['cfb'] as const;

/**
 * The extensions a government attachment may have (GB/T 33190 OFD included; WPS's own .wps/.et
 * are OLE compound files like .doc/.xls). Plain text is allowed for notices and data lists. Archives
 * (zip, rar), executables, HTML and SVG are not: nobody can screen what is inside them, and a
 * browser would run what is inside some of them.
 */
export const ATTACHMENT_TYPES: Readonly<Record<string, AttachmentType>> = {
  pdf: { label: 'PDF 文件', mime: 'application/pdf', content: ['pdf'] },
  ofd: { label: 'OFD 版式文件', mime: 'application/ofd', content: ['ofd'] },
  doc: { label: 'Word 97-2003 文档', mime: 'application/msword', content: OLE },
  docx: {
    label: 'Word 文档',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    content: ['docx'],
  },
  wps: { label: 'WPS 文字文档', mime: 'application/wps-office.wps', content: OLE },
  xls: { label: 'Excel 97-2003 工作簿', mime: 'application/vnd.ms-excel', content: OLE },
  xlsx: {
    label: 'Excel 工作簿',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: ['xlsx'],
  },
  et: { label: 'WPS 表格文档', mime: 'application/wps-office.et', content: OLE },
  jpg: { label: 'JPEG 图片', mime: 'image/jpeg', content: ['jpg'] },
  jpeg: { label: 'JPEG 图片', mime: 'image/jpeg', content: ['jpg'] },
  png: { label: 'PNG 图片', mime: 'image/png', content: ['png'] },
  txt: { label: '纯文本文件', mime: 'text/plain', content: ['text'] },
};

export const ALLOWED_EXTENSIONS = Object.keys(ATTACHMENT_TYPES);

/** The list people read in error messages. */
export const ALLOWED_EXTENSIONS_TEXT =
  'PDF、OFD、Word（doc/docx）、WPS、Excel（xls/xlsx）、ET、JPG、PNG、TXT';

/** Longest file name kept, in characters (the stored name is what people download). */
export const MAX_NAME_LENGTH = 120;

/** The default size limit of one attachment: 20 MB (UPLOAD_MAX_MB). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that make
// "通知\u202Efdp.exe" read as "通知exe.pdf".
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// Characters Windows refuses in file names: a download with them would be renamed or fail.
const RESERVED_CHARS = /[<>:"|?*]/;

export interface CleanName {
  name: string;
  /** Lower case, without the dot; one of ALLOWED_EXTENSIONS. */
  extension: string;
}

/**
 * The name to keep for an uploaded file: any directory part is dropped (browsers on Windows send
 * `C:\fakepath\…`), the rest is trimmed and NFC-normalised; control characters, direction
 * overrides and over-long names are refused, and the extension must be an allowed one.
 */
export function cleanFileName(raw: string): CleanName {
  const base = (raw.split(/[\\/]/).pop() ?? '').normalize('NFC').trim();
  if (base === '') throw invalid('请选择要上传的文件（文件名为空）', { file: '文件名为空' });
  if (FORBIDDEN_CHARS.test(base)) {
    throw invalid('文件名含有控制字符等不可见字符，请重命名后重新上传', { file: '文件名含有不可见字符' });
  }
  if (RESERVED_CHARS.test(base)) {
    throw invalid(`文件名“${base}”含有 < > : " | ? * 等字符，请重命名后重新上传`, {
      file: '文件名含有不允许的字符',
    });
  }
  if ([...base].length > MAX_NAME_LENGTH) {
    throw invalid(`文件名过长（最多 ${MAX_NAME_LENGTH} 个字符），请重命名后重新上传`, {
      file: `文件名最多 ${MAX_NAME_LENGTH} 个字符`,
    });
  }
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot).trim() : '';
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (stem === '' || extension === '') {
    throw invalid(`附件“${base}”没有扩展名，无法确定文件类型。支持的类型：${ALLOWED_EXTENSIONS_TEXT}`, {
      file: '缺少扩展名',
    });
  }
  if (!(extension in ATTACHMENT_TYPES)) {
    throw invalid(`附件“${base}”的类型不受支持。支持的类型：${ALLOWED_EXTENSIONS_TEXT}`, {
      file: '文件类型不受支持',
    });
  }
  return { name: base, extension };
}

/** Refuses an empty file and one over the limit (413). */
export function checkSize(name: string, size: number, maxBytes: number): void {
  if (size === 0) throw invalid(`附件“${name}”是空文件，请检查后重新上传`, { file: '空文件' });
  if (size > maxBytes) throw tooLarge(name, maxBytes);
}

export const tooLarge = (name: string, maxBytes: number): DomainError =>
  new DomainError('payload_too_large', `附件“${name}”超过 ${formatSize(maxBytes)} 的大小上限`, 413, {
    file: `不能超过 ${formatSize(maxBytes)}`,
  });

/**
 * The content must be what the extension says: a PNG renamed 通知.pdf, or an .exe renamed .doc,
 * is refused with a message that says so.
 */
export function checkContent(name: string, extension: string, sniffed: Sniffed): AttachmentType {
  const type = ATTACHMENT_TYPES[extension];
  if (!type) throw invalid(`附件“${name}”的类型不受支持。支持的类型：${ALLOWED_EXTENSIONS_TEXT}`);
  if (sniffed === null || !type.content.includes(sniffed)) {
    // A space between Chinese and a Latin word, as Chinese typesetting does: 不是 PDF 文件.
    const what = /^[A-Za-z]/.test(type.label) ? ` ${type.label}` : type.label;
    throw invalid(`附件“${name}”的内容不是${what}，与扩展名不符`, { file: '文件内容与扩展名不符' });
  }
  return type;
}

/** "20 MB", "512 KB": sizes as people read them (binary units, as file managers show them). */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

const trim = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * `Content-Disposition: attachment` with the name twice: an ASCII fallback for old clients and the
 * exact UTF-8 name in `filename*` (RFC 6266 / RFC 5987), which every current browser uses.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

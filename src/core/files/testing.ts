import { strToU8, zipSync } from 'fflate';

/**
 * The smallest files that pass (or fail) the attachment rules, for tests here and in the modules
 * that carry attachments. Each is the real format's signature and structure, not a full document.
 */
const contentTypes = (main: string): Uint8Array =>
  strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="${main}"/></Types>`,
  );

export const sampleFiles = {
  pdf: (text = '关于做好政务公开工作的通知'): Uint8Array =>
    strToU8(`%PDF-1.4\n% ${text}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`),
  docx: (): Uint8Array =>
    zipSync({
      '[Content_Types].xml': contentTypes(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      ),
      'word/document.xml': strToU8('<w:document/>'),
    }),
  xlsx: (): Uint8Array =>
    zipSync({
      '[Content_Types].xml': contentTypes(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
      ),
      'xl/workbook.xml': strToU8('<workbook/>'),
    }),
  ofd: (): Uint8Array =>
    zipSync({ 'OFD.xml': strToU8('<ofd:OFD/>'), 'Doc_0/Document.xml': strToU8('<ofd:Document/>') }),
  zip: (): Uint8Array => zipSync({ 'readme.txt': strToU8('hello') }),
  /** An OLE compound file header (.doc/.xls/.wps/.et). */
  cfb: (): Uint8Array => {
    const bytes = new Uint8Array(4096);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    bytes.set([0x3e, 0x00, 0x03, 0x00, 0xfe, 0xff], 0x18);
    return bytes;
  },
  png: (): Uint8Array =>
    new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0,
      0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]),
  jpg: (): Uint8Array =>
    new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
    ]),
  /** A Windows executable (MZ…PE). */
  exe: (): Uint8Array => {
    const bytes = new Uint8Array(512);
    bytes.set([0x4d, 0x5a]);
    bytes.set([0x80, 0, 0, 0], 0x3c);
    bytes.set([0x50, 0x45, 0, 0], 0x80);
    return bytes;
  },
  utf8Text: (): Uint8Array => strToU8('西吉县人民政府办公室\n2026年6月8日\n'),
  /** 关于 in GB18030. */
  gbText: (): Uint8Array => new Uint8Array([0xb9, 0xd8, 0xd3, 0xda, 0x0a]),
};

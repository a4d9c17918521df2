import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import {
  ALLOWED_EXTENSIONS,
  checkContent,
  checkSize,
  cleanFileName,
  contentDisposition,
  DEFAULT_MAX_BYTES,
  formatSize,
} from './model.ts';
import { sniff } from './sniff.ts';
import { sampleFiles } from './testing.ts';

/** The error a rule throws, as { code, status, message }. */
function refusal(fn: () => unknown): { code: string; status: number; message: string } {
  try {
    fn();
  } catch (e) {
    const { code, status, message } = e as { code: string; status: number; message: string };
    return { code, status, message };
  }
  throw new Error('expected a refusal');
}

describe('file names', () => {
  it('keeps the name without any directory part the browser sent', () => {
    expect(cleanFileName('C:\\fakepath\\关于做好2026年政务公开工作的通知.PDF')).toEqual({
      name: '关于做好2026年政务公开工作的通知.PDF',
      extension: 'pdf',
    });
    expect(cleanFileName('../../etc/附件1.docx')).toEqual({ name: '附件1.docx', extension: 'docx' });
    expect(cleanFileName('  统计表.xlsx  ').name).toBe('统计表.xlsx');
  });

  it('refuses control characters and direction overrides that disguise the extension', () => {
    expect(refusal(() => cleanFileName('通知\u0000.pdf')).message).toBe(
      '文件名含有控制字符等不可见字符，请重命名后重新上传',
    );
    expect(refusal(() => cleanFileName('通知\u202efdp.exe')).code).toBe('invalid_input');
    expect(refusal(() => cleanFileName('通知\n.pdf')).code).toBe('invalid_input');
  });

  it('refuses names Windows could not save, empty names and over-long names', () => {
    expect(refusal(() => cleanFileName('通知?.pdf')).message).toContain('含有 < > : " | ? * 等字符');
    expect(refusal(() => cleanFileName('')).message).toBe('请选择要上传的文件（文件名为空）');
    expect(refusal(() => cleanFileName('dir/')).message).toBe('请选择要上传的文件（文件名为空）');
    expect(cleanFileName(`${'文'.repeat(116)}.pdf`).name).toHaveLength(120);
    expect(refusal(() => cleanFileName(`${'文'.repeat(117)}.pdf`)).message).toBe(
      '文件名过长（最多 120 个字符），请重命名后重新上传',
    );
  });

  it('accepts only the government attachment types, and needs an extension', () => {
    expect(ALLOWED_EXTENSIONS).toEqual([
      'pdf',
      'ofd',
      'doc',
      'docx',
      'wps',
      'xls',
      'xlsx',
      'et',
      'jpg',
      'jpeg',
      'png',
      'txt',
    ]);
    for (const bad of ['setup.exe', '页面.html', '图.svg', '材料.zip', '材料.rar', '宏.docm']) {
      expect(refusal(() => cleanFileName(bad)).message).toBe(
        `附件“${bad}”的类型不受支持。支持的类型：PDF、OFD、Word（doc/docx）、WPS、Excel（xls/xlsx）、ET、JPG、PNG、TXT`,
      );
    }
    expect(refusal(() => cleanFileName('通知')).message).toContain('没有扩展名');
    expect(refusal(() => cleanFileName('.pdf')).message).toContain('没有扩展名');
  });
});

describe('sizes', () => {
  it('refuses an empty file and one over the limit (20 MB by default) with 413', () => {
    expect(DEFAULT_MAX_BYTES).toBe(20 * 1024 * 1024);
    expect(refusal(() => checkSize('通知.pdf', 0, DEFAULT_MAX_BYTES)).message).toBe(
      '附件“通知.pdf”是空文件，请检查后重新上传',
    );
    expect(() => checkSize('通知.pdf', DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES)).not.toThrow();
    expect(refusal(() => checkSize('通知.pdf', DEFAULT_MAX_BYTES + 1, DEFAULT_MAX_BYTES))).toEqual({
      code: 'payload_too_large',
      status: 413,
      message: '附件“通知.pdf”超过 20 MB 的大小上限',
    });
  });

  it('reads sizes as people do', () => {
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatSize(1536 * 1024)).toBe('1.5 MB');
    expect(formatSize(512 * 1024)).toBe('512 KB');
    expect(formatSize(10)).toBe('10 字节');
  });

  it('the limit is UPLOAD_MAX_MB megabytes, 20 unless set, and a bad value stops start-up', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/gongkai-files-config' }).uploadMaxBytes).toBe(DEFAULT_MAX_BYTES);
    expect(loadConfig({ DATA_DIR: '/tmp/gongkai-files-config', UPLOAD_MAX_MB: '50' }).uploadMaxBytes).toBe(
      50 * 1024 * 1024,
    );
    for (const bad of ['0', '-1', '2.5', 'abc', '5000']) {
      expect(() => loadConfig({ DATA_DIR: '/tmp/gongkai-files-config', UPLOAD_MAX_MB: bad })).toThrow(
        /UPLOAD_MAX_MB：须为 1–1024 之间的整数/,
      );
    }
  });
});

describe('content must match the extension', () => {
  const judge = async (name: string, bytes: Uint8Array) => {
    const { extension } = cleanFileName(name);
    const sniffed = await sniff(bytes);
    return checkContent(name, extension, sniffed);
  };

  it('accepts each type with its own content', async () => {
    expect((await judge('通知.pdf', sampleFiles.pdf())).mime).toBe('application/pdf');
    expect((await judge('通知.ofd', sampleFiles.ofd())).mime).toBe('application/ofd');
    expect((await judge('通知.docx', sampleFiles.docx())).label).toBe('Word 文档');
    expect((await judge('统计.xlsx', sampleFiles.xlsx())).label).toBe('Excel 工作簿');
    for (const name of ['旧.doc', '旧.xls', '旧.wps', '旧.et']) {
      await expect(judge(name, sampleFiles.cfb())).resolves.toBeTruthy();
    }
    expect((await judge('照片.JPG', sampleFiles.jpg())).mime).toBe('image/jpeg');
    expect((await judge('照片.jpeg', sampleFiles.jpg())).mime).toBe('image/jpeg');
    expect((await judge('图.png', sampleFiles.png())).mime).toBe('image/png');
    expect((await judge('名单.txt', sampleFiles.utf8Text())).mime).toBe('text/plain');
    expect((await judge('名单.txt', sampleFiles.gbText())).mime).toBe('text/plain');
  });

  it('refuses a PNG renamed .pdf, naming the file and what it is not', async () => {
    await expect(judge('通知.pdf', sampleFiles.png())).rejects.toMatchObject({
      code: 'invalid_input',
      message: '附件“通知.pdf”的内容不是 PDF 文件，与扩展名不符',
    });
  });

  it('tells a docx from an xlsx from a plain zip from an OFD', async () => {
    await expect(judge('统计.xlsx', sampleFiles.docx())).rejects.toMatchObject({
      message: '附件“统计.xlsx”的内容不是 Excel 工作簿，与扩展名不符',
    });
    await expect(judge('通知.docx', sampleFiles.xlsx())).rejects.toThrow('内容不是 Word 文档');
    await expect(judge('通知.docx', sampleFiles.zip())).rejects.toThrow('内容不是 Word 文档');
    await expect(judge('通知.ofd', sampleFiles.zip())).rejects.toThrow('内容不是 OFD 版式文件');
    await expect(judge('通知.ofd', sampleFiles.docx())).rejects.toThrow('内容不是 OFD 版式文件');
  });

  it('takes OLE compound files for .doc/.xls/.wps/.et, and nothing else for them', async () => {
    await expect(judge('旧.doc', sampleFiles.docx())).rejects.toThrow('内容不是 Word 97-2003 文档');
    await expect(judge('旧.doc', sampleFiles.exe())).rejects.toThrow('内容不是 Word 97-2003 文档');
    await expect(judge('表.et', sampleFiles.pdf())).rejects.toThrow('内容不是 WPS 表格文档');
  });

  it('takes as text only what has no binary signature and no NUL bytes', async () => {
    await expect(judge('说明.txt', sampleFiles.pdf())).rejects.toThrow('内容不是纯文本文件');
    await expect(judge('说明.txt', sampleFiles.exe())).rejects.toThrow('内容不是纯文本文件');
    await expect(judge('通知.pdf', sampleFiles.utf8Text())).rejects.toThrow('内容不是 PDF 文件');
  });
});

describe('downloads', () => {
  it('names the file in ASCII for old clients and exactly in UTF-8 for the rest', () => {
    expect(contentDisposition('关于做好政务公开工作的通知(2026).pdf')).toBe(
      'attachment; filename="_____________(2026).pdf"; ' +
        "filename*=UTF-8''%E5%85%B3%E4%BA%8E%E5%81%9A%E5%A5%BD%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80%E5%B7%A5%E4%BD%9C%E7%9A%84%E9%80%9A%E7%9F%A5%282026%29.pdf",
    );
  });
});

import { strToU8, zipSync } from 'fflate';
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inspectAttachment, isDark, ranges } from './attachments.ts';
import type { FindingDraft, ScreeningRules } from './model.ts';

const NONE: ScreeningRules = { words: [], leaders: [] };
const inspect = (name: string, bytes: Uint8Array): Promise<FindingDraft[]> =>
  inspectAttachment({ id: 'a1', name, bytes }, NONE);
const summary = (fs: FindingDraft[]) => fs.map((f) => [f.code, f.location.place, f.location.excerpt.match]);

/** A minimal .xlsx: one entry per sheet with its state, rows (with hidden flags) and column hiding. */
function xlsx(
  sheets: {
    name: string;
    state?: 'hidden' | 'veryHidden';
    rows: { r: number; hidden?: boolean; cells: string[] }[];
    hiddenCols?: [number, number];
  }[],
): Uint8Array {
  const shared: string[] = [];
  const files: Record<string, Uint8Array> = {};
  const sheetTags: string[] = [];
  const rels: string[] = [];
  sheets.forEach((s, i) => {
    const rows = s.rows
      .map((row) => {
        const cells = row.cells
          .map((text, c) => {
            const ref = `${String.fromCharCode(65 + c)}${row.r}`;
            if (text === '') return '';
            shared.push(text);
            return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
          })
          .join('');
        return `<row r="${row.r}"${row.hidden ? ' hidden="1"' : ''}>${cells}</row>`;
      })
      .join('');
    const cols = s.hiddenCols
      ? `<cols><col min="${s.hiddenCols[0]}" max="${s.hiddenCols[1]}" width="0" hidden="1"/></cols>`
      : '';
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${cols}<sheetData>${rows}</sheetData></worksheet>`,
    );
    sheetTags.push(
      `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
    );
    rels.push(`<Relationship Id="rId${i + 1}" Target="worksheets/sheet${i + 1}.xml"/>`);
  });
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0"?><workbook xmlns:r="r"><sheets>${sheetTags.join('')}</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(`<Relationships>${rels.join('')}</Relationships>`);
  files['xl/sharedStrings.xml'] = strToU8(
    `<sst>${shared.map((t) => `<si><t>${t.replace(/&/g, '&amp;')}</t></si>`).join('')}</sst>`,
  );
  return zipSync(files);
}

describe('spreadsheets (.xlsx)', () => {
  it('reports hidden and very hidden sheets that hold something, and what is in them', async () => {
    const found = await inspect(
      '名单.xlsx',
      xlsx([
        { name: '公示', rows: [{ r: 1, cells: ['姓名', '补助金额'] }] },
        { name: '原始数据', state: 'veryHidden', rows: [{ r: 1, cells: ['马某', '640422198001011234'] }] },
        { name: '空表', state: 'hidden', rows: [] },
      ]),
    );
    expect(summary(found)).toEqual([
      ['hidden_sheet', '工作表“原始数据”', '马某 640422198001011234'],
      ['id_number', '工作表“原始数据”单元格 B1（隐藏）', '640422198001011234'],
    ]);
    expect(found[0]?.severity).toBe('blocking');
    expect(found[0]?.message).toContain('深度隐藏（veryHidden）');
    expect(found[0]?.location).toMatchObject({
      target: 'attachment',
      attachmentId: 'a1',
      attachmentName: '名单.xlsx',
    });
  });

  it('reports hidden rows and columns with content by sheet, row number and column letter', async () => {
    const found = await inspect(
      '补助.xlsx',
      xlsx([
        {
          name: '名单',
          hiddenCols: [3, 3],
          rows: [
            { r: 1, cells: ['姓名', '金额', '身份证号'] },
            { r: 2, cells: ['马某', '1200', '640422198001011234'] },
            { r: 3, hidden: true, cells: ['杨某', '800', ''] },
            { r: 4, hidden: true, cells: ['李某', '600', ''] },
            { r: 6, hidden: true, cells: [] },
          ],
        },
      ]),
    );
    expect(summary(found)).toEqual([
      ['hidden_rows', '工作表“名单”第 3–4 行', '杨某 800 李某 600'],
      ['hidden_columns', '工作表“名单”第 C 列', '身份证号 640422198001011234'],
      ['id_number', '工作表“名单”单元格 C2（隐藏）', '640422198001011234'],
    ]);
  });

  it('finds ID numbers in visible cells, and nothing in a clean sheet', async () => {
    const found = await inspect(
      'list.xlsx',
      xlsx([{ name: 'Sheet1', rows: [{ r: 12, cells: ['马某', '11010519491231002X'] }] }]),
    );
    expect(summary(found)).toEqual([['id_number', '工作表“Sheet1”单元格 B12', '11010519491231002X']]);
    expect(
      await inspect('ok.xlsx', xlsx([{ name: '公示', rows: [{ r: 1, cells: ['项目', '金额'] }] }])),
    ).toEqual([]);
  });
});

function docx(documentBody: string, comments?: string, header?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'word/document.xml': strToU8(`<w:document><w:body>${documentBody}</w:body></w:document>`),
  };
  if (comments) files['word/comments.xml'] = strToU8(`<w:comments>${comments}</w:comments>`);
  if (header) files['word/header1.xml'] = strToU8(`<w:hdr>${header}</w:hdr>`);
  return zipSync(files);
}
const p = (inner: string): string => `<w:p>${inner}</w:p>`;
const run = (text: string): string => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;

describe('Word files (.docx)', () => {
  it('reports each tracked change with its author and text, and each comment', async () => {
    const found = await inspect(
      '通知.docx',
      docx(
        p(
          run('补助对象为') +
            `<w:del w:id="1" w:author="马小燕"><w:r><w:delText>马某（低保户）</w:delText></w:r></w:del>` +
            `<w:ins w:id="2" w:author="杨秀英">${run('符合条件的困难群众')}</w:ins>`,
        ),
        `<w:comment w:id="0" w:author="苏建平">${p(run('此处涉及个人隐私，建议删除'))}</w:comment>`,
      ),
    );
    expect(summary(found)).toEqual([
      ['docx_tracked_changes', '修订 1', '马某（低保户）'],
      ['docx_tracked_changes', '修订 2', '符合条件的困难群众'],
      ['docx_comments', '批注 1', '此处涉及个人隐私，建议删除'],
    ]);
    expect(found[0]?.message).toContain('删除，修订人：马小燕');
    expect(found.every((f) => f.severity === 'blocking')).toBe(true);
  });

  it('screens the paragraphs and the header, and not the deleted text twice', async () => {
    const found = await inspect(
      '材料.docx',
      docx(
        p(run('联系人电话 13912345678')) +
          p(`<w:del w:id="1" w:author="x"><w:r><w:delText>640422198001011234</w:delText></w:r></w:del>`),
        undefined,
        p(run('机密★1年')),
      ),
    );
    expect(summary(found)).toEqual([
      ['docx_tracked_changes', '修订 1', '640422198001011234'],
      ['mobile', '正文第 1 段', '13912345678'],
      ['secrecy_mark', '页眉', '机密★1年'],
    ]);
  });
});

async function pdf(draw: (page: PDFPage, font: PDFFont) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  draw(doc.addPage([595, 842]), font);
  draw(doc.addPage([595, 842]), font);
  return doc.save();
}

describe('PDF files', () => {
  it('finds text left under a black box drawn over it (a failed redaction), with its page', async () => {
    const bytes = await pdf((page, font) => {
      page.drawText('Applicant: Ma', { x: 50, y: 700, size: 12, font });
      if (page.doc.getPageCount() === 2) {
        page.drawText('ID 640422198001011234', { x: 50, y: 650, size: 12, font });
        page.drawRectangle({ x: 45, y: 645, width: 200, height: 20, color: rgb(0, 0, 0) });
      }
    });
    const found = await inspect('公示.pdf', bytes);
    expect(summary(found)).toEqual([
      ['pdf_covered_text', '第 2 页', 'ID 640422198001011234'],
      ['id_number', '第 2 页第 2 行', '640422198001011234'],
    ]);
  });

  it('does not report white text on a dark box drawn before it, or a box beside the text', async () => {
    const bytes = await pdf((page, font) => {
      page.drawRectangle({ x: 45, y: 695, width: 300, height: 20, color: rgb(0.1, 0.1, 0.3) });
      page.drawText('Heading on a dark band', { x: 50, y: 700, size: 12, font, color: rgb(1, 1, 1) });
      page.drawText('Plain text', { x: 50, y: 600, size: 12, font });
      page.drawRectangle({ x: 300, y: 595, width: 50, height: 20, color: rgb(0, 0, 0) });
    });
    expect(await inspect('ok.pdf', bytes)).toEqual([]);
  });

  it('knows a dark colour', () => {
    expect(isDark('#000000')).toBe(true);
    expect(isDark('#1a1a4d')).toBe(true);
    expect(isDark('#ffffff')).toBe(false);
    expect(isDark('#ff0000')).toBe(false);
  });
});

describe('other files', () => {
  it('reports a file that claims to be Office or PDF but cannot be read (blocking)', async () => {
    const [f] = await inspect('坏.xlsx', strToU8('not a zip'));
    expect(f).toMatchObject({ code: 'attachment_unreadable', severity: 'blocking' });
    const [g] = await inspect('坏.pdf', strToU8('%PDF-1.7 nonsense'));
    expect(g).toMatchObject({ code: 'attachment_unreadable', severity: 'blocking' });
  });

  it('asks a person to check formats it cannot read (warning), and screens plain text by line', async () => {
    const [f] = await inspect('旧.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]));
    expect(f).toMatchObject({ code: 'attachment_not_inspected', severity: 'warning' });
    expect(f?.message).toContain('.doc');
    expect(summary(await inspect('名单.csv', strToU8('姓名,电话\n马某,13912345678')))).toEqual([
      ['mobile', '第 2 行', '13912345678'],
    ]);
  });

  it('writes row ranges the way people read them', () => {
    expect(ranges([3, 5, 6, 7, 12])).toBe('3、5–7、12');
  });
});

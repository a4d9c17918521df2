/**
 * The statistics as an Excel workbook (tables 三 and 四 in the layout of the annual report format),
 * and later the yearly archive. exceljs writes .xlsx that opens in Excel and WPS.
 */
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import {
  APPLICANT_COLUMN_LABELS,
  APPLICANT_COLUMNS,
  COLUMNS,
  DISPUTE_KIND_LABELS,
  DISPUTE_RESULT_LABELS,
  DISPUTE_RESULTS,
  LEGAL_PERSON_HEADING,
  TOTAL_LABEL,
  type TableFour,
  type TableThree,
} from './statistics.ts';

export async function statisticsWorkbook(stats: {
  tableThree: TableThree;
  tableFour: TableFour;
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const three = wb.addWorksheet('收到和处理申请情况');
  three.addRow([`${stats.tableThree.year}年 三、收到和处理政府信息公开申请情况`]);
  three.mergeCells(1, 1, 1, 2 + COLUMNS.length);
  // Header: 申请人情况 over 自然人 | 法人或其他组织 (five kinds) | 总计.
  three.addRow([
    '申请人情况',
    '',
    APPLICANT_COLUMN_LABELS.natural_person,
    LEGAL_PERSON_HEADING,
    '',
    '',
    '',
    '',
    TOTAL_LABEL,
  ]);
  three.addRow(['', '', '', ...APPLICANT_COLUMNS.slice(1).map((c) => APPLICANT_COLUMN_LABELS[c]), '']);
  three.mergeCells(2, 1, 3, 2);
  three.mergeCells(2, 3, 3, 3);
  three.mergeCells(2, 4, 2, 8);
  three.mergeCells(2, 9, 3, 9);
  for (const row of stats.tableThree.rows) {
    three.addRow([row.label, row.key, ...COLUMNS.map((c) => row.cells[c])]);
  }
  three.getColumn(1).width = 60;
  three.getColumn(2).hidden = true;
  for (let c = 3; c <= 2 + COLUMNS.length; c++) three.getColumn(c).width = 12;

  const four = wb.addWorksheet('行政复议和行政诉讼情况');
  four.addRow([`${stats.tableFour.year}年 四、政府信息公开行政复议、行政诉讼情况`]);
  const groups = stats.tableFour.groups;
  four.addRow(groups.flatMap((g) => [DISPUTE_KIND_LABELS[g.key], '', '', '', '']));
  four.addRow(
    groups.flatMap(() => [...DISPUTE_RESULTS, 'total' as const].map((r) => DISPUTE_RESULT_LABELS[r])),
  );
  four.addRow(groups.flatMap((g) => [...DISPUTE_RESULTS, 'total' as const].map((r) => g.cells[r])));
  groups.forEach((_, i) => four.mergeCells(2, 1 + i * 5, 2, 5 + i * 5));
  for (let c = 1; c <= 15; c++) four.getColumn(c).width = 11;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One request in the yearly archive's index (never the identity number). */
export interface ArchiveEntry {
  trackingNumber: string;
  receivedOn: string;
  channel: string;
  applicantType: string;
  applicantName: string;
  description: string;
  status: string;
  outcome: string;
  repliedOn: string;
  archivedAt: string;
  notices: { seq: number; title: string; issuedOn: string; deliveredAt: string; docx: Uint8Array }[];
}

/**
 * The yearly archive (条例第四十五条 归档): a zip of every notice as .docx, by tracking number, and
 * 索引.xlsx listing the requests and their notices. Identity proofs are not part of it.
 */
export async function archiveZip(
  year: number,
  agencyName: string,
  entries: readonly ArchiveEntry[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(`${year}年依申请公开`);
  sheet.addRow([`${agencyName} ${year}年政府信息公开申请办理档案索引`]);
  sheet.addRow([
    '申请编号',
    '收到日期',
    '申请方式',
    '申请人类型',
    '申请人',
    '所需信息',
    '状态',
    '答复类型',
    '答复日期',
    '归档时间',
    '告知书',
  ]);
  for (const e of entries) {
    sheet.addRow([
      e.trackingNumber,
      e.receivedOn,
      e.channel,
      e.applicantType,
      e.applicantName,
      e.description,
      e.status,
      e.outcome,
      e.repliedOn,
      e.archivedAt,
      e.notices
        .map((n) => `${n.seq}. ${n.title}（${n.issuedOn}${n.deliveredAt ? `，送达 ${n.deliveredAt}` : ''}）`)
        .join('\n'),
    ]);
  }
  sheet.getColumn(6).width = 50;
  sheet.getColumn(11).width = 60;
  const files: Record<string, Uint8Array> = {
    '索引.xlsx': new Uint8Array(await wb.xlsx.writeBuffer()),
  };
  for (const e of entries) {
    for (const n of e.notices) {
      const safe = n.title.replace(/[\\/:*?"<>|]/g, '_');
      files[`${e.trackingNumber}/${String(n.seq).padStart(2, '0')}-${safe}.docx`] = n.docx;
    }
  }
  return Buffer.from(zipSync(files));
}

/**
 * The statistics as an Excel workbook (tables 三 and 四 in the layout of the annual report format),
 * and later the yearly archive. exceljs writes .xlsx that opens in Excel and WPS.
 */
import ExcelJS from 'exceljs';
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

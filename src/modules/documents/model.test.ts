import { describe, expect, it } from 'vitest';
import {
  beijingDate,
  currentValidity,
  formatIndexNumber,
  indexYear,
  isDocumentNumber,
  parseBody,
} from './model.ts';

const USCC = '11640422MB6400370X';

describe('索引号 (index number)', () => {
  it('is the agency code, a slash, the year, a hyphen and a five-digit sequence', () => {
    expect(formatIndexNumber(USCC, 2026, 1)).toBe(`${USCC}/2026-00001`);
    expect(formatIndexNumber(USCC, 2026, 12345)).toBe(`${USCC}/2026-12345`);
  });

  it('widens the sequence past 99999 rather than wrapping or truncating it', () => {
    expect(formatIndexNumber(USCC, 2026, 154420)).toBe(`${USCC}/2026-154420`);
  });

  it('refuses a sequence below 1, a malformed year and a missing agency code', () => {
    expect(() => formatIndexNumber(USCC, 2026, 0)).toThrow();
    expect(() => formatIndexNumber(USCC, 2026, 1.5)).toThrow();
    expect(() => formatIndexNumber(USCC, 26, 1)).toThrow();
    expect(() => formatIndexNumber('', 2026, 1)).toThrow();
  });

  it('counts in the publication year in Beijing: 31 Dec 17:00 UTC is already 1 Jan there', () => {
    expect(indexYear('2025-12-31T15:59:59Z')).toBe(2025);
    expect(indexYear('2025-12-31T16:00:00Z')).toBe(2026);
  });
});

describe('beijingDate', () => {
  it('gives the calendar date at UTC+8', () => {
    expect(beijingDate('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(beijingDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });
});

describe('文号 (document number)', () => {
  it('accepts issuer code, year in 六角括号 and a number', () => {
    expect(isDocumentNumber('西政办发〔2018〕47号')).toBe(true);
    expect(isDocumentNumber('韶府办明电〔2019〕3号')).toBe(true);
    expect(isDocumentNumber('国办公开办函〔2021〕30号')).toBe(true);
  });

  it('refuses square brackets, a two-digit year and a missing 号', () => {
    expect(isDocumentNumber('西政办发[2018]47号')).toBe(false);
    expect(isDocumentNumber('西政办发〔18〕47号')).toBe(false);
    expect(isDocumentNumber('西政办发〔2018〕47')).toBe(false);
    expect(isDocumentNumber('〔2018〕47号')).toBe(false);
  });
});

describe('有效性 (validity) as shown on a day', () => {
  const inForce = { validity: 'in_force' as const, effectiveFrom: '2018-04-01', effectiveTo: '2022-04-30' };

  it('is in force up to and including the last day of the effective period', () => {
    expect(currentValidity(inForce, '2022-04-30')).toBe('in_force');
  });

  it('reads 失效 the day after the effective period ends, even if nobody marked it', () => {
    expect(currentValidity(inForce, '2022-05-01')).toBe('expired');
  });

  it('stays 废止 or 失效 once marked so, whatever the dates', () => {
    expect(currentValidity({ ...inForce, validity: 'repealed' }, '2019-01-01')).toBe('repealed');
    expect(currentValidity({ ...inForce, validity: 'expired' }, '2019-01-01')).toBe('expired');
  });

  it('is in force without an end date', () => {
    expect(
      currentValidity({ validity: 'in_force', effectiveFrom: null, effectiveTo: null }, '2099-01-01'),
    ).toBe('in_force');
  });
});

describe('structured-text body', () => {
  it('reads headings, paragraphs and a signature block, skipping blank lines', () => {
    const body = [
      '各乡镇人民政府：',
      '',
      '现将有关制度印发给你们。',
      '> 西吉县人民政府办公室',
      '> 2018年3月22日',
      '',
      '## 西吉县政府政务公开制度',
      '### 第一章 总则',
      '第一条 为保障公民依法获取政府信息，制定本制度。',
    ].join('\n');
    expect(parseBody(body)).toEqual([
      { kind: 'paragraph', text: '各乡镇人民政府：' },
      { kind: 'paragraph', text: '现将有关制度印发给你们。' },
      { kind: 'signature', lines: ['西吉县人民政府办公室', '2018年3月22日'] },
      { kind: 'heading', level: 2, text: '西吉县政府政务公开制度' },
      { kind: 'heading', level: 3, text: '第一章 总则' },
      { kind: 'paragraph', text: '第一条 为保障公民依法获取政府信息，制定本制度。' },
    ]);
  });

  it('keeps markup as text: a line of HTML is just a paragraph', () => {
    expect(parseBody('<script>alert(1)</script>')).toEqual([
      { kind: 'paragraph', text: '<script>alert(1)</script>' },
    ]);
  });

  it('treats # and #### as text, not headings', () => {
    expect(parseBody('# 一\n#### 二')).toEqual([
      { kind: 'paragraph', text: '# 一' },
      { kind: 'paragraph', text: '#### 二' },
    ]);
  });
});

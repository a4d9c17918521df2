import { describe, expect, it } from 'vitest';
import { lookupQueries } from './lookup.ts';

describe('already public? the searches for a description', () => {
  it('searches a 文号 as written first', () => {
    expect(lookupQueries('请提供西政办发〔2018〕47号文件的全文')[0]).toBe('西政办发〔2018〕47号');
  });

  it('searches a title in 《》 as written', () => {
    expect(lookupQueries('申请公开《西吉县政务公开工作实施细则》')).toContain('西吉县政务公开工作实施细则');
  });

  it('otherwise uses the two longest distinctive words, leaving out what every request says', () => {
    const qs = lookupQueries('申请公开本县学生资助资金的发放情况');
    expect(qs.length).toBeGreaterThan(0);
    for (const q of qs) for (const w of ['申请', '公开', '情况']) expect(q.split(' ')).not.toContain(w);
  });

  it('gives nothing to search for an empty or all-common description', () => {
    expect(lookupQueries('')).toEqual([]);
    expect(lookupQueries('申请公开政府信息')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  changedFields,
  defaultGuide,
  effectiveGuide,
  GUIDE_FIELDS,
  overridesOf,
  paragraphs,
  type GuideFacts,
} from './model.ts';

const facts: GuideFacts = {
  agencyName: '西吉县教育局',
  office: { name: '西吉县教育局', address: '吉强镇文化路 18 号', phone: '0954-3021101' },
  regionName: '西吉县人民政府',
  onRequestUrl: 'https://gk.example.cn/disclosure/on-request',
};

describe('the generated guide (条例第十二条)', () => {
  const g = defaultGuide(facts);

  it('has every Art 12 element: classification, 编排体系, how to obtain it, and the office', () => {
    expect(g.classification).toContain('主动公开、依申请公开和不予公开');
    expect(g.arrangement).toContain('索引号');
    expect(g.howToApply).toContain('在线申请');
    expect(g.howToApply).toContain('信函申请');
    expect(g.howToApply).toContain('当面申请');
    expect(g).toMatchObject({
      officeName: '西吉县教育局',
      officeAddress: '吉强镇文化路 18 号',
      phone: '0954-3021101',
      fax: null,
      postalCode: null,
    });
    expect(g.officeHours).toMatch(/工作日/);
    expect(g.internetContact).toContain('https://gk.example.cn/disclosure/on-request');
  });

  it('states the fee rule of 国办函〔2020〕109号: 按件 and 按量 thresholds, progressive, one method', () => {
    for (const text of [
      '10 件以下（含 10 件）',
      '每件 100 元',
      '30 页以下',
      '每页 10 元',
      '每页 20 元',
      '每页 40 元',
      '超额累进',
      '20 个工作日',
    ]) {
      expect(g.feeRule, text).toContain(text);
    }
  });

  it('leaves out an address the agency has not recorded rather than printing "null"', () => {
    const bare = defaultGuide({ ...facts, office: { name: '某乡人民政府', address: null, phone: null } });
    expect(bare.officeAddress).toBeNull();
    expect(bare.howToApply).not.toContain('null');
    expect(bare.howToApply).toContain('将申请邮寄至某乡人民政府，');
  });
});

describe('stored overrides', () => {
  const defaults = defaultGuide(facts);

  it('keeps only what differs from the generated text, so the rest follows the agency data', () => {
    const edited = { ...defaults, fax: '0954-3021109', officeHours: '工作日 9:00—17:00' };
    const stored = overridesOf(edited, defaults);
    expect(GUIDE_FIELDS.filter((f) => stored[f] !== null)).toEqual(['officeHours', 'fax']);
    // The agency moves: the address follows, the edited hours stay.
    const moved = defaultGuide({ ...facts, office: { ...facts.office, address: '新址 1 号' } });
    const shown = effectiveGuide(stored, moved);
    expect(shown.officeAddress).toBe('新址 1 号');
    expect(shown.officeHours).toBe('工作日 9:00—17:00');
    expect(changedFields(defaults, shown)).toEqual(['officeAddress', 'officeHours', 'fax', 'howToApply']);
  });

  it('shows the generated guide when nothing is stored', () => {
    expect(effectiveGuide(null, defaults)).toEqual(defaults);
  });

  it('splits text into paragraphs, one per non-empty line', () => {
    expect(paragraphs('一\r\n\n  二  \n')).toEqual(['一', '二']);
    expect(paragraphs(null)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  BREAK,
  highlightAll,
  MAX_QUERY_LENGTH,
  normalize,
  parseQuery,
  snippet,
  textTokens,
  type Highlight,
  type QueryTerm,
} from './model.ts';

const terms = (q: string): QueryTerm[] => {
  const p = parseQuery(q);
  if (!p.ok) throw new Error(p.message);
  return p.terms;
};
const marked = (parts: Highlight[]): string => parts.map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');

/** The rule the index rests on: a term is found iff its tokens occur in a row in the text's tokens. */
function found(text: string, term: string): boolean {
  const hay = textTokens(text);
  const [t] = terms(term);
  const needle = t?.tokens ?? [];
  return hay.some((_, i) => needle.every((tok, k) => hay[i + k] === tok));
}

describe('normalisation', () => {
  it('turns full-width letters, digits and spaces half-width and lower-cases', () => {
    expect(normalize('ＡＢＣ１２３\u3000政务')).toBe('abc123 政务');
    expect(normalize('GongKai')).toBe('gongkai');
  });
});

describe('tokens', () => {
  it('are the overlapping bigrams of a Chinese run', () => {
    expect(textTokens('政务公开')).toEqual(['政务', '务公', '公开']);
  });

  it('are whole words for letters and digits, with the edge character of a touching Chinese run', () => {
    expect(textTokens('2024年')).toEqual(['2024', '年']);
    expect(textTokens('西政办发〔2018〕47号文件')).toEqual([
      '西政',
      '政办',
      '办发',
      '发',
      '2018',
      '47',
      '号',
      '号文',
      '文件',
    ]);
  });

  it('leave out a single Chinese character between punctuation, and never pair across punctuation', () => {
    expect(textTokens('县、乡')).toEqual([BREAK]);
    expect(textTokens('公开。政务')).toEqual(['公开', BREAK, '政务']);
    expect(found('政务，务公', '政务公')).toBe(false);
    expect(found('政务，县，务公', '政务公')).toBe(false);
  });
});

describe('every substring is found', () => {
  const text = '西吉县人民政府办公室关于印发〔2018〕47号文件的通知：2024年3月22日起施行，ABC系统';
  it.each([
    '人民',
    '县人民政',
    '吉县',
    '47号',
    '47号文',
    '2018',
    '2024年3月',
    '年3月22日',
    '3月',
    'abc',
    'abc系统',
    '施行',
  ])('finds %s', (q) => {
    expect(normalize(text)).toContain(normalize(q));
    expect(found(text, q)).toBe(true);
  });

  it('does not find strings that are not there', () => {
    expect(found(text, '政府办发')).toBe(false);
    expect(found(text, '公开')).toBe(false);
    expect(found(text, '知2024')).toBe(true); // punctuation between a Chinese run and digits is ignored
    expect(found(text, '48号')).toBe(false);
  });

  it('finds letters and digits as whole words only', () => {
    expect(found('编号20180', '2018')).toBe(false);
    expect(found('2018年', '18年')).toBe(false);
  });
});

describe('query validation', () => {
  it('refuses an empty query', () => {
    expect(parseQuery('   ')).toEqual({ ok: false, message: '请输入检索词。' });
  });

  it('refuses a query longer than the maximum, whatever it holds', () => {
    const p = parseQuery('政'.repeat(10_000));
    expect(p.ok).toBe(false);
    expect(!p.ok && p.message).toContain(`最多${MAX_QUERY_LENGTH}个字`);
    expect(parseQuery('政'.repeat(MAX_QUERY_LENGTH)).ok).toBe(true);
  });

  it('refuses control and invisible characters', () => {
    for (const q of ['\u0000\u0001', '公开\n政务', '公\u200b开', '\u007f']) {
      const p = parseQuery(q);
      expect(p.ok, JSON.stringify(q)).toBe(false);
      expect(!p.ok && p.message).toContain('控制字符');
    }
  });

  it('refuses a single character, and accepts two', () => {
    const p = parseQuery('县');
    expect(p.ok).toBe(false);
    expect(!p.ok && p.message).toContain('至少要有两个连续的汉字');
    expect(parseQuery('政，务').ok).toBe(false);
    expect(parseQuery('县城').ok).toBe(true);
  });

  it('splits on spaces (also the full-width space) into distinct terms', () => {
    expect(terms('公开\u3000政务  公开').map((t) => t.text)).toEqual(['公开', '政务']);
    expect(parseQuery('甲乙 丙丁 戊己 庚辛 壬癸 子丑').ok).toBe(false);
  });
});

describe('highlight and snippet', () => {
  it('marks each occurrence in a title, in the original characters', () => {
    expect(marked(highlightAll('关于政务公开和ＡＢＣ公开的通知', terms('公开 abc')))).toBe(
      '关于政务[公开]和[ＡＢＣ公开]的通知',
    );
  });

  it('marks a hit across ignored punctuation', () => {
    expect(marked(highlightAll('〔2018〕47号', terms('2018 47号')))).toBe('〔[2018]〕[47号]');
  });

  it('cuts a passage around the first hit with ellipses', () => {
    const body = `${'甲'.repeat(300)}政务公开${'乙'.repeat(300)}`;
    const parts = snippet(body, terms('政务公开'), 60);
    expect(parts[0]).toEqual({ text: '…', hit: false });
    expect(parts[parts.length - 1]).toEqual({ text: '…', hit: false });
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['政务公开']);
    expect(marked(parts).length).toBeLessThan(70);
  });

  it('starts at the beginning when the body has no hit', () => {
    expect(marked(snippet('第一条 为了规范管理。', terms('公开')))).toBe('第一条 为了规范管理。');
  });
});

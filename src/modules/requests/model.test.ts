import { describe, expect, it } from 'vitest';
import { bigrams, DUPLICATE_THRESHOLD, similarity, similarityTo } from './model.ts';

/** The Dice coefficient over character bigrams as written down: both multisets counted in full. */
function dice(a: string, b: string): number {
  const grams = (s: string): Map<string, number> => {
    const t = s.replace(/[\s\p{P}]/gu, '');
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < t.length; i++) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let total = 0;
  let shared = 0;
  for (const n of ga.values()) total += n;
  for (const [g, n] of gb) {
    total += n;
    shared += Math.min(n, ga.get(g) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

describe('similarity of descriptions (repeats, 条例第三十六条第六项)', () => {
  it('flags a reworded request and not a different matter', () => {
    const first = '2025年西吉县教育局学生资助资金发放明细和分配依据';
    expect(similarity(first, '2025年西吉县教育局学生资助资金的发放明细及分配依据')).toBeGreaterThanOrEqual(
      DUPLICATE_THRESHOLD,
    );
    expect(similarity(first, '县第一中学2026年食堂承包合同')).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it('ignores spaces and punctuation, and counts repeated bigrams as often as both have them', () => {
    expect(similarity('低保 资金，发放', '低保资金发放')).toBe(1);
    // aaaa has aa three times, aa once: 2 × 1 / (3 + 1).
    expect(similarity('aaaa', 'aa')).toBe(0.5);
    expect(similarity('', '')).toBe(0);
    expect(similarity('a', '。')).toBe(0);
  });

  it('gives the Dice coefficient as defined, for one description against many', () => {
    // A small alphabet makes repeats and shared bigrams common. 𠀀 and 𐄀 (punctuation) are each two
    // UTF-16 code units, \ud800 a lone one.
    const alphabet = ['资', '金', '发', '放', '明', '细', 'a', '1', ' ', '，', '𠀀', '𐄀', '\ud800'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const text = (): string =>
      Array.from(
        { length: Math.floor(next() * 30) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
    for (let i = 0; i < 50; i++) {
      const a = text();
      const score = similarityTo(a);
      for (let j = 0; j < 20; j++) {
        const b = text();
        expect(score(bigrams(b)), `${a} | ${b}`).toBeCloseTo(dice(a, b), 12);
      }
    }
  });
});

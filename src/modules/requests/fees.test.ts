import { describe, expect, it } from 'vitest';
import {
  checkFeeInput,
  FEE_METHOD_LABELS,
  FEE_METHODS,
  PAYMENT_WINDOW_WORKING_DAYS,
  perItemFee,
  perPageApplies,
  perPageFee,
} from './fees.ts';

const amountOf = (n: number, items?: number) => perItemFee(n, items).amount;

describe('计收方式 (fee methods, 第三条)', () => {
  it('are 按件计收 and 按量计收', () => {
    expect(FEE_METHODS).toEqual(['per_item', 'per_page']);
    expect(FEE_METHOD_LABELS).toEqual({ per_item: '按件计收', per_page: '按量计收' });
  });

  it('gives the applicant 20 working days to pay after receiving the fee notice', () => {
    expect(PAYMENT_WINDOW_WORKING_DAYS).toBe(20);
  });
});

describe('按件计收 (per request, 第四条)', () => {
  it('charges nothing for the first 10 requests of a month', () => {
    for (let n = 1; n <= 10; n += 1) expect(amountOf(n)).toBe(0);
    expect(perItemFee(1, 10)).toEqual({
      method: 'per_item',
      amount: 0,
      lines: [{ from: 1, to: 10, count: 10, rate: 0, subtotal: 0 }],
      basis: '《政府信息公开信息处理费管理办法》第四条',
    });
  });

  it('charges 100 元 for each request from the 11th to the 30th', () => {
    expect(amountOf(10)).toBe(0);
    expect(amountOf(11)).toBe(100);
    expect(amountOf(20)).toBe(100);
    expect(amountOf(30)).toBe(100);
    // 11..30 is 20 requests at 100.
    expect(amountOf(1, 30)).toBe(2000);
  });

  it('charges 200 元 for the 31st to 40th and 300 元 for the 41st to 50th', () => {
    expect(amountOf(31)).toBe(200);
    expect(amountOf(40)).toBe(200);
    expect(amountOf(41)).toBe(300);
    expect(amountOf(50)).toBe(300);
    expect(amountOf(51)).toBe(400);
  });

  it('keeps adding 100 元 per band of 10: the 101st to 110th request cost 900 元 each', () => {
    // 31–40: 200, 41–50: 300, 51–60: 400, 61–70: 500, 71–80: 600, 81–90: 700, 91–100: 800, 101–110: 900.
    expect(amountOf(100)).toBe(800);
    expect(amountOf(101)).toBe(900);
    expect(amountOf(110)).toBe(900);
    expect(amountOf(111)).toBe(1000);
  });

  it('charges only the part above each threshold: 50 requests in a month cost 20×100 + 10×200 + 10×300 = 7000 元', () => {
    expect(perItemFee(1, 50)).toEqual({
      method: 'per_item',
      amount: 7000,
      lines: [
        { from: 1, to: 10, count: 10, rate: 0, subtotal: 0 },
        { from: 11, to: 30, count: 20, rate: 100, subtotal: 2000 },
        { from: 31, to: 40, count: 10, rate: 200, subtotal: 2000 },
        { from: 41, to: 50, count: 10, rate: 300, subtotal: 3000 },
      ],
      basis: '《政府信息公开信息处理费管理办法》第四条',
    });
  });

  it('counts a request split by 一事一申请 as several, spanning bands: ordinal 9 with 4 items = 9, 10 free + 11, 12 at 100 = 200 元', () => {
    expect(perItemFee(9, 4)).toEqual({
      method: 'per_item',
      amount: 200,
      lines: [
        { from: 9, to: 10, count: 2, rate: 0, subtotal: 0 },
        { from: 11, to: 12, count: 2, rate: 100, subtotal: 200 },
      ],
      basis: '《政府信息公开信息处理费管理办法》第四条',
    });
  });

  it('splits at 30/31 and 40/41 the same way', () => {
    // 29, 30 at 100 + 31 at 200.
    expect(amountOf(29, 3)).toBe(400);
    // 38, 39, 40 at 200 + 41, 42 at 300.
    expect(amountOf(38, 5)).toBe(1200);
  });

  it('charges the same month total however the requests are grouped', () => {
    expect(amountOf(1, 12) + amountOf(13, 30)).toBe(amountOf(1, 42));
    // 20×100 + 10×200 + 2×300
    expect(amountOf(1, 42)).toBe(4600);
  });

  it('refuses an ordinal or item count that is not a positive integer (a programming error)', () => {
    expect(() => perItemFee(0)).toThrow(Error);
    expect(() => perItemFee(1.5)).toThrow(Error);
    expect(() => perItemFee(Number.NaN)).toThrow(Error);
    expect(() => perItemFee(1, 0)).toThrow(Error);
    expect(() => perItemFee(1, 2.5)).toThrow(Error);
    expect(() => perItemFee(100_001)).toThrow(Error);
  });
});

describe('按量计收 (per page, 第五条)', () => {
  it('charges nothing for a request of up to 30 pages', () => {
    expect(perPageFee(0)).toEqual({
      method: 'per_page',
      amount: 0,
      lines: [],
      basis: '《政府信息公开信息处理费管理办法》第五条',
    });
    expect(perPageFee(1).amount).toBe(0);
    expect(perPageFee(30).amount).toBe(0);
  });

  it('charges 10 元 a page from the 31st to the 100th page', () => {
    expect(perPageFee(31).amount).toBe(10);
    // 70 pages at 10.
    expect(perPageFee(100).amount).toBe(700);
  });

  it('charges 20 元 a page from the 101st to the 200th page', () => {
    // 70×10 + 1×20
    expect(perPageFee(101).amount).toBe(720);
    // 70×10 + 100×20
    expect(perPageFee(200).amount).toBe(2700);
  });

  it('charges 40 元 a page from the 201st page on', () => {
    // 70×10 + 100×20 + 1×40
    expect(perPageFee(201).amount).toBe(2740);
  });

  it('charges only the pages beyond 30, each at its band: a 250-page request costs 70×10 + 100×20 + 50×40 = 4700 元', () => {
    expect(perPageFee(250)).toEqual({
      method: 'per_page',
      amount: 4700,
      lines: [
        { from: 1, to: 30, count: 30, rate: 0, subtotal: 0 },
        { from: 31, to: 100, count: 70, rate: 10, subtotal: 700 },
        { from: 101, to: 200, count: 100, rate: 20, subtotal: 2000 },
        { from: 201, to: 250, count: 50, rate: 40, subtotal: 2000 },
      ],
      basis: '《政府信息公开信息处理费管理办法》第五条',
    });
  });

  it('refuses a page count that is negative, fractional or absurd (a programming error)', () => {
    expect(() => perPageFee(-1)).toThrow(Error);
    expect(() => perPageFee(2.5)).toThrow(Error);
    expect(() => perPageFee(Number.POSITIVE_INFINITY)).toThrow(Error);
    expect(() => perPageFee(100_001)).toThrow(Error);
    // 70×10 + 100×20 + 99 800×40
    expect(perPageFee(100_000).amount).toBe(3_994_700);
  });
});

describe('when 按量计收 may be used (第五条: 纸质、通过电子邮件或复制电子数据)', () => {
  it('applies to paper copies, however they are delivered', () => {
    expect(perPageApplies({ form: 'paper', delivery: 'collect' })).toBe(true);
    expect(perPageApplies({ form: 'paper', delivery: 'post' })).toBe(true);
    expect(perPageApplies({ form: 'paper', delivery: 'online' })).toBe(true);
  });

  it('applies to delivery by e-mail', () => {
    expect(perPageApplies({ form: 'electronic', delivery: 'email' })).toBe(true);
    expect(perPageApplies({ form: 'paper', delivery: 'email' })).toBe(true);
  });

  it('applies to electronic data copied onto a medium that is collected or posted', () => {
    expect(perPageApplies({ form: 'electronic', delivery: 'collect' })).toBe(true);
    expect(perPageApplies({ form: 'electronic', delivery: 'post' })).toBe(true);
  });

  it('does not apply to an online download or to inspection, where nothing is copied for the applicant', () => {
    expect(perPageApplies({ form: 'electronic', delivery: 'online' })).toBe(false);
    expect(perPageApplies({ form: 'inspection', delivery: 'collect' })).toBe(false);
    expect(perPageApplies({ form: 'inspection', delivery: 'email' })).toBe(false);
  });
});

describe('checking a fee decision’s input', () => {
  it('accepts an ordinal with or without an item count for 按件计收', () => {
    expect(checkFeeInput('per_item', { ordinalInMonth: 11 })).toBeNull();
    expect(checkFeeInput('per_item', { ordinalInMonth: 9, items: 4 })).toBeNull();
  });

  it('accepts any page count from 0 for 按量计收', () => {
    expect(checkFeeInput('per_page', { pages: 0 })).toBeNull();
    expect(checkFeeInput('per_page', { pages: 250 })).toBeNull();
  });

  it('says in Chinese what is wrong with a number', () => {
    expect(checkFeeInput('per_item', {})).toBe('本月申请序号应为正整数');
    expect(checkFeeInput('per_item', { ordinalInMonth: 0 })).toBe('本月申请序号应为正整数');
    expect(checkFeeInput('per_item', { ordinalInMonth: 1.5 })).toBe('本月申请序号应为正整数');
    expect(checkFeeInput('per_item', { ordinalInMonth: 100_001 })).toBe('本月申请序号不应超过 100000');
    expect(checkFeeInput('per_item', { ordinalInMonth: 1, items: 0 })).toBe('计件数应为正整数');
    expect(checkFeeInput('per_item', { ordinalInMonth: 1, items: 100_001 })).toBe('计件数不应超过 100000');
    expect(checkFeeInput('per_page', {})).toBe('页数应为非负整数');
    expect(checkFeeInput('per_page', { pages: -1 })).toBe('页数应为非负整数');
    expect(checkFeeInput('per_page', { pages: 2.5 })).toBe('页数应为非负整数');
    expect(checkFeeInput('per_page', { pages: 100_001 })).toBe('页数不应超过 100000');
  });

  it('refuses the other method’s numbers: one request is charged by one method only (第三条)', () => {
    expect(checkFeeInput('per_item', { ordinalInMonth: 11, pages: 40 })).toBe(
      '同一申请只能选择一种计收方式：按件计收时不应填写页数',
    );
    expect(checkFeeInput('per_page', { pages: 40, ordinalInMonth: 11 })).toBe(
      '同一申请只能选择一种计收方式：按量计收时不应填写申请序号或计件数',
    );
  });

  it('refuses an unknown method', () => {
    expect(checkFeeInput('per_hour' as never, { pages: 1 })).toBe('请选择计收方式：按件计收或按量计收');
  });

  it('accepts exactly what the fee functions accept', () => {
    for (const pages of [-1, 0, 30, 2.5, 100_000, 100_001]) {
      const ok = checkFeeInput('per_page', { pages }) === null;
      if (ok) expect(() => perPageFee(pages)).not.toThrow();
      else expect(() => perPageFee(pages)).toThrow(Error);
    }
  });
});

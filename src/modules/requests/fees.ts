/**
 * 信息处理费 for on-request disclosure (pure): 国办函〔2020〕109号《政府信息公开信息处理费管理办法》,
 * charged under 条例第四十二条 to applicants whose requests exceed a certain number or volume.
 * Amounts are whole 元 computed here from the scales, never typed in by staff.
 */

/** 第三条: two methods, 按件计收 (per request) or 按量计收 (per page); ONE of them per request, never both. */
export const FEE_METHODS = ['per_item', 'per_page'] as const;
export type FeeMethod = (typeof FEE_METHODS)[number];

export const FEE_METHOD_LABELS: Record<FeeMethod, string> = {
  per_item: '按件计收',
  per_page: '按量计收',
};

const MEASURES_TITLE = '《政府信息公开信息处理费管理办法》';

/**
 * 109号 (as restated by 四川 and 法治日报): the applicant pays within 20 working days counted from the
 * day after it receives the fee notice (收到收费通知次日起20个工作日内); otherwise the request is deemed
 * abandoned and no longer processed (annual report row （六）2). deadlines.ts `paymentDueOn` counts
 * the days.
 */
export const PAYMENT_WINDOW_WORKING_DAYS = 20;

/** 第四条: the first 10 requests of an applicant in a natural month are free. */
export const FREE_REQUESTS_PER_MONTH = 10;
/** 第四条: the part from the 11th to the 30th request is charged 100 元/件. */
export const FIRST_TIER_LAST_REQUEST = 30;
export const FIRST_TIER_RATE_PER_REQUEST = 100;
/** 第四条: from the 31st on, every further band of 10 requests costs 100 元/件 more than the one before. */
export const STEP_BAND_REQUESTS = 10;
export const STEP_RATE_INCREMENT = 100;

/**
 * 第五条: pages of one request, each band charged only for the pages inside it (超额累进): up to 30
 * free, 31–100 at 10 元/页, 101–200 at 20 元/页, 201 and above at 40 元/页.
 */
export const PER_PAGE_BANDS: readonly { lastPage: number; rate: number }[] = [
  { lastPage: 30, rate: 0 },
  { lastPage: 100, rate: 10 },
  { lastPage: 200, rate: 20 },
  { lastPage: Number.POSITIVE_INFINITY, rate: 40 },
];

/** No real request reaches this many pages or requests in a month: larger numbers are typing errors. */
export const MAX_FEE_COUNT = 100_000;

/** One band of a fee: units `from`..`to` (inclusive), `count` of them at `rate` 元 each. */
export interface FeeLine {
  from: number;
  to: number;
  count: number;
  rate: number;
  subtotal: number;
}

/**
 * A computed fee. `lines` cover every counted unit in order, the free band included with rate 0, so
 * that the fee notice can show what was free as well as what was charged; `amount` is the sum of the
 * subtotals in whole 元. Units are the applicant's request ordinals in the month (按件) or the page
 * numbers within the request (按量). Zero pages give no lines.
 */
export interface FeeBreakdown {
  method: FeeMethod;
  amount: number;
  lines: FeeLine[];
  /** The article applied, quoted on the fee notice (收费依据). */
  basis: string;
}

/** 超额累进: splits units first..last into the bands `bandAt` gives, each unit charged at its band's rate. */
function progressive(
  first: number,
  last: number,
  bandAt: (unit: number) => { to: number; rate: number },
): FeeLine[] {
  const lines: FeeLine[] = [];
  for (let from = first; from <= last;) {
    const band = bandAt(from);
    const to = Math.min(band.to, last);
    const count = to - from + 1;
    lines.push({ from, to, count, rate: band.rate, subtotal: count * band.rate });
    from = to + 1;
  }
  return lines;
}

/** 第四条: the band the n-th request of the month falls in. */
function perItemBand(n: number): { to: number; rate: number } {
  if (n <= FREE_REQUESTS_PER_MONTH) return { to: FREE_REQUESTS_PER_MONTH, rate: 0 };
  if (n <= FIRST_TIER_LAST_REQUEST) return { to: FIRST_TIER_LAST_REQUEST, rate: FIRST_TIER_RATE_PER_REQUEST };
  const step = Math.floor((n - FIRST_TIER_LAST_REQUEST - 1) / STEP_BAND_REQUESTS) + 1;
  return {
    to: FIRST_TIER_LAST_REQUEST + step * STEP_BAND_REQUESTS,
    rate: FIRST_TIER_RATE_PER_REQUEST + step * STEP_RATE_INCREMENT,
  };
}

/** 第五条: the band page p of a request falls in. */
function perPageBand(p: number): { to: number; rate: number } {
  // The last band is open-ended, so a band is always found.
  const band = PER_PAGE_BANDS.find((b) => p <= b.lastPage);
  if (!band) throw new Error(`no per-page band for page ${p}`);
  return { to: band.lastPage, rate: band.rate };
}

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_FEE_COUNT;
}

/** An integer above MAX_FEE_COUNT: told apart so that the message says "too large", not "not an integer". */
function isBigInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > MAX_FEE_COUNT;
}

function assertCount(fn: string, name: string, value: unknown, min: number): asserts value is number {
  if (!isCount(value, min)) {
    throw new Error(
      `${fn}: ${name} must be an integer from ${min} to ${MAX_FEE_COUNT}, got ${String(value)}`,
    );
  }
}

function breakdown(method: FeeMethod, lines: FeeLine[], article: string): FeeBreakdown {
  return {
    method,
    amount: lines.reduce((sum, l) => sum + l.subtotal, 0),
    lines,
    basis: `${MEASURES_TITLE}${article}`,
  };
}

/**
 * 第四条 按件计收: the fee for the applicant's n-th request of the month (n = 1-based ordinal among
 * that applicant's requests in that Beijing calendar month), with `items` requests counted for it. A
 * request split by 一事一申请 into k items counts k and occupies ordinals n..n+k-1, so it may span bands.
 */
export function perItemFee(ordinalInMonth: number, items = 1): FeeBreakdown {
  assertCount('perItemFee', 'ordinalInMonth', ordinalInMonth, 1);
  assertCount('perItemFee', 'items', items, 1);
  return breakdown(
    'per_item',
    progressive(ordinalInMonth, ordinalInMonth + items - 1, perItemBand),
    '第四条',
  );
}

/** 第五条 按量计收: the fee for one request of `pages` pages; 0 pages cost nothing. */
export function perPageFee(pages: number): FeeBreakdown {
  assertCount('perPageFee', 'pages', pages, 0);
  return breakdown('per_page', progressive(1, pages, perPageBand), '第五条');
}

/**
 * 第五条: per-page charging applies only where the applicant asks for 纸质 copies, delivery 通过电子邮件,
 * or 复制电子数据. Mapping: inspection (查阅) copies nothing → never; paper form → always; e-mail
 * delivery → always; electronic form collected or posted (copied onto a storage medium) → yes;
 * electronic form downloaded online → no (nothing is copied or sent for the applicant).
 * Not modelled: the 第五条 carve-out for information already proactively disclosed (its text is unconfirmed).
 */
export function perPageApplies(input: {
  form: 'paper' | 'electronic' | 'inspection';
  delivery: 'collect' | 'post' | 'email' | 'online';
}): boolean {
  if (input.form === 'inspection') return false;
  if (input.form === 'paper' || input.delivery === 'email') return true;
  return input.delivery === 'collect' || input.delivery === 'post';
}

function present(value: number | null | undefined): boolean {
  return value !== undefined && value !== null;
}

/**
 * Validates a fee decision's input before it is computed: the numbers the chosen method needs, and
 * (第三条) none of the other method's, since one request is charged by one method only. Returns a
 * message for the user, or null when the input is valid.
 */
export function checkFeeInput(
  method: FeeMethod,
  input: { ordinalInMonth?: number | null; items?: number | null; pages?: number | null },
): string | null {
  if (!FEE_METHODS.includes(method)) return '请选择计收方式：按件计收或按量计收';
  if (method === 'per_item') {
    if (present(input.pages)) return '同一申请只能选择一种计收方式：按件计收时不应填写页数';
    if (!isCount(input.ordinalInMonth, 1)) {
      return isBigInteger(input.ordinalInMonth)
        ? `本月申请序号不应超过 ${MAX_FEE_COUNT}`
        : '本月申请序号应为正整数';
    }
    if (present(input.items) && !isCount(input.items, 1)) {
      return isBigInteger(input.items) ? `计件数不应超过 ${MAX_FEE_COUNT}` : '计件数应为正整数';
    }
    return null;
  }
  if (present(input.ordinalInMonth) || present(input.items)) {
    return '同一申请只能选择一种计收方式：按量计收时不应填写申请序号或计件数';
  }
  if (!isCount(input.pages, 0)) {
    return isBigInteger(input.pages) ? `页数不应超过 ${MAX_FEE_COUNT}` : '页数应为非负整数';
  }
  return null;
}

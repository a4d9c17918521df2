/**
 * The clocks of a request (pure): the reply limit and its settings, the correction notice's limit
 * and the applicant's correction period, the one extension, consultations, the fee window and the
 * region's internal milestones. The reply clock itself is a core deadline (core/deadlines): the
 * service opens it with `replySpec` and pauses, restarts and extends it as the request moves.
 */
import { addDays } from '../../core/calendar/dates.ts';
import type { CalendarSnapshot } from '../../core/calendar/model.ts';
import type { DeadlineSpecInput } from '../../core/deadlines/schemas.ts';
import { PAYMENT_WINDOW_WORKING_DAYS } from './fees.ts';

/** 条例第三十三条第二款: reply within 20 working days of receipt. A region may set fewer (西吉县: 15). */
export const STATUTORY_REPLY_DAYS = 20;
/** 条例第三十三条第二款: one extension, of at most 20 working days. A region may set fewer (西吉县: 15). */
export const STATUTORY_EXTENSION_DAYS = 20;
/** 条例第三十条: the correction notice goes out within 7 working days of receipt, once. */
export const CORRECTION_NOTICE_DAYS = 7;
/** 条例第三十条 asks for 合理的补正期限; the default, a region may set its own. */
export const DEFAULT_CORRECTION_PERIOD_DAYS = 15;
/** 条例第三十二条: the third party answers within 15 working days of receiving the letter. */
export const THIRD_PARTY_DAYS = 15;
/** 条例第三十四条: other agencies consulted answer within 15 working days. */
export const AGENCY_CONSULTATION_DAYS = 15;

/** The internal milestones a region may set (黄岩区: register in 1 working day, review in 5, draft in 7). */
export const MILESTONES = ['register', 'review', 'draft'] as const;
export type Milestone = (typeof MILESTONES)[number];
export const MILESTONE_LABELS: Record<Milestone, string> = {
  register: '登记',
  review: '审核',
  draft: '拟定答复',
};

/** An agency's request settings; null fields inherit from the agency above. */
export interface RequestSettingsRow {
  agencyId: string;
  replyDays: number | null;
  extensionDays: number | null;
  correctionPeriodDays: number | null;
  /** Whether the fee-payment window counts against the reply limit (default: it does not). */
  feeWindowCounted: boolean | null;
  milestones: Partial<Record<Milestone, number>> | null;
}

export interface RequestSettings {
  replyDays: number;
  extensionDays: number;
  correctionPeriodDays: number;
  feeWindowCounted: boolean;
  milestones: Partial<Record<Milestone, number>>;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
  replyDays: STATUTORY_REPLY_DAYS,
  extensionDays: STATUTORY_EXTENSION_DAYS,
  correctionPeriodDays: DEFAULT_CORRECTION_PERIOD_DAYS,
  feeWindowCounted: false,
  milestones: {},
};

/**
 * The settings in force for an agency: each value from the nearest agency on its path (root first)
 * that sets it. Where local and national limits differ the region decides, but never beyond the
 * 条例: reply and extension limits longer than 20 working days are cut to 20.
 */
export function effectiveRequestSettings(
  pathRootFirst: readonly string[],
  rows: readonly RequestSettingsRow[],
): RequestSettings {
  const byAgency = new Map(rows.map((r) => [r.agencyId, r]));
  const s: RequestSettings = { ...DEFAULT_REQUEST_SETTINGS, milestones: {} };
  for (const id of pathRootFirst) {
    const row = byAgency.get(id);
    if (!row) continue;
    if (row.replyDays !== null) s.replyDays = Math.min(row.replyDays, STATUTORY_REPLY_DAYS);
    if (row.extensionDays !== null) s.extensionDays = Math.min(row.extensionDays, STATUTORY_EXTENSION_DAYS);
    if (row.correctionPeriodDays !== null) s.correctionPeriodDays = row.correctionPeriodDays;
    if (row.feeWindowCounted !== null) s.feeWindowCounted = row.feeWindowCounted;
    if (row.milestones !== null) s.milestones = { ...row.milestones };
  }
  return s;
}

type Days = Pick<CalendarSnapshot, 'day'>;

/**
 * The date of working day `n` after `from` (the start day is day 0: 期间开始之日不计算在内), the
 * same count as core/deadlines. n = 0 is `from` itself.
 */
export function addWorkingDays(calendar: Days, from: string, n: number, regionCode: string): string {
  let d = from;
  // Ten years at most, so that a calendar with no working days cannot hang.
  for (let left = n, i = 0; left > 0 && i < 3660; i++) {
    d = addDays(d, 1);
    if (calendar.day(d, regionCode).isWorking) left -= 1;
  }
  return d;
}

/** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysAfter(calendar: Days, from: string, to: string, regionCode: string): number {
  let n = 0;
  for (let d = addDays(from, 1), i = 0; d <= to && i < 3660; d = addDays(d, 1), i++) {
    if (calendar.day(d, regionCode).isWorking) n += 1;
  }
  return n;
}

/** The reply clock: `replyDays` working days from the day of receipt (条例第三十三条). */
export function replySpec(
  receivedOn: string,
  settings: RequestSettings,
  regionCode: string,
): DeadlineSpecInput {
  return { start: receivedOn, length: settings.replyDays, unit: 'working_days', regionCode };
}

/**
 * 条例第三十条: the agency tells the applicant once, within 7 working days of receipt, everything to
 * correct. A second notice, or one after the 7th working day, is refused.
 */
export function correctionNoticeProblem(input: {
  calendar: Days;
  receivedOn: string;
  today: string;
  regionCode: string;
  noticesSent: number;
}): string | null {
  if (input.noticesSent > 0) return '补正告知只能发出一次，且应一次性告知需要补正的全部事项（条例第三十条）';
  const last = addWorkingDays(input.calendar, input.receivedOn, CORRECTION_NOTICE_DAYS, input.regionCode);
  if (input.today > last) {
    return `补正告知应在收到申请之日起7个工作日内发出（截至${last}），已超过期限（条例第三十条）`;
  }
  return null;
}

/** The last day of the applicant's correction period: `days` working days after the notice went out. */
export function correctionDueOn(calendar: Days, noticeOn: string, days: number, regionCode: string): string {
  return addWorkingDays(calendar, noticeOn, days, regionCode);
}

/**
 * 国办函〔2020〕109号 (rules.md §3): the applicant pays within 20 working days counted from the day
 * after it receives the fee notice (收到收费通知次日起), so the last day is working day 20 after the
 * day of receipt — not after the day the notice was written. The day of receipt is the day the fee
 * notice's delivery is recorded. While no delivery is recorded there is no last day (null): the
 * window has not started, and the request cannot lapse as unpaid (其他处理 2) before the applicant
 * demonstrably had the notice.
 */
export function paymentDueOn(
  calendar: Days,
  noticeReceivedOn: string | null,
  regionCode: string,
): string | null {
  if (noticeReceivedOn === null) return null;
  return addWorkingDays(calendar, noticeReceivedOn, PAYMENT_WINDOW_WORKING_DAYS, regionCode);
}

/**
 * 条例第三十三条第二款: one extension, of at most the region's extension limit (20 working days by
 * the 条例), approved by the head of the disclosure office, with a reason.
 */
export function extensionProblem(input: {
  days: number;
  settings: RequestSettings;
  extensionsSoFar: number;
  reason: string;
}): string | null {
  if (input.extensionsSoFar > 0) return '答复期限只能延长一次（条例第三十三条）';
  if (!Number.isInteger(input.days) || input.days < 1) return '延长的天数应为正整数';
  if (input.days > input.settings.extensionDays) {
    return `延长答复的期限最长不得超过${input.settings.extensionDays}个工作日（条例第三十三条）`;
  }
  if (input.reason.trim() === '') return '请写明延期理由';
  return null;
}

/**
 * 条例第三十五条: for requests clearly beyond a reasonable range the agency may set a reasonable longer
 * limit. It must be longer than what the request has now, and is stated in working days from receipt.
 */
export function longLimitProblem(days: number, currentTotal: number): string | null {
  if (!Number.isInteger(days) || days < 1) return '答复期限应为正整数个工作日';
  if (days <= currentTotal) return `新的答复期限应长于当前期限（${currentTotal}个工作日）`;
  if (days > 200) return '答复期限过长，请核对（最长200个工作日）';
  return null;
}

/** The region's internal milestones for a request received on `receivedOn` (黄岩区's 1/5/7 days). */
export function milestoneDates(
  calendar: Days,
  receivedOn: string,
  settings: RequestSettings,
  regionCode: string,
): { milestone: Milestone; label: string; days: number; dueOn: string }[] {
  return MILESTONES.flatMap((m) => {
    const days = settings.milestones[m];
    if (days === undefined) return [];
    return [
      {
        milestone: m,
        label: MILESTONE_LABELS[m],
        days,
        dueOn: addWorkingDays(calendar, receivedOn, days, regionCode),
      },
    ];
  });
}

/**
 * The clocks of a document (pure): publication within N working days of formation, the secrecy
 * review's opinion limit and the co-issuers' answer limit, and the settings they come from.
 */
import type { CalendarSnapshot } from '../../core/calendar/model.ts';
import { addDays } from '../../core/calendar/dates.ts';
import type { DeadlineSpecInput } from '../../core/deadlines/schemas.ts';
import { REVIEW_STEPS, type ReviewStep } from './model.ts';

/**
 * 条例第二十六条: proactive information is published within 20 working days of the day it is formed
 * or changed. A region may shorten it (黄岩区: portal within 7 working days).
 */
export const STATUTORY_PUBLICATION_DAYS = 20;
/** 西吉县 2018: the secrecy review gives its opinion within 10 working days. */
export const SECRECY_REVIEW_DAYS = 10;
/** 西吉县 2018: co-issuers answer within 10 working days; silence is consent. */
export const DEFAULT_CONSULTATION_DAYS = 10;

/** An agency's disclosure settings; null fields inherit from the agency above. */
export interface DocumentSettingsRow {
  agencyId: string;
  reviewSteps: ReviewStep[] | null;
  publicationDays: number | null;
  consultationDays: number | null;
}

export interface EffectiveSettings {
  reviewSteps: ReviewStep[];
  publicationDays: number;
  consultationDays: number;
  /** Which agency each value came from (null = the statutory default). */
  sources: { reviewSteps: string | null; publicationDays: string | null; consultationDays: string | null };
}

/**
 * The settings in force for an agency: each value from the nearest agency on its path (root first)
 * that sets it, else the default. A publication limit longer than the statutory 20 working days is
 * never used: a local rule may be stricter than the 条例, not looser.
 */
export function effectiveSettings(
  pathRootFirst: readonly string[],
  rows: readonly DocumentSettingsRow[],
): EffectiveSettings {
  const byAgency = new Map(rows.map((r) => [r.agencyId, r]));
  const result: EffectiveSettings = {
    reviewSteps: [...REVIEW_STEPS],
    publicationDays: STATUTORY_PUBLICATION_DAYS,
    consultationDays: DEFAULT_CONSULTATION_DAYS,
    sources: { reviewSteps: null, publicationDays: null, consultationDays: null },
  };
  for (const id of pathRootFirst) {
    const row = byAgency.get(id);
    if (!row) continue;
    if (row.reviewSteps) {
      result.reviewSteps = REVIEW_STEPS.filter((s) => row.reviewSteps?.includes(s));
      result.sources.reviewSteps = id;
    }
    if (row.publicationDays !== null) {
      result.publicationDays = Math.min(row.publicationDays, STATUTORY_PUBLICATION_DAYS);
      result.sources.publicationDays = id;
    }
    if (row.consultationDays !== null) {
      result.consultationDays = row.consultationDays;
      result.sources.consultationDays = id;
    }
  }
  return result;
}

/** The publication clock: from the day of formation (成文日期), or of the change that made it disclosable. */
export function publicationSpec(formedOn: string, days: number, regionCode: string): DeadlineSpecInput {
  return { start: formedOn, length: days, unit: 'working_days', regionCode };
}

export function workingDaysSpec(startAt: string, days: number, regionCode: string): DeadlineSpecInput {
  return { start: startAt, length: days, unit: 'working_days', regionCode };
}

/**
 * Working days after `from` up to and including `to` (期间开始之日不计算在内): how long publication
 * took after formation. 0 when published on the day of formation or before any working day passed.
 */
export function workingDaysBetween(
  calendar: Pick<CalendarSnapshot, 'day'>,
  from: string,
  to: string,
  regionCode: string,
): number {
  let n = 0;
  // Ten years at most: no real formation-to-publication span is longer.
  for (let d = addDays(from, 1), i = 0; d <= to && i < 3660; d = addDays(d, 1), i += 1) {
    if (calendar.day(d, regionCode).isWorking) n += 1;
  }
  return n;
}

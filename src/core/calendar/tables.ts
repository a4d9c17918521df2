import type { CalendarSource } from './model.ts';

/**
 * The calendar's stored exceptions (migration 202611210004_calendar). National rows (region '')
 * come from chinese-days or a fixture and are rewritten when that data changes; regional rows are
 * overrides entered by admins. Days without a row follow the weekday rule.
 */
export interface CalendarDaysTable {
  /** '' national, or a 6-digit 行政区划代码. */
  region_code: string;
  date: string;
  is_working: number;
  name: string | null;
  source: CalendarSource;
  updated_at: string;
  /** The admin who set an override; null for national data. */
  updated_by: string | null;
}

/** The years with national data, with a hash of the data loaded, so that a changed package reloads a year. */
export interface CalendarYearsTable {
  year: number;
  source: 'chinese-days' | 'fixture';
  data_hash: string;
  loaded_at: string;
}

/** A single row (id 1) whose revision every calendar write increments (migration 202611220010). */
export interface CalendarRevisionTable {
  id: number;
  revision: number;
}

declare module '../db/database.ts' {
  interface Database {
    calendar_days: CalendarDaysTable;
    calendar_years: CalendarYearsTable;
    calendar_revision: CalendarRevisionTable;
  }
}

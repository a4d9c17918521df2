import type { Severity } from './model.ts';

/** 敏感词: configured by the disclosure office for an agency and everything below it. Migration 202612010003_screening. */
export interface ScreeningWordsTable {
  id: string;
  word: string;
  severity: Severity;
  note: string;
  /** The scope: the word applies to documents of this agency and of every agency below it. */
  agency_id: string;
  created_by: string;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

/** 领导名单: the region's current leaders and their titles, for the 严重表述错误 check. */
export interface ScreeningLeadersTable {
  id: string;
  name: string;
  /** JSON array of titles, e.g. ["县委副书记","县长"]. */
  titles: string;
  agency_id: string;
  /** 1 while in office; 0 keeps the record without checking against it. */
  active: number;
  sort_order: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

declare module '../../core/db/database.ts' {
  interface Database {
    screening_words: ScreeningWordsTable;
    screening_leaders: ScreeningLeadersTable;
  }
}

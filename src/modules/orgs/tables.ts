import type { ColumnType } from 'kysely';
import type { AgencyKind } from './model.ts';

/** 行政机关 / 单位: one node of the organisation tree. Migration 202611210001_orgs_agencies. */
export interface AgenciesTable {
  id: string;
  parent_id: string | null;
  name: string;
  short_name: string | null;
  kind: AgencyKind;
  /** 统一社会信用代码 (GB 32100-2015), unique when present. */
  uscc: string | null;
  /** 6-digit 行政区划代码 (GB/T 2260) of the division the agency sits in. */
  division_code: string | null;
  /** The calendar region whose working days the agency counts (a province code such as '640000'). */
  region_code: string;
  address: string | null;
  phone: string | null;
  sort_order: ColumnType<number, number | undefined, number>;
  /** 1 = active, 0 = dissolved or merged (kept for history). */
  active: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

declare module '../../core/db/database.ts' {
  interface Database {
    agencies: AgenciesTable;
  }
}

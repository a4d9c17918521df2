/**
 * 政府信息公开指南, one per agency (migration 202612010006_guides). Every content column is null while
 * it follows the text generated from the agency's data (guides/model.ts `defaultGuide`).
 */
export interface DisclosureGuidesTable {
  agency_id: string;
  office_name: string | null;
  office_address: string | null;
  office_hours: string | null;
  phone: string | null;
  fax: string | null;
  internet_contact: string | null;
  postal_code: string | null;
  how_to_apply: string | null;
  fee_rule: string | null;
  classification: string | null;
  arrangement: string | null;
  updated_at: string;
  updated_by: string;
  /** The editor's display name at the time, for a page that outlives renamed accounts. */
  updated_by_name: string;
}

declare module '../../core/db/database.ts' {
  interface Database {
    disclosure_guides: DisclosureGuidesTable;
  }
}

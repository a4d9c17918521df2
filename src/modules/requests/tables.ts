/**
 * The tables of 依申请公开 (migration 202612020002_requests). Dates are YYYY-MM-DD in Beijing,
 * times UTC ISO; JSON columns are text.
 */
export interface RequestsTable {
  id: string;
  /** The agency the request is addressed to (its disclosure office registers and answers it). */
  agency_id: string;
  tracking_number: string;
  /** SHA-256 of the private link's token: the token itself is only in the applicant's link. */
  token_hash: string;
  status: string;
  channel: string;
  /** 条例第三十一条: the day it counts as received. */
  received_on: string;
  submitted_at: string;
  /** Staff intake: the officer who filled in the form for the applicant (null: the portal). */
  intake_by: string | null;
  intake_note: string | null;
  applicant_type: string;
  applicant_name: string;
  contact_person: string | null;
  id_type: string;
  /** The identity number, sealed (core/sealed.ts); staff see `id_number_masked`. */
  id_number_sealed: string;
  id_number_masked: string;
  /** A keyed hash of the identity number: the same applicant across requests (fees, repeats). */
  applicant_key: string;
  phone: string;
  phone_tail: string;
  email: string | null;
  address: string | null;
  postal_code: string | null;
  description: string;
  purpose: string | null;
  form: string;
  delivery: string;
  responsible_agency_id: string | null;
  assignee_id: string | null;
  /** The reply clock (core/deadlines). */
  deadline_id: string | null;
  /** JSON string[]: what the correction notice asked for. */
  correction_items: string | null;
  correction_notice_on: string | null;
  correction_due_on: string | null;
  corrected_on: string | null;
  extension_days: number | null;
  reasons_requested_on: string | null;
  long_limit_days: number | null;
  /** JSON: the fee decision (fees.ts FeeBreakdown). */
  fee: string | null;
  fee_notice_on: string | null;
  fee_due_on: string | null;
  paid_on: string | null;
  search_record: string | null;
  /** JSON: the reply (outcomes.ts ReplyDraft), drafted then issued. */
  reply: string | null;
  outcome: string | null;
  replied_on: string | null;
  delivered_at: string | null;
  archived_at: string | null;
  /** JSON: earlier requests this one resembles ({ id, trackingNumber, score, reason }[]). */
  similar: string;
  created_at: string;
  updated_at: string;
}

export interface RequestConsultationsTable {
  id: string;
  request_id: string;
  kind: string;
  party: string;
  contact: string;
  matter: string;
  sent_on: string;
  due_on: string;
  answer: string | null;
  answered_on: string | null;
  answer_note: string | null;
  /** 条例第三十二条: disclosing over a refusal for the public interest, and why. */
  override_reason: string | null;
  created_at: string;
}

export interface RequestNoticesTable {
  id: string;
  request_id: string;
  /** 1, 2, … in the order the request's notices were issued. */
  seq: number;
  kind: string;
  /** 'applicant', or the third party / agency written to. */
  addressee: string;
  title: string;
  /** JSON string[] */
  paragraphs: string;
  issued_on: string;
  issued_by: string;
  delivered_at: string | null;
  delivery_method: string | null;
  created_at: string;
}

export interface RequestFilesTable {
  id: string;
  request_id: string;
  file_id: string;
  /** 'identity' (kept apart: every view logged, never exported) or 'case' (scans, evidence). */
  purpose: string;
  added_by: string | null;
  created_at: string;
}

export interface RequestDisputesTable {
  id: string;
  request_id: string;
  kind: string;
  received_on: string;
  body: string;
  defence_due_on: string;
  evidence_due_on: string;
  /** JSON { on: string; note: string }[] */
  hearings: string;
  outcome: string;
  decided_on: string | null;
  follow_up: string | null;
  created_at: string;
  updated_at: string;
}

export interface RequestSettingsTable {
  agency_id: string;
  reply_days: number | null;
  extension_days: number | null;
  correction_period_days: number | null;
  fee_window_counted: number | null;
  /** JSON Partial<Record<Milestone, number>> */
  milestones: string | null;
  updated_at: string;
}

export interface RequestNoticeTemplatesTable {
  agency_id: string;
  kind: string;
  title: string;
  body: string;
  updated_by: string;
  updated_at: string;
}

export interface RequestSequencesTable {
  year: number;
  last: number;
}

declare module '../../core/db/database.ts' {
  interface Database {
    requests: RequestsTable;
    request_consultations: RequestConsultationsTable;
    request_notices: RequestNoticesTable;
    request_files: RequestFilesTable;
    request_disputes: RequestDisputesTable;
    request_settings: RequestSettingsTable;
    request_notice_templates: RequestNoticeTemplatesTable;
    request_sequences: RequestSequencesTable;
  }
}

import type { ColumnType } from 'kysely';
import type {
  BodyFormat,
  ConsultationStatus,
  ReviewDecision,
  ReviewStep,
  WithholdingGround,
  DisclosureMode,
  DocumentStatus,
  LegalCategory,
  PortalSection,
  Validity,
} from './model.ts';

/** 政府信息: one document of an agency. Migration 202611210007_documents. */
export interface DocumentsTable {
  id: string;
  /** 发布机构: the agency that publishes the document on this platform. */
  agency_id: string;
  title: string;
  /** 文号, e.g. 西政办发〔2018〕47号; null when the document has none. */
  doc_number: string | null;
  /** 成文日期 'YYYY-MM-DD'. */
  written_on: string;
  /** When it went onto the portal (ISO instant); null until published. */
  published_at: string | null;
  /** 索引号, assigned at publication; unique and never reused. */
  index_number: string | null;
  /** 主题分类, e.g. 综合政务/政务公开. */
  topic: string;
  /** 体裁: 通知, 意见, 办法, 规定, 制度 … */
  genre: string;
  legal_category: LegalCategory;
  validity: Validity;
  effective_from: string | null;
  effective_to: string | null;
  body: string;
  body_format: BodyFormat;
  disclosure_mode: DisclosureMode;
  status: DocumentStatus;
  /** The 专栏 column the document is listed under. */
  portal_section: PortalSection;
  /** Where the text comes from when the publisher is not its author (e.g. another region's rules). */
  source_note: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 202612010001_documents_workflow from here on. */
  /** 联合发文单位: agency ids (JSON array); the document's agency is the lead. */
  co_issuers: ColumnType<string, string | undefined, string>;
  withholding_ground: WithholdingGround | null;
  mode_reason: string | null;
  /** The review steps this document goes through (JSON array), fixed when it is submitted. */
  review_chain: string | null;
  /** Index into review_chain of the step that must act; null outside review. */
  review_step: number | null;
  /** An open or answered referral to the secrecy authority (JSON: Escalation). */
  escalation: string | null;
  publication_deadline_id: string | null;
  /** The deadline of the current review step (the secrecy review's 10 working days). */
  step_deadline_id: string | null;
  /** Working days from formation to publication, fixed at publication (条例第二十六条). */
  publish_working_days: number | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  validity_note: string | null;
  /** The last screening (JSON: ScreeningRecord). */
  screening: string | null;
  version: ColumnType<number, number | undefined, number>;
  /** Attachments (JSON array of { fileId, name }). */
  attachments: ColumnType<string, string | undefined, string>;
  /** 公开事项 the document is to be filed under when published (JSON array of ids). */
  catalog_item_ids: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_by_name: string | null;
}

/** One decision of a review step. */
export interface DocumentReviewsTable {
  id: string;
  document_id: string;
  step: ReviewStep;
  decision: ReviewDecision;
  opinion: string | null;
  actor_id: string;
  actor_name: string;
  at: string;
}

/** A co-issuer's consultation (会签): answered, or consent by silence once its deadline passed. */
export interface DocumentConsultationsTable {
  id: string;
  document_id: string;
  agency_id: string;
  status: ConsultationStatus;
  opinion: string | null;
  deadline_id: string;
  opened_at: string;
  answered_at: string | null;
  answered_by: string | null;
  answered_by_name: string | null;
}

/** A published version of a document (a snapshot of its metadata and body, JSON). */
export interface DocumentVersionsTable {
  document_id: string;
  version: number;
  snapshot: string;
  reason: string | null;
  created_at: string;
  created_by: string;
  created_by_name: string;
}

/** An agency's disclosure settings; null = inherit from above. */
export interface DocumentSettingsTable {
  agency_id: string;
  /** JSON array of ReviewStep. */
  review_steps: string | null;
  publication_days: number | null;
  consultation_days: number | null;
  updated_at: string;
  updated_by: string;
}

/** The last 索引号 sequence used per agency and year; only ever goes up. */
export interface IndexNumberSequencesTable {
  agency_id: string;
  year: number;
  last_seq: number;
}

declare module '../../core/db/database.ts' {
  interface Database {
    documents: DocumentsTable;
    index_number_sequences: IndexNumberSequencesTable;
    document_reviews: DocumentReviewsTable;
    document_consultations: DocumentConsultationsTable;
    document_versions: DocumentVersionsTable;
    document_settings: DocumentSettingsTable;
  }
}

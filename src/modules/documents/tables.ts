import type {
  BodyFormat,
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
  }
}

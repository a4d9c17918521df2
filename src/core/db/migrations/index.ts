import type { Migration } from 'kysely/migration';
import * as m202611210001_orgs_agencies from './202611210001_orgs_agencies.ts';
import * as m202611210002_auth_users_sessions from './202611210002_auth_users_sessions.ts';
import * as m202611210003_audit_events from './202611210003_audit_events.ts';
import * as m202611210004_calendar from './202611210004_calendar.ts';
import * as m202611210005_deadlines from './202611210005_deadlines.ts';
import * as m202611210006_jobs_notifications from './202611210006_jobs_notifications.ts';
import * as m202611210007_documents from './202611210007_documents.ts';
import * as m202611210008_assignments from './202611210008_assignments.ts';
import * as m202611220010_calendar_revision from './202611220010_calendar_revision.ts';
import * as m202611220011_auth_must_change_password from './202611220011_auth_must_change_password.ts';
import * as m202612010002_search_index from './202612010002_search_index.ts';
import * as m202612010004_files from './202612010004_files.ts';
import * as m202612010001_documents_workflow from './202612010001_documents_workflow.ts';
import * as m202612010006_guides from './202612010006_guides.ts';
import * as m202612020001_search_replica from './202612020001_search_replica.ts';
import * as m202612020002_requests from './202612020002_requests.ts';
import * as m202612010005_catalog from './202612010005_catalog.ts';
import * as m202612010003_screening from './202612010003_screening.ts';
import * as m202612030001_deadlines_alerts from './202612030001_deadlines_alerts.ts';
import * as m202612030002_requests_statistics from './202612030002_requests_statistics.ts';
import * as m202612040001_search_entries_by_arrival from './202612040001_search_entries_by_arrival.ts';
import * as m202612050001_documents_body_lz4 from './202612050001_documents_body_lz4.ts';
import * as m202612050002_search_text_lz4 from './202612050002_search_text_lz4.ts';

/**
 * Every migration, in order. Names are `YYYYMMDDHHMM_<owner>_<what>`; a migration is frozen once on
 * main (never edited), and takes `Kysely<any>` so that it does not depend on today's types.
 */
export const migrations: Record<string, Migration> = {
  '202611210001_orgs_agencies': m202611210001_orgs_agencies,
  '202611210002_auth_users_sessions': m202611210002_auth_users_sessions,
  '202611210003_audit_events': m202611210003_audit_events,
  '202611210004_calendar': m202611210004_calendar,
  '202611210005_deadlines': m202611210005_deadlines,
  '202611210006_jobs_notifications': m202611210006_jobs_notifications,
  '202611210007_documents': m202611210007_documents,
  '202611210008_assignments': m202611210008_assignments,
  '202611220010_calendar_revision': m202611220010_calendar_revision,
  '202611220011_auth_must_change_password': m202611220011_auth_must_change_password,
  '202612010002_search_index': m202612010002_search_index,
  '202612010004_files': m202612010004_files,
  '202612010001_documents_workflow': m202612010001_documents_workflow,
  '202612010006_guides': m202612010006_guides,
  '202612010005_catalog': m202612010005_catalog,
  '202612010003_screening': m202612010003_screening,
  '202612020001_search_replica': m202612020001_search_replica,
  '202612020002_requests': m202612020002_requests,
  '202612030001_deadlines_alerts': m202612030001_deadlines_alerts,
  '202612030002_requests_statistics': m202612030002_requests_statistics,
  '202612040001_search_entries_by_arrival': m202612040001_search_entries_by_arrival,
  '202612050001_documents_body_lz4': m202612050001_documents_body_lz4,
  '202612050002_search_text_lz4': m202612050002_search_text_lz4,
};

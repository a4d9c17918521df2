import type { AssignmentStatus } from './model.ts';

/** 交办事项: work the disclosure office hands to an agency and role. Migration 202611210008_assignments. */
export interface AssignmentsTable {
  id: string;
  agency_id: string;
  title: string;
  description: string;
  assignee_role: string;
  working_days: number;
  status: AssignmentStatus;
  deadline_id: string;
  created_by: string;
  /** The creator's display name at the time, for lists that outlive renamed accounts. */
  created_by_name: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
  closed_by_name: string | null;
  completion_note: string | null;
  cancel_reason: string | null;
}

declare module '../../core/db/database.ts' {
  interface Database {
    assignments: AssignmentsTable;
  }
}

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

/** The durable job queue (an outbox: rows are written in the same transaction as the change). */
export interface JobsTable {
  id: string;
  type: string;
  /** JSON text. */
  payload: string;
  run_at: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: string;
  updated_at: string;
}

declare module '../db/database.ts' {
  interface Database {
    jobs: JobsTable;
  }
}

import type { AlertName } from './schemas.ts';

/**
 * A stored deadline (migration 202611210005_deadlines): its inputs (`spec`, JSON of DeadlineSpec)
 * and the due instant last computed from them, so that lists sort by it and a calendar change can
 * recompute every open one; and its next alert (migration 202612030001_deadlines_alerts), so that
 * the sweep reads only the deadlines whose alert is due.
 */
export interface DeadlinesTable {
  id: string;
  /** The thing that waits, e.g. 'assignment', 'request.reply'. */
  entity_type: string;
  entity_id: string;
  agency_id: string;
  assignee_user_id: string | null;
  assignee_role: string | null;
  title: string;
  /** Where the item is handled in the console. */
  link: string;
  spec: string;
  due_at: string;
  status: 'open' | 'closed';
  /** JSON text: the reminder keys already sent ('due_in_3', 'due_in_1'). */
  reminders_sent: string;
  escalated_at: string | null;
  /**
   * UTC ISO: when the next reminder or escalation falls due (reminders/model `nextAlert`), null
   * when none will; '' when never computed (open rows older than the column), which sorts before
   * every instant, so the next sweep computes it.
   */
  alert_at: string | null;
  next_alert: AlertName | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

declare module '../db/database.ts' {
  interface Database {
    deadlines: DeadlinesTable;
  }
}

import type { Generated } from 'kysely';

/** One audit event, a link of the hash chain. Migration 202611210003_audit_events. */
export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  agency_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  /** Canonical JSON text, or null. */
  before: string | null;
  /** Canonical JSON text, or null. */
  after: string | null;
  prev_hash: string;
  hash: string;
}

declare module '../db/database.ts' {
  interface Database {
    audit_events: AuditEventsTable;
  }
}

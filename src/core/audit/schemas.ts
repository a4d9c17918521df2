import { z } from 'zod';

/** Shapes of the audit API, shared by the routes, the service and the console. */

export const auditEventSchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  agencyId: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

export const auditQuerySchema = z.object({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(128).optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

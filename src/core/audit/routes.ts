import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../auth/http.ts';
import type { AuditService } from './service.ts';

export const AuditEventSchema = z.object({
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

const AuditQuery = z.object({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(128).optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /api/audit: the audit events the actor may read ('audit.view'), newest first. */
export function registerAuditRoutes(
  app: FastifyInstance,
  audit: AuditService,
  orgs: { agencyPath(id: string): Promise<string[]> },
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志',
        description: '按对象筛选审计事件，最新的在前；用 beforeSeq 向前翻页。',
        querystring: AuditQuery,
        response: { 200: z.object({ events: z.array(AuditEventSchema) }) },
      },
    },
    async (req) => {
      const events = await audit.listVisible(requireActor(req), req.query, (id) => orgs.agencyPath(id));
      return { events };
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../auth/http.ts';
import { auditEventSchema, auditQuerySchema } from './schemas.ts';
import type { AuditService } from './service.ts';

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
        querystring: auditQuerySchema,
        response: { 200: z.object({ events: z.array(auditEventSchema) }) },
      },
    },
    async (req) => {
      const events = await audit.listVisible(requireActor(req), req.query, (id) => orgs.agencyPath(id));
      return { events };
    },
  );
}

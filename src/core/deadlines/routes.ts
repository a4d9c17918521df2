import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/http.ts';
import { deadlineExplanationSchema, deadlineIdParamsSchema } from './schemas.ts';
import type { DeadlinesService } from './service.ts';

/** How a deadline was counted: for the assignee and for staff who may view tasks in its agency. */
export function registerDeadlineRoutes(
  app: FastifyInstance,
  deadlines: DeadlinesService,
  orgs: { agencyPath(id: string): Promise<string[]> },
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/deadlines/:id/explain',
    {
      schema: {
        tags: ['期限'],
        summary: '期限计算说明',
        description: '起算日、计入与跳过的每一天（周末、节假日名称、调休上班、暂停）及中文说明。',
        params: deadlineIdParamsSchema,
        response: { 200: deadlineExplanationSchema },
      },
    },
    async (req) => deadlines.explainFor(requireActor(req), req.params.id, (id) => orgs.agencyPath(id)),
  );
}

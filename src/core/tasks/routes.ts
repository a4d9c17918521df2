import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/http.ts';
import { taskListSchema } from './schemas.ts';
import type { TasksService } from './service.ts';

/** My tasks: any logged-in actor sees what waits for them. */
export function registerTaskRoutes(app: FastifyInstance, tasks: TasksService): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/api/tasks',
      { schema: { tags: ['我的待办'], summary: '我的待办', response: { 200: taskListSchema } } },
      async (req) => tasks.mine(requireActor(req)),
    );
}

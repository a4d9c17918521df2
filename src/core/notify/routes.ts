import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/http.ts';
import {
  notificationIdParamsSchema,
  notificationListQuerySchema,
  notificationListSchema,
  notificationSchema,
  readAllResultSchema,
} from './schemas.ts';
import type { NotifyService } from './service.ts';

const tags = ['通知'];

/** The logged-in user's own notifications; nobody reads or marks another's. */
export function registerNotifyRoutes(app: FastifyInstance, notify: NotifyService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: '我的通知',
        querystring: notificationListQuerySchema,
        response: { 200: notificationListSchema },
      },
    },
    async (req) => notify.list(requireActor(req), req.query),
  );

  r.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags,
        summary: '标为已读',
        params: notificationIdParamsSchema,
        response: { 200: notificationSchema },
      },
    },
    async (req) => notify.markRead(requireActor(req), req.params.id),
  );

  r.post(
    '/api/notifications/read-all',
    { schema: { tags, summary: '全部标为已读', response: { 200: readAllResultSchema } } },
    async (req) => ({ count: await notify.markAllRead(requireActor(req)) }),
  );
}

import { z } from 'zod';

/** Shapes of the notifications API, shared by the routes and the console. */

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = z.object({
  unreadOnly: z
    .enum(['true', 'false'], { message: 'unreadOnly 只能是 true 或 false' })
    .optional()
    .transform((v) => v === 'true'),
  limit: z.coerce
    .number()
    .int('条数须为整数')
    .min(1, '条数至少为 1')
    .max(200, '条数不能超过 200')
    .default(50),
});

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  unreadCount: z.number(),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

export const notificationIdParamsSchema = z.object({ id: z.uuid({ message: '通知编号有误' }) });

export const readAllResultSchema = z.object({ count: z.number() });

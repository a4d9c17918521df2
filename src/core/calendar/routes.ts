import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../auth/http.ts';
import {
  calendarYearQuerySchema,
  calendarYearSchema,
  overrideInputSchema,
  overrideKeySchema,
  overrideResultSchema,
  overrideSchema,
  regionQuerySchema,
  regionSchema,
} from './schemas.ts';
import type { CalendarService } from './service.ts';

const tags = ['工作日历'];

/** The working-day calendar: anyone logged in reads it; admins at the region's root edit overrides. */
export function registerCalendarRoutes(app: FastifyInstance, calendar: CalendarService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/calendar',
    {
      schema: {
        tags,
        summary: '全年工作日历',
        description: '某地区某年每一天是否上班、原因（工作日/周末/节假日/调休上班）、名称与来源。',
        querystring: calendarYearQuerySchema,
        response: { 200: calendarYearSchema },
      },
    },
    async (req) => {
      requireActor(req);
      return calendar.year(req.query.year, req.query.region);
    },
  );

  r.get(
    '/api/calendar/regions',
    {
      schema: {
        tags,
        summary: '可选地区',
        description: '全国、各省级行政区，以及已有地方调整的地区。',
        response: { 200: z.object({ regions: z.array(regionSchema) }) },
      },
    },
    async (req) => {
      requireActor(req);
      return { regions: await calendar.regions() };
    },
  );

  r.get(
    '/api/calendar/overrides',
    {
      schema: {
        tags,
        summary: '地方调整列表',
        querystring: z.object({ region: regionQuerySchema.optional() }),
        response: { 200: z.object({ overrides: z.array(overrideSchema) }) },
      },
    },
    async (req) => {
      requireActor(req);
      return { overrides: await calendar.overrides(req.query.region || undefined) };
    },
  );

  r.post(
    '/api/calendar/overrides',
    {
      schema: {
        tags,
        summary: '设置地方调整',
        description: '设定某地区某日上班或放假（如宁夏开斋节）。保存后所有未结束的期限立即重新计算。',
        body: overrideInputSchema,
        response: { 200: overrideResultSchema },
      },
    },
    async (req) => calendar.setOverride(requireActor(req), req.body),
  );

  r.delete(
    '/api/calendar/overrides',
    {
      schema: {
        tags,
        summary: '删除地方调整',
        description: '恢复为全国安排。删除后所有未结束的期限立即重新计算。',
        querystring: overrideKeySchema,
        response: { 200: overrideResultSchema },
      },
    },
    async (req) => calendar.removeOverride(requireActor(req), req.query.regionCode, req.query.date),
  );
}

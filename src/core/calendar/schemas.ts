import { z } from 'zod';
import { isIsoDate } from './dates.ts';
import { CALENDAR_SOURCES, DAY_REASONS, isValidRegionCode } from './model.ts';

/** Shapes of the calendar API, shared by the routes, the service and the console. */

/** The years the calendar answers for; beyond them a date is a typo, not a plan. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const inRange = (date: string): boolean => {
  const y = Number(date.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};

export const calendarDateSchema = z
  .string()
  .refine(isIsoDate, '日期格式应为 YYYY-MM-DD，且须是真实存在的日期')
  .refine(inRange, `日期须在 ${MIN_YEAR}–${MAX_YEAR} 年之间`);

/** A region that can carry overrides: a 6-digit 行政区划代码 (not the national calendar). */
export const overrideRegionSchema = z
  .string()
  .refine(
    (c) => c !== '' && isValidRegionCode(c),
    '地区代码应为 6 位行政区划代码，如 640000（宁夏回族自治区）',
  );

/** A region to read the calendar for: '' (national) or a 行政区划代码. */
export const regionQuerySchema = z
  .string()
  .refine(isValidRegionCode, '地区代码应为 6 位行政区划代码，如 640000；全国留空')
  .default('');

export const overrideInputSchema = z.object({
  regionCode: overrideRegionSchema,
  date: calendarDateSchema,
  isWorking: z.boolean({ message: '请选择该日是否上班' }),
  name: z.string().trim().min(1, '请填写名称，如“开斋节”或“调休上班”').max(30, '名称不能超过 30 个字'),
});
export type OverrideInput = z.input<typeof overrideInputSchema>;

export const overrideKeySchema = z.object({ regionCode: overrideRegionSchema, date: calendarDateSchema });

export const calendarDaySchema = z.object({
  date: z.string(),
  isWorking: z.boolean(),
  reason: z.enum(DAY_REASONS),
  name: z.string().nullable(),
  source: z.enum([...CALENDAR_SOURCES, 'weekday_rule']),
  regionCode: z.string().nullable(),
  /** False when the year has no national data: the answer is the weekday rule's guess. */
  covered: z.boolean(),
});
export type CalendarDayView = z.infer<typeof calendarDaySchema>;

export const calendarYearQuerySchema = z.object({
  year: z.coerce
    .number({ message: '年份应为数字' })
    .int('年份应为整数')
    .min(MIN_YEAR, `年份须在 ${MIN_YEAR}–${MAX_YEAR} 之间`)
    .max(MAX_YEAR, `年份须在 ${MIN_YEAR}–${MAX_YEAR} 之间`),
  region: regionQuerySchema,
});

export const calendarYearSchema = z.object({
  year: z.number(),
  regionCode: z.string(),
  /** Whether the year has national data (a State Council notice); if not, every day is provisional. */
  covered: z.boolean(),
  days: z.array(calendarDaySchema),
});
export type CalendarYearView = z.infer<typeof calendarYearSchema>;

export const overrideSchema = z.object({
  regionCode: z.string(),
  date: z.string(),
  isWorking: z.boolean(),
  name: z.string().nullable(),
  source: z.enum(CALENDAR_SOURCES),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type OverrideView = z.infer<typeof overrideSchema>;

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** How many overrides the region has itself (not counting its province's). */
  overrides: z.number(),
});
export type RegionView = z.infer<typeof regionSchema>;

/** After a change every open deadline is recomputed; `moved` counts those whose due date changed. */
export const overrideResultSchema = z.object({ override: overrideSchema.nullable(), moved: z.number() });

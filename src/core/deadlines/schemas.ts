import { z } from 'zod';
import { isIsoDate, isIsoDateTime, parseInstant } from '../calendar/dates.ts';
import { isValidRegionCode } from '../calendar/model.ts';
import { BREAKDOWN_REASONS, DEADLINE_UNITS, totalLength, type DeadlineUnit } from './model.ts';

/** Shapes of deadlines: the stored spec (validated before it is stored), the view and the explanation. */

/** The longest period accepted, extensions included: more is a typo, not a legal period. */
export const MAX_LENGTH: Record<DeadlineUnit, number> = {
  working_days: 1000,
  calendar_days: 3650,
  hours: 8760,
};

/** The due-soon reminders the sweep sends, each once: 3 and 1 working days before the due date. */
export const REMINDER_KEYS = ['due_in_3', 'due_in_1'] as const;
export type ReminderKey = (typeof REMINDER_KEYS)[number];

/** Every alert the sweep sends: the reminders, then the escalation once overdue. */
export const ALERT_NAMES = [...REMINDER_KEYS, 'escalate'] as const;
export type AlertName = (typeof ALERT_NAMES)[number];

const instant = z
  .string()
  .refine(
    (s) => isIsoDate(s) || isIsoDateTime(s),
    '时间格式应为 YYYY-MM-DD，或带时区的时间如 2024-09-27T10:00:00+08:00',
  );
const reason = z.string().trim().min(1, '请填写原因').max(200, '原因不能超过 200 个字');

/** The instant, or null when malformed (object-level checks run even when a field failed). */
function instantOrNull(s: string): Date | null {
  return isIsoDate(s) || isIsoDateTime(s) ? parseInstant(s) : null;
}

export const deadlinePauseSchema = z.object({ from: instant, to: instant.nullable(), reason }).refine(
  (p) => {
    const [from, to] = [instantOrNull(p.from), p.to === null ? null : instantOrNull(p.to)];
    return from === null || to === null || to >= from;
  },
  { message: '恢复时间不能早于暂停时间', path: ['to'] },
);

export const deadlineRestartSchema = z.object({ at: instant, reason });

export const deadlineExtensionSchema = z.object({
  length: z.int('延长的期限须为整数').min(1, '延长的期限至少为 1'),
  reason,
  approvedBy: z.string().trim().min(1, '请填写批准人').max(50, '批准人不能超过 50 个字'),
});

export const deadlineSpecSchema = z
  .object({
    start: instant,
    length: z.int('期限须为整数').min(1, '期限至少为 1'),
    unit: z.enum(DEADLINE_UNITS, { message: '期限单位只能是工作日、自然日或小时' }),
    regionCode: z.string().refine(isValidRegionCode, '地区代码应为 6 位行政区划代码；全国留空'),
    pauses: z.array(deadlinePauseSchema).default([]),
    restarts: z.array(deadlineRestartSchema).default([]),
    extensions: z.array(deadlineExtensionSchema).default([]),
  })
  .superRefine((spec, ctx) => {
    const max = MAX_LENGTH[spec.unit];
    if (totalLength(spec) > max) {
      ctx.addIssue({ code: 'custom', path: ['length'], message: `期限（含延长）不能超过 ${max}` });
    }
    const start = instantOrNull(spec.start);
    spec.restarts.forEach((r, i) => {
      const at = instantOrNull(r.at);
      if (start && at && at < start) {
        ctx.addIssue({
          code: 'custom',
          path: ['restarts', i, 'at'],
          message: '重新起算时间不能早于起算时间',
        });
      }
    });
    if (spec.pauses.filter((p) => p.to === null).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['pauses'], message: '同一时间只能有一次未结束的暂停' });
    }
  });
export type DeadlineSpecInput = z.input<typeof deadlineSpecSchema>;

export const deadlineViewSchema = z.object({
  id: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  agencyId: z.string(),
  title: z.string(),
  link: z.string(),
  assigneeUserId: z.string().nullable(),
  assigneeRole: z.string().nullable(),
  unit: z.enum(DEADLINE_UNITS),
  /** End of the last day (days) or the exact instant (hours), UTC ISO. */
  dueAt: z.string(),
  dueDate: z.string(),
  /** 0 on the due day; negative = working days overdue. Closed deadlines: as of closing. */
  workingDaysLeft: z.number(),
  overdue: z.boolean(),
  /** due_soon = 3 working days or fewer left. */
  state: z.enum(['ok', 'due_soon', 'overdue']),
  status: z.enum(['open', 'closed']),
  /** An open pause: the due date assumes the clock restarts tomorrow. */
  paused: z.boolean(),
  /** Computed with a year that has no national holiday data yet; recomputed when it arrives. */
  provisional: z.boolean(),
  remindersSent: z.array(z.enum(REMINDER_KEYS)),
  escalatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type DeadlineView = z.infer<typeof deadlineViewSchema>;

export const breakdownDaySchema = z.object({
  date: z.string(),
  counted: z.boolean(),
  n: z.number().optional(),
  reason: z.enum(BREAKDOWN_REASONS).optional(),
  name: z.string().optional(),
  hours: z.number().optional(),
});

export const deadlineExplanationSchema = z.object({
  deadline: deadlineViewSchema,
  spec: z.object({
    start: z.string(),
    length: z.number(),
    unit: z.enum(DEADLINE_UNITS),
    regionCode: z.string(),
    pauses: z.array(z.object({ from: z.string(), to: z.string().nullable(), reason: z.string() })),
    restarts: z.array(z.object({ at: z.string(), reason: z.string() })),
    extensions: z.array(z.object({ length: z.number(), reason: z.string(), approvedBy: z.string() })),
  }),
  /** Day 0 of the count (the start, or the latest restart). */
  startDate: z.string(),
  totalLength: z.number(),
  missingYears: z.array(z.number()),
  breakdown: z.array(breakdownDaySchema),
  /** The same in Chinese, for notices and tooltips. */
  text: z.string(),
});
export type DeadlineExplanation = z.infer<typeof deadlineExplanationSchema>;

export const deadlineIdParamsSchema = z.object({ id: z.uuid({ message: '期限编号有误' }) });

import { z } from 'zod';
import { deadlineViewSchema } from '../../core/deadlines/schemas.ts';
import {
  ASSIGNABLE_ROLES,
  ASSIGNMENT_EVENTS,
  ASSIGNMENT_STATUSES,
  MAX_WORKING_DAYS,
  MIN_WORKING_DAYS,
} from './model.ts';

/** Shapes of the assignments API, shared by the routes, the service and the console. */

export const assignmentCreateSchema = z.object({
  agencyId: z.uuid({ message: '请选择承办单位' }),
  title: z.string().trim().min(2, '标题至少 2 个字').max(100, '标题不能超过 100 个字'),
  description: z.string().trim().max(2000, '说明不能超过 2000 个字').default(''),
  assigneeRole: z.enum(ASSIGNABLE_ROLES, { message: '请选择承办角色' }),
  workingDays: z
    .int('办理期限须为整数个工作日')
    .min(MIN_WORKING_DAYS, `办理期限至少 ${MIN_WORKING_DAYS} 个工作日`)
    .max(MAX_WORKING_DAYS, `办理期限不能超过 ${MAX_WORKING_DAYS} 个工作日`),
});
export type AssignmentCreateInput = z.input<typeof assignmentCreateSchema>;

export const assignmentCompleteSchema = z.object({
  note: z.string().trim().min(2, '请填写办理情况（至少 2 个字）').max(2000, '办理情况不能超过 2000 个字'),
});

export const assignmentCancelSchema = z.object({
  reason: z.string().trim().min(2, '请填写撤销原因（至少 2 个字）').max(500, '撤销原因不能超过 500 个字'),
});

export const assignmentListQuerySchema = z.object({
  status: z.enum(ASSIGNMENT_STATUSES, { message: '状态有误' }).optional(),
});

export const assignmentIdParamsSchema = z.object({ id: z.uuid({ message: '交办事项编号有误' }) });

const person = z.object({ id: z.string(), name: z.string() });

export const assignmentSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  title: z.string(),
  description: z.string(),
  assigneeRole: z.enum(ASSIGNABLE_ROLES),
  workingDays: z.number(),
  status: z.enum(ASSIGNMENT_STATUSES),
  createdBy: person,
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: person.nullable(),
  completionNote: z.string().nullable(),
  cancelReason: z.string().nullable(),
  deadline: deadlineViewSchema.nullable(),
  /** What the actor may do now: the console shows exactly these buttons. */
  allowedActions: z.array(z.enum(ASSIGNMENT_EVENTS)),
});
export type AssignmentView = z.infer<typeof assignmentSchema>;

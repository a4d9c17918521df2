import { z } from 'zod';
import { deadlineViewSchema } from '../deadlines/schemas.ts';

/** My tasks, as the API returns them (shared with the console). */
export const taskSchema = z.object({
  /** The deadline's id: one task per open deadline. */
  id: z.string(),
  title: z.string(),
  /** The module that owns the item, e.g. 'assignments'. */
  module: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  /** Where the item is handled in the console. */
  link: z.string(),
  deadline: deadlineViewSchema,
});
export type TaskView = z.infer<typeof taskSchema>;

export const taskListSchema = z.array(taskSchema);

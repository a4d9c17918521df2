import type { DeadlineView } from '../../../src/core/deadlines/schemas.ts';
import { formatDate, formatDateTime } from './format.ts';

export type { DeadlineView };

/** The due date as people read it: the day for day counts (it ends at 24:00), the minute for hour clocks. */
export function formatDue(deadline: Pick<DeadlineView, 'unit' | 'dueAt' | 'dueDate'>): string {
  return deadline.unit === 'hours' ? formatDateTime(deadline.dueAt) : formatDate(deadline.dueDate);
}

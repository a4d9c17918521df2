import { useQuery } from '@tanstack/react-query';
import type { TaskView } from '../../../../src/core/tasks/schemas.ts';
import { api } from '../../lib/api.ts';

export type { TaskView };

export function useMyTasks() {
  return useQuery({
    queryKey: ['tasks'],
    queryFn: () => api.get<TaskView[]>('/api/tasks'),
    refetchInterval: 120_000,
  });
}

/** The capability (DESIGN.md) each module's tasks belong to, as the navigation names it. */
export const MODULE_LABELS: Record<string, string> = {
  assignments: '交办事项',
  documents: '主动公开',
  interpretations: '政策解读',
  requests: '依申请公开',
  participation: '公众参与',
  opinions: '舆情回应',
  press: '新闻发布',
  websites: '网站与新媒体',
  supervision: '监督考核',
  reports: '年度报告',
  orgs: '组织机构',
};

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssignmentCreateInput, AssignmentView } from '../../../../src/modules/assignments/schemas.ts';
import { api, query } from '../../lib/api.ts';

export type { AssignmentCreateInput, AssignmentView };
export type AssignmentStatus = AssignmentView['status'];
export type AssignableRole = AssignmentView['assigneeRole'];

/** The roles work can be assigned to (the server's ASSIGNABLE_ROLES; the Record keeps the two in step). */
const ASSIGNABLE: Record<AssignableRole, true> = {
  drafter: true,
  unit_head: true,
  secrecy_reviewer: true,
  leader_in_charge: true,
  disclosure_officer: true,
  web_editor: true,
  spokesperson: true,
};
export const ASSIGNABLE_ROLES = Object.keys(ASSIGNABLE) as AssignableRole[];

export const STATUS_LABELS: Record<AssignmentStatus, string> = {
  open: '办理中',
  completed: '已办结',
  cancelled: '已撤销',
};

const KEY = ['assignments'] as const;
const enc = encodeURIComponent;

export function useAssignments(status: AssignmentStatus | undefined) {
  return useQuery({
    queryKey: [...KEY, 'list', status ?? 'all'],
    queryFn: () => api.get<AssignmentView[]>(`/api/assignments${query({ status })}`),
  });
}

export function useAssignment(id: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'one', id],
    queryFn: () => api.get<AssignmentView>(`/api/assignments/${enc(id!)}`),
    enabled: Boolean(id),
  });
}

/** Every change to an assignment also changes My tasks (its deadline opens or closes). */
function useAssignmentMutation<T>(fn: (input: T) => Promise<AssignmentView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export const useCreateAssignment = () =>
  useAssignmentMutation((body: AssignmentCreateInput) =>
    api.post<AssignmentView>('/api/assignments', body, { quiet: true }),
  );

export const useCompleteAssignment = () =>
  useAssignmentMutation(({ id, note }: { id: string; note: string }) =>
    api.post<AssignmentView>(`/api/assignments/${enc(id)}/complete`, { note }, { quiet: true }),
  );

export const useCancelAssignment = () =>
  useAssignmentMutation(({ id, reason }: { id: string; reason: string }) =>
    api.post<AssignmentView>(`/api/assignments/${enc(id)}/cancel`, { reason }, { quiet: true }),
  );

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CheckInput,
  CheckResult,
  LeaderCreateInput,
  LeaderUpdateInput,
  LeaderView,
  WordCreateInput,
  WordUpdateInput,
  WordView,
} from '../../../../src/modules/screening/schemas.ts';
import { api } from '../../lib/api.ts';

export type { CheckInput, CheckResult, LeaderCreateInput, LeaderView, WordCreateInput, WordView };
export type Finding = CheckResult['findings'][number];

const KEY = ['screening'] as const;
const enc = encodeURIComponent;

export const useWords = () =>
  useQuery({ queryKey: [...KEY, 'words'], queryFn: () => api.get<WordView[]>('/api/screening/words') });

export const useLeaders = () =>
  useQuery({ queryKey: [...KEY, 'leaders'], queryFn: () => api.get<LeaderView[]>('/api/screening/leaders') });

function useListMutation<T, R>(fn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
}

export const useSaveWord = () =>
  useListMutation(({ id, body }: { id?: string; body: WordCreateInput | WordUpdateInput }) =>
    id
      ? api.patch<WordView>(`/api/screening/words/${enc(id)}`, body, { quiet: true })
      : api.post<WordView>('/api/screening/words', body, { quiet: true }),
  );

export const useDeleteWord = () =>
  useListMutation((id: string) => api.delete<void>(`/api/screening/words/${enc(id)}`));

export const useSaveLeader = () =>
  useListMutation(({ id, body }: { id?: string; body: LeaderCreateInput | LeaderUpdateInput }) =>
    id
      ? api.patch<LeaderView>(`/api/screening/leaders/${enc(id)}`, body, { quiet: true })
      : api.post<LeaderView>('/api/screening/leaders', body, { quiet: true }),
  );

export const useDeleteLeader = () =>
  useListMutation((id: string) => api.delete<void>(`/api/screening/leaders/${enc(id)}`));

export const useCheck = () =>
  useMutation({
    mutationFn: (body: CheckInput) => api.post<CheckResult>('/api/screening/check', body, { quiet: true }),
  });

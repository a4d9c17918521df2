import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AgencyCreateInput,
  AgencyPatch,
  agencyDetailSchema,
  agencySchema,
  UserCreateInput,
  UserPatch,
  userViewSchema,
} from '../../../../src/modules/orgs/schemas.ts';
import { AGENCIES_KEY } from '../../lib/agencies.ts';
import { api, query } from '../../lib/api.ts';

export type Agency = z.infer<typeof agencySchema>;
export type AgencyDetail = z.infer<typeof agencyDetailSchema>;
export type AgencyKind = Agency['kind'];
export type UserView = z.infer<typeof userViewSchema>;
export type { AgencyCreateInput, AgencyPatch, UserCreateInput, UserPatch };
export { AGENCY_KIND_LABELS } from '../../../../src/modules/orgs/model.ts';

const enc = encodeURIComponent;

export function useAgency(id: string | undefined) {
  return useQuery({
    queryKey: [...AGENCIES_KEY, id],
    queryFn: () => api.get<AgencyDetail>(`/api/agencies/${enc(id!)}`),
    enabled: Boolean(id),
  });
}

export function useSaveAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: AgencyCreateInput }) =>
      id
        ? api.patch<Agency>(`/api/agencies/${enc(id)}`, body, { quiet: true })
        : api.post<Agency>('/api/agencies', body, { quiet: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: AGENCIES_KEY }),
  });
}

const USERS_KEY = ['users'] as const;

export function useUsers(agencyId: string | undefined) {
  return useQuery({
    queryKey: [...USERS_KEY, agencyId ?? 'all'],
    queryFn: async () => (await api.get<{ users: UserView[] }>(`/api/users${query({ agencyId })}`)).users,
  });
}

function useUserMutation<T>(fn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export const useCreateUser = () =>
  useUserMutation((body: UserCreateInput) => api.post<UserView>('/api/users', body, { quiet: true }));

export const useUpdateUser = () =>
  useUserMutation(({ id, patch }: { id: string; patch: UserPatch }) =>
    api.patch<UserView>(`/api/users/${enc(id)}`, patch, { quiet: true }),
  );

export const useSetMemberships = () =>
  useUserMutation(({ id, memberships }: { id: string; memberships: UserCreateInput['memberships'] }) =>
    api.put<UserView>(`/api/users/${enc(id)}/memberships`, { memberships }, { quiet: true }),
  );

export const useResetPassword = () =>
  useUserMutation(({ id, newPassword }: { id: string; newPassword: string }) =>
    api.post<void>(`/api/users/${enc(id)}/reset-password`, { newPassword }, { quiet: true }),
  );

export const useUnlockUser = () =>
  useUserMutation((id: string) => api.post<void>(`/api/users/${enc(id)}/unlock`));

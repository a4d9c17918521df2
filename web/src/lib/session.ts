import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { MeResponse } from '../../../src/core/auth/schemas.ts';
import { api, ApiError, setCsrfToken } from './api.ts';

/**
 * GET /api/auth/me. `allowedActions` hold in the current agency; while `mustChangePassword` is true
 * (an administrator reset the password) the server refuses every other request, and the shell shows
 * nothing but the password change.
 */
export type Me = MeResponse;
export type Action = Me['allowedActions'][number];

export const ME_KEY = ['auth', 'me'] as const;

/** The session probe: null when nobody is logged in (401 is an answer here, not an error). */
async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/auth/me', { allowUnauthenticated: true, quiet: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** The logged-in user inside the console shell (which renders only once `useMe` has a user). */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession outside the authenticated shell');
  return data;
}

/** Whether the server allows the action in the current agency; buttons follow this, never a local rule. */
export function useCan(action: Action): boolean {
  const { data } = useMe();
  return data?.allowedActions.includes(action) ?? false;
}

/** After login or an agency switch: the new Me, and everything cached for the old agency dropped. */
export function replaceSession(queryClient: QueryClient, me: Me | null): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  queryClient.setQueryData(ME_KEY, me);
}

/** Asks the server for Me again (after a password change: mustChangePassword is then false). */
export function useRefreshSession(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ME_KEY });
}

export function useReplaceSession(): (me: Me | null) => void {
  const queryClient = useQueryClient();
  return (me) => replaceSession(queryClient, me);
}

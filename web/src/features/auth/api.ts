import { useMutation } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { useReplaceSession, type Me } from '../../lib/session.ts';

export interface LoginBody {
  username: string;
  password: string;
}

/** POST /api/auth/login; the form shows the server's message itself (wrong password, locked account). */
export function useLogin() {
  const replaceSession = useReplaceSession();
  return useMutation({
    mutationFn: (body: LoginBody) =>
      api.post<{ me: Me; csrfToken: string }>('/api/auth/login', body, {
        quiet: true,
        allowUnauthenticated: true,
      }),
    onSuccess: (result) => replaceSession({ ...result.me, csrfToken: result.csrfToken }),
  });
}

export function useLogout() {
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout', undefined, { allowUnauthenticated: true }),
    // Whatever the server answered, this browser is logged out now. A full load of the login page
    // drops every cached answer of the old session (and does not offer to "return" to the shell).
    onSettled: () => window.location.replace('/console/login'),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { oldPassword: string; newPassword: string }) =>
      api.post<void>('/api/auth/password', body, { quiet: true }),
  });
}

export function useSwitchAgency() {
  const replaceSession = useReplaceSession();
  return useMutation({
    mutationFn: (agencyId: string) => api.post<Me>('/api/auth/switch-agency', { agencyId }),
    onSuccess: (me) => replaceSession(me),
  });
}

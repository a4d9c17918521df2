import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationList, NotificationView } from '../../../../src/core/notify/schemas.ts';
import { api } from '../../lib/api.ts';

export type { NotificationView };

const KEY = ['notifications'] as const;

export function useNotifications() {
  // Polled so that a reminder sent by the scheduler shows up without a reload.
  return useQuery({
    queryKey: KEY,
    queryFn: () => api.get<NotificationList>('/api/notifications', { quiet: true }),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/notifications/read-all'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CalendarDayView,
  CalendarYearView,
  OverrideInput,
  overrideResultSchema,
  RegionView,
} from '../../../../src/core/calendar/schemas.ts';
import { api, query } from '../../lib/api.ts';

export type { CalendarDayView, CalendarYearView, OverrideInput, RegionView };
export type OverrideResult = z.infer<typeof overrideResultSchema>;

const KEY = ['calendar'] as const;

export function useCalendarYear(year: number, regionCode: string) {
  return useQuery({
    queryKey: [...KEY, 'year', year, regionCode],
    queryFn: () => api.get<CalendarYearView>(`/api/calendar${query({ year, region: regionCode })}`),
  });
}

export function useRegions() {
  return useQuery({
    queryKey: [...KEY, 'regions'],
    queryFn: async () => (await api.get<{ regions: RegionView[] }>('/api/calendar/regions')).regions,
    staleTime: Infinity,
  });
}

export function useSetOverride() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OverrideInput) =>
      api.post<OverrideResult>('/api/calendar/overrides', body, { quiet: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRemoveOverride() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ regionCode, date }: { regionCode: string; date: string }) =>
      api.delete<OverrideResult>(`/api/calendar/overrides${query({ regionCode, date })}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

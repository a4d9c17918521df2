import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GuideInput, GuideView } from '../../../../src/modules/guides/schemas.ts';
import { api } from '../../lib/api.ts';

export type { GuideInput, GuideView };
export type GuideField = keyof GuideView['content'];

const KEY = ['guides'] as const;
const enc = encodeURIComponent;

export function useGuide(agencyId: string | undefined) {
  return useQuery({
    queryKey: [...KEY, agencyId],
    queryFn: () => api.get<GuideView>(`/api/guides/${enc(agencyId!)}`),
    enabled: Boolean(agencyId),
  });
}

export function useSaveGuide() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ agencyId, body }: { agencyId: string; body: GuideInput }) =>
      api.put<GuideView>(`/api/guides/${enc(agencyId)}`, body, { quiet: true }),
    onSuccess: (saved) => queryClient.setQueryData([...KEY, saved.agencyId], saved),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CatalogDocument,
  CatalogNodeView,
  CatalogReport,
  CatalogTreeView,
  FileInput,
  FilingResult,
  ItemElementsInput,
  NodeCreateInput,
  NodeMoveInput,
  NodeUpdateInput,
  UnfileInput,
} from '../../../../src/modules/catalog/schemas.ts';
import { api, query } from '../../lib/api.ts';

export type {
  CatalogDocument,
  CatalogNodeView,
  CatalogReport,
  CatalogTreeView,
  ItemElementsInput,
  NodeCreateInput,
  NodeUpdateInput,
};

const KEY = ['catalog'] as const;
const enc = encodeURIComponent;

export function useCatalogTree(agencyId: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'tree', agencyId],
    queryFn: () => api.get<CatalogTreeView>(`/api/catalog/tree${query({ agencyId })}`),
    enabled: Boolean(agencyId),
  });
}

export function useUnfiled(agencyId: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'unfiled', agencyId],
    queryFn: () => api.get<CatalogDocument[]>(`/api/catalog/unfiled${query({ agencyId })}`),
    enabled: Boolean(agencyId),
  });
}

export function useCatalogReport(agencyId: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'report', agencyId],
    queryFn: () => api.get<CatalogReport>(`/api/catalog/report${query({ agencyId })}`),
    enabled: Boolean(agencyId),
  });
}

/** Every change to the catalog can change the tree, the unfiled list and the report. */
function useCatalogMutation<T, R>(fn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export const useEnsureStandardTree = () =>
  useCatalogMutation((agencyId: string) =>
    api.post<CatalogTreeView>('/api/catalog/standard-tree', { agencyId }),
  );

export const useCreateNode = () =>
  useCatalogMutation((body: NodeCreateInput) =>
    api.post<CatalogNodeView>('/api/catalog/nodes', body, { quiet: true }),
  );

export const useUpdateNode = () =>
  useCatalogMutation(({ id, ...body }: NodeUpdateInput & { id: string }) =>
    api.patch<CatalogNodeView>(`/api/catalog/nodes/${enc(id)}`, body, { quiet: true }),
  );

export const useMoveNode = () =>
  useCatalogMutation(({ id, ...body }: NodeMoveInput & { id: string }) =>
    api.post<CatalogNodeView>(`/api/catalog/nodes/${enc(id)}/move`, body),
  );

export const useDeleteNode = () =>
  useCatalogMutation((id: string) => api.delete<null>(`/api/catalog/nodes/${enc(id)}`));

export const useFile = () =>
  useCatalogMutation((body: FileInput) => api.post<FilingResult>('/api/catalog/filings', body));

export const useUnfile = () =>
  useCatalogMutation((body: UnfileInput) => api.post<FilingResult>('/api/catalog/filings/remove', body));

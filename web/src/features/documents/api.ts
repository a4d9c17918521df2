import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FileView } from '../../../../src/core/files/schemas.ts';
import type { CatalogNodeView, CatalogTreeView } from '../../../../src/modules/catalog/schemas.ts';
import type {
  DocumentAction,
  DocumentListItem,
  DocumentView,
  DraftInput,
  FindingView,
  ReviseInput,
  ScreeningRecord,
  SelfReviewView,
  SettingsInput,
  SettingsView,
} from '../../../../src/modules/documents/schemas.ts';
import type { DocumentStatus } from '../../../../src/modules/documents/model.ts';
import { api, query, uploadFile } from '../../lib/api.ts';

export type {
  DocumentAction,
  DocumentListItem,
  DocumentView,
  DraftInput,
  FileView,
  FindingView,
  ReviseInput,
  ScreeningRecord,
  SelfReviewView,
  SettingsInput,
  SettingsView,
};

const KEY = ['documents'] as const;
const enc = encodeURIComponent;

export interface ListFilter {
  awaitingMe?: boolean;
  status?: DocumentStatus;
  agencyId?: string;
}

export function useDocuments(filter: ListFilter) {
  return useQuery({
    queryKey: [...KEY, 'list', filter],
    queryFn: () =>
      api.get<DocumentListItem[]>(
        `/api/documents${query({ awaitingMe: filter.awaitingMe, status: filter.status, agencyId: filter.agencyId })}`,
      ),
  });
}

export function useDocument(id: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'one', id],
    queryFn: () => api.get<DocumentView>(`/api/documents/${enc(id!)}`),
    enabled: Boolean(id),
  });
}

/** Every change to a document may open or close deadlines: My tasks is refreshed too. */
function useDocumentMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export const useCreateDraft = () =>
  useDocumentMutation((body: DraftInput) => api.post<DocumentView>('/api/documents', body, { quiet: true }));

export const useUpdateDraft = () =>
  useDocumentMutation(({ id, body }: { id: string; body: DraftInput }) =>
    api.put<DocumentView>(`/api/documents/${enc(id)}`, body, { quiet: true }),
  );

export const useRevise = () =>
  useDocumentMutation(({ id, body }: { id: string; body: ReviseInput }) =>
    api.post<DocumentView>(`/api/documents/${enc(id)}/revise`, body, { quiet: true }),
  );

/** Screens a revision before it is saved: its warnings' keys are what the revision's overrides name. */
export const useScreenRevision = () =>
  useMutation({
    mutationFn: ({ id, body }: { id: string; body: ReviseInput }) =>
      api.post<ScreeningRecord>(`/api/documents/${enc(id)}/revise/screen`, body, { quiet: true }),
  });

/** The workflow steps that take a small body and answer with the document. */
export type StepPath =
  | 'submit'
  | 'approve'
  | 'return'
  | 'escalate'
  | 'escalation-answer'
  | 'publish'
  | 'withdraw'
  | 'validity'
  | 'convert';

export const useStep = () =>
  useDocumentMutation(({ id, step, body }: { id: string; step: StepPath; body?: unknown }) =>
    api.post<DocumentView>(`/api/documents/${enc(id)}/${step}`, body ?? {}, { quiet: true }),
  );

export const useScreen = () =>
  useDocumentMutation((id: string) =>
    api.post<ScreeningRecord>(`/api/documents/${enc(id)}/screen`, {}, { quiet: true }),
  );

export const useAnswerConsultation = () =>
  useDocumentMutation(
    ({
      id,
      consultationId,
      body,
    }: {
      id: string;
      consultationId: string;
      body: { decision: 'consent' | 'object'; opinion: string | null };
    }) =>
      api.post<DocumentView>(`/api/documents/${enc(id)}/consultations/${enc(consultationId)}/answer`, body, {
        quiet: true,
      }),
  );

export const uploadAttachment = (file: File, agencyId: string | undefined) =>
  uploadFile<FileView>(`/api/files${query({ agencyId })}`, file, { quiet: true });

export function useSelfReview(agencyId: string | undefined, year: number) {
  return useQuery({
    queryKey: [...KEY, 'self-review', agencyId, year],
    queryFn: () => api.get<SelfReviewView>(`/api/documents-self-review${query({ agencyId, year })}`),
    enabled: Boolean(agencyId),
  });
}

export function useSettings(agencyId: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'settings', agencyId],
    queryFn: () => api.get<SettingsView>(`/api/document-settings/${enc(agencyId!)}`),
    enabled: Boolean(agencyId),
  });
}

export const useSaveSettings = () =>
  useDocumentMutation(({ agencyId, body }: { agencyId: string; body: SettingsInput }) =>
    api.put<SettingsView>(`/api/document-settings/${enc(agencyId)}`, body, { quiet: true }),
  );

/** The agency's 公开事项 (catalog items) to file a draft under; null when the catalog cannot be read. */
export function useCatalogItems(agencyId: string | undefined) {
  return useQuery({
    queryKey: ['catalog', 'tree', agencyId],
    queryFn: () => api.get<CatalogTreeView>(`/api/catalog/tree${query({ agencyId })}`, { quiet: true }),
    enabled: Boolean(agencyId),
    select: (tree) => catalogItems(tree.stages, []),
  });
}

function catalogItems(nodes: readonly CatalogNodeView[], path: string[]): { id: string; label: string }[] {
  return nodes.flatMap((n) =>
    n.kind === 'item'
      ? [{ id: n.id, label: [...path, n.name].join(' / ') }]
      : catalogItems(n.children, [...path, n.name]),
  );
}

export const fileUrl = (fileId: string) => `/api/files/${enc(fileId)}/content`;

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { AgencyTreeNode } from '../../../src/modules/orgs/schemas.ts';
import { api } from './api.ts';

export type { AgencyTreeNode };

export const AGENCIES_KEY = ['agencies'] as const;

/** GET /api/agencies: the agencies the user may see, as a forest. Shared by every feature's pickers. */
export function useAgencyTree() {
  return useQuery({
    queryKey: AGENCIES_KEY,
    queryFn: async () => (await api.get<{ agencies: AgencyTreeNode[] }>('/api/agencies')).agencies,
  });
}

export function flattenAgencies(forest: readonly AgencyTreeNode[]): AgencyTreeNode[] {
  return forest.flatMap((node) => [node, ...flattenAgencies(node.children)]);
}

/** id → name for everything in the tree. */
export function useAgencyNames(): Map<string, string> {
  const { data } = useAgencyTree();
  return useMemo(() => new Map(flattenAgencies(data ?? []).map((a) => [a.id, a.name])), [data]);
}

import type { AgencyNode } from '../modules/orgs/model.ts';
import { PORTAL_SECTION_LABELS, type PortalSection } from '../modules/documents/model.ts';
import type { OrgsService } from '../modules/orgs/service.ts';

/** Where each 专栏 column lives. English paths, as the glossary names things (disclosure, document). */
export const SECTION_PATHS: Record<PortalSection, string> = {
  guide: '/disclosure/guide',
  rules: '/disclosure/rules',
  statutory: '/disclosure/statutory',
  annual_reports: '/disclosure/annual-reports',
};
export const ON_REQUEST_PATH = '/disclosure/on-request';

export const documentPath = (id: string): string => `/documents/${id}`;

export type NavKey = 'home' | PortalSection | 'on_request';

/** The 政府信息公开专栏 navigation, in the standard order (rules.md §6). */
export const NAV: readonly { key: NavKey; href: string; label: string }[] = [
  { key: 'home', href: '/', label: '首页' },
  { key: 'guide', href: SECTION_PATHS.guide, label: PORTAL_SECTION_LABELS.guide },
  { key: 'rules', href: SECTION_PATHS.rules, label: PORTAL_SECTION_LABELS.rules },
  { key: 'statutory', href: SECTION_PATHS.statutory, label: PORTAL_SECTION_LABELS.statutory },
  { key: 'annual_reports', href: SECTION_PATHS.annual_reports, label: PORTAL_SECTION_LABELS.annual_reports },
  { key: 'on_request', href: ON_REQUEST_PATH, label: '依申请公开' },
];

export interface SiteOffice {
  name: string;
  address: string | null;
  phone: string | null;
}

/** What every page shows about the region: its name in the header, its disclosure office in the footer. */
export interface Site {
  regionName: string;
  /** The government office: the region's 政务公开 主管部门 and 政府信息公开工作机构. */
  office: SiteOffice | null;
  /** Every active agency, in tree order, for the "publisher" filter. */
  agencies: { id: string; name: string }[];
}

/** Before a region is set up (an empty database) the portal still renders, under a generic name. */
export const EMPTY_SITE: Site = { regionName: '政府信息公开', office: null, agencies: [] };

export async function loadSite(orgs: Pick<OrgsService, 'tree'>): Promise<Site> {
  const roots = await orgs.tree();
  const root = roots[0];
  if (!root) return EMPTY_SITE;
  const office = root.children.find((c) => c.kind === 'office' && c.active) ?? null;
  const agencies: Site['agencies'] = [];
  const walk = (nodes: AgencyNode[]): void => {
    for (const n of nodes) {
      if (!n.active) continue;
      agencies.push({ id: n.id, name: n.name });
      walk(n.children);
    }
  };
  walk(roots);
  return {
    regionName: root.name,
    office: office ? { name: office.name, address: office.address, phone: office.phone } : null,
    agencies,
  };
}

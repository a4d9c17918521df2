import type { AgencyKind, AgencyNode } from '../modules/orgs/model.ts';
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
/** The print view of a document: metadata box and body, without the site's navigation. */
export const documentPrintPath = (id: string): string => `/documents/${id}/print`;

/** The index of the agencies' own 专栏 (部门、乡镇), and each agency's 专栏 home. */
export const AGENCIES_PATH = '/disclosure/agencies';
export const agencyPath = (id: string): string => `${AGENCIES_PATH}/${id}`;
/** The region's guide is the 专栏's own 信息公开指南 column; every other agency's sits under its 专栏. */
export const agencyGuidePath = (id: string, isRegion: boolean): string =>
  isRegion ? SECTION_PATHS.guide : `${agencyPath(id)}/guide`;
/** The 公开目录 (built by the catalog capability): the region's, or one agency's. */
export const catalogPath = (agencyId?: string): string =>
  agencyId ? `/disclosure/catalog?agency=${agencyId}` : '/disclosure/catalog';

/** Machine-readable faces of the portal: feeds, the sitemap, the open-data API and its description. */
export const OPEN_DATA_PATH = '/open-data';
export const OPEN_DATA_DOCUMENTS_PATH = '/open-data/documents.json';
export const FEED_PATHS = { atom: '/feeds/documents.atom', rss: '/feeds/documents.rss' } as const;
export const SITEMAP_PATH = '/sitemap.xml';

/** A feed of one agency and/or column (both optional: the whole region's newest documents). */
export function feedPath(
  format: keyof typeof FEED_PATHS,
  filter: { agencyId?: string | undefined; section?: PortalSection | undefined } = {},
): string {
  const q = new URLSearchParams();
  if (filter.agencyId) q.set('agency', filter.agencyId);
  if (filter.section) q.set('section', filter.section);
  const s = q.toString();
  return s ? `${FEED_PATHS[format]}?${s}` : FEED_PATHS[format];
}

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
  /** Every active agency, in tree order, for the "publisher" filter (with its kind, for the 专栏 index). */
  agencies: { id: string; name: string; kind?: AgencyKind }[];
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
      agencies.push({ id: n.id, name: n.name, kind: n.kind });
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

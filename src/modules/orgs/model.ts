/**
 * The organisation tree: kinds of agency, where each may sit, and who supervises whom. Pure rules,
 * no I/O; the service applies them before every change.
 */

/** The kinds of agency the Regulations deal with (Art 10, 54, 55). */
export const AGENCY_KINDS = [
  'government',
  'office',
  'department',
  'township',
  'dispatched',
  'authorised',
  'enterprise',
] as const;

export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  government: '人民政府',
  office: '政府办公室',
  department: '部门',
  township: '乡镇/街道',
  dispatched: '派出机构',
  authorised: '法律法规授权组织',
  enterprise: '公共企事业单位',
};

export interface Agency {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  uscc: string | null;
  divisionCode: string | null;
  regionCode: string;
  address: string | null;
  phone: string | null;
  sortOrder: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AgencyNode extends Agency {
  children: AgencyNode[];
}

/**
 * Where each kind of agency may sit. A government is the root of a region or sits under the
 * government above it (a county under its city). Its office, departments and townships sit directly
 * under it. Dispatched bodies (派出机构, Art 10 para 2) and authorised organisations (Art 54) are set
 * up by a government or a department; public enterprises and institutions (Art 55) are overseen by
 * a government, a department or a township.
 */
export const ALLOWED_PARENTS: Record<AgencyKind, readonly AgencyKind[]> = {
  government: ['government'],
  office: ['government'],
  department: ['government'],
  township: ['government'],
  dispatched: ['government', 'department'],
  authorised: ['government', 'department'],
  enterprise: ['government', 'department', 'township'],
};

/** Only a people's government can be the root of a region. */
export function canBeRoot(kind: AgencyKind): boolean {
  return kind === 'government';
}

/** Why an agency of `kind` cannot sit under a parent of `parentKind` (null = at the root), or null if it can. */
export function placementError(kind: AgencyKind, parentKind: AgencyKind | null): string | null {
  if (parentKind === null) {
    return canBeRoot(kind) ? null : `${AGENCY_KIND_LABELS[kind]}不能作为最上级单位，请选择上级单位`;
  }
  if (ALLOWED_PARENTS[kind].includes(parentKind)) return null;
  const allowed = ALLOWED_PARENTS[kind].map((k) => AGENCY_KIND_LABELS[k]).join('、');
  return `${AGENCY_KIND_LABELS[kind]}的上级单位只能是${allowed}，不能是${AGENCY_KIND_LABELS[parentKind]}`;
}

/**
 * Moving an agency under a new parent must not put it below itself: the new parent's path (ids
 * from the root down to the new parent) must not contain the agency.
 */
export function createsCycle(agencyId: string, newParentPath: readonly string[]): boolean {
  return newParentPath.includes(agencyId);
}

/** A government has one office (办公室/办公厅); a second one would make supervision ambiguous. */
export function officeTaken(
  kind: AgencyKind,
  siblings: readonly { kind: AgencyKind; active: boolean }[],
): boolean {
  return kind === 'office' && siblings.some((s) => s.kind === 'office' && s.active);
}

/**
 * The 主管部门 (supervising agency) of an agency. Art 3 para 2 of the Regulations: 县级以上地方人民政府
 * 办公厅（室）是本行政区域的政府信息公开工作主管部门. So it is the office of the nearest government at or
 * above the agency (for an office, itself; for a government, its own office); a government without
 * an office defers to the government above it. `chain` is the agency and its ancestors, nearest
 * first; `officeOf` finds a government's active office.
 */
export function supervisingAgencyId(
  chain: readonly Pick<Agency, 'id' | 'kind'>[],
  officeOf: (governmentId: string) => string | null,
): string | null {
  for (const agency of chain) {
    if (agency.kind !== 'government') continue;
    const office = officeOf(agency.id);
    if (office) return office;
  }
  return null;
}

/**
 * The calendar region an agency counts working days in, when none is given: the province of its
 * division (regional holidays such as Ningxia's are set per province), else its parent's region.
 */
export function defaultRegionCode(
  divisionCode: string | null,
  parentRegionCode: string | null,
): string | null {
  if (divisionCode) return `${divisionCode.slice(0, 2)}0000`;
  return parentRegionCode;
}

/**
 * The agencies whose roles reach the last agency of `path` (ids from the root down). A role applies
 * where it is held and below (core/auth/permissions.ts); in addition, a government's office holds
 * its government's authority over the agencies that government leads, because the office is the
 * disclosure office that 推进、指导、协调、监督 their disclosure work (条例第三条第二款、第四条).
 * So after each government on the path its active office is inserted.
 */
export function authorityPath(
  path: readonly string[],
  kindOf: (id: string) => AgencyKind | undefined,
  officeOf: (governmentId: string) => string | null,
): string[] {
  const result: string[] = [];
  for (const id of path) {
    result.push(id);
    if (kindOf(id) !== 'government') continue;
    const office = officeOf(id);
    if (office && !path.includes(office)) result.push(office);
  }
  return result;
}

/**
 * Paths (ids from the root down to each agency) for a whole set of agencies, computed in memory.
 * An agency whose chain leaves the set or loops gets the part of the chain that could be followed.
 */
export function pathsOf(agencies: readonly Pick<Agency, 'id' | 'parentId'>[]): Map<string, string[]> {
  const parentOf = new Map(agencies.map((a) => [a.id, a.parentId]));
  const paths = new Map<string, string[]>();
  for (const agency of agencies) {
    const path: string[] = [];
    const seen = new Set<string>();
    let current: string | null | undefined = agency.id;
    while (current && !seen.has(current) && parentOf.has(current)) {
      seen.add(current);
      path.unshift(current);
      current = parentOf.get(current);
    }
    paths.set(agency.id, path);
  }
  return paths;
}

/**
 * Builds the forest of `agencies` (already filtered, e.g. to what an actor may see): an agency whose
 * parent is not in the set becomes a top node. Siblings are ordered by sort order, then name.
 */
export function buildForest(agencies: readonly Agency[]): AgencyNode[] {
  const nodes = new Map<string, AgencyNode>(agencies.map((a) => [a.id, { ...a, children: [] }]));
  const tops: AgencyNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : tops).push(node);
  }
  const order = (list: AgencyNode[]): void => {
    list.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-Hans-CN'));
    for (const n of list) order(n.children);
  };
  order(tops);
  return tops;
}

/** The ids of an agency and everything below it. */
export function subtreeIds(rootId: string, paths: ReadonlyMap<string, readonly string[]>): string[] {
  return [...paths].filter(([, path]) => path.includes(rootId)).map(([id]) => id);
}

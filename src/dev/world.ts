import { systemActor, systemAdminOf, type Actor } from '../core/auth/actor.ts';
import type { Role } from '../core/auth/roles.ts';
import { organizationCodeCheckChar, usccCheckChar } from '../core/validators.ts';
import type { AgencyKind } from '../modules/orgs/model.ts';
import type { Services } from '../services.ts';

/**
 * The demo region, shared by the demo (`gongkai seed-demo`, first start) and the tests: 西吉县
 * (宁夏回族自治区固原市, 行政区划代码 640422), its government, the government office (the county's
 * 政务公开 主管部门), departments, townships, one body of each other kind, and one user for every
 * role. Everything is created through the services, so it is validated and audited like any change.
 * The USCCs are generated (category + division + a made-up organisation code, both check characters
 * computed); addresses and phone numbers are made up in the local format.
 */

/** Every demo account has this password (documented in the README). */
export const DEMO_PASSWORD = 'Demo2026gongkai';

export const DEMO_DIVISION_CODE = '640422';

interface AgencySpec {
  /** The key of the parent agency (earlier in the list), or null for the root. */
  parent: string | null;
  name: string;
  shortName: string;
  kind: AgencyKind;
  /** GB 32100 登记管理部门 + 机构类别: 11 机关, 12 事业单位, 91 企业. */
  category: '11' | '12' | '91';
  address: string;
  phone: string;
}

const COUNTY = '宁夏回族自治区固原市西吉县';

/** In creation order: a parent always comes before its children. */
export const DEMO_AGENCIES = {
  county: {
    parent: null,
    name: '西吉县人民政府',
    shortName: '县政府',
    kind: 'government',
    category: '11',
    address: `${COUNTY}吉强镇西兰路 1 号`,
    phone: '0954-3012345',
  },
  office: {
    parent: 'county',
    name: '西吉县人民政府办公室',
    shortName: '县政府办',
    kind: 'office',
    category: '11',
    address: `${COUNTY}吉强镇西兰路 1 号`,
    phone: '0954-3012301',
  },
  education: {
    parent: 'county',
    name: '西吉县教育局',
    shortName: '县教育局',
    kind: 'department',
    category: '11',
    address: `${COUNTY}吉强镇文化路 18 号`,
    phone: '0954-3021101',
  },
  civilAffairs: {
    parent: 'county',
    name: '西吉县民政局',
    shortName: '县民政局',
    kind: 'department',
    category: '11',
    address: `${COUNTY}吉强镇建设路 26 号`,
    phone: '0954-3021202',
  },
  health: {
    parent: 'county',
    name: '西吉县卫生健康局',
    shortName: '县卫生健康局',
    kind: 'department',
    category: '11',
    address: `${COUNTY}吉强镇团结路 9 号`,
    phone: '0954-3021303',
  },
  naturalResources: {
    parent: 'county',
    name: '西吉县自然资源局',
    shortName: '县自然资源局',
    kind: 'department',
    category: '11',
    address: `${COUNTY}吉强镇西兰路 56 号`,
    phone: '0954-3021404',
  },
  finance: {
    parent: 'county',
    name: '西吉县财政局',
    shortName: '县财政局',
    kind: 'department',
    category: '11',
    address: `${COUNTY}吉强镇西兰路 12 号`,
    phone: '0954-3021505',
  },
  humanResources: {
    parent: 'county',
    name: '西吉县人力资源和社会保障局',
    shortName: '县人社局',
    kind: 'department',
    category: '11',
    address: `${COUNTY}吉强镇建设路 8 号`,
    phone: '0954-3021606',
  },
  development: {
    parent: 'county',
    name: '西吉县发展和改革局',
    shortName: '县发展改革局',
    kind: 'department',
    category: '11',
    address: `${COUNTY}吉强镇西兰路 3 号`,
    phone: '0954-3021707',
  },
  market: {
    parent: 'county',
    name: '西吉县市场监督管理局',
    shortName: '县市场监管局',
    kind: 'department',
    category: '11',
    address: `${COUNTY}吉强镇团结路 21 号`,
    phone: '0954-3021808',
  },
  jiqiang: {
    parent: 'county',
    name: '西吉县吉强镇人民政府',
    shortName: '吉强镇',
    kind: 'township',
    category: '11',
    address: `${COUNTY}吉强镇北大街 66 号`,
    phone: '0954-3031001',
  },
  xinglong: {
    parent: 'county',
    name: '西吉县兴隆镇人民政府',
    shortName: '兴隆镇',
    kind: 'township',
    category: '11',
    address: `${COUNTY}兴隆镇兴隆街 2 号`,
    phone: '0954-3031002',
  },
  pingfeng: {
    parent: 'county',
    name: '西吉县平峰镇人民政府',
    shortName: '平峰镇',
    kind: 'township',
    category: '11',
    address: `${COUNTY}平峰镇平峰街 5 号`,
    phone: '0954-3031003',
  },
  jiangtaibao: {
    parent: 'county',
    name: '西吉县将台堡镇人民政府',
    shortName: '将台堡镇',
    kind: 'township',
    category: '11',
    address: `${COUNTY}将台堡镇红军街 1 号`,
    phone: '0954-3031004',
  },
  xinying: {
    parent: 'county',
    name: '西吉县新营乡人民政府',
    shortName: '新营乡',
    kind: 'township',
    category: '11',
    address: `${COUNTY}新营乡新营街 8 号`,
    phone: '0954-3031005',
  },
  marketStation: {
    parent: 'market',
    name: '西吉县市场监督管理局吉强市场监督管理所',
    shortName: '吉强市场监管所',
    kind: 'dispatched',
    category: '11',
    address: `${COUNTY}吉强镇北大街 30 号`,
    phone: '0954-3041001',
  },
  socialInsurance: {
    parent: 'humanResources',
    name: '西吉县社会保险事业管理中心',
    shortName: '县社保中心',
    kind: 'authorised',
    category: '12',
    address: `${COUNTY}吉强镇建设路 10 号`,
    phone: '0954-3041002',
  },
  hospital: {
    parent: 'health',
    name: '西吉县人民医院',
    shortName: '县医院',
    kind: 'enterprise',
    category: '12',
    address: `${COUNTY}吉强镇团结路 35 号`,
    phone: '0954-3041003',
  },
} as const satisfies Record<string, AgencySpec>;

export type AgencyKey = keyof typeof DEMO_AGENCIES;

interface UserSpec {
  displayName: string;
  agency: AgencyKey;
  roles: readonly Role[];
  /** Further agencies where the user holds the same roles (the console's agency switcher). */
  alsoAt?: readonly AgencyKey[];
}

/** One account per role; usernames are fixed (README, console and e2e tests use them). */
export const DEMO_USERS = {
  admin: { displayName: '王强（系统管理员）', agency: 'county', roles: ['admin'] },
  supervisor: { displayName: '马文华（监督员）', agency: 'county', roles: ['supervisor'] },
  officer: { displayName: '马丽（政务公开专员）', agency: 'office', roles: ['disclosure_officer'] },
  officehead: { displayName: '周建国（政务公开办负责人）', agency: 'office', roles: ['office_head'] },
  webeditor: { displayName: '李娜（网站编辑）', agency: 'office', roles: ['web_editor'] },
  spokesperson: { displayName: '张海峰（新闻发言人）', agency: 'office', roles: ['spokesperson'] },
  // A deputy county head in charge of education and of health: two agencies, one switcher.
  leader: {
    displayName: '田志刚（分管领导）',
    agency: 'education',
    roles: ['leader_in_charge'],
    alsoAt: ['health'],
  },
  unithead: { displayName: '杨秀英（科室负责人）', agency: 'education', roles: ['unit_head'] },
  secrecy: { displayName: '苏建平（保密审查员）', agency: 'education', roles: ['secrecy_reviewer'] },
  drafter: { displayName: '马小燕（起草人）', agency: 'education', roles: ['drafter'] },
} as const satisfies Record<string, UserSpec>;

export type DemoUsername = keyof typeof DEMO_USERS;

/** Named handles into the built world, for tests and for the demo documents. */
export interface World {
  agencies: Record<AgencyKey, string>;
  users: Record<DemoUsername, string>;
}

/**
 * A check-digit-valid USCC for the n-th demo body: category, the county's division code, an
 * organisation code 'MB' + 6 digits with its GB 11714 check character, then the GB 32100 one.
 */
export function demoUscc(category: string, n: number): string {
  const org8 = `MB${String(640_000 + n * 37).padStart(6, '0')}`;
  const first17 = `${category}${DEMO_DIVISION_CODE}${org8}${organizationCodeCheckChar(org8)}`;
  return `${first17}${usccCheckChar(first17)}`;
}

const keysOf = <T extends object>(o: T): Extract<keyof T, string>[] =>
  Object.keys(o) as Extract<keyof T, string>[];

export async function buildWorld(services: Pick<Services, 'orgs'>): Promise<World> {
  const agencies = {} as Record<AgencyKey, string>;
  let actor: Actor = systemActor;
  let n = 0;
  for (const key of keysOf(DEMO_AGENCIES)) {
    const spec: AgencySpec = DEMO_AGENCIES[key];
    n += 1;
    const agency = await services.orgs.create(actor, {
      parentId: spec.parent ? agencies[spec.parent as AgencyKey] : null,
      name: spec.name,
      shortName: spec.shortName,
      kind: spec.kind,
      uscc: demoUscc(spec.category, n),
      divisionCode: DEMO_DIVISION_CODE,
      address: spec.address,
      phone: spec.phone,
      sortOrder: n * 10,
    });
    agencies[key] = agency.id;
    if (spec.parent === null) actor = systemAdminOf(agency.id);
  }

  const users = {} as Record<DemoUsername, string>;
  for (const username of keysOf(DEMO_USERS)) {
    const spec: UserSpec = DEMO_USERS[username];
    const user = await services.orgs.createUser(actor, {
      username,
      displayName: spec.displayName,
      password: DEMO_PASSWORD,
      email: `${username}@xiji.example`,
      memberships: [spec.agency, ...(spec.alsoAt ?? [])].map((key) => ({
        agencyId: agencies[key],
        roles: [...spec.roles],
      })),
    });
    users[username] = user.id;
  }
  return { agencies, users };
}

/** A demo user as the services see them after login: their memberships, current agency first. */
export function demoActor(world: World, username: DemoUsername): Actor {
  const spec: UserSpec = DEMO_USERS[username];
  const agencies = [spec.agency, ...(spec.alsoAt ?? [])].map((key) => world.agencies[key]);
  return {
    userId: world.users[username],
    username,
    displayName: spec.displayName,
    memberships: agencies.map((agencyId) => ({ agencyId, roles: [...spec.roles] })),
    currentAgencyId: agencies[0] ?? null,
  };
}

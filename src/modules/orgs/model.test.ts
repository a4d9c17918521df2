import { describe, expect, it } from 'vitest';
import {
  AGENCY_KINDS,
  authorityPath,
  buildForest,
  canBeRoot,
  createsCycle,
  defaultRegionCode,
  officeTaken,
  pathsOf,
  placementError,
  subtreeIds,
  supervisingAgencyId,
  type Agency,
  type AgencyKind,
} from './model.ts';

function agency(id: string, parentId: string | null, kind: AgencyKind, extra: Partial<Agency> = {}): Agency {
  return {
    id,
    parentId,
    name: id,
    shortName: null,
    kind,
    uscc: null,
    divisionCode: null,
    regionCode: '640000',
    address: null,
    phone: null,
    sortOrder: 0,
    active: true,
    createdAt: '2026-11-21T00:00:00.000Z',
    updatedAt: '2026-11-21T00:00:00.000Z',
    ...extra,
  };
}

describe('where an agency may sit', () => {
  it('only a people’s government can be the root of a region', () => {
    expect(AGENCY_KINDS.filter(canBeRoot)).toEqual(['government']);
    expect(placementError('government', null)).toBeNull();
    expect(placementError('department', null)).toMatch(/部门不能作为最上级单位/);
  });

  it('a county government may sit under its city government', () => {
    expect(placementError('government', 'government')).toBeNull();
  });

  it('the office, departments and townships sit directly under a government', () => {
    for (const kind of ['office', 'department', 'township'] as const) {
      expect(placementError(kind, 'government')).toBeNull();
      expect(placementError(kind, 'department')).not.toBeNull();
      expect(placementError(kind, 'township')).not.toBeNull();
    }
  });

  it('dispatched bodies and authorised organisations are set up by a government or a department', () => {
    for (const kind of ['dispatched', 'authorised'] as const) {
      expect(placementError(kind, 'government')).toBeNull();
      expect(placementError(kind, 'department')).toBeNull();
      expect(placementError(kind, 'township')).not.toBeNull();
      expect(placementError(kind, 'office')).not.toBeNull();
    }
  });

  it('public enterprises and institutions may also be overseen by a township', () => {
    expect(placementError('enterprise', 'township')).toBeNull();
    expect(placementError('enterprise', 'enterprise')).not.toBeNull();
  });

  it('nothing sits under an office, a dispatched body, an authorised organisation or an enterprise', () => {
    for (const parent of ['office', 'dispatched', 'authorised', 'enterprise'] as const) {
      for (const kind of AGENCY_KINDS) expect(placementError(kind, parent)).not.toBeNull();
    }
  });

  it('explains the refusal in Chinese with the allowed parents', () => {
    expect(placementError('township', 'department')).toBe('乡镇/街道的上级单位只能是人民政府，不能是部门');
  });
});

describe('moving an agency', () => {
  it('may not put it under itself', () => {
    expect(createsCycle('edu', ['county', 'edu'])).toBe(true);
  });
  it('may not put it under one of its descendants', () => {
    expect(createsCycle('edu', ['county', 'edu', 'school'])).toBe(true);
  });
  it('may put it anywhere else', () => {
    expect(createsCycle('edu', ['county', 'health'])).toBe(false);
  });
});

describe('one office per government', () => {
  it('a second active office is refused', () => {
    expect(officeTaken('office', [{ kind: 'office', active: true }])).toBe(true);
  });
  it('a dissolved office does not count, and other kinds are not limited', () => {
    expect(officeTaken('office', [{ kind: 'office', active: false }])).toBe(false);
    expect(officeTaken('department', [{ kind: 'department', active: true }])).toBe(false);
  });
});

describe('the supervising agency (主管部门, Art 3 para 2)', () => {
  // city ─ city office
  //   └ county ─ county office, education ─ school (enterprise), jiqiang (township)
  //   └ county2 (no office recorded) ─ health
  const agencies = [
    agency('city', null, 'government'),
    agency('cityOffice', 'city', 'office'),
    agency('county', 'city', 'government'),
    agency('countyOffice', 'county', 'office'),
    agency('education', 'county', 'department'),
    agency('school', 'education', 'enterprise'),
    agency('jiqiang', 'county', 'township'),
    agency('county2', 'city', 'government'),
    agency('health', 'county2', 'department'),
  ];
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const paths = pathsOf(agencies);
  const chain = (id: string) => [...(paths.get(id) ?? [])].reverse().map((p) => byId.get(p) as Agency);
  const officeOf = (governmentId: string) =>
    agencies.find((a) => a.parentId === governmentId && a.kind === 'office')?.id ?? null;
  const supervisor = (id: string) => supervisingAgencyId(chain(id), officeOf);

  it('for a department, township or anything below them is the office of their county government', () => {
    expect(supervisor('education')).toBe('countyOffice');
    expect(supervisor('school')).toBe('countyOffice');
    expect(supervisor('jiqiang')).toBe('countyOffice');
  });
  it('for a government is its own office, and for the office itself', () => {
    expect(supervisor('county')).toBe('countyOffice');
    expect(supervisor('countyOffice')).toBe('countyOffice');
  });
  it('defers to the government above when a government has no office recorded', () => {
    expect(supervisor('health')).toBe('cityOffice');
  });
  it('is none when no government on the way up has an office', () => {
    expect(supervisingAgencyId([agency('lone', null, 'government')], () => null)).toBeNull();
  });
});

describe('calendar region', () => {
  it('is the province of the agency’s division', () => {
    expect(defaultRegionCode('640422', null)).toBe('640000');
  });
  it('is inherited from the parent when no division is recorded', () => {
    expect(defaultRegionCode(null, '640000')).toBe('640000');
    expect(defaultRegionCode(null, null)).toBeNull();
  });
});

describe('paths and forests', () => {
  const agencies = [
    agency('county', null, 'government'),
    agency('edu', 'county', 'department', { sortOrder: 2 }),
    agency('office', 'county', 'office', { sortOrder: 1 }),
    agency('school', 'edu', 'enterprise'),
  ];

  it('gives every agency its ids from the root down', () => {
    const paths = pathsOf(agencies);
    expect(paths.get('school')).toEqual(['county', 'edu', 'school']);
    expect(paths.get('county')).toEqual(['county']);
  });

  it('stops at a loop instead of running forever', () => {
    const paths = pathsOf([agency('a', 'b', 'department'), agency('b', 'a', 'department')]);
    expect(paths.get('a')).toEqual(['b', 'a']);
  });

  it('lists an agency and everything below it', () => {
    expect(subtreeIds('edu', pathsOf(agencies)).sort()).toEqual(['edu', 'school']);
  });

  it('builds a forest ordered by sort order, with unseen parents making new tops', () => {
    const forest = buildForest(agencies);
    expect(forest.map((n) => n.id)).toEqual(['county']);
    expect(forest[0]?.children.map((n) => n.id)).toEqual(['office', 'edu']);
    const partial = buildForest(agencies.filter((a) => a.id !== 'county'));
    expect(partial.map((n) => n.id)).toEqual(['office', 'edu']);
  });
});

describe('authority path (the office acts for its government, 条例第三条第二款)', () => {
  const kinds: Record<string, AgencyKind> = {
    county: 'government',
    office: 'office',
    edu: 'department',
    town: 'township',
    school: 'enterprise',
  };
  const kindOf = (id: string): AgencyKind | undefined => kinds[id];
  const officeOf = (g: string): string | null => (g === 'county' ? 'office' : null);

  it('puts the county office right after the county on the way to a department', () => {
    expect(authorityPath(['county', 'edu'], kindOf, officeOf)).toEqual(['county', 'office', 'edu']);
  });

  it('reaches below departments too', () => {
    expect(authorityPath(['county', 'edu', 'school'], kindOf, officeOf)).toEqual([
      'county',
      'office',
      'edu',
      'school',
    ]);
  });

  it('does not repeat the office on the way to the office itself', () => {
    expect(authorityPath(['county', 'office'], kindOf, officeOf)).toEqual(['county', 'office']);
  });

  it('adds nothing where the government has no office', () => {
    expect(authorityPath(['town'], kindOf, () => null)).toEqual(['town']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/auth/actor.ts';
import type { Role } from '../../core/auth/roles.ts';
import { allowedEvents, mayCreate, mayDo, mayView } from './policy.ts';

// 县政府 → (its office, 县政府办公室) → 县教育局: the authority path ORGS gives for 县教育局.
const GOV = 'gov';
const OFFICE = 'office';
const EDU = 'edu';
const eduPath = [GOV, OFFICE, EDU];
const toUnitHead = { agencyId: EDU, role: 'unit_head' };

const actor = (agencyId: string, ...roles: Role[]): Pick<Actor, 'memberships' | 'userId'> => ({
  userId: `${agencyId}-${roles.join('-')}`,
  memberships: [{ agencyId, roles }],
});

describe('assignment policy', () => {
  it('lets the disclosure officer of the supervising office hand work to the agency', () => {
    expect(mayCreate(actor(OFFICE, 'disclosure_officer'), eduPath)).toBe(true);
  });

  it('does not let the assignee agency staff or an unrelated office hand out work', () => {
    expect(mayCreate(actor(EDU, 'unit_head'), eduPath)).toBe(false);
    expect(mayCreate(actor('other-office', 'disclosure_officer'), eduPath)).toBe(false);
  });

  it('shows the assignment to the assignee agency, the supervising office and its creator', () => {
    expect(mayView(actor(EDU, 'drafter'), eduPath, 'someone')).toBe(true);
    expect(mayView(actor(OFFICE, 'web_editor'), eduPath, 'someone')).toBe(true);
    expect(mayView(actor('elsewhere', 'drafter'), eduPath, 'someone')).toBe(false);
    const creator = actor('elsewhere', 'drafter');
    expect(mayView(creator, eduPath, creator.userId)).toBe(true);
  });

  it('lets the assignee complete and the office cancel an open assignment', () => {
    expect(allowedEvents(actor(EDU, 'unit_head'), 'open', eduPath, toUnitHead)).toEqual(['complete']);
    expect(allowedEvents(actor(OFFICE, 'disclosure_officer'), 'open', eduPath, toUnitHead)).toEqual([
      'cancel',
    ]);
    expect(allowedEvents(actor(GOV, 'supervisor'), 'open', eduPath, toUnitHead)).toEqual([]);
  });

  it('lets only the assigned role in the assignee agency complete it', () => {
    expect(mayDo(actor(EDU, 'drafter'), 'complete', eduPath, toUnitHead)).toBe(false);
    // A unit head elsewhere under the county is not the assignee.
    expect(mayDo(actor(GOV, 'unit_head'), 'complete', eduPath, toUnitHead)).toBe(false);
  });

  it('offers nothing once the assignment is closed', () => {
    expect(allowedEvents(actor(EDU, 'unit_head'), 'completed', eduPath, toUnitHead)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from './actor.ts';
import {
  ACTIONS,
  PERMISSIONS,
  allowedActions,
  assertCan,
  can,
  canSomewhere,
  type Action,
} from './permissions.ts';
import { ROLES, type Role } from './roles.ts';

/**
 * The tree used here:   root ─┬─ A ── A1
 *                             └─ B
 * A role is held in A. It must apply in A and in A1 (below A), and never in B (beside A) or in
 * root (above A).
 */
const ROOT = ['root'];
const A = ['root', 'A'];
const A1 = ['root', 'A', 'A1'];
const B = ['root', 'B'];

function holding(role: Role, agencyId = 'A'): Actor {
  return {
    userId: `u-${role}`,
    username: role,
    displayName: role,
    memberships: [{ agencyId, roles: [role] }],
    currentAgencyId: agencyId,
  };
}

describe('the role × action matrix', () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const granted = PERMISSIONS[action].includes(role);
      it(`${role} ${granted ? 'may' : 'may not'} ${action}: in its agency and below, never beside or above`, () => {
        const actor = holding(role);
        expect(can(actor, action, A)).toBe(granted);
        expect(can(actor, action, A1)).toBe(granted);
        expect(can(actor, action, B)).toBe(false);
        expect(can(actor, action, ROOT)).toBe(false);
      });
    }
  }

  it('every action is granted to someone, and only to known roles', () => {
    for (const action of ACTIONS) {
      expect(PERMISSIONS[action].length).toBeGreaterThan(0);
      for (const role of PERMISSIONS[action]) expect(ROLES).toContain(role);
    }
  });
});

describe('the table reads as a county 政务公开办 works', () => {
  const may = (role: Role, action: Action): boolean => can(holding(role), action, A);

  it('only the administrator manages agencies, accounts and the calendar', () => {
    for (const action of ['agency.manage', 'user.manage', 'calendar.manage'] as const) {
      expect(ROLES.filter((r) => may(r, action))).toEqual(['admin']);
    }
  });

  it('the disclosure officer assigns work and publishes; the web editor publishes too', () => {
    expect(ROLES.filter((r) => may(r, 'assignment.create'))).toEqual(['disclosure_officer']);
    expect(ROLES.filter((r) => may(r, 'document.publish'))).toEqual(['disclosure_officer', 'web_editor']);
  });

  it('the supervisor sees everything region-wide but changes nothing', () => {
    const supervisor = holding('supervisor', 'root');
    for (const path of [ROOT, A, A1, B]) {
      expect(can(supervisor, 'document.view', path)).toBe(true);
      expect(can(supervisor, 'assignment.view', path)).toBe(true);
      expect(can(supervisor, 'audit.view', path)).toBe(true);
    }
    for (const action of ACTIONS) {
      if (action.endsWith('.view')) continue;
      expect(can(supervisor, action, A), action).toBe(false);
    }
  });

  it('a drafter drafts but neither publishes nor assigns', () => {
    expect(may('drafter', 'document.draft')).toBe(true);
    expect(may('drafter', 'document.publish')).toBe(false);
    expect(may('drafter', 'assignment.create')).toBe(false);
  });

  it('the system administrator keeps the platform but does not read the agencies\u2019 documents', () => {
    expect(may('admin', 'document.view')).toBe(false);
    expect(may('admin', 'document.draft')).toBe(false);
    expect(may('admin', 'audit.view')).toBe(true);
  });
});

describe('can, assertCan, allowedActions', () => {
  it('combines memberships in several agencies', () => {
    const actor: Actor = {
      ...holding('drafter', 'A'),
      memberships: [
        { agencyId: 'A', roles: ['drafter'] },
        { agencyId: 'B', roles: ['web_editor'] },
      ],
    };
    expect(can(actor, 'document.publish', B)).toBe(true);
    expect(can(actor, 'document.publish', A)).toBe(false);
    expect(can(actor, 'document.draft', A1)).toBe(true);
  });

  it('an empty path (unknown agency) allows nothing', () => {
    expect(can(holding('admin', 'root'), 'agency.view', [])).toBe(false);
  });

  it('assertCan throws a 403 forbidden DomainError', () => {
    expect(() => assertCan(holding('drafter'), 'document.publish', A)).toThrow(
      expect.objectContaining({ code: 'forbidden', status: 403 }),
    );
    expect(() => assertCan(holding('drafter'), 'document.draft', A)).not.toThrow();
  });

  it('allowedActions lists exactly the granted actions in table order', () => {
    expect(allowedActions(holding('web_editor'), A1)).toEqual(
      ACTIONS.filter((a) => PERMISSIONS[a].includes('web_editor')),
    );
    expect(allowedActions(holding('web_editor'), B)).toEqual([]);
  });

  it('canSomewhere asks whether any membership grants the action', () => {
    expect(canSomewhere(holding('admin'), 'user.manage')).toBe(true);
    expect(canSomewhere(holding('drafter'), 'user.manage')).toBe(false);
  });

  it('the system itself (seeding, jobs) is not bound by the table', () => {
    expect(ACTIONS.every((a) => can(systemActor, a, B))).toBe(true);
    expect(canSomewhere(systemActor, 'user.manage')).toBe(true);
    // …but only the system actor: a user named "system" is nobody special.
    const named: Actor = { ...holding('drafter'), username: 'system', displayName: '系统' };
    expect(can(named, 'user.manage', A)).toBe(false);
  });
});

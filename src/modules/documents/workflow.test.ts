import { describe, expect, it } from 'vitest';
import { systemActor } from '../../core/auth/actor.ts';
import { buildCalendar } from '../../core/calendar/model.ts';
import { nationalEntries, nationalYears } from '../../core/calendar/national.ts';
import { DomainError } from '../../core/errors.ts';
import {
  effectiveSettings,
  publicationSpec,
  STATUTORY_PUBLICATION_DAYS,
  workingDaysBetween,
} from './deadlines.ts';
import {
  consultationBlocker,
  lapsesToConsent,
  modeProblems,
  normaliseChain,
  reviewOutcome,
  transition,
} from './model.ts';
import { allowedDocumentActions } from './policy.ts';

const calendar = buildCalendar({ years: nationalYears().map((y) => y.year), entries: nationalEntries() });

describe('公开属性源头认定 (the disclosure mode at the source)', () => {
  it('stops a document without a mode', () => {
    expect(modeProblems({ mode: null, ground: null, reason: null })).toHaveProperty('disclosureMode');
  });

  it('lets a proactive document through without a ground', () => {
    expect(modeProblems({ mode: 'proactive', ground: null, reason: null })).toEqual({});
  });

  it('asks a withheld or on-request document for its article and a reason', () => {
    expect(Object.keys(modeProblems({ mode: 'withheld', ground: null, reason: null })).sort()).toEqual([
      'modeReason',
      'withholdingGround',
    ]);
    expect(
      modeProblems({ mode: 'withheld', ground: 'art16_2_process', reason: '评审讨论记录，属于过程性信息' }),
    ).toEqual({});
  });

  it('refuses a ground of the other mode: Art 14 cannot make information "on request"', () => {
    expect(
      modeProblems({ mode: 'on_request', ground: 'art14_state_secret', reason: '涉及学生个人信息' }),
    ).toHaveProperty('withholdingGround');
  });
});

describe('the lifecycle', () => {
  it('ends the review chain approved for proactive documents and registered for the rest', () => {
    expect(reviewOutcome('proactive')).toBe('approved');
    expect(reviewOutcome('withheld')).toBe('registered');
    expect(reviewOutcome('on_request')).toBe('registered');
  });

  it('allows only the transitions in the table', () => {
    expect(transition('draft', 'submit')).toBe('in_review');
    expect(transition('returned', 'submit')).toBe('in_review');
    expect(transition('approved', 'publish')).toBe('published');
    expect(transition('published', 'withdraw')).toBe('withdrawn');
    expect(transition('registered', 'convert')).toBe('approved');
    expect(() => transition('draft', 'publish')).toThrow(DomainError);
    expect(() => transition('withdrawn', 'revise')).toThrow(/已撤回/);
    expect(() => transition('in_review', 'publish')).toThrow(DomainError);
  });
});

describe('the review chain (条例第十七条: 先审查、后公开)', () => {
  it('keeps the configured steps in chain order', () => {
    expect(normaliseChain(['office', 'secrecy', 'unit_head'])).toEqual(['unit_head', 'secrecy', 'office']);
  });

  it('never runs without the secrecy review', () => {
    expect(() => normaliseChain(['unit_head', 'leader', 'office'])).toThrow(/保密审查/);
  });
});

describe('会签 (co-issuer consultation)', () => {
  it('turns silence into consent only once the limit has passed', () => {
    expect(lapsesToConsent('pending', true)).toBe(true);
    expect(lapsesToConsent('pending', false)).toBe(false);
    expect(lapsesToConsent('objected', true)).toBe(false);
  });

  it('holds publication while a co-issuer is pending or objects', () => {
    expect(consultationBlocker(['consented', 'silent_consent'])).toBeNull();
    expect(consultationBlocker(['consented', 'pending'])).toMatch(/未答复/);
    expect(consultationBlocker(['objected', 'pending'])).toMatch(/不同意/);
  });
});

describe('settings along the agency path', () => {
  const county = 'county';
  const education = 'education';

  it('uses the statutory 20 working days and the whole chain when nothing is set', () => {
    expect(effectiveSettings([county, education], [])).toMatchObject({
      publicationDays: 20,
      consultationDays: 10,
      reviewSteps: ['unit_head', 'secrecy', 'leader', 'office'],
    });
  });

  it('takes each value from the nearest agency that sets it', () => {
    const eff = effectiveSettings(
      [county, education],
      [
        { agencyId: county, reviewSteps: ['secrecy', 'office'], publicationDays: 7, consultationDays: null },
        { agencyId: education, reviewSteps: null, publicationDays: 10, consultationDays: 5 },
      ],
    );
    expect(eff).toMatchObject({
      reviewSteps: ['secrecy', 'office'],
      publicationDays: 10,
      consultationDays: 5,
    });
    expect(eff.sources).toEqual({
      reviewSteps: county,
      publicationDays: education,
      consultationDays: education,
    });
  });

  it('never lets a local rule be looser than 条例第二十六条', () => {
    const eff = effectiveSettings(
      [county],
      [{ agencyId: county, reviewSteps: null, publicationDays: 30, consultationDays: null }],
    );
    expect(eff.publicationDays).toBe(STATUTORY_PUBLICATION_DAYS);
  });
});

describe('the publication clock (条例第二十六条)', () => {
  it('runs 20 working days from formation, the day of formation not counted', () => {
    expect(publicationSpec('2024-09-27', 20, '640000')).toEqual({
      start: '2024-09-27',
      length: 20,
      unit: 'working_days',
      regionCode: '640000',
    });
  });

  it('counts working days from formation to publication across the National Day week', () => {
    // 29 September (Sunday, worked) and 30 September; 1–7 October off; 8 and 9 October.
    expect(workingDaysBetween(calendar, '2024-09-27', '2024-10-09', '')).toBe(4);
    expect(workingDaysBetween(calendar, '2024-09-27', '2024-09-27', '')).toBe(0);
  });
});

describe('who sees which buttons', () => {
  const path = ['county', 'office', 'education'];
  const member = (agencyId: string, ...roles: string[]) => ({
    userId: 'u',
    memberships: [{ agencyId, roles: roles as never[] }],
  });
  const inReview = (step: 'unit_head' | 'secrecy' | 'leader' | 'office') => ({
    status: 'in_review' as const,
    step,
    escalationAsked: false,
    escalationOpen: false,
  });

  it('gives the step to its role only', () => {
    expect(allowedDocumentActions(member('education', 'unit_head'), inReview('unit_head'), path)).toEqual(
      expect.arrayContaining(['approve', 'return']),
    );
    expect(
      allowedDocumentActions(member('education', 'secrecy_reviewer'), inReview('unit_head'), path),
    ).not.toContain('approve');
  });

  it('lets the secrecy reviewer escalate, and holds approval until the answer is in', () => {
    const reviewer = member('education', 'secrecy_reviewer');
    expect(allowedDocumentActions(reviewer, inReview('secrecy'), path)).toContain('escalate');
    const open = { ...inReview('secrecy'), escalationAsked: true, escalationOpen: true };
    expect(allowedDocumentActions(reviewer, open, path)).toEqual(
      expect.arrayContaining(['answer_escalation']),
    );
    expect(allowedDocumentActions(reviewer, open, path)).not.toContain('approve');
  });

  it('lets the office (acting for its government) publish what is approved', () => {
    const approved = {
      status: 'approved' as const,
      step: null,
      escalationAsked: false,
      escalationOpen: false,
    };
    expect(allowedDocumentActions(member('office', 'disclosure_officer'), approved, path)).toContain(
      'publish',
    );
    expect(allowedDocumentActions(member('education', 'drafter'), approved, path)).not.toContain('publish');
    expect(allowedDocumentActions(systemActor, approved, path)).toContain('publish');
  });
});

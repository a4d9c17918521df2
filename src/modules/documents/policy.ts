/**
 * Who may act on a document (pure). The permission table decides the coarse actions; the review
 * chain adds one rule of its own: a step is taken by someone holding that step's role in the
 * document's agency or above it (authority path, decision 0006).
 */
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { can } from '../../core/auth/permissions.ts';
import type { Role } from '../../core/auth/roles.ts';
import { availableEvents, REVIEW_STEP_ROLES, type DocumentStatus, type ReviewStep } from './model.ts';
import type { DocumentAction } from './schemas.ts';

export function holdsRole(actor: Pick<Actor, 'userId' | 'memberships'>, role: Role, path: readonly string[]) {
  if (actor.userId === systemActor.userId) return true;
  return actor.memberships.some((m) => path.includes(m.agencyId) && m.roles.includes(role));
}

export interface DocumentFacts {
  status: DocumentStatus;
  step: ReviewStep | null;
  /** A referral to the secrecy authority awaits its answer. */
  escalationOpen: boolean;
  escalationAsked: boolean;
}

/** The buttons the console shows: what the actor may do now, in the document's agency path. */
export function allowedDocumentActions(
  actor: Pick<Actor, 'userId' | 'memberships'>,
  doc: DocumentFacts,
  path: readonly string[],
): DocumentAction[] {
  const actions: DocumentAction[] = [];
  const drafts = can(actor, 'document.draft', path);
  const publishes = can(actor, 'document.publish', path);
  const atStep = doc.step !== null && holdsRole(actor, REVIEW_STEP_ROLES[doc.step], path);
  for (const event of availableEvents(doc.status)) {
    switch (event) {
      case 'submit':
        if (drafts) actions.push('submit');
        break;
      case 'approve':
        if (atStep && !doc.escalationOpen) actions.push('approve');
        break;
      case 'return':
        if ((doc.status === 'in_review' && atStep) || (doc.status === 'approved' && publishes)) {
          actions.push('return');
        }
        break;
      case 'publish':
      case 'revise':
      case 'withdraw':
        if (publishes) actions.push(event);
        break;
      case 'convert':
        if (can(actor, 'document.self_review', path)) actions.push('convert');
        break;
      case 'finish_review':
        break;
    }
  }
  if ((doc.status === 'draft' || doc.status === 'returned') && drafts) actions.push('edit');
  if (doc.status === 'in_review' && doc.step === 'secrecy' && atStep) {
    if (!doc.escalationAsked) actions.push('escalate');
    if (doc.escalationOpen) actions.push('answer_escalation');
  }
  if (doc.status === 'published' && publishes) actions.push('change_validity');
  if (['draft', 'returned', 'in_review', 'approved', 'published'].includes(doc.status)) {
    if (drafts || publishes || atStep) actions.push('screen');
  }
  return actions;
}

import { forbidden } from '../errors.ts';
import { systemActor, type Actor } from './actor.ts';
import type { Role } from './roles.ts';

/** Every action the permission table decides. Add an action here and give it its roles below. */
export const ACTIONS = [
  'agency.view',
  'agency.manage',
  'user.view',
  'user.manage',
  'calendar.manage',
  'audit.view',
  'assignment.create',
  'assignment.complete',
  'assignment.view',
  'document.view',
  'document.draft',
  'document.publish',
  'document.consult',
  'document.self_review',
  'document.settings',
  'task.view',
  'catalog.view',
  'catalog.manage',
  'catalog.file',
  'guide.manage',
  'file.upload',
  'file.view',
  'screening.view',
  'screening.manage',
  'request.view',
  'request.register',
  'request.handle',
  'request.approve',
  'request.extend',
  'request.identity',
  'request.settings',
] as const;

export type Action = (typeof ACTIONS)[number];

/** Everyone who works in an agency's 政务公开 chain (all roles except the system administrator). */
const STAFF: readonly Role[] = [
  'drafter',
  'unit_head',
  'secrecy_reviewer',
  'leader_in_charge',
  'disclosure_officer',
  'office_head',
  'web_editor',
  'spokesperson',
  'supervisor',
];

/** Staff who can be handed work (交办事项): the supervisor watches and does not do the work. */
const WORKERS: readonly Role[] = STAFF.filter((r) => r !== 'supervisor');

/**
 * THE permission table: which roles may do each action. A role held in an agency applies to that
 * agency and every agency below it, so `supervisor` and `admin` held at the county government cover
 * the whole county. The system administrator keeps the platform (agencies, accounts, calendar) and
 * reads the audit log, but does not read or make the agencies' documents; the supervisor sees
 * everything region-wide but changes nothing.
 */
export const PERMISSIONS: Record<Action, readonly Role[]> = {
  'agency.view': [...STAFF, 'admin'],
  'agency.manage': ['admin'],
  'user.view': ['unit_head', 'leader_in_charge', 'disclosure_officer', 'supervisor', 'admin'],
  'user.manage': ['admin'],
  'calendar.manage': ['admin'],
  'audit.view': ['supervisor', 'admin'],
  'assignment.create': ['disclosure_officer'],
  'assignment.complete': WORKERS,
  'assignment.view': STAFF,
  'document.view': STAFF,
  'document.draft': ['drafter', 'unit_head', 'disclosure_officer'],
  'document.publish': ['disclosure_officer', 'web_editor'],
  // 会签: a co-issuing agency's disclosure office or leader answers for it.
  'document.consult': ['disclosure_officer', 'leader_in_charge'],
  // 条例第十八条: the disclosure office reviews withheld information yearly and converts it.
  'document.self_review': ['disclosure_officer'],
  // The review chain and local time limits of an agency (docs/documents.md).
  'document.settings': ['disclosure_officer'],
  'task.view': [...STAFF, 'admin'],
  // 主动公开目录 (modules/catalog, docs/catalog.md): every staff member reads it; the disclosure office
  // and a unit head keep it (departments compile their own 目录, seed 004 二(一)); whoever publishes
  // files documents under its items.
  'catalog.view': STAFF,
  'catalog.manage': ['disclosure_officer', 'unit_head'],
  'catalog.file': ['disclosure_officer', 'unit_head', 'web_editor'],
  // 政府信息公开指南 (条例第十二条): kept up to date by the disclosure office.
  'guide.manage': ['disclosure_officer'],
  // Attachments (core/files): uploaded by whoever drafts documents, read by the agency's staff.
  'file.upload': ['drafter', 'unit_head', 'disclosure_officer'],
  'file.view': STAFF,
  // 发布前检查: staff try texts and see the lists; the disclosure office and the administrator keep them.
  'screening.view': [...STAFF, 'admin'],
  'screening.manage': ['disclosure_officer', 'admin'],
  // 依申请公开 (modules/requests, docs/requests.md). The disclosure office registers, corrects,
  // assigns, consults, charges, delivers and archives (条例第四十五条); the responsible unit searches
  // and drafts; its head or the leader in charge approves the reply; only the head of the disclosure
  // office approves an extension (条例第三十三条); identity documents are the office's alone.
  'request.view': STAFF,
  'request.register': ['disclosure_officer'],
  'request.handle': ['disclosure_officer', 'unit_head', 'drafter'],
  'request.approve': ['office_head', 'leader_in_charge'],
  'request.extend': ['office_head'],
  'request.identity': ['disclosure_officer'],
  'request.settings': ['disclosure_officer', 'office_head'],
};

/** An Actor, or just its memberships (then without the system's exemption). */
type Subject = Pick<Actor, 'memberships'> & { userId?: string };

/** The system itself (start-up seeding, scheduled jobs) is not subject to the table. */
const isSystem = (actor: Subject): boolean => actor.userId === systemActor.userId;

/**
 * May the actor do `action` in the agency at the end of `agencyPath` (ids from the root down to the
 * target)? Yes when a membership in any agency on that path holds a role the table allows.
 */
export function can(actor: Subject, action: Action, agencyPath: readonly string[]): boolean {
  if (isSystem(actor)) return true;
  const allowed = PERMISSIONS[action];
  return actor.memberships.some(
    (m) => agencyPath.includes(m.agencyId) && m.roles.some((role) => allowed.includes(role)),
  );
}

export function assertCan(actor: Subject, action: Action, agencyPath: readonly string[]): void {
  if (!can(actor, action, agencyPath)) throw forbidden();
}

/** The actions the actor may do in the agency at the end of `agencyPath`, in table order. */
export function allowedActions(actor: Subject, agencyPath: readonly string[]): Action[] {
  return ACTIONS.filter((action) => can(actor, action, agencyPath));
}

/** Does the actor hold `action` in at least one agency (e.g. to show a menu entry at all)? */
export function canSomewhere(actor: Subject, action: Action): boolean {
  if (isSystem(actor)) return true;
  const allowed = PERMISSIONS[action];
  return actor.memberships.some((m) => m.roles.some((role) => allowed.includes(role)));
}

import type { AuditService } from '../../core/audit/service.ts';
import type { Actor } from '../../core/auth/actor.ts';
import { ROLE_LABELS, type Role } from '../../core/auth/roles.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import type { DeadlinesService, DeadlineView } from '../../core/deadlines/service.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { parseInput } from '../../core/validation.ts';
import { newId } from '../../core/ids.ts';
import type { NotifyService } from '../../core/notify/service.ts';
import {
  ASSIGNMENT_ENTITY,
  assignmentLink,
  transition,
  type AssignmentEvent,
  type AssignmentStatus,
} from './model.ts';
import { allowedEvents, mayCreate, mayDo, mayView, type Assignee } from './policy.ts';
import {
  assignmentCancelSchema,
  assignmentCompleteSchema,
  assignmentCreateSchema,
  type AssignmentCreateInput,
  type AssignmentView,
} from './schemas.ts';
import * as store from './store.ts';
import type { AssignmentRow } from './store.ts';

export interface AssignmentsDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  deadlines: Pick<DeadlinesService, 'open' | 'close' | 'get'>;
  notify: Pick<NotifyService, 'send'>;
  /** ORGS' agency tree. */
  orgs: {
    agencyPath(id: string): Promise<string[]>;
    agencyNames(ids: readonly string[]): Promise<Map<string, string>>;
    regionCodeOf(id: string): Promise<string>;
  };
  /** AUTH's users. */
  users: { usersWithRole(agencyId: string, role: Role): Promise<{ id: string }[]> };
}

export interface AssignmentsService {
  /** The disclosure office hands work to an agency and role, with a deadline in working days. */
  create(actor: Actor, input: AssignmentCreateInput): Promise<AssignmentView>;
  /** The assignee agency reports the work done, with a note; the deadline closes. */
  complete(actor: Actor, id: string, input: { note: string }): Promise<AssignmentView>;
  /** Whoever may hand the work out withdraws it, with a reason; the deadline closes. */
  cancel(actor: Actor, id: string, input: { reason: string }): Promise<AssignmentView>;
  get(actor: Actor, id: string): Promise<AssignmentView>;
  /** The assignments the actor may see, newest first. */
  list(actor: Actor, filter?: { status?: AssignmentStatus }): Promise<AssignmentView[]>;
}

const LIST_LIMIT = 500;

const assigneeOf = (row: AssignmentRow): Assignee => ({ agencyId: row.agency_id, role: row.assignee_role });

export function createAssignmentsService(deps: AssignmentsDeps): AssignmentsService {
  const { db, clock, audit, deadlines, notify, orgs, users } = deps;

  /** Authority paths (ORGS), looked up once per agency within one call. */
  function pathFinder(): (agencyId: string) => Promise<string[]> {
    const cache = new Map<string, Promise<string[]>>();
    return (agencyId) => {
      let path = cache.get(agencyId);
      if (!path) {
        path = orgs.agencyPath(agencyId);
        cache.set(agencyId, path);
      }
      return path;
    };
  }

  function present(
    actor: Actor,
    row: AssignmentRow,
    agencyPath: string[],
    agencyName: string,
    deadline: DeadlineView | null,
  ): AssignmentView {
    return {
      id: row.id,
      agencyId: row.agency_id,
      agencyName,
      title: row.title,
      description: row.description,
      assigneeRole: row.assignee_role as AssignmentView['assigneeRole'],
      workingDays: row.working_days,
      status: row.status,
      createdBy: { id: row.created_by, name: row.created_by_name },
      createdAt: row.created_at,
      closedAt: row.closed_at,
      closedBy: row.closed_by ? { id: row.closed_by, name: row.closed_by_name ?? '' } : null,
      completionNote: row.completion_note,
      cancelReason: row.cancel_reason,
      deadline,
      allowedActions: allowedEvents(actor, row.status, agencyPath, assigneeOf(row)),
    };
  }

  async function view(actor: Actor, row: AssignmentRow, agencyPath: string[]): Promise<AssignmentView> {
    const [names, deadline] = await Promise.all([
      orgs.agencyNames([row.agency_id]),
      deadlines.get(row.deadline_id),
    ]);
    return present(actor, row, agencyPath, names.get(row.agency_id) ?? '', deadline);
  }

  /** Loads an assignment the actor may see; otherwise 404, which does not reveal that it exists. */
  async function loadVisible(
    actor: Actor,
    id: string,
  ): Promise<{ row: AssignmentRow; agencyPath: string[] }> {
    const row = await store.find(db.kysely, id);
    if (!row) throw notFound('未找到该交办事项，或您无权查看');
    const agencyPath = await orgs.agencyPath(row.agency_id);
    if (!mayView(actor, agencyPath, row.created_by)) throw notFound('未找到该交办事项，或您无权查看');
    return { row, agencyPath };
  }

  async function close(
    actor: Actor,
    id: string,
    event: AssignmentEvent,
    text: { completion_note: string | null; cancel_reason: string | null },
  ): Promise<AssignmentView> {
    const { row, agencyPath } = await loadVisible(actor, id);
    if (!mayDo(actor, event, agencyPath, assigneeOf(row))) {
      throw forbidden(
        event === 'complete' ? '只有承办单位中被交办的角色可以办结该事项' : '您无权撤销该交办事项',
      );
    }
    const to = transition(row.status, event);
    const now = clock.now().toISOString();
    const next: AssignmentRow = {
      ...row,
      ...text,
      status: to,
      updated_at: now,
      closed_at: now,
      closed_by: actor.userId,
      closed_by_name: actor.displayName,
    };
    // Read outside the transaction: on SQLite another service's read would wait for it.
    const notifyUsers =
      event === 'complete'
        ? [row.created_by]
        : (await users.usersWithRole(row.agency_id, row.assignee_role as Role)).map((u) => u.id);
    await db.kysely.transaction().execute(async (trx) => {
      const changed = await store.updateFrom(trx, id, row.status, {
        status: next.status,
        updated_at: now,
        closed_at: now,
        closed_by: actor.userId,
        closed_by_name: actor.displayName,
        ...text,
      });
      if (!changed) throw conflict('该交办事项刚被他人处理，请刷新后重试', 'invalid_state');
      await deadlines.close(trx, row.deadline_id);
      await audit.record(trx, {
        actor,
        agencyId: row.agency_id,
        entityType: ASSIGNMENT_ENTITY,
        entityId: id,
        action: event === 'complete' ? 'assignment.completed' : 'assignment.cancelled',
        before: { status: row.status },
        after: {
          status: to,
          ...(text.completion_note ? { note: text.completion_note } : {}),
          ...(text.cancel_reason ? { reason: text.cancel_reason } : {}),
        },
      });
      await notify.send(trx, {
        userIds: notifyUsers.filter((u) => u !== actor.userId),
        kind: event === 'complete' ? 'assignment.completed' : 'assignment.cancelled',
        title: `${event === 'complete' ? '交办事项已办结' : '交办事项已撤销'}：${row.title}`,
        body:
          event === 'complete'
            ? `${actor.displayName}已办结「${row.title}」。办理情况：${text.completion_note ?? ''}`
            : `「${row.title}」已由${actor.displayName}撤销。原因：${text.cancel_reason ?? ''}`,
        link: assignmentLink(id),
      });
    });
    return view(actor, next, agencyPath);
  }

  return {
    async create(actor, rawInput) {
      const input = parseInput(assignmentCreateSchema, rawInput);
      const agencyPath = await orgs.agencyPath(input.agencyId);
      if (!mayCreate(actor, agencyPath)) throw forbidden('只有政务公开工作机构可以向该单位交办事项');
      const holders = await users.usersWithRole(input.agencyId, input.assigneeRole);
      if (holders.length === 0) {
        throw invalid(`该单位没有担任「${ROLE_LABELS[input.assigneeRole]}」的人员，无法交办`, {
          assigneeRole: '该单位没有担任此角色的人员',
        });
      }
      const [regionCode, names] = await Promise.all([
        orgs.regionCodeOf(input.agencyId),
        orgs.agencyNames([input.agencyId]),
      ]);
      const agencyName = names.get(input.agencyId) ?? '';
      const id = newId();
      const now = clock.now().toISOString();
      const row = await db.kysely.transaction().execute(async (trx) => {
        const deadline = await deadlines.open(trx, {
          entityType: ASSIGNMENT_ENTITY,
          entityId: id,
          agencyId: input.agencyId,
          assigneeRole: input.assigneeRole,
          title: input.title,
          link: assignmentLink(id),
          spec: {
            start: now,
            length: input.workingDays,
            unit: 'working_days',
            regionCode,
            pauses: [],
            restarts: [],
            extensions: [],
          },
        });
        const created: AssignmentRow = {
          id,
          agency_id: input.agencyId,
          title: input.title,
          description: input.description,
          assignee_role: input.assigneeRole,
          working_days: input.workingDays,
          status: 'open',
          deadline_id: deadline.id,
          created_by: actor.userId,
          created_by_name: actor.displayName,
          created_at: now,
          updated_at: now,
          closed_at: null,
          closed_by: null,
          closed_by_name: null,
          completion_note: null,
          cancel_reason: null,
        };
        await store.insert(trx, created);
        await audit.record(trx, {
          actor,
          agencyId: input.agencyId,
          entityType: ASSIGNMENT_ENTITY,
          entityId: id,
          action: 'assignment.created',
          after: {
            title: input.title,
            description: input.description,
            assigneeRole: input.assigneeRole,
            workingDays: input.workingDays,
            dueDate: deadline.dueDate,
          },
        });
        await notify.send(trx, {
          userIds: holders.map((h) => h.id),
          kind: 'assignment.assigned',
          title: `新交办事项：${input.title}`,
          body: `${actor.displayName}向${agencyName}（${ROLE_LABELS[input.assigneeRole]}）交办「${input.title}」，请于 ${deadline.dueDate} 前办结。`,
          link: assignmentLink(id),
        });
        return created;
      });
      return view(actor, row, agencyPath);
    },

    complete(actor, id, rawInput) {
      const { note } = parseInput(assignmentCompleteSchema, rawInput);
      return close(actor, id, 'complete', { completion_note: note, cancel_reason: null });
    },

    cancel(actor, id, rawInput) {
      const { reason } = parseInput(assignmentCancelSchema, rawInput);
      return close(actor, id, 'cancel', { completion_note: null, cancel_reason: reason });
    },

    async get(actor, id) {
      const { row, agencyPath } = await loadVisible(actor, id);
      return view(actor, row, agencyPath);
    },

    async list(actor, filter = {}) {
      const rows = await store.list(db.kysely, { ...filter, limit: LIST_LIMIT });
      const pathOf = pathFinder();
      const visible: { row: AssignmentRow; agencyPath: string[] }[] = [];
      for (const row of rows) {
        const agencyPath = await pathOf(row.agency_id);
        if (mayView(actor, agencyPath, row.created_by)) visible.push({ row, agencyPath });
      }
      const names = await orgs.agencyNames([...new Set(visible.map((v) => v.row.agency_id))]);
      return Promise.all(
        visible.map(async ({ row, agencyPath }) =>
          present(
            actor,
            row,
            agencyPath,
            names.get(row.agency_id) ?? '',
            await deadlines.get(row.deadline_id),
          ),
        ),
      );
    },
  };
}

import { firstFieldOr, parseInput } from '../validation.ts';
import type { Kysely } from 'kysely';
import type { Actor, Membership } from '../auth/actor.ts';
import { can } from '../auth/permissions.ts';
import type { CalendarReader } from '../calendar/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  computeDeadline,
  explainDeadline,
  type DeadlineExtension,
  type DeadlineResult,
  type DeadlineSpec,
} from './model.ts';
import {
  deadlineExtensionSchema,
  deadlinePauseSchema,
  deadlineRestartSchema,
  deadlineSpecSchema,
  type DeadlineExplanation,
  type DeadlineSpecInput,
  type DeadlineView,
  type ReminderKey,
} from './schemas.ts';
import * as store from './store.ts';
import type { DeadlineRow, OpenFilter } from './store.ts';

export type { DeadlineView } from './schemas.ts';

type K = Kysely<Database>;

export interface OpenDeadlineInput {
  entityType: string;
  entityId: string;
  agencyId: string;
  assigneeUserId?: string | null;
  assigneeRole?: string | null;
  title: string;
  link: string;
  spec: DeadlineSpecInput;
}

/** A deadline whose due date a calendar change moved, for the people who must be told. */
export interface MovedDeadline {
  deadline: DeadlineView;
  /** The due instants before and after (UTC ISO). */
  before: string;
  after: string;
}

/** Receives the moved deadlines inside the recompute's transaction (e.g. notify.send(trx, …)). */
export type OnMoved = (trx: K, moved: MovedDeadline[]) => Promise<void>;

export interface DeadlinesDeps {
  db: Db;
  clock: Clock;
  calendar: CalendarReader;
  onMoved: OnMoved;
}

/**
 * Deadlines for every module. The mutating functions take the caller's transaction, so that the
 * deadline changes together with the work item (the caller records the audit event of its use
 * case); reads compute the answer live from the stored inputs, the calendar and the clock.
 */
export interface DeadlinesService {
  open(trx: K, input: OpenDeadlineInput): Promise<DeadlineView>;
  /** Stops the clock from `from` (default now), e.g. third-party consultation (Art 32). */
  pause(trx: K, id: string, input: { from?: string; reason: string }): Promise<DeadlineView>;
  /** Ends the open pause at `at` (default now). */
  resume(trx: K, id: string, input?: { at?: string }): Promise<DeadlineView>;
  /** The count begins again from `at` (default now), e.g. after 补正 (Art 30); ends an open pause. */
  restart(trx: K, id: string, input: { at?: string; reason: string }): Promise<DeadlineView>;
  extend(trx: K, id: string, input: DeadlineExtension): Promise<DeadlineView>;
  /** Hands the clock to someone else; `agencyId` moves it to the agency where that role acts (a step up the chain). */
  reassign(
    trx: K,
    id: string,
    input: { assigneeUserId?: string | null; assigneeRole?: string | null; agencyId?: string },
  ): Promise<DeadlineView>;
  close(trx: K, id: string): Promise<DeadlineView>;
  /** For the reminder sweep: the reminder was sent (each key once). */
  markReminded(trx: K, id: string, key: ReminderKey): Promise<void>;
  /** For the overdue sweep: the escalation was sent. */
  markEscalated(trx: K, id: string): Promise<void>;
  /** null when there is no such deadline. */
  get(id: string): Promise<DeadlineView | null>;
  /** The breakdown and the Chinese explanation (no access check: for notices and services). */
  explain(id: string): Promise<DeadlineExplanation>;
  /**
   * The explanation for an actor: the assignee, or staff who may view tasks ('task.view') in the
   * deadline's agency. Otherwise 404, which does not reveal that it exists.
   */
  explainFor(
    actor: Actor,
    id: string,
    agencyPath: (agencyId: string) => Promise<string[]>,
  ): Promise<DeadlineExplanation>;
  /** Open deadlines, earliest due first. */
  listOpen(filter?: OpenFilter): Promise<DeadlineView[]>;
  /** My tasks: open deadlines assigned to the user, or to a role the user holds in that agency. */
  forAssignee(who: { userId: string; memberships: readonly Membership[] }): Promise<DeadlineView[]>;
  /** Recomputes every open deadline (after a calendar change); tells `onMoved` about those that moved. */
  recomputeOpen(): Promise<{ id: string; before: string; after: string }[]>;
}

const specOf = (row: DeadlineRow): DeadlineSpec => JSON.parse(row.spec) as DeadlineSpec;
const remindersOf = (row: DeadlineRow): ReminderKey[] => JSON.parse(row.reminders_sent) as ReminderKey[];

const DUE_SOON_WORKING_DAYS = 3;

function toView(row: DeadlineRow, result: DeadlineResult): DeadlineView {
  return {
    id: row.id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    agencyId: row.agency_id,
    title: row.title,
    link: row.link,
    assigneeUserId: row.assignee_user_id,
    assigneeRole: row.assignee_role,
    unit: specOf(row).unit,
    dueAt: result.dueAt,
    dueDate: result.dueDate,
    workingDaysLeft: result.workingDaysLeft,
    overdue: result.overdue,
    state: result.overdue ? 'overdue' : result.workingDaysLeft <= DUE_SOON_WORKING_DAYS ? 'due_soon' : 'ok',
    status: row.status,
    paused: result.paused,
    provisional: result.provisional,
    remindersSent: remindersOf(row),
    escalatedAt: row.escalated_at,
    closedAt: row.closed_at,
  };
}

const PARSE_OPTIONS = { rootField: 'value', message: firstFieldOr('期限数据有误') };

export function createDeadlinesService({ db, clock, calendar, onMoved }: DeadlinesDeps): DeadlinesService {
  /** A closed deadline is judged as of its closing: was it met? */
  const asOf = (row: DeadlineRow): Date => (row.closed_at ? new Date(row.closed_at) : clock.now());

  async function compute(k: K, row: DeadlineRow): Promise<DeadlineResult> {
    return computeDeadline(specOf(row), await calendar.load(k), asOf(row));
  }

  async function views(k: K, rows: DeadlineRow[]): Promise<DeadlineView[]> {
    const cal = await calendar.load(k);
    return rows.map((row) => toView(row, computeDeadline(specOf(row), cal, asOf(row))));
  }

  async function loadOpen(k: K, id: string): Promise<DeadlineRow> {
    const row = await store.find(k, id);
    if (!row) throw notFound('未找到该期限');
    if (row.status !== 'open') throw conflict('该期限已关闭，不能再更改', 'deadline_closed');
    return row;
  }

  /** Validates the changed spec, stores it with its new due instant, and returns the view. */
  async function saveSpec(k: K, row: DeadlineRow, spec: DeadlineSpecInput): Promise<DeadlineView> {
    const valid = parseInput(deadlineSpecSchema, spec, PARSE_OPTIONS);
    const next: DeadlineRow = { ...row, spec: JSON.stringify(valid), updated_at: clock.now().toISOString() };
    const result = await compute(k, next);
    await store.update(k, row.id, { spec: next.spec, due_at: result.dueAt, updated_at: next.updated_at });
    return toView({ ...next, due_at: result.dueAt }, result);
  }

  const nowIso = (): string => clock.now().toISOString();

  async function explanationOf(row: DeadlineRow): Promise<DeadlineExplanation> {
    const spec = specOf(row);
    const result = await compute(db.kysely, row);
    return {
      deadline: toView(row, result),
      spec,
      startDate: result.startDate,
      totalLength: result.totalLength,
      missingYears: result.missingYears,
      breakdown: result.breakdown,
      text: explainDeadline(spec, result),
    };
  }

  return {
    async open(trx, input) {
      const spec = parseInput(deadlineSpecSchema, input.spec, PARSE_OPTIONS);
      if (!input.title.trim()) throw invalid('期限须有标题', { title: '请填写标题' });
      const now = nowIso();
      const row: DeadlineRow = {
        id: newId(),
        entity_type: input.entityType,
        entity_id: input.entityId,
        agency_id: input.agencyId,
        assignee_user_id: input.assigneeUserId ?? null,
        assignee_role: input.assigneeRole ?? null,
        title: input.title.trim(),
        link: input.link,
        spec: JSON.stringify(spec),
        due_at: '',
        status: 'open',
        reminders_sent: '[]',
        escalated_at: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
      };
      const result = await compute(trx, row);
      row.due_at = result.dueAt;
      await store.insert(trx, row);
      return toView(row, result);
    },

    async pause(trx, id, input) {
      const row = await loadOpen(trx, id);
      const spec = specOf(row);
      if (spec.pauses.some((p) => p.to === null)) throw conflict('该期限已处于暂停状态', 'deadline_paused');
      const pause = parseInput(
        deadlinePauseSchema,
        { from: input.from ?? nowIso(), to: null, reason: input.reason },
        PARSE_OPTIONS,
      );
      return saveSpec(trx, row, { ...spec, pauses: [...spec.pauses, pause] });
    },

    async resume(trx, id, input = {}) {
      const row = await loadOpen(trx, id);
      const spec = specOf(row);
      if (!spec.pauses.some((p) => p.to === null)) throw conflict('该期限没有暂停', 'deadline_not_paused');
      const at = input.at ?? nowIso();
      return saveSpec(trx, row, {
        ...spec,
        pauses: spec.pauses.map((p) => (p.to === null ? { ...p, to: at } : p)),
      });
    },

    async restart(trx, id, input) {
      const row = await loadOpen(trx, id);
      const spec = specOf(row);
      const restart = parseInput(
        deadlineRestartSchema,
        { at: input.at ?? nowIso(), reason: input.reason },
        PARSE_OPTIONS,
      );
      // The new count starts clean: a pause still open (e.g. waiting for the 补正) ends with it.
      const pauses = spec.pauses.map((p) => (p.to === null ? { ...p, to: restart.at } : p));
      return saveSpec(trx, row, { ...spec, pauses, restarts: [...spec.restarts, restart] });
    },

    async extend(trx, id, input) {
      const row = await loadOpen(trx, id);
      const spec = specOf(row);
      const extension = parseInput(deadlineExtensionSchema, input, PARSE_OPTIONS);
      return saveSpec(trx, row, { ...spec, extensions: [...spec.extensions, extension] });
    },

    async reassign(trx, id, input) {
      const row = await loadOpen(trx, id);
      const next: DeadlineRow = {
        ...row,
        agency_id: input.agencyId ?? row.agency_id,
        assignee_user_id: input.assigneeUserId === undefined ? row.assignee_user_id : input.assigneeUserId,
        assignee_role: input.assigneeRole === undefined ? row.assignee_role : input.assigneeRole,
        // A new assignee has not been reminded yet.
        reminders_sent: '[]',
        escalated_at: null,
        updated_at: nowIso(),
      };
      await store.update(trx, id, {
        agency_id: next.agency_id,
        assignee_user_id: next.assignee_user_id,
        assignee_role: next.assignee_role,
        reminders_sent: next.reminders_sent,
        escalated_at: next.escalated_at,
        updated_at: next.updated_at,
      });
      return toView(next, await compute(trx, next));
    },

    async close(trx, id) {
      const row = await loadOpen(trx, id);
      const now = nowIso();
      const next: DeadlineRow = { ...row, status: 'closed', closed_at: now, updated_at: now };
      await store.update(trx, id, { status: 'closed', closed_at: now, updated_at: now });
      return toView(next, await compute(trx, next));
    },

    async markReminded(trx, id, key) {
      const row = await store.find(trx, id);
      if (!row) throw notFound('未找到该期限');
      const sent = remindersOf(row);
      if (sent.includes(key)) return;
      await store.update(trx, id, { reminders_sent: JSON.stringify([...sent, key]), updated_at: nowIso() });
    },

    async markEscalated(trx, id) {
      const row = await store.find(trx, id);
      if (!row) throw notFound('未找到该期限');
      if (row.escalated_at) return;
      const now = nowIso();
      await store.update(trx, id, { escalated_at: now, updated_at: now });
    },

    async get(id) {
      const row = await store.find(db.kysely, id);
      return row ? toView(row, await compute(db.kysely, row)) : null;
    },

    async explain(id) {
      const row = await store.find(db.kysely, id);
      if (!row) throw notFound('未找到该期限');
      return explanationOf(row);
    },

    async explainFor(actor, id, agencyPath) {
      const row = await store.find(db.kysely, id);
      const hidden = notFound('未找到该期限，或您无权查看');
      if (!row) throw hidden;
      if (row.assignee_user_id !== actor.userId) {
        const path = await agencyPath(row.agency_id).catch(() => []);
        if (!can(actor, 'task.view', path)) throw hidden;
      }
      return explanationOf(row);
    },

    async listOpen(filter = {}) {
      return views(db.kysely, await store.listOpen(db.kysely, filter));
    },

    async forAssignee({ userId, memberships }) {
      return views(db.kysely, await store.openForAssignee(db.kysely, userId, memberships));
    },

    async recomputeOpen() {
      return db.kysely.transaction().execute(async (trx) => {
        const cal = await calendar.load(trx);
        const now = clock.now();
        const moved: MovedDeadline[] = [];
        for (const row of await store.listOpen(trx)) {
          const result = computeDeadline(specOf(row), cal, now);
          if (result.dueAt === row.due_at) continue;
          const next = { ...row, due_at: result.dueAt, updated_at: now.toISOString() };
          await store.update(trx, row.id, { due_at: next.due_at, updated_at: next.updated_at });
          // A paused deadline's projection moves every day by itself; that is not news to tell.
          if (!result.paused)
            moved.push({ deadline: toView(next, result), before: row.due_at, after: result.dueAt });
        }
        if (moved.length > 0) await onMoved(trx, moved);
        return moved.map((m) => ({ id: m.deadline.id, before: m.before, after: m.after }));
      });
    },
  };
}

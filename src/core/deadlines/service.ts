import { firstFieldOr, parseInput } from '../validation.ts';
import type { Kysely } from 'kysely';
import type { Actor, Membership } from '../auth/actor.ts';
import { can } from '../auth/permissions.ts';
import type { CalendarSnapshot } from '../calendar/model.ts';
import type { CalendarReader } from '../calendar/service.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { nextAlert } from '../reminders/model.ts';
import {
  computeDeadline,
  explainDeadline,
  isPaused,
  type DeadlineExtension,
  type DeadlineResult,
  type DeadlineSpec,
} from './model.ts';
import {
  deadlineExtensionSchema,
  deadlinePauseSchema,
  deadlineRestartSchema,
  deadlineSpecSchema,
  type AlertName,
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

/** An alert the sweep found due: it queues one job for each. */
export interface DueAlert {
  deadlineId: string;
  alert: AlertName;
  /** The due instant the alert is about (alerts are sent once per due instant). */
  dueAt: string;
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
  /** `open` for several, with one read of the calendar and one insert (a batch of registrations). */
  openMany(trx: K, inputs: readonly OpenDeadlineInput[]): Promise<DeadlineView[]>;
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
  /**
   * For the sweep: the alerts due now, read by index from the next alert stored with each open
   * deadline. A deadline read with nothing due (its stored alert never computed, or out of date)
   * gets its next alert stored afresh, so that the sweep does not read it again until then.
   */
  dueAlerts(): Promise<DueAlert[]>;
  /** For an alert job that found nothing to send: stores the deadline's next alert afresh. */
  refreshAlert(trx: K, id: string): Promise<void>;
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

const specOf = (row: Pick<DeadlineRow, 'spec'>): DeadlineSpec => JSON.parse(row.spec) as DeadlineSpec;
const remindersOf = (row: Pick<DeadlineRow, 'reminders_sent'>): ReminderKey[] =>
  JSON.parse(row.reminders_sent) as ReminderKey[];

const DUE_SOON_WORKING_DAYS = 3;
/** Rows per transaction when the sweep stores next alerts (SQLite has one connection: keep each short). */
const ALERT_WRITE_BATCH = 500;

/** What is stored with a deadline besides its inputs: the due instant and the next alert, as of now. */
type Schedule = Pick<DeadlineRow, 'due_at' | 'alert_at' | 'next_alert'>;

const isWorkingIn =
  (calendar: CalendarSnapshot, regionCode: string) =>
  (date: string): boolean =>
    calendar.day(date, regionCode).isWorking;

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

  /** The row's view as of now, and the schedule to store with it. */
  function evaluate(cal: CalendarSnapshot, row: DeadlineRow): { view: DeadlineView; schedule: Schedule } {
    const spec = specOf(row);
    const view = toView(row, computeDeadline(spec, cal, asOf(row)));
    const next = nextAlert(view, isWorkingIn(cal, spec.regionCode), clock.now());
    return {
      view,
      schedule: { due_at: view.dueAt, alert_at: next?.at ?? null, next_alert: next?.alert ?? null },
    };
  }

  /** Writes a change (`patch`, already in `next`) with the schedule worked out afresh; returns the view. */
  async function saveChange(k: K, next: DeadlineRow, patch: Partial<DeadlineRow>): Promise<DeadlineView> {
    const { view, schedule } = evaluate(await calendar.load(k), next);
    await store.update(k, next.id, { ...patch, ...schedule });
    return view;
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

  /** Validates the changed spec, stores it with its new due instant and next alert, and returns the view. */
  async function saveSpec(k: K, row: DeadlineRow, spec: DeadlineSpecInput): Promise<DeadlineView> {
    const valid = parseInput(deadlineSpecSchema, spec, PARSE_OPTIONS);
    const patch = { spec: JSON.stringify(valid), updated_at: clock.now().toISOString() };
    return saveChange(k, { ...row, ...patch }, patch);
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

  async function openMany(trx: K, inputs: readonly OpenDeadlineInput[]): Promise<DeadlineView[]> {
    const now = nowIso();
    const rows = inputs.map((input): DeadlineRow => {
      const spec = parseInput(deadlineSpecSchema, input.spec, PARSE_OPTIONS);
      if (!input.title.trim()) throw invalid('期限须有标题', { title: '请填写标题' });
      return {
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
        alert_at: null,
        next_alert: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
      };
    });
    if (rows.length === 0) return [];
    const cal = await calendar.load(trx);
    const evaluated = rows.map((row) => ({ row, ...evaluate(cal, row) }));
    await store.insert(
      trx,
      evaluated.map(({ row, schedule }) => ({ ...row, ...schedule })),
    );
    return evaluated.map((e) => e.view);
  }

  return {
    async open(trx, input) {
      return (await openMany(trx, [input]))[0] as DeadlineView;
    },

    openMany,

    async pause(trx, id, input) {
      const row = await loadOpen(trx, id);
      const spec = specOf(row);
      if (isPaused(spec)) throw conflict('该期限已处于暂停状态', 'deadline_paused');
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
      if (!isPaused(spec)) throw conflict('该期限没有暂停', 'deadline_not_paused');
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
      const patch = {
        agency_id: input.agencyId ?? row.agency_id,
        assignee_user_id: input.assigneeUserId === undefined ? row.assignee_user_id : input.assigneeUserId,
        assignee_role: input.assigneeRole === undefined ? row.assignee_role : input.assigneeRole,
        // A new assignee has not been reminded yet.
        reminders_sent: '[]',
        escalated_at: null,
        updated_at: nowIso(),
      };
      return saveChange(trx, { ...row, ...patch }, patch);
    },

    async close(trx, id) {
      const row = await loadOpen(trx, id);
      const now = nowIso();
      const next: DeadlineRow = { ...row, status: 'closed', closed_at: now, updated_at: now };
      // A closed deadline has no alert left; its due instant stays as it was last stored.
      await store.update(trx, id, {
        status: 'closed',
        closed_at: now,
        updated_at: now,
        alert_at: null,
        next_alert: null,
      });
      return toView(next, await compute(trx, next));
    },

    async markReminded(trx, id, key) {
      const row = await store.find(trx, id);
      if (!row) throw notFound('未找到该期限');
      const sent = remindersOf(row);
      if (sent.includes(key)) return;
      const patch = { reminders_sent: JSON.stringify([...sent, key]), updated_at: nowIso() };
      await saveChange(trx, { ...row, ...patch }, patch);
    },

    async markEscalated(trx, id) {
      const row = await store.find(trx, id);
      if (!row) throw notFound('未找到该期限');
      if (row.escalated_at) return;
      const now = nowIso();
      const patch = { escalated_at: now, updated_at: now };
      await saveChange(trx, { ...row, ...patch }, patch);
    },

    async dueAlerts() {
      const now = clock.now();
      const cal = await calendar.load(db.kysely);
      const due: DueAlert[] = [];
      const stale: { row: store.AlertRow; alert: Pick<DeadlineRow, 'alert_at' | 'next_alert'> }[] = [];
      for (const row of await store.alertsDue(db.kysely, now.toISOString())) {
        const spec = specOf(row);
        // The stored due instant is exact while the clock runs (it moves only with a change or a
        // calendar change, which store it afresh), so no deadline needs computing here.
        const subject = {
          status: row.status,
          unit: spec.unit,
          paused: isPaused(spec),
          dueAt: row.due_at,
          remindersSent: remindersOf(row),
          escalatedAt: row.escalated_at,
        };
        const next = nextAlert(subject, isWorkingIn(cal, spec.regionCode), now);
        if (next && Date.parse(next.at) <= now.getTime()) {
          due.push({ deadlineId: row.id, alert: next.alert, dueAt: row.due_at });
        } else {
          stale.push({ row, alert: { alert_at: next?.at ?? null, next_alert: next?.alert ?? null } });
        }
      }
      for (let i = 0; i < stale.length; i += ALERT_WRITE_BATCH) {
        await db.kysely.transaction().execute(async (trx) => {
          for (const { row, alert } of stale.slice(i, i + ALERT_WRITE_BATCH))
            await store.storeAlertIfUnchanged(trx, row, alert);
        });
      }
      return due;
    },

    async refreshAlert(trx, id) {
      const row = await store.find(trx, id);
      if (row?.status !== 'open') return;
      const { schedule } = evaluate(await calendar.load(trx), row);
      await store.update(trx, id, schedule);
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
          const { view, schedule } = evaluate(cal, row);
          if (
            schedule.due_at === row.due_at &&
            schedule.alert_at === row.alert_at &&
            schedule.next_alert === row.next_alert
          )
            continue;
          await store.update(trx, row.id, { ...schedule, updated_at: now.toISOString() });
          // A paused deadline's projection moves every day by itself; that is not news to tell.
          if (schedule.due_at !== row.due_at && !view.paused)
            moved.push({ deadline: view, before: row.due_at, after: schedule.due_at });
        }
        if (moved.length > 0) await onMoved(trx, moved);
        return moved.map((m) => ({ id: m.deadline.id, before: m.before, after: m.after }));
      });
    },
  };
}

import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditService } from '../audit/service.ts';
import { systemActor } from '../auth/actor.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import type { Clock } from '../clock.ts';
import { shanghaiDate } from '../calendar/dates.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { ALERT_NAMES } from '../deadlines/schemas.ts';
import type { DeadlinesService, DeadlineView, MovedDeadline, OnMoved } from '../deadlines/service.ts';
import type { JobContext, JobsService } from '../jobs/service.ts';
import type { NotifyService } from '../notify/service.ts';
import { decisionName, sweepDecisions, type SweepDecision } from './model.ts';

/** Ports onto CAL's deadlines, AUTH's users and ORGS' agency tree (wired in services.ts). */
export interface SweepDeps {
  db: Db;
  clock: Clock;
  jobs: JobsService;
  deadlines: Pick<DeadlinesService, 'dueAlerts' | 'get' | 'markReminded' | 'markEscalated' | 'refreshAlert'>;
  notify: Pick<NotifyService, 'send'>;
  audit: AuditService;
  users: { usersWithRole(agencyId: string, role: Role): Promise<{ id: string }[]> };
  orgs: {
    supervisingAgencyOf(agencyId: string): Promise<{ id: string } | null>;
    agencyNames(ids: readonly string[]): Promise<Map<string, string>>;
  };
}

export interface DeadlineSweep {
  /**
   * Queues one alert job per reminder or escalation due, reading only the deadlines whose stored
   * next alert is due (deadlines.dueAlerts). The job's unique key (deadline, alert, due instant)
   * makes this idempotent across sweeps and processes; a deadline whose due date moves may be
   * reminded again for its new date. Returns how many alerts were queued.
   */
  sweep(): Promise<number>;
}

export const SWEEP_JOB = 'deadlines.sweep';
export const ALERT_JOB = 'deadlines.alert';
export const MOVED_JOB = 'deadlines.moved';
const HOUR_MS = 3_600_000;

const alertPayload = z.object({
  deadlineId: z.string(),
  alert: z.enum(ALERT_NAMES),
});

const movedPayload = z.object({ deadlineId: z.string(), before: z.string() });

/**
 * The deadlines service's `onMoved`: queues, in the recompute's transaction, a job that tells the
 * assignees whose due dates a calendar change moved. (Resolving recipients needs reads outside
 * that transaction, so the telling happens in the job, registered by `createDeadlineSweep`.)
 */
export function queueMovedAlerts(jobs: Pick<JobsService, 'enqueue'>): OnMoved {
  return async (trx: Kysely<Database>, moved: MovedDeadline[]) => {
    for (const m of moved) {
      await jobs.enqueue(trx, {
        type: MOVED_JOB,
        payload: { deadlineId: m.deadline.id, before: m.before },
      });
    }
  };
}

const isRole = (value: string | null): value is Role => (ROLES as readonly (string | null)[]).includes(value);

function leftText(workingDaysLeft: number): string {
  return workingDaysLeft <= 0 ? '今天到期' : `还剩 ${workingDaysLeft} 个工作日`;
}

/**
 * Issue 2 §8: due-soon reminders 3 and 1 working days before, and overdue escalation to the
 * leader in charge of the item's agency and the disclosure officers of its supervising agency.
 * Registers an hourly recurring sweep and the alert job on `jobs`.
 */
export function createDeadlineSweep(deps: SweepDeps): DeadlineSweep {
  const { db, clock, jobs, deadlines, notify, audit, users, orgs } = deps;

  async function holders(agencyId: string, role: Role): Promise<string[]> {
    return (await users.usersWithRole(agencyId, role)).map((u) => u.id);
  }

  async function assignees(d: DeadlineView): Promise<string[]> {
    if (d.assigneeUserId) return [d.assigneeUserId];
    return isRole(d.assigneeRole) ? holders(d.agencyId, d.assigneeRole) : [];
  }

  async function recipients(d: DeadlineView, decision: SweepDecision): Promise<string[]> {
    if (decision.kind === 'remind') return assignees(d);
    const supervising = await orgs.supervisingAgencyOf(d.agencyId);
    const leaders = await holders(d.agencyId, 'leader_in_charge');
    const officers = supervising ? await holders(supervising.id, 'disclosure_officer') : [];
    return [...leaders, ...officers];
  }

  /** Sends one alert, if it is still due: reminders and escalations are each sent once. */
  async function sendAlert(payload: unknown, { logger }: JobContext): Promise<void> {
    const { deadlineId, alert } = alertPayload.parse(payload);
    const d = await deadlines.get(deadlineId);
    if (!d) return;
    // The deadline may have been closed, extended or reminded since the sweep queued this.
    const decision = sweepDecisions(d, clock.now()).find((x) => decisionName(x) === alert);
    if (!decision) {
      // Sending marks the deadline, which stores its next alert; so must finding nothing to send,
      // or the sweep would read it again every hour.
      await db.kysely.transaction().execute((trx) => deadlines.refreshAlert(trx, deadlineId));
      return;
    }
    const userIds = await recipients(d, decision);
    if (userIds.length === 0) logger.warn({ deadlineId, alert }, 'deadline alert has nobody to go to');
    const agencyName = (await orgs.agencyNames([d.agencyId])).get(d.agencyId) ?? '';

    await db.kysely.transaction().execute(async (trx) => {
      if (decision.kind === 'remind') {
        await notify.send(trx, {
          userIds,
          kind: `deadline.${decision.key}`,
          title: `即将到期：${d.title}`,
          body: `${agencyName}的「${d.title}」将于 ${d.dueDate} 到期（${leftText(d.workingDaysLeft)}），请及时办理。`,
          link: d.link,
        });
        for (const key of decision.mark) await deadlines.markReminded(trx, d.id, key);
      } else {
        await notify.send(trx, {
          userIds,
          kind: 'deadline.overdue',
          title: `逾期督办：${d.title}`,
          body: `${agencyName}的「${d.title}」已于 ${d.dueDate} 到期，尚未办结，请督促办理。`,
          link: d.link,
        });
        await deadlines.markEscalated(trx, d.id);
      }
      await audit.record(trx, {
        actor: systemActor,
        agencyId: d.agencyId,
        entityType: 'deadline',
        entityId: d.id,
        action: decision.kind === 'remind' ? 'deadline.reminded' : 'deadline.escalated',
        after: { alert: decisionName(decision), dueAt: d.dueAt, recipients: userIds },
      });
    });
  }

  /** Tells the assignees of each still-open moved deadline its new due date. */
  /** Tells the assignees of a still-open moved deadline its new due date. */
  async function sendMoved(payload: unknown): Promise<void> {
    const m = movedPayload.parse(payload);
    const d = await deadlines.get(m.deadlineId);
    if (d?.status !== 'open') return;
    const userIds = await assignees(d);
    const before = shanghaiDate(new Date(m.before));
    await db.kysely.transaction().execute((trx) =>
      notify.send(trx, {
        userIds,
        kind: 'deadline.moved',
        title: `期限调整：${d.title}`,
        body: `因工作日历调整，「${d.title}」的办理期限由 ${before} 变为 ${d.dueDate}。`,
        link: d.link,
      }),
    );
  }

  async function sweep(): Promise<number> {
    const due = await deadlines.dueAlerts();
    return jobs.enqueueMany(
      db.kysely,
      due.map(({ deadlineId, alert, dueAt }) => ({
        type: ALERT_JOB,
        payload: { deadlineId, alert },
        uniqueKey: `${ALERT_JOB}:${deadlineId}:${alert}:${dueAt}`,
      })),
    );
  }

  jobs.register(ALERT_JOB, sendAlert);
  jobs.register(MOVED_JOB, sendMoved);
  jobs.register(SWEEP_JOB, async (_payload, { logger }) => {
    const queued = await sweep();
    if (queued > 0) logger.info({ queued }, 'deadline sweep queued alerts');
  });
  jobs.every(SWEEP_JOB, HOUR_MS);

  return { sweep };
}

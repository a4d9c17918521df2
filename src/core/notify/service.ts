import type { Kysely, Selectable } from 'kysely';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { AuditService } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { JobsService } from '../jobs/service.ts';
import type { NotificationsTable } from './tables.ts';
import type { NotificationList, NotificationView } from './schemas.ts';

export interface SendInput {
  userIds: readonly string[];
  /** What happened, e.g. 'deadline.due_in_3', 'assignment.assigned' (the console may pick an icon by it). */
  kind: string;
  title: string;
  body: string;
  /** A console path such as '/console/assignments/<id>'. */
  link?: string | null;
}

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** The part of a nodemailer transport we use; tests pass a fake. */
export interface MailTransport {
  sendMail(message: MailMessage): Promise<unknown>;
}

/** Where e-mail addresses come from (AuthService.getUser). */
export interface UserDirectory {
  getUser(id: string): Promise<{ displayName: string; email: string | null; active: boolean }>;
}

export interface NotifyService {
  /**
   * Tells users something, inside the caller's transaction: one in-app notification each, and
   * when SMTP is configured an e-mail job per notification, so that a mail server failure is
   * retried later and never rolls back the change that caused it. Returns the notification ids.
   */
  send(trx: Kysely<Database>, input: SendInput): Promise<string[]>;
  /** The actor's own notifications, newest first. */
  list(actor: Actor, options?: { unreadOnly?: boolean; limit?: number }): Promise<NotificationList>;
  markRead(actor: Actor, id: string): Promise<NotificationView>;
  /** Returns how many were unread. */
  markAllRead(actor: Actor): Promise<number>;
}

export interface NotifyDeps {
  db: Db;
  clock: Clock;
  jobs: JobsService;
  config: Pick<Config, 'mail' | 'http'>;
  audit: AuditService;
  users: UserDirectory;
  /** Defaults to an SMTP transport for config.mail. */
  transport?: MailTransport;
}

export const EMAIL_JOB = 'notify.email';
const emailPayload = z.object({ notificationId: z.string() });

function toView(row: Selectable<NotificationsTable>): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

export function createNotifyService(deps: NotifyDeps): NotifyService {
  const { db, clock, jobs, config, audit, users } = deps;
  const mail = config.mail;
  let transport = deps.transport ?? null;

  if (mail) {
    jobs.register(EMAIL_JOB, async (payload) => {
      const { notificationId } = emailPayload.parse(payload);
      const n = await db.kysely
        .selectFrom('notifications')
        .selectAll()
        .where('id', '=', notificationId)
        .executeTakeFirst();
      // Already sent by an earlier attempt that died before finishing the job.
      if (!n || n.emailed_at) return;
      const user = await users.getUser(n.user_id);
      if (!user.active || !user.email) return;
      const url = n.link ? `${config.http.publicBaseUrl}${n.link}` : config.http.publicBaseUrl;
      transport ??= nodemailer.createTransport(mail.smtpUrl);
      await transport.sendMail({
        from: mail.from,
        to: user.email,
        subject: `【政务公开平台】${n.title}`,
        text: `${user.displayName}：\n\n${n.body}\n\n查看详情：${url}\n\n（此邮件由系统自动发送，请勿直接回复。）`,
      });
      await db.kysely
        .updateTable('notifications')
        .set({ emailed_at: clock.now().toISOString() })
        .where('id', '=', n.id)
        .execute();
    });
  }

  async function findOwn(
    trx: Kysely<Database>,
    actor: Actor,
    id: string,
  ): Promise<Selectable<NotificationsTable>> {
    const row = await trx
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    if (!row) throw notFound('未找到该通知');
    return row;
  }

  return {
    async send(trx, input) {
      const now = clock.now().toISOString();
      const ids: string[] = [];
      for (const userId of new Set(input.userIds)) {
        const id = newId();
        await trx
          .insertInto('notifications')
          .values({
            id,
            user_id: userId,
            kind: input.kind,
            title: input.title,
            body: input.body,
            link: input.link ?? null,
            created_at: now,
            read_at: null,
            emailed_at: null,
          })
          .execute();
        if (mail) await jobs.enqueue(trx, { type: EMAIL_JOB, payload: { notificationId: id } });
        ids.push(id);
      }
      return ids;
    },

    async list(actor, options = {}) {
      let query = db.kysely.selectFrom('notifications').selectAll().where('user_id', '=', actor.userId);
      if (options.unreadOnly) query = query.where('read_at', 'is', null);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 50)
        .execute();
      const unread = await db.kysely
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', actor.userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return { items: rows.map(toView), unreadCount: Number(unread.n) };
    },

    async markRead(actor, id) {
      return db.kysely.transaction().execute(async (trx) => {
        const row = await findOwn(trx, actor, id);
        if (row.read_at) return toView(row);
        const readAt = clock.now().toISOString();
        await trx.updateTable('notifications').set({ read_at: readAt }).where('id', '=', id).execute();
        await audit.record(trx, {
          actor,
          agencyId: actor.currentAgencyId,
          entityType: 'notification',
          entityId: id,
          action: 'notification.read',
          before: { readAt: null },
          after: { readAt },
        });
        return toView({ ...row, read_at: readAt });
      });
    },

    async markAllRead(actor) {
      return db.kysely.transaction().execute(async (trx) => {
        const readAt = clock.now().toISOString();
        const result = await trx
          .updateTable('notifications')
          .set({ read_at: readAt })
          .where('user_id', '=', actor.userId)
          .where('read_at', 'is', null)
          .executeTakeFirst();
        const count = Number(result.numUpdatedRows);
        if (count > 0) {
          await audit.record(trx, {
            actor,
            agencyId: actor.currentAgencyId,
            entityType: 'notification',
            entityId: actor.userId,
            action: 'notification.all_read',
            after: { count, readAt },
          });
        }
        return count;
      });
    },
  };
}

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../audit/service.ts';
import type { Actor } from '../auth/actor.ts';
import { FixedClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { createTestDb, testEngines, type TestDb } from '../db/testing.ts';
import { DomainError } from '../errors.ts';
import { createJobsService, type JobsService, type Logger } from '../jobs/service.ts';
import { createNotifyService, type MailMessage, type NotifyService, type UserDirectory } from './service.ts';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const people: Record<string, { displayName: string; email: string | null; active: boolean }> = {
  'u-li': { displayName: '李明（科室负责人）', email: 'liming@xiji.gov.cn', active: true },
  'u-wang': { displayName: '王芳（起草人）', email: null, active: true },
  'u-gone': { displayName: '赵强（已停用）', email: 'zhaoqiang@xiji.gov.cn', active: false },
};
const directory: UserDirectory = {
  getUser: async (id) => {
    const p = people[id];
    if (!p) throw new DomainError('not_found', '未找到该用户', 404);
    return p;
  },
};

const actorFor = (userId: string): Actor => ({
  userId,
  username: userId,
  displayName: people[userId]?.displayName ?? userId,
  memberships: [],
  currentAgencyId: null,
});

const http: Config['http'] = {
  host: '127.0.0.1',
  port: 0,
  publicBaseUrl: 'https://gk.xiji.gov.cn',
  trustProxy: false,
};

describe.each(await testEngines())('notifications on %s', (engine) => {
  let db: TestDb;
  const clock = new FixedClock('2026-03-02T02:00:00Z');

  beforeAll(async () => {
    db = await createTestDb(engine);
  });
  afterAll(() => db.drop());
  beforeEach(async () => {
    await db.kysely.deleteFrom('notifications').execute();
    await db.kysely.deleteFrom('jobs').execute();
  });

  describe('with SMTP configured', () => {
    let jobs: JobsService;
    let notify: NotifyService;
    const sent: MailMessage[] = [];
    let failuresLeft = 0;

    beforeAll(() => {
      jobs = createJobsService({ db, clock, logger: quiet, retry: { baseMs: 60_000, maxMs: 60_000 } });
      notify = createNotifyService({
        db,
        clock,
        jobs,
        audit: createAuditService({ db, clock }),
        users: directory,
        config: {
          http,
          mail: { smtpUrl: 'smtp://mail.invalid:25', from: '政务公开平台 <noreply@xiji.gov.cn>' },
        },
        transport: {
          sendMail: async (message) => {
            if (failuresLeft > 0) {
              failuresLeft -= 1;
              throw new Error('ECONNREFUSED mail.invalid:25');
            }
            sent.push(message);
          },
        },
      });
    });

    it('writes nothing when the business transaction rolls back', async () => {
      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await notify.send(trx, { userIds: ['u-li'], kind: 'test', title: '测试', body: '正文' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await db.kysely.selectFrom('notifications').selectAll().execute()).toEqual([]);
      expect(
        await db.kysely.selectFrom('jobs').selectAll().where('type', '=', 'notify.email').execute(),
      ).toEqual([]);
    });

    it('e-mails through a job that retries when the mail server is down, without touching the notification', async () => {
      failuresLeft = 1;
      sent.length = 0;
      const [id] = await db.kysely.transaction().execute((trx) =>
        notify.send(trx, {
          userIds: ['u-li', 'u-li'],
          kind: 'assignment.assigned',
          title: '新交办事项：报送年度报告',
          body: '请于 3 月 10 日前报送。',
          link: '/console/assignments/abc',
        }),
      );
      expect((await notify.list(actorFor('u-li'))).items).toHaveLength(1);

      expect(await jobs.runDue()).toBe(1);
      expect(sent).toEqual([]);
      const pending = await db.kysely
        .selectFrom('jobs')
        .selectAll()
        .where('type', '=', 'notify.email')
        .execute();
      expect(pending).toMatchObject([{ status: 'pending', attempts: 1 }]);
      expect(pending[0]?.last_error).toContain('ECONNREFUSED');

      clock.advanceHours(1);
      expect(await jobs.runDue()).toBe(1);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({
        to: 'liming@xiji.gov.cn',
        from: '政务公开平台 <noreply@xiji.gov.cn>',
        subject: '【政务公开平台】新交办事项：报送年度报告',
      });
      expect(sent[0]?.text).toContain('https://gk.xiji.gov.cn/console/assignments/abc');
      const row = await db.kysely
        .selectFrom('notifications')
        .select('emailed_at')
        .where('id', '=', id ?? '')
        .executeTakeFirstOrThrow();
      expect(row.emailed_at).toBe(clock.now().toISOString());
    });

    it('sends no e-mail to users without an address or with a disabled account', async () => {
      sent.length = 0;
      await db.kysely
        .transaction()
        .execute((trx) =>
          notify.send(trx, { userIds: ['u-wang', 'u-gone'], kind: 'test', title: '测试', body: '正文' }),
        );
      expect(await jobs.runDue()).toBe(2);
      expect(sent).toEqual([]);
      expect(
        await db.kysely.selectFrom('jobs').select('status').where('type', '=', 'notify.email').execute(),
      ).toEqual([{ status: 'done' }, { status: 'done' }]);
    });
  });

  describe('in the app', () => {
    let notify: NotifyService;

    beforeAll(() => {
      const jobs = createJobsService({ db, clock, logger: quiet });
      notify = createNotifyService({
        db,
        clock,
        jobs,
        audit: createAuditService({ db, clock }),
        users: directory,
        config: { http, mail: null },
      });
    });

    it('queues no e-mail when SMTP is not configured', async () => {
      await db.kysely
        .transaction()
        .execute((trx) => notify.send(trx, { userIds: ['u-li'], kind: 'test', title: '测试', body: '正文' }));
      expect(
        await db.kysely.selectFrom('jobs').selectAll().where('type', '=', 'notify.email').execute(),
      ).toEqual([]);
    });

    it('lists only your own notifications, newest first, and counts the unread', async () => {
      for (const [i, userId] of ['u-li', 'u-wang', 'u-li'].entries()) {
        clock.set(`2026-03-02T0${i}:00:00Z`);
        await db.kysely
          .transaction()
          .execute((trx) =>
            notify.send(trx, { userIds: [userId], kind: 'test', title: `第 ${i} 条`, body: '正文' }),
          );
      }
      const mine = await notify.list(actorFor('u-li'));
      expect(mine.items.map((n) => n.title)).toEqual(['第 2 条', '第 0 条']);
      expect(mine.unreadCount).toBe(2);
      expect((await notify.list(actorFor('u-wang'))).items.map((n) => n.title)).toEqual(['第 1 条']);
    });

    it('marks one read (audited) and refuses to touch another user’s', async () => {
      await db.kysely
        .transaction()
        .execute((trx) =>
          notify.send(trx, { userIds: ['u-li', 'u-wang'], kind: 'test', title: '测试', body: '正文' }),
        );
      const [liNote] = (await notify.list(actorFor('u-li'))).items;
      const id = liNote?.id ?? '';

      await expect(notify.markRead(actorFor('u-wang'), id)).rejects.toMatchObject({ code: 'not_found' });
      expect((await notify.list(actorFor('u-li'))).unreadCount).toBe(1);

      const read = await notify.markRead(actorFor('u-li'), id);
      expect(read.readAt).toBe(clock.now().toISOString());
      expect((await notify.list(actorFor('u-li'))).unreadCount).toBe(0);
      const events = await db.kysely
        .selectFrom('audit_events')
        .select(['action', 'actor_id'])
        .where('entity_id', '=', id)
        .execute();
      expect(events).toEqual([{ action: 'notification.read', actor_id: 'u-li' }]);
    });

    it('marks all of your own read, and only yours', async () => {
      await db.kysely.transaction().execute(async (trx) => {
        await notify.send(trx, { userIds: ['u-li'], kind: 'test', title: '一', body: '正文' });
        await notify.send(trx, { userIds: ['u-li', 'u-wang'], kind: 'test', title: '二', body: '正文' });
      });
      expect(await notify.markAllRead(actorFor('u-li'))).toBe(2);
      expect(await notify.markAllRead(actorFor('u-li'))).toBe(0);
      expect((await notify.list(actorFor('u-wang'))).unreadCount).toBe(1);
      expect((await notify.list(actorFor('u-li'), { unreadOnly: true })).items).toEqual([]);
    });
  });
});

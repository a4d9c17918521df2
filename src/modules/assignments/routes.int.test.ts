import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import type { NotificationList } from '../../core/notify/schemas.ts';
import type { TaskView } from '../../core/tasks/schemas.ts';
import { createTestApp, type TestApp, type TestClient } from '../../dev/test-app.ts';
import type { DemoUsername } from '../../dev/world.ts';
import type { AssignmentView } from './schemas.ts';

describe.each(await testEngines())('assignments API on %s', (engine) => {
  let t: TestApp;
  // Monday 8 June 2026, 10:00 in Beijing.
  const clock = new FixedClock('2026-06-08T02:00:00Z');
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  const as = (username: DemoUsername): Promise<TestClient> => {
    let client = clients.get(username);
    if (!client) clients.set(username, (client = t.as(username)));
    return client;
  };
  const post = async (username: DemoUsername, url: string, payload: object) =>
    (await as(username)).inject({ method: 'POST', url, payload });
  const get = async (username: DemoUsername, url: string) =>
    (await as(username)).inject({ method: 'GET', url });

  const newAssignment = (overrides: object = {}) => ({
    agencyId: t.world.agencies.education,
    title: '报送政府信息公开工作年度报告',
    description: '按国家规定格式编制，经分管领导审核后报送。',
    assigneeRole: 'unit_head',
    workingDays: 5,
    ...overrides,
  });

  async function auditActions(entityId: string): Promise<string[]> {
    const rows = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'assignment')
      .where('entity_id', '=', entityId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  }

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
  });
  afterAll(() => t.close());

  it('the disclosure officer assigns work; the unit head sees it in My tasks and completes it', async () => {
    const res = await post('officer', '/api/assignments', newAssignment());
    expect(res.statusCode).toBe(201);
    const created = res.json<AssignmentView>();
    expect(created).toMatchObject({
      agencyName: '西吉县教育局',
      status: 'open',
      assigneeRole: 'unit_head',
      createdBy: { id: t.world.users.officer },
      allowedActions: ['cancel'],
      deadline: { dueDate: '2026-06-15', workingDaysLeft: 5, state: 'ok', status: 'open' },
    });
    expect(await auditActions(created.id)).toEqual(['assignment.created']);

    const tasks = (await get('unithead', '/api/tasks')).json<TaskView[]>();
    expect(
      tasks.map((x) => ({ title: x.title, module: x.module, agencyName: x.agencyName, link: x.link })),
    ).toEqual([
      {
        title: '报送政府信息公开工作年度报告',
        module: 'assignments',
        agencyName: '西吉县教育局',
        link: `/console/assignments/${created.id}`,
      },
    ]);
    // Assigned to the unit head's role, not to the drafter next door.
    expect((await get('drafter', '/api/tasks')).json<TaskView[]>()).toEqual([]);

    const inbox = (await get('unithead', '/api/notifications')).json<NotificationList>();
    expect(inbox.unreadCount).toBe(1);
    expect(inbox.items[0]).toMatchObject({
      kind: 'assignment.assigned',
      link: `/console/assignments/${created.id}`,
    });

    const detail = (await get('unithead', `/api/assignments/${created.id}`)).json<AssignmentView>();
    expect(detail.allowedActions).toEqual(['complete']);

    const done = await post('unithead', `/api/assignments/${created.id}/complete`, {
      note: '已编制完成并报送。',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json<AssignmentView>()).toMatchObject({
      status: 'completed',
      completionNote: '已编制完成并报送。',
      closedBy: { id: t.world.users.unithead },
      closedAt: '2026-06-08T02:00:00.000Z',
      allowedActions: [],
      deadline: { status: 'closed', overdue: false },
    });
    expect((await get('unithead', '/api/tasks')).json<TaskView[]>()).toEqual([]);
    expect(await auditActions(created.id)).toEqual(['assignment.created', 'assignment.completed']);
    const officerInbox = (await get('officer', '/api/notifications')).json<NotificationList>();
    expect(officerInbox.items.map((n) => n.kind)).toContain('assignment.completed');

    const again = await post('unithead', `/api/assignments/${created.id}/complete`, { note: '再次提交。' });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('invalid_state');
  });

  it('lets only the assigned role complete, and only the office cancel', async () => {
    const { id } = (
      await post('officer', '/api/assignments', newAssignment({ title: '更新公开指南' }))
    ).json<AssignmentView>();

    const byDrafter = await post('drafter', `/api/assignments/${id}/complete`, { note: '我来办结。' });
    expect(byDrafter.statusCode).toBe(403);
    const cancelByUnitHead = await post('unithead', `/api/assignments/${id}/cancel`, { reason: '不想办。' });
    expect(cancelByUnitHead.statusCode).toBe(403);

    const cancelled = await post('officer', `/api/assignments/${id}/cancel`, {
      reason: '已并入年度报告工作。',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<AssignmentView>()).toMatchObject({
      status: 'cancelled',
      cancelReason: '已并入年度报告工作。',
    });
    expect(await auditActions(id)).toEqual(['assignment.created', 'assignment.cancelled']);
    const inbox = (await get('unithead', '/api/notifications')).json<NotificationList>();
    expect(inbox.items.map((n) => n.kind)).toContain('assignment.cancelled');
  });

  it('shows assignments to the agency, the supervising office and the region supervisor, and to nobody else', async () => {
    const { id } = (
      await post('officer', '/api/assignments', newAssignment({ title: '检查栏目更新' }))
    ).json<AssignmentView>();
    for (const username of ['officer', 'webeditor', 'supervisor', 'leader', 'drafter'] as const) {
      const list = (await get(username, '/api/assignments')).json<AssignmentView[]>();
      expect(
        list.map((a) => a.id),
        username,
      ).toContain(id);
    }
    // The system administrator keeps the platform and does not read the agencies' work.
    const admin = await get('admin', `/api/assignments/${id}`);
    expect(admin.statusCode).toBe(404);
    expect((await get('admin', '/api/assignments')).json<AssignmentView[]>()).toEqual([]);

    const open = (await get('officer', '/api/assignments?status=open')).json<AssignmentView[]>();
    expect(open.every((a) => a.status === 'open')).toBe(true);
  });

  it('refuses bad input with Chinese messages and changes nothing', async () => {
    const count = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('assignments')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();

    const zeroDays = await post('officer', '/api/assignments', newAssignment({ workingDays: 0 }));
    expect(zeroDays.statusCode).toBe(400);
    expect(zeroDays.json<{ error: { fields: Record<string, string> } }>().error.fields.workingDays).toBe(
      '办理期限至少 1 个工作日',
    );

    const adminRole = await post('officer', '/api/assignments', newAssignment({ assigneeRole: 'admin' }));
    expect(adminRole.statusCode).toBe(400);

    const nobodyThere = await post(
      'officer',
      '/api/assignments',
      newAssignment({ assigneeRole: 'spokesperson' }),
    );
    expect(nobodyThere.statusCode).toBe(400);
    expect(nobodyThere.json<{ error: { message: string } }>().error.message).toBe(
      '该单位没有担任「新闻发言人」的人员，无法交办',
    );

    const unknownAgency = await post(
      'officer',
      '/api/assignments',
      newAssignment({ agencyId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknownAgency.statusCode).toBe(404);

    const notOffice = await post('unithead', '/api/assignments', newAssignment());
    expect(notOffice.statusCode).toBe(403);

    const badId = await post('unithead', '/api/assignments/not-a-uuid/complete', { note: '好的。' });
    expect(badId.statusCode).toBe(400);

    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/assignments',
      payload: newAssignment(),
      headers: { cookie: (await as('officer')).cookie },
    });
    expect(noCsrf.statusCode).toBe(403);

    expect(await count()).toBe(before);
  });

  it('asks for a login', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/tasks' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/assignments' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });

  it('marks notifications read through the API, only your own', async () => {
    const inbox = (await get('unithead', '/api/notifications')).json<NotificationList>();
    const first = inbox.items[0];
    expect(first).toBeDefined();
    const other = await post('drafter', `/api/notifications/${first?.id ?? ''}/read`, {});
    expect(other.statusCode).toBe(404);
    const read = await post('unithead', `/api/notifications/${first?.id ?? ''}/read`, {});
    expect(read.statusCode).toBe(200);
    expect(read.json<{ readAt: string | null }>().readAt).not.toBeNull();
    const all = await post('unithead', '/api/notifications/read-all', {});
    expect(all.json<{ count: number }>().count).toBe(inbox.unreadCount - 1);
    expect((await get('unithead', '/api/notifications')).json<NotificationList>().unreadCount).toBe(0);
  });
});

import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAdminOf } from '../../core/auth/actor.ts';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { createTestApp, type TestApp, type TestClient } from '../../dev/test-app.ts';
import type { DemoUsername } from '../../dev/world.ts';
import { seedDemoScreening } from './demo.ts';
import type { CheckResult, LeaderView, WordView } from './schemas.ts';

describe.each(await testEngines())('screening on %s', (engine) => {
  let t: TestApp;
  const clock = new FixedClock('2026-06-08T02:00:00Z');
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  const as = (username: DemoUsername): Promise<TestClient> => {
    let client = clients.get(username);
    if (!client) clients.set(username, (client = t.as(username)));
    return client;
  };
  const call = async (
    username: DemoUsername,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => (await as(username)).inject({ method, url, ...(payload ? { payload } : {}) });

  async function auditActions(entityType: string, entityId: string): Promise<string[]> {
    const rows = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  }
  const count = async (table: 'screening_words' | 'screening_leaders') =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
    await seedDemoScreening(t.services, systemAdminOf(t.world.agencies.county), t.world.agencies.county);
  });
  afterAll(() => t.close());

  it('screens a document for the documents workflow: text, leaders, words, attachments', async () => {
    const xlsx = zipSync({
      'xl/workbook.xml': strToU8(
        '<workbook><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': strToU8(
        '<worksheet><sheetData><row r="3"><c r="B3" t="inlineStr"><is><t>640422198001011234</t></is></c></row></sheetData></worksheet>',
      ),
    });
    const findings = await t.services.screening.screen({
      title: 'XX县关于发放补助的公示',
      bodyText: '县长杨国栋主持会议。咨询电话 13912345678。',
      links: ['mailto:office@xiji.example'],
      attachments: [{ id: 'f1', name: '名单.xlsx', bytes: xlsx }],
      agencyId: t.world.agencies.education,
    });
    expect(
      findings.map((f) => [
        f.code,
        f.severity,
        f.location.target,
        f.location.place ?? null,
        f.location.excerpt.match,
      ]),
    ).toEqual([
      ['sensitive_word', 'blocking', 'title', null, 'XX县'],
      ['leader_title', 'blocking', 'body', null, '县长杨国栋'],
      ['id_number', 'blocking', 'attachment', '工作表“名单”单元格 B3', '640422198001011234'],
      ['mobile', 'warning', 'body', null, '13912345678'],
    ]);
    expect(new Set(findings.map((f) => f.key)).size).toBe(findings.length);
  });

  it('lets staff try a text and shows where each finding is', async () => {
    const res = await call('drafter', 'POST', '/api/screening/check', {
      title: '关于秋季学期资助的通知',
      bodyText: '秘密★1年\n资助对象马某，身份证号 640422198001011234。县长马振华讲话。',
    });
    expect(res.statusCode).toBe(200);
    const result = res.json<CheckResult>();
    expect(result.blocked).toBe(true);
    expect(result.findings.map((f) => f.code)).toEqual(['secrecy_mark', 'id_number']);
    expect(result.findings[1]?.location).toMatchObject({ target: 'body', offset: 18, length: 18 });

    const clean = await call('drafter', 'POST', '/api/screening/check', {
      bodyText: '常务副县长杨国栋出席。',
    });
    expect(clean.json<CheckResult>()).toEqual({ findings: [], blocked: false });
  });

  it('refuses an empty or oversized check with a Chinese message', async () => {
    const empty = await call('drafter', 'POST', '/api/screening/check', { title: ' ', bodyText: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ error: { message: string } }>().error.message).toBe('请输入要检查的标题、正文或附件');
    const bad = await call('drafter', 'POST', '/api/screening/check', {
      bodyText: '正文',
      attachments: [{ name: 'a.xlsx', contentBase64: '不是base64' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad.json<{ error: { fields: Record<string, string> } }>().error.fields['attachments.0.contentBase64'],
    ).toBe('附件内容须为 Base64 编码');
  });

  it('lets the disclosure officer keep the words for the agencies the office supervises, with audit events', async () => {
    const created = await call('officer', 'POST', '/api/screening/words', {
      word: '某某村委会',
      severity: 'warning',
      note: '示例',
      agencyId: t.world.agencies.education,
    });
    expect(created.statusCode).toBe(201);
    const word = created.json<WordView>();
    expect(word).toMatchObject({ word: '某某村委会', agencyName: '西吉县教育局', editable: true });

    const updated = await call('officer', 'PATCH', `/api/screening/words/${word.id}`, {
      severity: 'blocking',
    });
    expect(updated.json<WordView>().severity).toBe('blocking');

    // It applies to the education bureau's texts, not to the health bureau's.
    const edu = (
      await call('drafter', 'POST', '/api/screening/check', { bodyText: '某某村委会' })
    ).json<CheckResult>();
    expect(edu.findings.map((f) => [f.code, f.severity])).toEqual([['sensitive_word', 'blocking']]);
    const health = await t.services.screening.screen({
      title: '',
      bodyText: '某某村委会',
      links: [],
      attachments: [],
      agencyId: t.world.agencies.health,
    });
    expect(health).toEqual([]);

    const deleted = await call('officer', 'DELETE', `/api/screening/words/${word.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await auditActions('screening_word', word.id)).toEqual([
      'screening_word.created',
      'screening_word.updated',
      'screening_word.deleted',
    ]);
  });

  it('shows the county lists to staff, editable only by those who keep them', async () => {
    const words = (await call('drafter', 'GET', '/api/screening/words')).json<WordView[]>();
    expect(words.map((w) => w.word)).toContain('XX县');
    expect(words.every((w) => !w.editable)).toBe(true);
    const leaders = (await call('admin', 'GET', '/api/screening/leaders')).json<LeaderView[]>();
    expect(leaders.map((l) => l.name)).toEqual(['马振华', '杨国栋', '田志刚', '海丽萍', '苏文博']);
    expect(leaders.every((l) => l.editable)).toBe(true);
  });

  it('keeps the leaders list: a new county head changes what is an error', async () => {
    const leaders = (await call('admin', 'GET', '/api/screening/leaders')).json<LeaderView[]>();
    const head = leaders.find((l) => l.name === '马振华');
    const res = await call('admin', 'PATCH', `/api/screening/leaders/${head?.id ?? ''}`, { active: false });
    expect(res.json<LeaderView>().active).toBe(false);
    const created = await call('admin', 'POST', '/api/screening/leaders', {
      name: '李明远',
      titles: ['县长'],
      agencyId: t.world.agencies.county,
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<LeaderView>();
    const check = (
      await call('drafter', 'POST', '/api/screening/check', { bodyText: '县长马振华出席。' })
    ).json<CheckResult>();
    expect(check.findings.map((f) => f.message)).toEqual([
      '领导姓名表述有误：现任县长为李明远，文中写作“县长马振华”',
    ]);
    expect(await auditActions('screening_leader', id)).toEqual(['screening_leader.created']);
    expect(await auditActions('screening_leader', head?.id ?? '')).toEqual([
      'screening_leader.created',
      'screening_leader.updated',
    ]);
  });

  it('refuses staff who may not keep the lists, and bad input, changing nothing', async () => {
    const before = [await count('screening_words'), await count('screening_leaders')];
    const byDrafter = await call('drafter', 'POST', '/api/screening/words', {
      word: '测试',
      severity: 'warning',
      agencyId: t.world.agencies.education,
    });
    expect(byDrafter.statusCode).toBe(403);
    // The web editor works in the office but does not keep the lists.
    const byWebEditor = await call('webeditor', 'POST', '/api/screening/leaders', {
      name: '王某某',
      titles: ['副县长'],
      agencyId: t.world.agencies.county,
    });
    expect(byWebEditor.statusCode).toBe(403);

    const noWord = await call('officer', 'POST', '/api/screening/words', {
      word: '  ',
      severity: 'warning',
      agencyId: t.world.agencies.education,
    });
    expect(noWord.statusCode).toBe(400);
    expect(noWord.json<{ error: { fields: Record<string, string> } }>().error.fields.word).toBe(
      '请填写敏感词',
    );
    const badSeverity = await call('officer', 'POST', '/api/screening/words', {
      word: '测试',
      severity: 'fatal',
      agencyId: t.world.agencies.education,
    });
    expect(badSeverity.json<{ error: { fields: Record<string, string> } }>().error.fields.severity).toBe(
      '请选择处理方式（须修改或提醒）',
    );
    const badName = await call('admin', 'POST', '/api/screening/leaders', {
      name: 'Li Ming',
      titles: [],
      agencyId: t.world.agencies.county,
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json<{ error: { fields: Record<string, string> } }>().error.fields).toMatchObject({
      name: '姓名须为 2–8 个汉字',
      titles: '请至少填写一个职务',
    });
    const duplicate = await call('admin', 'POST', '/api/screening/words', {
      word: 'XX县',
      severity: 'warning',
      agencyId: t.world.agencies.county,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<{ error: { message: string } }>().error.message).toBe('该单位已有敏感词“XX县”');
    const unknown = await call(
      'admin',
      'DELETE',
      '/api/screening/words/00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.statusCode).toBe(404);
    const badId = await call('admin', 'DELETE', '/api/screening/words/not-an-id');
    expect(badId.statusCode).toBe(400);
    expect([await count('screening_words'), await count('screening_leaders')]).toEqual(before);
  });

  it('asks for a login', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/screening/words' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/screening/check', payload: { bodyText: '正文' } }))
        .statusCode,
    ).toBe(401);
  });
});

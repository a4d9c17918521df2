import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import type { TaskView } from '../../core/tasks/schemas.ts';
import { createTestApp, type TestApp, type TestClient } from '../../dev/test-app.ts';
import { DEMO_PASSWORD, type DemoUsername } from '../../dev/world.ts';
import type { DocumentView, ScreeningRecord, SelfReviewView } from './schemas.ts';

/**
 * The proactive-disclosure workflow through the console API, on both engines: drafting with the
 * mode at the source, the review chain, screening, co-issuer consultation, publication on the
 * legal clock, versions, withdrawal and the yearly self-review.
 */

/** A valid 18-digit ID number (西吉县, born 1990-03-07, ISO 7064 MOD 11-2 check digit). */
const ID_NUMBER = '640422199003070021';

describe.each(await testEngines())('documents workflow on %s', (engine) => {
  let t: TestApp;
  // Friday 27 September 2024, 10:00 in Beijing: the National Day week lies ahead.
  const clock = new FixedClock('2024-09-27T02:00:00Z');
  const clients = new Map<DemoUsername, TestClient>();
  /** Moves the clock; sessions do not survive weeks of idleness, so everyone logs in again. */
  const setClock = (iso: string): void => {
    clock.set(iso);
    clients.clear();
  };

  const client = async (who: DemoUsername): Promise<TestClient> => {
    let c = clients.get(who);
    if (!c) {
      c = await t.as(who);
      clients.set(who, c);
    }
    return c;
  };
  const post = async (who: DemoUsername, url: string, payload: unknown = {}) =>
    (await client(who)).inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
  const get = async (who: DemoUsername, url: string) => (await client(who)).inject({ method: 'GET', url });
  const ok = async <T = DocumentView>(p: Promise<{ statusCode: number; body: string; json<R>(): R }>) => {
    const res = await p;
    if (res.statusCode >= 300) throw new Error(`expected success, got ${res.statusCode}: ${res.body}`);
    return res.json<T>();
  };

  const draft = (overrides: Record<string, unknown> = {}) => ({
    agencyId: t.world.agencies.education,
    title: '西吉县教育局关于2024年秋季学期义务教育阶段学生资助工作的通知',
    docNumber: '西教发〔2024〕31号',
    writtenOn: '2024-09-27',
    topic: '科技、教育',
    genre: '通知',
    legalCategory: 'normative',
    portalSection: 'statutory',
    body: '<h2>一、资助对象</h2><p>全县义务教育阶段家庭经济困难学生。</p><p>联系人：县教育局资助中心。</p>',
    disclosureMode: 'proactive',
    ...overrides,
  });

  const auditActions = async (id: string): Promise<string[]> =>
    (
      await t.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('entity_id', '=', id)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  /** Drafted by the drafter, approved by every step of the default chain. */
  async function approvedDocument(overrides: Record<string, unknown> = {}): Promise<DocumentView> {
    const doc = await ok(post('drafter', '/api/documents', draft(overrides)));
    await ok(post('drafter', `/api/documents/${doc.id}/submit`));
    for (const who of ['unithead', 'secrecy', 'leader', 'officer'] as const) {
      await ok(post(who, `/api/documents/${doc.id}/approve`, { opinion: '同意' }));
    }
    return ok(get('officer', `/api/documents/${doc.id}`));
  }

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
  });
  afterAll(() => t.close());

  it('runs a proactive document from draft through the review chain, screening and publication to search', async () => {
    const doc = await ok(
      post(
        'drafter',
        '/api/documents',
        draft({ body: `<p>受助学生王某，身份证号 ${ID_NUMBER}，已核实。</p>` }),
      ),
    );
    expect(doc).toMatchObject({
      status: 'draft',
      disclosureMode: 'proactive',
      allowedActions: expect.arrayContaining(['submit', 'edit']) as unknown,
    });

    const submitted = await ok(post('drafter', `/api/documents/${doc.id}/submit`));
    expect(submitted).toMatchObject({
      status: 'in_review',
      reviewChain: ['unit_head', 'secrecy', 'leader', 'office'],
      reviewStep: 'unit_head',
      // 条例第二十六条: 20 working days from formation on Friday 27 September 2024. The National Day
      // week (1–7 October) is off and Sunday 29 September and Saturday 12 October are worked.
      publicationDeadline: { dueDate: '2024-10-30', status: 'open' },
    });
    // The clock shows in My tasks of whoever must act, and moves along the chain.
    const unitTasks = await ok<TaskView[]>(get('unithead', '/api/tasks'));
    expect(unitTasks.map((x) => x.title)).toContain(`主动公开：${doc.title}`);
    expect((await ok<TaskView[]>(get('drafter', '/api/tasks'))).map((x) => x.title)).not.toContain(
      `主动公开：${doc.title}`,
    );

    // Only the step's reviewer acts: the secrecy reviewer cannot take the unit head's step.
    expect((await post('secrecy', `/api/documents/${doc.id}/approve`, {})).statusCode).toBe(403);
    await ok(post('unithead', `/api/documents/${doc.id}/approve`, { opinion: '同意' }));
    const atSecrecy = await ok(get('secrecy', `/api/documents/${doc.id}`));
    expect(atSecrecy).toMatchObject({ reviewStep: 'secrecy', stepDeadline: { status: 'open' } });
    // 10 working days for the secrecy opinion from today (Friday): 29 (Sunday, worked) and 30 September, 8–12 (Saturday worked), 14–16 October.
    expect(atSecrecy.stepDeadline?.dueDate).toBe('2024-10-16');
    await ok(post('secrecy', `/api/documents/${doc.id}/approve`, {}));
    await ok(post('leader', `/api/documents/${doc.id}/approve`, {}));
    const approved = await ok(post('officer', `/api/documents/${doc.id}/approve`, {}));
    expect(approved).toMatchObject({ status: 'approved', reviewStep: null });
    expect(approved.allowedActions).toContain('publish');

    // Screening finds the ID number, and the finding says where it is.
    const screening = await ok<ScreeningRecord>(post('officer', `/api/documents/${doc.id}/screen`));
    const id = screening.findings.find((f) => f.code === 'id_number');
    expect(id).toMatchObject({
      severity: 'blocking',
      location: { target: 'body', excerpt: { match: ID_NUMBER } },
    });

    // Blocking findings stop publication, and nothing changes.
    const refused = await post('officer', `/api/documents/${doc.id}/publish`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'screening_blocked',
      message: expect.stringContaining('公民身份号码') as unknown,
    });
    expect(await ok(get('officer', `/api/documents/${doc.id}`))).toMatchObject({
      status: 'approved',
      indexNumber: null,
    });

    // Returned to the drafter, corrected, and through the chain again.
    await ok(
      post('officer', `/api/documents/${doc.id}/return`, { opinion: '正文含有身份证号码，请删除后重新提交' }),
    );
    await ok(
      (await client('drafter')).inject({
        method: 'PUT',
        url: `/api/documents/${doc.id}`,
        payload: draft({ body: '<p>受助学生名单已按规定在校内公示，不在网上公开。</p>' }),
      }),
    );
    const resubmitted = await ok(post('drafter', `/api/documents/${doc.id}/submit`));
    // The clock runs from formation: a return does not restart it.
    expect(resubmitted.publicationDeadline?.dueDate).toBe('2024-10-30');
    for (const who of ['unithead', 'secrecy', 'leader', 'officer'] as const) {
      await ok(post(who, `/api/documents/${doc.id}/approve`, {}));
    }

    setClock('2024-10-09T02:00:00Z'); // Wednesday after the holiday week
    try {
      const published = await ok(post('officer', `/api/documents/${doc.id}/publish`, {}));
      const uscc = (await t.services.orgs.get(t.world.agencies.education)).uscc;
      expect(published).toMatchObject({
        status: 'published',
        indexNumber: `${uscc}/2024-00001`,
        publishedAt: '2024-10-09T02:00:00.000Z',
        // 29 Sep (adjusted working day), 30 Sep, 8 Oct, 9 Oct.
        publishWorkingDays: 4,
        publicationDeadline: { status: 'closed' },
      });
      expect(published.versions).toHaveLength(1);
      expect(published.reviews.filter((r) => r.decision === 'return')).toHaveLength(1);

      const events = await t.db.kysely
        .selectFrom('audit_events')
        .select(['action', 'after'])
        .where('entity_id', '=', doc.id)
        .where('action', '=', 'document.published')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(events.after ?? '{}')).toMatchObject({
        writtenOn: '2024-09-27',
        publishedAt: '2024-10-09T02:00:00.000Z',
        workingDaysAfterFormation: 4,
        limitWorkingDays: 20,
        withinLimit: true,
      });

      const portal = await t.app.inject({ method: 'GET', url: `/documents/${doc.id}` });
      expect(portal.statusCode).toBe(200);
      expect(portal.body).toContain(`${uscc}/2024-00001`);

      const found = await t.services.search.search({ q: '校内公示' });
      expect(found.items.map((h) => h.id)).toContain(doc.id);
      expect(await auditActions(doc.id)).toEqual([
        'document.drafted',
        'document.submitted',
        ...Array<string>(3).fill('document.approved'),
        'document.approved',
        'document.screened',
        'document.returned',
        'document.updated',
        'document.submitted',
        ...Array<string>(4).fill('document.approved'),
        'document.published',
      ]);
    } finally {
      setClock('2024-09-27T02:00:00Z');
    }
  });

  it('moves no document without a disclosure mode, nor a non-proactive one without its ground and reason', async () => {
    const noMode = await post('drafter', '/api/documents', draft({ disclosureMode: undefined }));
    expect(noMode.statusCode).toBe(400);
    expect(noMode.body).toContain('公开属性');

    const doc = await ok(
      post('drafter', '/api/documents', draft({ disclosureMode: 'on_request', title: '学生资助对象花名册' })),
    );
    const refused = await post('drafter', `/api/documents/${doc.id}/submit`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { fields: Record<string, string> } }>().error.fields).toMatchObject({
      withholdingGround: expect.any(String) as unknown,
      modeReason: expect.any(String) as unknown,
    });
    expect(await ok(get('drafter', `/api/documents/${doc.id}`))).toMatchObject({ status: 'draft' });

    // A ground of the other mode does not fit.
    const wrong = await (
      await client('drafter')
    ).inject({
      method: 'PUT',
      url: `/api/documents/${doc.id}`,
      payload: draft({
        disclosureMode: 'on_request',
        title: '学生资助对象花名册',
        withholdingGround: 'art14_state_secret',
        modeReason: '涉及学生个人信息',
      }),
    });
    expect(wrong.statusCode).toBe(200);
    expect((await post('drafter', `/api/documents/${doc.id}/submit`)).statusCode).toBe(400);
  });

  it('registers withheld information at the end of the chain, lists it in the self-review and converts it', async () => {
    const doc = await approvedDocument({
      title: '县教育局2024年教师职称评审会议纪要',
      disclosureMode: 'withheld',
      withholdingGround: 'art16_2_process',
      modeReason: '评审讨论记录，属于过程性信息',
    });
    expect(doc).toMatchObject({ status: 'registered', publicationDeadline: null });

    const review = await ok<SelfReviewView>(
      get('officer', `/api/documents-self-review?agencyId=${t.world.agencies.education}&year=2024`),
    );
    expect(review.withheld.map((d) => d.id)).toContain(doc.id);
    expect(review.withheld.find((d) => d.id === doc.id)).toMatchObject({
      withholdingGround: 'art16_2_process',
    });
    expect(review.mayConvert).toBe(true);
    expect(review.repeatedlyRequested).toEqual([]);

    expect(
      (await post('drafter', `/api/documents/${doc.id}/convert`, { reason: '评审结果已公示，纪要可以公开' }))
        .statusCode,
    ).toBe(403);
    const converted = await ok(
      post('officer', `/api/documents/${doc.id}/convert`, { reason: '评审结果已公示，纪要可以公开' }),
    );
    // 条例第二十六条: the change of mode is a change — the 20 working days run from today.
    expect(converted).toMatchObject({
      status: 'approved',
      disclosureMode: 'proactive',
      withholdingGround: null,
      publicationDeadline: { dueDate: '2024-10-30', status: 'open' },
    });
    expect(await auditActions(doc.id)).toContain('document.converted');
  });

  it('releases a co-issued document by silence once the co-issuer lets its answer limit pass', async () => {
    const doc = await approvedDocument({
      title: '关于联合开展学生健康体检工作的通知',
      coIssuers: [t.world.agencies.health],
    });
    expect(doc.consultations).toMatchObject([
      { agencyId: t.world.agencies.health, status: 'pending', deadline: { status: 'open' } },
    ]);
    // The co-issuer's deadline is in My tasks of whoever answers for it (the leader in charge of health).
    const leaderTasks = await ok<TaskView[]>(get('leader', '/api/tasks'));
    expect(leaderTasks.map((x) => x.title)).toContain(`联合发文会签：${doc.title}`);

    const early = await post('officer', `/api/documents/${doc.id}/publish`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json<{ error: { code: string } }>().error.code).toBe('consultation_open');

    const dueDate = doc.consultations[0]?.deadline?.dueDate ?? '';
    expect(dueDate).toBe('2024-10-16');
    setClock('2024-10-17T02:00:00Z'); // the day after the limit
    try {
      const published = await ok(post('officer', `/api/documents/${doc.id}/publish`, {}));
      expect(published.status).toBe('published');
      expect(published.consultations).toMatchObject([{ status: 'silent_consent', answeredByName: null }]);
      expect(await auditActions(doc.id)).toContain('document.consultation_lapsed');
      // Too late to answer now: silence was consent.
      const late = await post(
        'leader',
        `/api/documents/${doc.id}/consultations/${doc.consultations[0]?.id}/answer`,
        {
          decision: 'object',
          opinion: '不同意',
        },
      );
      expect(late.statusCode).toBe(409);
    } finally {
      setClock('2024-09-27T02:00:00Z');
    }
  });

  it('stops publication when a co-issuer objects, and records a consent', async () => {
    const doc = await approvedDocument({
      title: '关于学校食堂食品安全检查的通知',
      coIssuers: [t.world.agencies.health],
    });
    const consultationId = doc.consultations[0]?.id ?? '';
    const objected = await ok(
      post('leader', `/api/documents/${doc.id}/consultations/${consultationId}/answer`, {
        decision: 'object',
        opinion: '检查结果尚未汇总，暂缓发布',
      }),
    );
    expect(objected.consultations[0]).toMatchObject({
      status: 'objected',
      answeredByName: '田志刚（分管领导）',
    });
    const refused = await post('officer', `/api/documents/${doc.id}/publish`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('联合发文单位不同意');
  });

  it('takes the secrecy question to the secrecy authority and records its answer before approving', async () => {
    const doc = await ok(
      post('drafter', '/api/documents', draft({ title: '关于校园安全隐患排查情况的通报' })),
    );
    await ok(post('drafter', `/api/documents/${doc.id}/submit`));
    await ok(post('unithead', `/api/documents/${doc.id}/approve`, {}));
    const asked = await ok(
      post('secrecy', `/api/documents/${doc.id}/escalate`, {
        question: '通报中的隐患点位是否属于国家秘密？',
      }),
    );
    expect(asked.escalation).toMatchObject({ question: '通报中的隐患点位是否属于国家秘密？', answer: null });
    expect(asked.stepDeadline?.paused).toBe(true);
    expect((await post('secrecy', `/api/documents/${doc.id}/approve`, {})).statusCode).toBe(409);
    const answered = await ok(
      post('secrecy', `/api/documents/${doc.id}/escalation-answer`, {
        authority: '西吉县国家保密局',
        answer: '不属于国家秘密，删除具体点位后可以公开',
      }),
    );
    expect(answered.escalation).toMatchObject({
      authority: '西吉县国家保密局',
      answeredAt: expect.any(String) as unknown,
    });
    expect(answered.stepDeadline?.paused).toBe(false);
    await ok(post('secrecy', `/api/documents/${doc.id}/approve`, {}));
    expect(await auditActions(doc.id)).toEqual(
      expect.arrayContaining(['document.escalated', 'document.escalation_answered']),
    );
  });

  it('follows the configured chain, never drops the secrecy review, and shortens the publication limit by region', async () => {
    const education = t.world.agencies.education;
    const refuse = await (
      await client('officer')
    ).inject({
      method: 'PUT',
      url: `/api/document-settings/${education}`,
      payload: { reviewSteps: ['unit_head', 'office'], publicationDays: null, consultationDays: null },
    });
    expect(refuse.statusCode).toBe(400);
    expect(refuse.body).toContain('保密审查');
    const tooLong = await (
      await client('officer')
    ).inject({
      method: 'PUT',
      url: `/api/document-settings/${education}`,
      payload: { reviewSteps: ['secrecy', 'office'], publicationDays: 30, consultationDays: null },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(
      (
        await (
          await client('drafter')
        ).inject({
          method: 'PUT',
          url: `/api/document-settings/${education}`,
          payload: { reviewSteps: ['secrecy', 'office'], publicationDays: 7, consultationDays: null },
        })
      ).statusCode,
    ).toBe(403);

    const set = await (
      await client('officer')
    ).inject({
      method: 'PUT',
      url: `/api/document-settings/${education}`,
      payload: { reviewSteps: ['secrecy', 'office'], publicationDays: 7, consultationDays: null },
    });
    expect(set.statusCode).toBe(200);
    try {
      const doc = await ok(post('drafter', '/api/documents', draft({ title: '关于开展教师培训的通知' })));
      const submitted = await ok(post('drafter', `/api/documents/${doc.id}/submit`));
      expect(submitted).toMatchObject({
        reviewChain: ['secrecy', 'office'],
        reviewStep: 'secrecy',
        publicationDays: 7,
        // 7 working days from 27 September: 29, 30 September, 8, 9, 10, 11, 12 October.
        publicationDeadline: { dueDate: '2024-10-12' },
      });
      const audit = await t.db.kysely
        .selectFrom('audit_events')
        .select('after')
        .where('entity_id', '=', doc.id)
        .where('action', '=', 'document.submitted')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.after ?? '{}')).toMatchObject({
        skippedSteps: ['unit_head', 'leader'],
        chainConfiguredAt: education,
      });
    } finally {
      await (
        await client('officer')
      ).inject({
        method: 'PUT',
        url: `/api/document-settings/${education}`,
        payload: {
          reviewSteps: ['unit_head', 'secrecy', 'leader', 'office'],
          publicationDays: null,
          consultationDays: null,
        },
      });
    }
  });

  it('publishes over a warning only with a named reason, keeps versions, shows validity and leaves a tombstone', async () => {
    const doc = await approvedDocument({
      title: '关于2024年学前教育资助申请的通知',
      body: '<p>咨询电话：13909541234（资助中心）。</p>',
    });
    const refused = await post('officer', `/api/documents/${doc.id}/publish`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('screening_warnings');
    const screening = await ok<ScreeningRecord>(post('officer', `/api/documents/${doc.id}/screen`));
    const warning = screening.findings.find((f) => f.code === 'mobile');
    expect(warning?.severity).toBe('warning');
    const published = await ok(
      post('officer', `/api/documents/${doc.id}/publish`, {
        overrides: [{ key: warning?.key, reason: '资助中心的公开咨询电话，应当公开' }],
      }),
    );
    expect(published.status).toBe('published');
    const event = await t.db.kysely
      .selectFrom('audit_events')
      .select('after')
      .where('entity_id', '=', doc.id)
      .where('action', '=', 'document.published')
      .executeTakeFirstOrThrow();
    expect((JSON.parse(event.after ?? '{}') as { overrides: unknown }).overrides).toMatchObject([
      { code: 'mobile', reason: '资助中心的公开咨询电话，应当公开', by: '马丽（政务公开专员）' },
    ]);

    const revised = await ok(
      post('officer', `/api/documents/${doc.id}/revise`, {
        ...draft({
          title: '关于2024年学前教育资助申请的通知',
          body: '<p>咨询电话：0954-3021101（资助中心）。</p>',
        }),
        reason: '更正咨询电话',
      }),
    );
    expect(revised).toMatchObject({
      version: 2,
      versions: [{ version: 2, reason: '更正咨询电话' }, { version: 1 }],
    });
    const page = await t.app.inject({ method: 'GET', url: `/documents/${doc.id}` });
    expect(page.body).toContain('0954-3021101');
    expect(page.body).not.toContain('13909541234');

    // A revision is screened like a publication; its warnings are learnt before saving.
    const withMobile = {
      ...draft({
        title: '关于2024年学前教育资助申请的通知',
        body: '<p>咨询电话：0954-3021101，值班手机 13909541234。</p>',
      }),
      reason: '增加值班手机',
    };
    const unexplained = await post('officer', `/api/documents/${doc.id}/revise`, withMobile);
    expect(unexplained.statusCode).toBe(409);
    const preview = await ok<ScreeningRecord>(
      post('officer', `/api/documents/${doc.id}/revise/screen`, withMobile),
    );
    const mobile = preview.findings.find((f) => f.code === 'mobile');
    const third = await ok(
      post('officer', `/api/documents/${doc.id}/revise`, {
        ...withMobile,
        overrides: [{ key: mobile?.key, reason: '值班手机对外公布，便于群众咨询' }],
      }),
    );
    expect(third.version).toBe(3);

    const repealed = await ok(
      post('officer', `/api/documents/${doc.id}/validity`, {
        validity: 'repealed',
        note: '被新的资助办法代替',
      }),
    );
    expect(repealed.validity).toBe('repealed');
    expect((await t.app.inject({ method: 'GET', url: `/documents/${doc.id}` })).body).toContain('废止');

    await ok(post('officer', `/api/documents/${doc.id}/withdraw`, { reason: '内容有误，撤回后重新发布' }));
    const tombstone = await t.app.inject({ method: 'GET', url: `/documents/${doc.id}` });
    expect(tombstone.statusCode).toBe(410);
    expect(tombstone.body).toContain('已撤回');
    expect(tombstone.body).toContain('内容有误，撤回后重新发布');
    expect(tombstone.body).not.toContain('咨询电话');
    expect((await t.services.search.search({ q: '学前教育资助' })).items.map((h) => h.id)).not.toContain(
      doc.id,
    );
    expect(await auditActions(doc.id)).toEqual(
      expect.arrayContaining(['document.revised', 'document.validity_changed', 'document.withdrawn']),
    );
  });

  it('screens attachments, serves them with the published document only, and stops a hidden sheet', async () => {
    const drafter = (await t.services.auth.login('drafter', DEMO_PASSWORD, { ip: null })).actor;
    // A spreadsheet whose visible sheet is clean and whose hidden sheet holds an ID number.
    const leaky = await t.services.files.save(drafter, {
      name: '资助名单.xlsx',
      bytes: zipSync({
        '[Content_Types].xml': strToU8(
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        ),
        'xl/workbook.xml': strToU8(
          '<workbook xmlns:r="r"><sheets><sheet name="公示" sheetId="1" r:id="rId1"/><sheet name="原始数据" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>',
        ),
        'xl/_rels/workbook.xml.rels': strToU8(
          '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>',
        ),
        'xl/worksheets/sheet1.xml': strToU8(
          '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>受助人数</t></is></c></row></sheetData></worksheet>',
        ),
        'xl/worksheets/sheet2.xml': strToU8(
          `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${ID_NUMBER}</t></is></c></row></sheetData></worksheet>`,
        ),
      }),
    });
    const doc = await approvedDocument({ title: '关于2024年资助名单的公示', attachmentIds: [leaky.id] });
    const before = await t.app.inject({ method: 'GET', url: `/documents/${doc.id}/attachments/${leaky.id}` });
    expect(before.statusCode).toBe(404);
    const refused = await post('officer', `/api/documents/${doc.id}/publish`, {});
    expect(refused.statusCode).toBe(409);
    const screening = await ok<ScreeningRecord>(post('officer', `/api/documents/${doc.id}/screen`));
    expect(screening.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['hidden_sheet', 'id_number']),
    );

    await ok(post('officer', `/api/documents/${doc.id}/return`, { opinion: '附件隐藏工作表含身份证号码' }));
    const pdf = await PDFDocument.create();
    pdf.addPage().drawText('Student aid 2024: 1,250 students.', { x: 50, y: 700 });
    const pdfBytes = await pdf.save();
    const clean = await t.services.files.save(drafter, { name: '资助名单.pdf', bytes: pdfBytes });
    await ok(
      (await client('drafter')).inject({
        method: 'PUT',
        url: `/api/documents/${doc.id}`,
        payload: draft({ title: '关于2024年资助名单的公示', attachmentIds: [clean.id] }),
      }),
    );
    await ok(post('drafter', `/api/documents/${doc.id}/submit`));
    for (const who of ['unithead', 'secrecy', 'leader', 'officer'] as const) {
      await ok(post(who, `/api/documents/${doc.id}/approve`, {}));
    }
    await ok(post('officer', `/api/documents/${doc.id}/publish`, {}));
    const page = await t.app.inject({ method: 'GET', url: `/documents/${doc.id}` });
    expect(page.body).toContain(`/documents/${doc.id}/attachments/${clean.id}`);
    const download = await t.app.inject({
      method: 'GET',
      url: `/documents/${doc.id}/attachments/${clean.id}`,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(download.rawPayload.equals(Buffer.from(pdfBytes))).toBe(true);
    // The replaced spreadsheet is not the document's attachment: not served.
    expect(
      (await t.app.inject({ method: 'GET', url: `/documents/${doc.id}/attachments/${leaky.id}` })).statusCode,
    ).toBe(404);
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    const count = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('documents')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [draft({ body: '<p>通知</p><script>alert(1)</script>' }), '脚本'],
      [draft({ docNumber: '西教发2024第31号' }), '文号格式'],
      [draft({ title: '' }), '标题'],
      [draft({ writtenOn: '2024-13-01' }), '日期'],
      [draft({ topic: undefined }), '主题分类'],
      [draft({ coIssuers: [t.world.agencies.education] }), '联合发文单位'],
    ];
    for (const [payload, message] of cases) {
      const res = await post('drafter', '/api/documents', payload);
      expect(res.statusCode, message).toBe(400);
      expect(
        res.json<{ error: { message: string } }>().error.message + JSON.stringify(res.json()),
        message,
      ).toContain(message);
    }
    expect(await count()).toBe(before);
  });
});

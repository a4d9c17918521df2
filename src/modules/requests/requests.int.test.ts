import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { sampleFiles } from '../../core/files/testing.ts';
import { createTestApp, type TestApp, type TestClient } from '../../dev/test-app.ts';
import type { DemoUsername } from '../../dev/world.ts';
import type { RequestView } from './schemas.ts';

/** A valid resident ID number (check digit computed by hand: 11010519491231002X is the GB 11643 example). */
const ID = '11010519491231002X';

describe.each(await testEngines())('依申请公开 on %s', (engine) => {
  let t: TestApp;
  // Monday 8 June 2026, 10:00 in Beijing.
  const clock = new FixedClock('2026-06-08T02:00:00Z');
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  let logins = 0;
  /** Moves the clock; sessions made at another time may have expired, so everyone logs in again. */
  const at = (iso: string): void => {
    clock.set(iso);
    clients.clear();
  };
  const as = (u: DemoUsername): Promise<TestClient> => {
    let c = clients.get(u);
    // Each login from its own address: the clock jumps end sessions, and logins are rate-limited.
    if (!c)
      clients.set(u, (c = t.as(u, undefined, `10.0.${Math.floor(logins / 250)}.${(logins++ % 250) + 1}`)));
    return c;
  };
  const post = async (u: DemoUsername, url: string, payload: object = {}) =>
    (await as(u)).inject({ method: 'POST', url, payload });
  const get = async (u: DemoUsername, url: string) => (await as(u)).inject({ method: 'GET', url });
  const ok = async (u: DemoUsername, url: string, payload: object = {}): Promise<RequestView> => {
    const res = await post(u, url, payload);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<RequestView>();
  };

  const application = (overrides: object = {}) => ({
    agencyId: t.world.agencies.education,
    applicantType: 'natural_person',
    applicantName: '马建华',
    idType: 'resident_id',
    idNumber: ID,
    phone: '13909541234',
    description: '2025年西吉县学生资助资金发放明细及分配依据',
    form: 'electronic',
    delivery: 'email',
    email: 'ma@example.cn',
    ...overrides,
  });

  /** Staff intake of a letter signed for on `signedOn`. */
  const letter = async (overrides: object = {}, signedOn = '2026-06-08') => {
    const res = await post('officer', '/api/requests', {
      ...application(overrides),
      channel: 'post_signed',
      signedOn,
    });
    if (res.statusCode !== 201) throw new Error(`intake: ${res.statusCode} ${res.body}`);
    return res.json<RequestView>();
  };

  const assign = (id: string) =>
    ok('officer', `/api/requests/${id}/assign`, {
      agencyId: t.world.agencies.education,
      assigneeId: t.world.users.drafter,
    });

  const remedies = { reconsiderationOrgan: '西吉县人民政府', court: '西吉县人民法院' };

  async function auditActions(id: string): Promise<string[]> {
    const rows = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'request')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  }

  /** The error's message and its field messages, as the console shows them. */
  const said = (body: { error: { message: string; fields?: Record<string, string> } }): string =>
    [body.error.message, ...Object.values(body.error.fields ?? {})].join(' ');

  const countRequests = async () =>
    Number(
      (
        await t.db.kysely
          .selectFrom('requests')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
  });
  afterAll(() => t.close());

  it('a citizen applies on the portal, gets a tracking number and a private link, and tracks it with the phone digits', async () => {
    at('2026-06-08T02:00:00Z');
    const form = new URLSearchParams(application({ email: '' })).toString();
    const res = await t.app.inject({
      method: 'POST',
      url: '/apply',
      payload: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const trackingNumber = /class="tracking-number">([^<]+)</.exec(res.body)?.[1] ?? '';
    expect(trackingNumber).toMatch(/^2026-\d{6}$/);
    const link = /href="([^"]*\/track\/[A-Za-z0-9_-]+)"/.exec(res.body)?.[1] ?? '';
    expect(link).not.toBe('');
    // 20 working days from Monday 8 June, past 端午 (19–21 June): Tuesday 7 July.
    expect(res.body).toContain('2026-07-07');

    const track = (payload: Record<string, string>, url = '/track') =>
      t.app.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams(payload).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const seen = await track({ trackingNumber, phoneTail: '1234' });
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('已登记');
    expect(seen.body).toContain('政府信息公开申请登记回执');
    // Nothing without the second factor, and the same answer whether or not the number exists.
    const wrong = await track({ trackingNumber, phoneTail: '9999' });
    const none = await track({ trackingNumber: '2026-999999', phoneTail: '1234' });
    expect(wrong.statusCode).toBe(404);
    expect(none.statusCode).toBe(404);
    expect(wrong.body).toContain('申请编号或联系电话后四位不正确');
    expect(wrong.body).not.toContain('学生资助');
    // The private link also needs the digits.
    const path = new URL(link).pathname;
    expect((await track({ phoneTail: '1234' }, path)).body).toContain(trackingNumber);
    expect((await track({ phoneTail: '0000' }, path)).statusCode).toBe(404);

    // Staff see the number masked; the identity number is stored sealed.
    const [row] = await t.db.kysely
      .selectFrom('requests')
      .selectAll()
      .where('tracking_number', '=', trackingNumber)
      .execute();
    expect(row?.id_number_masked).toBe('110***********002X');
    expect(row?.id_number_sealed).not.toContain(ID);
    const view = await get('officer', `/api/requests/${row?.id ?? ''}`);
    expect(view.json<RequestView>().idNumberMasked).toBe('110***********002X');
    expect(view.body).not.toContain(ID);
    // Revealing it is the office's alone, and leaves an audit event.
    expect((await post('drafter', `/api/requests/${row?.id ?? ''}/identity`)).statusCode).toBe(403);
    const shown = await post('officer', `/api/requests/${row?.id ?? ''}/identity`);
    expect(shown.json<{ idNumber: string }>().idNumber).toBe(ID);
    expect(await auditActions(row?.id ?? '')).toEqual(['request.registered', 'request.identity_viewed']);
  });

  it('refuses bad input with a Chinese message and writes nothing', async () => {
    const before = await countRequests();
    const cases: [object, string][] = [
      [{ idNumber: '110105194912310021' }, '身份证号码有误'],
      [{ description: '' }, '请描述所需的政府信息'],
      [{ phone: 'abc' }, '联系电话格式有误'],
      [{ applicantType: 'commercial' }, '统一社会信用代码'],
    ];
    for (const [bad, message] of cases) {
      const res = await post('officer', '/api/requests', {
        ...application(bad),
        channel: 'in_person',
        submittedOn: '2026-06-08',
      });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(said(res.json())).toContain(message);
    }
    // A letter needs the day it was signed for (条例第三十一条).
    const noDate = await post('officer', '/api/requests', { ...application(), channel: 'post_signed' });
    expect(said(noDate.json())).toContain('签收日期');
    expect(await countRequests()).toBe(before);
  });

  it('a request answered with the information: assigned, searched, drafted, approved, delivered, archived', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter();
    expect(r).toMatchObject({ status: 'registered', channel: 'post_signed', receivedOn: '2026-06-08' });
    expect(r.deadline?.dueDate).toBe('2026-07-07');
    await assign(r.id);
    // The drafter of the responsible unit searches and drafts; the office head approves.
    await ok('drafter', `/api/requests/${r.id}/search-record`, {
      record: '检索了教育局2025年资助资金拨付档案和学生资助管理系统。',
    });
    const drafted = await ok('drafter', `/api/requests/${r.id}/reply`, {
      outcome: 'disclosed',
      text: '现将2025年学生资助资金发放明细提供给你。',
      provision: { alreadyPublic: false, where: '通过电子邮件发送至申请人邮箱' },
    });
    expect(drafted.status).toBe('reply_drafted');
    // The drafter cannot approve their own reply.
    expect((await post('drafter', `/api/requests/${r.id}/reply/approve`)).statusCode).toBe(403);
    const replied = await ok('officehead', `/api/requests/${r.id}/reply/approve`);
    expect(replied).toMatchObject({ status: 'replied', outcome: 'disclosed', repliedOn: '2026-06-08' });
    expect(replied.deadline?.status).toBe('closed');
    const replyNotice = replied.notices.find((n) => n.kind === 'reply');
    expect(replyNotice?.paragraphs.join('')).toContain('学生资助资金发放明细');
    const delivered = await ok('officer', `/api/requests/${r.id}/delivery`, {
      noticeId: replyNotice?.id,
      method: 'email',
    });
    expect(delivered.status).toBe('delivered');
    const archived = await ok('officer', `/api/requests/${r.id}/archive`);
    expect(archived.status).toBe('archived');
    // Archived is read-only.
    const after = await post('officer', `/api/requests/${r.id}/disputes`, {
      kind: 'reconsideration',
      receivedOn: '2026-06-08',
      body: '西吉县人民政府',
    });
    expect(after.statusCode).toBe(409);
    expect(await auditActions(r.id)).toEqual([
      'request.registered',
      'request.assign',
      'request.search_recorded',
      'request.draft_reply',
      'request.approve_reply',
      'request.record_delivery',
      'request.archive',
    ]);
    // The year's archive: every notice as .docx under its tracking number, and the index.
    const zip = await get(
      'officer',
      `/api/requests/archive.zip?agencyId=${t.world.agencies.education}&year=2026`,
    );
    expect(zip.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    const names = Object.keys(files);
    expect(names).toContain('索引.xlsx');
    expect(names.filter((n) => n.startsWith(`${r.trackingNumber}/`)).sort()).toEqual([
      `${r.trackingNumber}/01-政府信息公开申请登记回执.docx`,
      `${r.trackingNumber}/02-政府信息公开申请答复书.docx`,
    ]);
    // Never the identity number.
    expect(Buffer.from(files['索引.xlsx'] ?? []).includes(ID)).toBe(false);
    // Only the office exports it.
    expect(
      (await get('drafter', `/api/requests/archive.zip?agencyId=${t.world.agencies.education}&year=2026`))
        .statusCode,
    ).toBe(403);
    // The .docx of the reply opens as a Word document (a zip with document.xml).
    const docx = await get('officer', `/api/requests/${r.id}/notices/${replyNotice?.id ?? ''}.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('a correction restarts the 20 working days from the corrected request, across the National Day holiday', async () => {
    // Monday 21 September 2026.
    at('2026-09-21T02:00:00Z');
    const r = await letter({ description: '关于我村土地征收补偿的相关文件' }, '2026-09-21');
    // 20 working days from 21 Sep, past 中秋 (25–27) and 国庆 (1–7 Oct; Sat 10 Oct is worked): 26 Oct.
    expect(r.deadline?.dueDate).toBe('2026-10-26');
    at('2026-09-22T02:00:00Z');
    const corrected = await ok('officer', `/api/requests/${r.id}/correction`, {
      items: ['请写明所需文件的名称或文号', '请写明土地所在的村组和征收年份'],
    });
    expect(corrected.status).toBe('correction_pending');
    expect(corrected.deadline?.paused).toBe(true);
    expect(corrected.notices.at(-1)?.paragraphs.join('')).toContain('（二）请写明土地所在的村组和征收年份');
    // One notice only (条例第三十条).
    expect(
      (await post('officer', `/api/requests/${r.id}/correction`, { items: ['再补一项'] })).statusCode,
    ).toBe(409);
    at('2026-09-30T02:00:00Z');
    const again = await ok('officer', `/api/requests/${r.id}/corrected`, {
      receivedOn: '2026-09-30',
      description: '2024年吉强镇龙王坝村土地征收补偿安置方案',
    });
    // Counted again from 30 Sep: 8, 9, 10 (Sat, worked) Oct … 3 Nov is working day 20.
    expect(again).toMatchObject({ status: 'registered', deadline: { dueDate: '2026-11-03', paused: false } });
    expect(again.description).toBe('2024年吉强镇龙王坝村土地征收补偿安置方案');
  });

  it('a correction notice after the 7th working day is refused', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter();
    // Working day 7 after 8 June is 17 June; the 18th is too late.
    at('2026-06-18T02:00:00Z');
    const res = await post('officer', `/api/requests/${r.id}/correction`, { items: ['请写明文号'] });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('7个工作日');
  });

  it('a correction not made in time lapses into 其他处理 (deemed abandoned)', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter();
    const c = await ok('officer', `/api/requests/${r.id}/correction`, { items: ['请写明文号'] });
    // 15 working days from 8 June (past 端午): 30 June.
    expect(c.correction?.dueOn).toBe('2026-06-30');
    at('2026-06-30T09:00:00Z');
    await t.services.requests.lapse();
    expect((await get('officer', `/api/requests/${r.id}`)).json<RequestView>().status).toBe(
      'correction_pending',
    );
    at('2026-07-01T02:00:00Z');
    await t.services.requests.lapse();
    const lapsed = (await get('officer', `/api/requests/${r.id}`)).json<RequestView>();
    expect(lapsed).toMatchObject({
      status: 'replied',
      outcome: 'other_correction_lapsed',
      repliedOn: '2026-07-01',
    });
    expect(lapsed.notices.at(-1)?.paragraphs.join('')).toContain('视为放弃申请');
  });

  it('a third-party consultation pauses the clock; a refusal overridden for the public interest notifies the third party', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter({ description: '西吉县某食品公司2025年食品安全抽检不合格的检验报告' });
    await assign(r.id);
    // Sent Wednesday 10 June; 15 working days to answer (past 端午): 2 July.
    at('2026-06-10T02:00:00Z');
    const consulting = await ok('officer', `/api/requests/${r.id}/consultations`, {
      kind: 'third_party',
      party: '西吉县某食品有限公司',
      contact: '0954-3010000',
      matter: '2025年食品安全抽检不合格的检验报告',
      sentOn: '2026-06-10',
    });
    expect(consulting.status).toBe('consulting');
    expect(consulting.consultations[0]).toMatchObject({ dueOn: '2026-07-02', answer: null });
    // The letter goes to the third party, not on the applicant's tracking page.
    expect(consulting.notices.at(-1)).toMatchObject({
      kind: 'third_party_consultation',
      addressee: '西吉县某食品有限公司',
    });
    at('2026-06-17T02:00:00Z');
    const cid = consulting.consultations[0]?.id ?? '';
    // Disclosing plainly over a refusal is blocked; with the public-interest reasoning it goes ahead.
    const answered = await ok('officer', `/api/requests/${r.id}/consultations/${cid}/answer`, {
      answer: 'refusal',
      answeredOn: '2026-06-17',
      note: '涉及商业秘密',
      overrideReason: '检验报告涉及公众食品安全，不公开可能对公共利益造成重大影响（条例第三十二条）',
    });
    expect(answered.status).toBe('assigned');
    // Paused 10–16 June (5 working days): 7 July becomes 14 July.
    expect(answered.deadline).toMatchObject({ dueDate: '2026-07-14', paused: false });
    expect(answered.notices.at(-1)).toMatchObject({
      kind: 'third_party_override',
      addressee: '西吉县某食品有限公司',
    });
    const replied = await ok('drafter', `/api/requests/${r.id}/reply`, {
      outcome: 'disclosed',
      text: '提供检验报告。',
      provision: { alreadyPublic: false, where: '通过电子邮件提供' },
    });
    expect(replied.status).toBe('reply_drafted');
  });

  it('a third-party refusal without an override blocks a full disclosure', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter();
    await assign(r.id);
    const c = await ok('officer', `/api/requests/${r.id}/consultations`, {
      kind: 'third_party',
      party: '某学校',
      contact: '0954-3000000',
      matter: '学生名单',
      sentOn: '2026-06-08',
    });
    await ok('officer', `/api/requests/${r.id}/consultations/${c.consultations[0]?.id ?? ''}/answer`, {
      answer: 'refusal',
      note: '涉及个人隐私',
    });
    const res = await post('drafter', `/api/requests/${r.id}/reply`, {
      outcome: 'disclosed',
      text: '提供名单。',
      provision: { alreadyPublic: false, where: '邮件' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('第三方不同意公开');
  });

  it('one extension of at most 20 working days, approved by the head of the disclosure office', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter();
    await assign(r.id);
    // The officer may not approve it; only the office head.
    expect(
      (await post('officer', `/api/requests/${r.id}/extension`, { days: 10, reason: '需要调取档案' }))
        .statusCode,
    ).toBe(403);
    const tooLong = await post('officehead', `/api/requests/${r.id}/extension`, {
      days: 21,
      reason: '需要调取档案',
    });
    expect(tooLong.statusCode).toBe(409);
    expect(tooLong.json<{ error: { message: string } }>().error.message).toContain('20个工作日');
    const extended = await ok('officehead', `/api/requests/${r.id}/extension`, {
      days: 10,
      reason: '需要调取多个年度的档案',
    });
    // 7 July + 10 working days = 21 July.
    expect(extended).toMatchObject({ extensionDays: 10, deadline: { dueDate: '2026-07-21' } });
    expect(extended.notices.at(-1)?.kind).toBe('extension');
    const second = await post('officehead', `/api/requests/${r.id}/extension`, { days: 5, reason: '再延' });
    expect(second.statusCode).toBe(409);
    expect(second.json<{ error: { message: string } }>().error.message).toContain('只能延长一次');
  });

  it('a reply without its evidence is refused: a withheld part without a ground, not held without a search record', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter();
    await assign(r.id);
    const partly = await post('drafter', `/api/requests/${r.id}/reply`, {
      outcome: 'partly_disclosed',
      text: '部分公开。',
      disclosedPart: '资金总额',
      withheldParts: [{ description: '学生姓名', ground: '', reason: '涉及个人隐私' }],
      remedies,
    });
    expect(partly.statusCode).toBe(400);
    expect(partly.json<{ error: { message: string } }>().error.message).toContain('理由及依据');
    const notHeld = await post('drafter', `/api/requests/${r.id}/reply`, {
      outcome: 'unavailable_not_held',
      text: '经检索，本机关未制作或获取该信息。',
      remedies,
    });
    expect(notHeld.statusCode).toBe(400);
    const noRemedies = await post('drafter', `/api/requests/${r.id}/reply`, {
      outcome: 'withheld_process_info',
      text: '属于过程性信息。',
      reason: '属于内部讨论记录',
    });
    expect(noRemedies.statusCode).toBe(400);
    expect((await get('drafter', `/api/requests/${r.id}`)).json<RequestView>().status).toBe('assigned');
  });

  it('someone outside the responsible agency can neither see nor act', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter({
      agencyId: t.world.agencies.health,
      description: '县人民医院2025年收费项目清单',
    });
    const res = await post('drafter', `/api/requests/${r.id}/search-record`, { record: '检索' });
    expect(res.statusCode).toBe(404);
    expect((await get('drafter', `/api/requests/${r.id}`)).statusCode).toBe(404);
  });

  it('a fee is computed from the rules on the 11th request of a month, and the request lapses unpaid', async () => {
    at('2026-06-08T02:00:00Z');
    const other = { idNumber: '640422199001011239', applicantName: '李明', phone: '13800001111' };
    let last: RequestView | null = null;
    for (let i = 1; i <= 11; i++)
      last = await letter({ ...other, description: `申请第${i}份不同的资助文件，编号${i * 7}号` });
    const r = last as RequestView;
    await assign(r.id);
    // 办法第四条: the 11th request of the month costs 100 元; typed amounts are not accepted at all.
    const noticed = await ok('officer', `/api/requests/${r.id}/fee`, { method: 'per_item' });
    expect(noticed).toMatchObject({ status: 'awaiting_payment', fee: { amount: 100, method: 'per_item' } });
    // The payment window does not count against the reply limit (the default setting).
    expect(noticed.deadline?.paused).toBe(true);
    // Followed online, the notice is delivered as it is issued: the window runs from 9 June.
    const online = await letter({ ...other, delivery: 'online', description: '申请第12份资助文件' });
    await assign(online.id);
    const onlineFee = await ok('officer', `/api/requests/${online.id}/fee`, { method: 'per_item' });
    expect(onlineFee.notices.at(-1)).toMatchObject({ kind: 'fee', deliveryMethod: 'online' });
    expect(onlineFee.feeDueOn).toBe('2026-07-07');
    const feeNotice = noticed.notices.at(-1);
    expect(feeNotice?.paragraphs.join('')).toContain('自收到本通知次日起20个工作日内');
    // 109号: the window runs from the day after the applicant receives the notice. Not received
    // yet: no last day, and the request does not lapse, however long it waits.
    expect(noticed.feeDueOn).toBeNull();
    at('2026-07-08T02:00:00Z');
    await t.services.requests.lapse();
    expect((await get('officer', `/api/requests/${r.id}`)).json<RequestView>().status).toBe(
      'awaiting_payment',
    );
    // A delivery before the notice was written, or in the future, is refused and changes nothing.
    for (const deliveredAt of ['2026-06-05T10:00:00+08:00', '2026-07-09T10:00:00+08:00']) {
      const bad = await post('officer', `/api/requests/${r.id}/delivery`, {
        noticeId: feeNotice?.id,
        method: 'post',
        deliveredAt,
      });
      expect(bad.statusCode).toBe(400);
      expect(said(bad.json())).toContain('送达时间应在告知书出具之后、不晚于今天');
    }
    // Signed for on Wednesday 10 June: 20 working days from 11 June, past 端午, end on 9 July
    // (counted from the notice's own date, 8 June, they would have ended on 7 July).
    const delivered = await ok('officer', `/api/requests/${r.id}/delivery`, {
      noticeId: feeNotice?.id,
      method: 'post',
      deliveredAt: '2026-06-10T15:00:00+08:00',
    });
    expect(delivered.feeDueOn).toBe('2026-07-09');
    expect(await auditActions(r.id)).toContain('request.notice_delivered');
    // Not lapsed on the last day; lapsed the day after.
    at('2026-07-09T02:00:00Z');
    await t.services.requests.lapse();
    expect((await get('officer', `/api/requests/${r.id}`)).json<RequestView>().status).toBe(
      'awaiting_payment',
    );
    at('2026-07-10T02:00:00Z');
    expect(
      (await post('officer', `/api/requests/${r.id}/payment`, { paidOn: '2026-07-10' })).statusCode,
    ).toBe(409);
    await t.services.requests.lapse();
    const lapsed = (await get('officer', `/api/requests/${r.id}`)).json<RequestView>();
    expect(lapsed).toMatchObject({ status: 'replied', outcome: 'other_fee_unpaid' });
    expect(lapsed.notices.at(-1)?.paragraphs.join('')).toContain('缴费期限（2026-07-09）');
  });

  it('a reconsideration that corrects the reply is recorded with its follow-up', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter();
    await assign(r.id);
    await ok('drafter', `/api/requests/${r.id}/reply`, {
      outcome: 'withheld_process_info',
      text: '所需信息属于过程性信息。',
      reason: '属于资金分配的讨论记录',
      remedies,
    });
    const replied = await ok('officehead', `/api/requests/${r.id}/reply/approve`);
    expect(replied.notices.at(-1)?.paragraphs.join('')).toContain('对行政复议决定不服的');
    at('2026-07-01T02:00:00Z');
    const d = await ok('officer', `/api/requests/${r.id}/disputes`, {
      kind: 'reconsideration',
      receivedOn: '2026-07-01',
      body: '西吉县人民政府',
    });
    // 黄岩区: the defence within 10 working days, the units' evidence within 5.
    expect(d.disputes[0]).toMatchObject({
      defenceDueOn: '2026-07-15',
      evidenceDueOn: '2026-07-08',
      outcome: 'pending',
    });
    at('2026-08-03T02:00:00Z');
    const noFollowUp = await post('officer', `/api/requests/${r.id}/disputes/${d.disputes[0]?.id ?? ''}`, {
      outcome: 'corrected',
      decidedOn: '2026-08-03',
    });
    expect(noFollowUp.statusCode).toBe(400);
    const corrected = await ok('officer', `/api/requests/${r.id}/disputes/${d.disputes[0]?.id ?? ''}`, {
      outcome: 'corrected',
      decidedOn: '2026-08-03',
      followUp: '已按复议决定重新答复，提供资金分配结果。',
    });
    expect(corrected.disputes[0]).toMatchObject({ outcome: 'corrected', decidedOn: '2026-08-03' });
  });

  it('an identity proof is kept apart: only the office reads it, each view logged, never through the file route', async () => {
    at('2026-06-08T02:00:00Z');
    // A PNG is a PNG: the files module checks the content against the extension.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const boundary = '----gongkaiproof';
    const upload = await (
      await as('officer')
    ).inject({
      method: 'POST',
      url: '/api/files',
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="身份证复印件.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(upload.statusCode).toBe(201);
    const fileId = upload.json<{ id: string }>().id;
    const res = await post('officer', '/api/requests', {
      ...application(),
      channel: 'in_person',
      submittedOn: '2026-06-08',
      identityFileIds: [fileId],
    });
    expect(res.statusCode).toBe(201);
    const r = res.json<RequestView>();
    expect(r.identityProofs).toBe(1);
    expect(r.caseFiles).toEqual([]);
    // Not through the generic file route, even for the uploader.
    expect((await get('officer', `/api/files/${fileId}`)).statusCode).toBe(404);
    // The drafter of the agency may not; the office may, and it is logged.
    expect((await get('drafter', `/api/requests/${r.id}/identity-proofs/${fileId}`)).statusCode).toBe(403);
    const seen = await get('officer', `/api/requests/${r.id}/identity-proofs/${fileId}`);
    expect(seen.statusCode).toBe(200);
    expect(Buffer.compare(seen.rawPayload, png)).toBe(0);
    expect(await auditActions(r.id)).toEqual(['request.registered', 'request.identity_proof_viewed']);
  });

  describe('identity proofs sent with the portal form', () => {
    const boundary = '----gongkaiportal';
    /** The form as a browser sends it: multipart, the proofs under their file input. */
    const apply = (fields: object, proofs: { name: string; bytes: Uint8Array }[], from = '10.9.0.1') =>
      t.app.inject({
        method: 'POST',
        url: '/apply',
        remoteAddress: from,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          ...Object.entries(fields).map(([k, v]) =>
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`,
            ),
          ),
          ...proofs.flatMap((p) => [
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="identityProofs"; filename="${p.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
            ),
            p.bytes,
            Buffer.from('\r\n'),
          ]),
          Buffer.from(`--${boundary}--\r\n`),
        ]),
      });
    const countFiles = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('files')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('are kept apart as staff intake keeps them: read by the office only, logged, never tracked or exported', async () => {
      at('2026-06-08T02:00:00Z');
      const png = sampleFiles.png();
      const res = await apply(application({ email: '' }), [{ name: '身份证正面.png', bytes: png }]);
      expect(res.statusCode).toBe(201);
      const trackingNumber = /class="tracking-number">([^<]+)</.exec(res.body)?.[1] ?? '';
      const row = await t.db.kysely
        .selectFrom('requests')
        .select('id')
        .where('tracking_number', '=', trackingNumber)
        .executeTakeFirstOrThrow();
      const papers = await t.db.kysely
        .selectFrom('request_files')
        .select(['file_id', 'purpose'])
        .where('request_id', '=', row.id)
        .execute();
      expect(papers.map((p) => p.purpose)).toEqual(['identity']);
      const fileId = papers[0]?.file_id ?? '';
      expect((await get('officer', `/api/requests/${row.id}`)).json<RequestView>()).toMatchObject({
        identityProofs: 1,
        caseFiles: [],
      });
      // Never through the generic file route; the drafter may not, the office may, and it is logged.
      expect((await get('officer', `/api/files/${fileId}/content`)).statusCode).toBe(404);
      expect((await get('drafter', `/api/requests/${row.id}/identity-proofs/${fileId}`)).statusCode).toBe(
        403,
      );
      const seen = await get('officer', `/api/requests/${row.id}/identity-proofs/${fileId}`);
      expect(seen.statusCode).toBe(200);
      expect(Buffer.compare(seen.rawPayload, Buffer.from(png))).toBe(0);
      expect(await auditActions(row.id)).toEqual(['request.registered', 'request.identity_proof_viewed']);
      // The applicant's tracking page does not show it.
      const tracked = await t.app.inject({
        method: 'POST',
        url: '/track',
        remoteAddress: '10.9.0.2',
        payload: new URLSearchParams({ trackingNumber, phoneTail: '1234' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(tracked.statusCode).toBe(200);
      expect(tracked.body).not.toContain('身份证正面');
      expect(tracked.body).not.toContain(fileId);
      // Nor does the year's archive.
      const zip = await get(
        'officer',
        `/api/requests/archive.zip?agencyId=${t.world.agencies.education}&year=2026`,
      );
      expect(zip.statusCode).toBe(200);
      const entries = unzipSync(new Uint8Array(zip.rawPayload));
      for (const [name, bytes] of Object.entries(entries)) {
        expect(name).not.toContain('身份证');
        expect(Buffer.from(bytes).includes(Buffer.from(png)), name).toBe(false);
      }
    });

    it('a file too large, not what its extension says, or not an image or PDF is refused at the field, and nothing is saved', async () => {
      at('2026-06-08T02:00:00Z');
      const [requests, files] = [await countRequests(), await countFiles()];
      const cases: [{ name: string; bytes: Uint8Array }[], number, string][] = [
        [[{ name: '身份证.png', bytes: sampleFiles.pdf() }], 400, '的内容不是 PNG 图片，与扩展名不符'],
        [[{ name: '身份证.docx', bytes: sampleFiles.docx() }], 400, '须为 JPG、PNG 图片或 PDF 文件'],
        // A good first file is not saved when the second is bad.
        [
          [
            { name: '正面.png', bytes: sampleFiles.png() },
            { name: '反面.jpg', bytes: sampleFiles.png() },
          ],
          400,
          '的内容不是 JPEG 图片',
        ],
        [
          [{ name: '扫描件.pdf', bytes: new Uint8Array(t.services.requests.proofMaxBytes + 1).fill(0x25) }],
          413,
          '附件“扫描件.pdf”超过 20 MB 的大小上限',
        ],
      ];
      for (const [i, [proofs, status, message]] of cases.entries()) {
        const res = await apply(application(), proofs, `10.9.1.${i + 1}`);
        expect(res.statusCode, message).toBe(status);
        expect(res.body).toContain(message);
        expect(/id="identityProofs-error">([^<]*)</.exec(res.body)?.[1]).toContain(message);
        // What was typed is kept.
        expect(res.body).toContain('马建华');
      }
      // A good file with a bad application: the file is not saved either.
      const bad = await apply(application({ idNumber: '110105194912310021' }), [
        { name: '正面.png', bytes: sampleFiles.png() },
      ]);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('身份证号码有误');
      expect(bad.body).toContain('所选文件未保存，请重新选择');
      expect([await countRequests(), await countFiles()]).toEqual([requests, files]);
    });

    it('the form posted as multipart without a file is taken as before', async () => {
      at('2026-06-08T02:00:00Z');
      const res = await apply(
        application({ email: '' }),
        [{ name: '', bytes: new Uint8Array() }],
        '10.9.2.1',
      );
      expect(res.statusCode).toBe(201);
      expect(res.body).toContain('申请已提交');
    });
  });

  it('a request like an earlier one of the same applicant is flagged for the officer', async () => {
    at('2026-06-08T02:00:00Z');
    const first = await letter({ description: '2025年西吉县教育局学生资助资金发放明细和分配依据' });
    const again = await letter({ description: '2025年西吉县教育局学生资助资金的发放明细及分配依据' });
    const flagged = again.similar.find((x) => x.id === first.id);
    expect(flagged).toMatchObject({ trackingNumber: first.trackingNumber, sameApplicant: true });
    expect(flagged?.score).toBeGreaterThanOrEqual(0.6);
    // A different matter is not flagged.
    const other = await letter({ description: '县第一中学2026年食堂承包合同' });
    expect(other.similar.map((x) => x.id)).not.toContain(first.id);
  });

  it('条例第三十五条: reasons are asked first, then a longer limit is set by the office head, with the history as evidence', async () => {
    at('2026-06-08T02:00:00Z');
    const r = await letter({ description: '2010年至2026年全县所有学校的全部收费票据' });
    await assign(r.id);
    // A longer limit before asking for reasons is refused.
    expect(
      (await post('officehead', `/api/requests/${r.id}/long-limit`, { days: 40, reason: '数量巨大' }))
        .statusCode,
    ).toBe(409);
    const asked = await ok('officer', `/api/requests/${r.id}/reasons`, {
      note: '申请涉及17个年度全部学校的收费票据',
    });
    expect(asked.notices.at(-1)?.kind).toBe('reasons_request');
    // Not longer than the current 20 working days: refused.
    expect(
      (await post('officehead', `/api/requests/${r.id}/long-limit`, { days: 20, reason: '数量巨大' }))
        .statusCode,
    ).toBe(400);
    const longer = await ok('officehead', `/api/requests/${r.id}/long-limit`, {
      days: 40,
      reason: '需逐校调取17个年度的票据',
    });
    // 40 working days from 8 June (past 端午): 4 August.
    expect(longer).toMatchObject({ longLimitDays: 40, deadline: { dueDate: '2026-08-04' } });
    expect(longer.notices.at(-1)?.kind).toBe('long_limit');
    const history = await get('officer', `/api/requests/${r.id}/history`);
    expect(history.json<{ trackingNumber: string }[]>().map((h) => h.trackingNumber)).toContain(
      r.trackingNumber,
    );
  });

  it('every family of outcomes can be issued with its evidence: 无法提供 (not held, another agency) and 不予处理 (repeat)', async () => {
    at('2026-06-08T02:00:00Z');
    const cases: [object, string, string][] = [
      [
        {
          outcome: 'unavailable_not_held',
          text: '经检索，本机关未制作或获取该信息。',
          searchRecord: '检索了局档案室2020—2026年全部文书档案及收发文系统。',
          remedies,
        },
        'unavailable_not_held',
        '检索了局档案室',
      ],
      [
        {
          outcome: 'unavailable_not_held',
          text: '该信息不属于本机关公开职责。',
          otherAgency: { name: '西吉县财政局', contact: '0954-3012888' },
          remedies,
        },
        'unavailable_not_held',
        '西吉县财政局',
      ],
      [
        {
          outcome: 'not_processed_repeated',
          text: '本机关已于2026年5月答复。',
          reason: '与2026年5月的申请内容相同',
          remedies,
        },
        'not_processed_repeated',
        '不予重复处理',
      ],
    ];
    for (const [reply, outcome, says] of cases) {
      const r = await letter();
      await assign(r.id);
      await ok('drafter', `/api/requests/${r.id}/reply`, reply);
      const done = await ok('officehead', `/api/requests/${r.id}/reply/approve`);
      expect(done).toMatchObject({ status: 'replied', outcome });
      const text = done.notices.at(-1)?.paragraphs.join('') ?? '';
      expect(text).toContain(says);
      // Every adverse reply tells the applicant the remedies.
      expect(text).toContain('行政复议');
    }
  });
});

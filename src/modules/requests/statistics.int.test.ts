import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { createTestApp, type TestApp, type TestClient } from '../../dev/test-app.ts';
import type { DemoUsername } from '../../dev/world.ts';
import type { RequestView, StatisticsCellView } from './schemas.ts';
import type { TableFour, TableThree } from './statistics.ts';

describe.each(await testEngines())('依申请公开 statistics and settings on %s', (engine) => {
  let t: TestApp;
  const clock = new FixedClock('2025-12-29T02:00:00Z');
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  let logins = 0;
  const as = (u: DemoUsername): Promise<TestClient> => {
    let c = clients.get(u);
    if (!c) clients.set(u, (c = t.as(u, undefined, `10.1.0.${++logins}`)));
    return c;
  };
  /** Moves the clock; sessions end after 12 idle hours, so everyone logs in again. */
  const at = (iso: string): void => {
    clock.set(iso);
    clients.clear();
  };
  const send = async (
    u: DemoUsername,
    method: 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload: object = {},
  ) => (await as(u)).inject({ method, url, payload });
  const ok = async (u: DemoUsername, url: string, payload: object = {}): Promise<RequestView> => {
    const res = await send(u, 'POST', url, payload);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<RequestView>();
  };
  const get = async (u: DemoUsername, url: string) => (await as(u)).inject({ method: 'GET', url });

  const remedies = { reconsiderationOrgan: '西吉县人民政府', court: '西吉县人民法院' };

  /** A request to the health bureau, registered by the office from an in-person visit on `on`. */
  async function register(on: string, applicant: object, description: string): Promise<RequestView> {
    at(`${on}T02:00:00Z`);
    return intake(on, applicant, description);
  }

  async function intake(on: string, applicant: object, description: string): Promise<RequestView> {
    const res = await send('officer', 'POST', '/api/requests', {
      agencyId: t.world.agencies.health,
      idType: 'resident_id',
      idNumber: '11010519491231002X',
      applicantType: 'natural_person',
      applicantName: '马建华',
      phone: '13909541234',
      form: 'paper',
      delivery: 'collect',
      description,
      channel: 'in_person',
      submittedOn: on,
      ...applicant,
    });
    if (res.statusCode !== 201) throw new Error(`intake: ${res.statusCode} ${res.body}`);
    return res.json<RequestView>();
  }

  /** Assigns to the health bureau's own office handling and replies on `on`, approved at once. */
  async function answer(r: RequestView, on: string, reply: object): Promise<void> {
    at(`${on}T02:00:00Z`);
    await ok('officer', `/api/requests/${r.id}/assign`, {
      agencyId: t.world.agencies.office,
      assigneeId: t.world.users.officer,
    });
    await ok('officer', `/api/requests/${r.id}/reply`, reply);
    await ok('officehead', `/api/requests/${r.id}/reply/approve`);
  }

  const org = (applicantType: string, name: string) => ({
    applicantType,
    applicantName: name,
    contactPerson: '王经理',
    idType: 'uscc',
    idNumber: '91640422MA76Q8XW1C',
  });

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
    // A: received late in 2025, disclosed in January 2026.
    const a = await register('2025-12-29', {}, '2025年县医院医疗收费标准');
    await answer(a, '2026-01-05', {
      outcome: 'disclosed',
      text: '提供收费标准。',
      provision: { alreadyPublic: false, where: '当场领取' },
    });
    // B: a company; withheld to protect a third party; then a reconsideration corrects it.
    const b = await register('2026-03-02', org('commercial', '西吉县某医药公司'), '某药店的药品抽检记录');
    await answer(b, '2026-03-10', {
      outcome: 'withheld_third_party',
      text: '不予公开。',
      reason: '涉及第三方商业秘密',
      remedies,
    });
    at('2026-04-01T02:00:00Z');
    const d = await ok('officer', `/api/requests/${b.id}/disputes`, {
      kind: 'reconsideration',
      receivedOn: '2026-04-01',
      body: '西吉县人民政府',
    });
    at('2026-05-20T02:00:00Z');
    await ok('officer', `/api/requests/${b.id}/disputes/${d.disputes[0]?.id ?? ''}`, {
      outcome: 'corrected',
      decidedOn: '2026-05-20',
      followUp: '已重新答复并公开抽检结论。',
    });
    // C: the applicant never corrects: deemed abandoned.
    const c = await register('2026-03-02', {}, '关于医院的一些情况');
    at('2026-03-03T02:00:00Z');
    await ok('officer', `/api/requests/${c.id}/correction`, { items: ['请写明所需信息的名称或文号'] });
    at('2026-04-01T02:00:00Z');
    await t.services.requests.lapse();
    // E: partly disclosed.
    const e = await register('2026-06-01', {}, '2026年乡镇卫生院人员编制及人员名单');
    await answer(e, '2026-06-05', {
      outcome: 'partly_disclosed',
      text: '部分公开。',
      disclosedPart: '编制数',
      withheldParts: [
        { description: '人员名单', ground: 'withheld_internal_affairs', reason: '属于人事管理信息' },
      ],
      remedies,
    });
    // D: a law firm, received at the end of December 2026 and still open at the year's end.
    const dd = await register(
      '2026-12-28',
      org('legal_service', '宁夏某律师事务所'),
      '2026年医疗纠纷调解案件数量',
    );
    Object.assign(ids, { a: a.id, b: b.id, c: c.id, d: dd.id, e: e.id });
  });
  afterAll(() => t.close());

  /** The ids behind a cell, every page of it, from the drill-down route. */
  async function behind(u: DemoUsername, query: string): Promise<{ ids: string[]; total: number }> {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const res = await get(u, `/api/requests/statistics/cell?${query}&page=${page}`);
      if (res.statusCode !== 200) throw new Error(`cell: ${res.statusCode} ${res.body}`);
      const body = res.json<StatisticsCellView>();
      ids.push(...body.requests.map((r) => r.id));
      if (body.requests.length < body.pageSize) return { ids, total: body.total };
    }
  }

  it('tables 三 and 四 for 2026 match the requests, cell by cell, and answer with counts only', async () => {
    at('2027-01-04T02:00:00Z');
    const res = await get(
      'officer',
      `/api/requests/statistics?agencyId=${t.world.agencies.health}&year=2026`,
    );
    expect(res.statusCode).toBe(200);
    const { tableThree, tableFour } = res.json<{ tableThree: TableThree; tableFour: TableFour }>();
    const cells = Object.fromEntries(tableThree.rows.map((r) => [r.key, r.cells]));
    const zero = {
      natural_person: 0,
      commercial: 0,
      research: 0,
      public_interest: 0,
      legal_service: 0,
      other_org: 0,
      total: 0,
    };
    // 一 new in 2026: C, E (natural), B (commercial), D (legal service).
    expect(cells.new).toEqual({ ...zero, natural_person: 2, commercial: 1, legal_service: 1, total: 4 });
    // 二 carried over from 2025: A.
    expect(cells.carried_over).toEqual({ ...zero, natural_person: 1, total: 1 });
    expect(cells.disclosed).toEqual({ ...zero, natural_person: 1, total: 1 });
    expect(cells.partly_disclosed).toEqual({ ...zero, natural_person: 1, total: 1 });
    expect(cells.withheld_third_party).toEqual({ ...zero, commercial: 1, total: 1 });
    expect(cells.other_correction_lapsed).toEqual({ ...zero, natural_person: 1, total: 1 });
    expect(cells.total).toEqual({ ...zero, natural_person: 3, commercial: 1, total: 4 });
    // 四 carried forward to 2027: D.
    expect(cells.carried_forward).toEqual({ ...zero, legal_service: 1, total: 1 });
    // Every other outcome row is zero.
    const named = [
      'new',
      'carried_over',
      'disclosed',
      'partly_disclosed',
      'withheld_third_party',
      'other_correction_lapsed',
      'total',
      'carried_forward',
    ];
    for (const r of tableThree.rows.filter((x) => !named.includes(x.key)))
      expect(r.cells, r.key).toEqual(zero);
    // Counts only: no request ids in the answer (the drill-down route lists them).
    expect(res.body).not.toContain(ids.a);
    // Table 四: one reconsideration, corrected.
    const recon = tableFour.groups.find((g) => g.key === 'reconsideration');
    expect(recon?.cells).toEqual({ upheld: 0, corrected: 1, other: 0, pending: 0, total: 1 });
    for (const g of tableFour.groups.filter((x) => x.key !== 'reconsideration'))
      expect(g.cells.total).toBe(0);

    // 2025: A new and carried forward; nothing else.
    const y2025 = (
      await get('officer', `/api/requests/statistics?agencyId=${t.world.agencies.health}&year=2025`)
    ).json<{
      tableThree: TableThree;
    }>().tableThree;
    const c2025 = Object.fromEntries(y2025.rows.map((r) => [r.key, r.cells.total]));
    expect([c2025.new, c2025.carried_over, c2025.total, c2025.carried_forward]).toEqual([1, 0, 0, 1]);

    // The county's region-wide view includes the health bureau's requests.
    const region = (
      await get(
        'officer',
        `/api/requests/statistics?agencyId=${t.world.agencies.county}&year=2026&scope=region`,
      )
    ).json<{ tableThree: TableThree }>().tableThree;
    expect(region.rows.find((r) => r.key === 'new')?.cells.total).toBe(4);
  });

  it('lists the requests behind a cell: those created for it, page by page, by receipt day', async () => {
    at('2027-01-04T02:00:00Z');
    const health = `agencyId=${t.world.agencies.health}&year=2026`;
    const cell = (key: string, query = health) => behind('officer', `${query}&cell=${key}`);
    expect(await cell('three.carried_over.natural_person')).toEqual({ ids: [ids.a], total: 1 });
    expect(await cell('three.withheld_third_party.commercial')).toEqual({ ids: [ids.b], total: 1 });
    expect(await cell('three.carried_forward.total')).toEqual({ ids: [ids.d], total: 1 });
    expect(await cell('three.disclosed.natural_person')).toEqual({ ids: [ids.a], total: 1 });
    // 一: B and C received on 2 March, E on 1 June, D on 28 December.
    const received = await cell('three.new.total');
    expect(received.total).toBe(4);
    expect(received.ids.slice(0, 2).sort()).toEqual([ids.b, ids.c].sort());
    expect(received.ids.slice(2)).toEqual([ids.e, ids.d]);
    expect(await cell('three.withheld_state_secret.total')).toEqual({ ids: [], total: 0 });
    // Every cell's list is as long as its count.
    const { tableThree } = (await get('officer', `/api/requests/statistics?${health}`)).json<{
      tableThree: TableThree;
    }>();
    for (const r of tableThree.rows) {
      const n = r.cells.total;
      expect((await cell(`three.${r.key}.total`)).ids, r.key).toHaveLength(n);
    }
    // Table 四: the case, with its request and the day it was received.
    expect(await cell('four.reconsideration.corrected')).toEqual({ ids: [ids.b], total: 1 });
    const line = (
      await get('officer', `/api/requests/statistics/cell?${health}&cell=four.reconsideration.total`)
    ).json<StatisticsCellView>().requests[0];
    expect(line).toMatchObject({
      id: ids.b,
      applicantName: '西吉县某医药公司',
      applicantType: 'commercial',
      outcome: 'withheld_third_party',
      receivedOn: '2026-03-02',
      repliedOn: '2026-03-10',
      caseReceivedOn: '2026-04-01',
      agencyName: '西吉县卫生健康局',
    });
    expect(line?.trackingNumber).toMatch(/^2026-\d{6}$/);
    // The region: the county's view counts the health bureau's requests, and lists them.
    const region = `agencyId=${t.world.agencies.county}&year=2026&scope=region`;
    expect((await cell('three.new.total', region)).ids.sort()).toEqual([ids.b, ids.c, ids.d, ids.e].sort());
    expect(await cell('three.new.total', `agencyId=${t.world.agencies.county}&year=2026`)).toEqual({
      ids: [],
      total: 0,
    });
    // A page past the end is empty and says how many there are.
    const past = (
      await get('officer', `/api/requests/statistics/cell?${health}&cell=three.new.total&page=2`)
    ).json<StatisticsCellView>();
    expect([past.total, past.page, past.requests.length]).toEqual([4, 2, 0]);
  });

  it('pages through a cell longer than a page, in the order the requests were received', async () => {
    at('2027-01-05T02:00:00Z');
    const education = { agencyId: t.world.agencies.education };
    const created: string[] = [];
    for (let i = 1; i <= 52; i++) {
      created.push((await intake('2027-01-05', education, `2026年第${i}所学校食堂检查记录`)).id);
    }
    const cell = await behind(
      'officer',
      `agencyId=${education.agencyId}&year=2027&cell=three.new.natural_person`,
    );
    expect(cell.total).toBe(52);
    // One day: by tracking number, the order they were registered in.
    expect(cell.ids).toEqual(created);
  });

  it('refuses the drill-down as it refuses the statistics, and a bad cell key in Chinese', async () => {
    at('2027-01-04T02:00:00Z');
    const health = `agencyId=${t.world.agencies.health}&year=2026`;
    const unknown = `agencyId=00000000-0000-4000-8000-000000000000&year=2026`;
    for (const [u, query, status] of [
      ['drafter', health, 403], // the education bureau's drafter: outside the health bureau
      ['officer', unknown, 404],
    ] as const) {
      const stats = await get(u, `/api/requests/statistics?${query}`);
      const cell = await get(u, `/api/requests/statistics/cell?${query}&cell=three.new.total`);
      expect([stats.statusCode, cell.statusCode]).toEqual([status, status]);
      expect(cell.json<{ error: { code: string } }>().error.code).toBe(
        stats.json<{ error: { code: string } }>().error.code,
      );
    }
    for (const key of ['three.new', 'three.nothing.total', 'four.reconsideration.natural_person', '']) {
      const res = await get('officer', `/api/requests/statistics/cell?${health}&cell=${key}`);
      expect(res.statusCode, key).toBe(400);
      expect(res.json<{ error: { fields: Record<string, string> } }>().error.fields.cell).toContain(
        '统计单元格有误',
      );
    }
    const noPage = await get(
      'officer',
      `/api/requests/statistics/cell?${health}&cell=three.new.total&page=0`,
    );
    expect(noPage.statusCode).toBe(400);
    expect(noPage.json<{ error: { fields: Record<string, string> } }>().error.fields.page).toBe('页码有误');
  });

  it('exports the statistics as an Excel workbook', async () => {
    const res = await get(
      'officer',
      `/api/requests/statistics.xlsx?agencyId=${t.world.agencies.health}&year=2026`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('收到和处理申请情况');
    const newRow = sheet?.getRows(1, sheet.rowCount)?.find((r) => r.getCell(2).value === 'new');
    // Columns: label, key, 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    expect(newRow?.getCell(3).value).toBe(2);
    expect(newRow?.getCell(9).value).toBe(4);
  });

  it('a region shortens the reply limit and edits a notice; a template with an unknown placeholder is refused', async () => {
    at('2027-01-04T02:00:00Z');
    const health = t.world.agencies.health;
    // Only the office may change settings; 西吉县 replies in 15 working days.
    expect(
      (
        await send('drafter', 'PUT', `/api/requests/settings?agencyId=${health}`, {
          replyDays: 15,
          extensionDays: 15,
          correctionPeriodDays: null,
          feeWindowCounted: null,
          milestones: { register: 1, review: 5, draft: 7 },
        })
      ).statusCode,
    ).toBe(403);
    const tooLong = await send(
      'officer',
      'PUT',
      `/api/requests/settings?agencyId=${t.world.agencies.county}`,
      {
        replyDays: 25,
        extensionDays: null,
        correctionPeriodDays: null,
        feeWindowCounted: null,
        milestones: null,
      },
    );
    expect(tooLong.statusCode).toBe(400);
    const set = await send('officer', 'PUT', `/api/requests/settings?agencyId=${t.world.agencies.county}`, {
      replyDays: 15,
      extensionDays: 15,
      correctionPeriodDays: null,
      feeWindowCounted: null,
      milestones: { register: 1, review: 5, draft: 7 },
    });
    expect(set.statusCode).toBe(200);
    // Inherited by the health bureau below the county.
    const inherited = (await get('officer', `/api/requests/settings?agencyId=${health}`)).json<{
      effective: { replyDays: number };
    }>();
    expect(inherited.effective.replyDays).toBe(15);

    const bad = await send('officer', 'PUT', `/api/requests/templates/acknowledgement?agencyId=${health}`, {
      title: '登记回执',
      body: '{{applicantName}}：已收到。{{secretThing}}',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('secretThing');
    const edited = await send(
      'officer',
      'PUT',
      `/api/requests/templates/acknowledgement?agencyId=${health}`,
      {
        title: '西吉县卫生健康局政府信息公开申请回执',
        body: '{{applicantName}}：\n\n你于{{receivedOn}}提出的申请（编号{{trackingNumber}}）已登记，本机关将于{{dueOn}}前答复。',
      },
    );
    expect(edited.statusCode).toBe(200);

    // Monday 4 January 2027: 15 working days → 25 January; milestones 1/5/7 working days.
    const r = await register('2027-01-04', {}, '2026年家庭医生签约服务情况');
    expect(r.deadline?.dueDate).toBe('2027-01-25');
    expect(r.milestones.map((m) => [m.milestone, m.dueOn])).toEqual([
      ['register', '2027-01-05'],
      ['review', '2027-01-11'],
      ['draft', '2027-01-13'],
    ]);
    const ack = r.notices[0];
    expect(ack?.title).toBe('西吉县卫生健康局政府信息公开申请回执');
    expect(ack?.paragraphs.join('')).toContain('2027年1月25日前答复');
    // Back to the default text.
    const reset = await send(
      'officer',
      'DELETE',
      `/api/requests/templates/acknowledgement?agencyId=${health}`,
    );
    expect(
      reset.json<{ kind: string; source: string }[]>().find((x) => x.kind === 'acknowledgement')?.source,
    ).toBe('default');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { createTestApp, type TestApp, type TestClient } from '../../dev/test-app.ts';
import type { DemoUsername } from '../../dev/world.ts';
import type { GuideView } from './schemas.ts';

describe.each(await testEngines())('guides API on %s', (engine) => {
  let t: TestApp;
  const clock = new FixedClock('2026-06-08T02:00:00Z');
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  const as = (username: DemoUsername): Promise<TestClient> => {
    let client = clients.get(username);
    if (!client) clients.set(username, (client = t.as(username)));
    return client;
  };
  const get = async (username: DemoUsername, url: string) =>
    (await as(username)).inject({ method: 'GET', url });
  const put = async (username: DemoUsername, url: string, payload: object) =>
    (await as(username)).inject({ method: 'PUT', url, payload });

  async function auditRows(agencyId: string) {
    return t.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'before', 'after'])
      .where('entity_type', '=', 'disclosure_guide')
      .where('entity_id', '=', agencyId)
      .orderBy('seq')
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
  });
  afterAll(() => t.close());

  it('generates every Art 12 element from the agency data until the office writes its own', async () => {
    const res = await get('officer', `/api/guides/${t.world.agencies.education}`);
    expect(res.statusCode).toBe(200);
    const g = res.json<GuideView>();
    expect(g).toMatchObject({
      agencyName: '西吉县教育局',
      canEdit: true,
      customized: [],
      updatedAt: null,
      portalPath: `/disclosure/agencies/${t.world.agencies.education}/guide`,
      content: {
        officeName: '西吉县教育局',
        officeAddress: '宁夏回族自治区固原市西吉县吉强镇文化路 18 号',
        phone: '0954-3021101',
        fax: null,
      },
    });
    expect(g.content.officeHours).toContain('工作日');
    expect(g.content.internetContact).toContain('/disclosure/on-request');
    expect(g.content.howToApply).toContain('信函申请');
    expect(g.content.feeRule).toContain('国办函〔2020〕109号');
    // The region's guide is run by the government's office.
    const county = (await get('officer', `/api/guides/${t.world.agencies.county}`)).json<GuideView>();
    expect(county.content.officeName).toBe('西吉县人民政府办公室');
    expect(county.portalPath).toBe('/disclosure/guide');
  });

  it('the disclosure officer edits a guide: stored, audited, shown on the portal', async () => {
    const id = t.world.agencies.education;
    const current = (await get('officer', `/api/guides/${id}`)).json<GuideView>();
    const input = {
      ...current.content,
      officeName: '西吉县教育局办公室',
      fax: '0954-3021109',
      postalCode: '756200',
      officeHours: '工作日 9:00—17:00',
    };
    const res = await put('officer', `/api/guides/${id}`, input);
    expect(res.statusCode).toBe(200);
    const saved = res.json<GuideView>();
    expect(saved.customized.sort()).toEqual(['fax', 'officeHours', 'officeName', 'postalCode']);
    expect(saved.updatedBy?.name).toBe('马丽（政务公开专员）');
    expect(saved.updatedAt).toBe('2026-06-08T02:00:00.000Z');

    const audit = await auditRows(id);
    expect(audit.map((a) => a.action)).toEqual(['guide.updated']);
    const after = JSON.parse(String(audit[0]?.after)) as Record<string, unknown>;
    expect(after).toMatchObject({
      officeName: '西吉县教育局办公室',
      fax: '0954-3021109',
      postalCode: '756200',
    });
    expect(Object.keys(after)).not.toContain('howToApply');

    // Saving the same guide again changes nothing and writes no event.
    expect((await put('officer', `/api/guides/${id}`, { ...saved.content })).statusCode).toBe(200);
    expect(await auditRows(id)).toHaveLength(1);

    const page = await t.app.inject({ method: 'GET', url: `/disclosure/agencies/${id}/guide` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>西吉县教育局政府信息公开指南</h1>');
    expect(page.body).toContain('0954-3021109');
    expect(page.body).toContain('756200');
    expect(page.body).toContain('工作日 9:00—17:00');
  });

  it('a field set back to the generated text follows the agency data again', async () => {
    const id = t.world.agencies.education;
    const current = (await get('officer', `/api/guides/${id}`)).json<GuideView>();
    const res = await put('officer', `/api/guides/${id}`, {
      ...current.content,
      officeHours: current.defaults.officeHours,
    });
    expect(res.json<GuideView>().customized).not.toContain('officeHours');
    expect(await auditRows(id)).toHaveLength(2);
  });

  it('refuses anyone without guide.manage, and changes nothing', async () => {
    const id = t.world.agencies.education;
    const current = (await get('unithead', `/api/guides/${id}`)).json<GuideView>();
    expect(current.canEdit).toBe(false);
    for (const user of ['unithead', 'drafter', 'webeditor', 'supervisor', 'admin'] as const) {
      const res = await put(user, `/api/guides/${id}`, { ...current.content, officeName: '篡改的名称' });
      expect(res.statusCode, user).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    const anonymous = await t.app.inject({
      method: 'PUT',
      url: `/api/guides/${id}`,
      payload: current.content,
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await get('officer', `/api/guides/${id}`)).json<GuideView>().content.officeName).toBe(
      '西吉县教育局办公室',
    );
    expect(await auditRows(id)).toHaveLength(2);
  });

  it('rejects bad input with Chinese messages per field, and changes nothing', async () => {
    const id = t.world.agencies.health;
    const current = (await get('officer', `/api/guides/${id}`)).json<GuideView>();
    const cases: [object, string, RegExp][] = [
      [{ phone: '12' }, 'phone', /联系电话有误/],
      [{ fax: 'abc' }, 'fax', /传真号码有误/],
      [{ postalCode: '12345' }, 'postalCode', /邮政编码应为 6 位数字/],
      [{ officeName: '' }, 'officeName', /请填写工作机构名称/],
      [{ officeAddress: '地址\n第二行' }, 'officeAddress', /办公地址应为一行/],
      [{ howToApply: 'x'.repeat(5001) }, 'howToApply', /不能超过 5000 个字/],
      [{ feeRule: '收费\u0007' }, 'feeRule', /控制字符|至少/],
    ];
    for (const [patch, field, message] of cases) {
      const res = await put('officer', `/api/guides/${id}`, { ...current.content, ...patch });
      expect(res.statusCode, field).toBe(400);
      const body = res.json<{ error: { code: string; message: string; fields: Record<string, string> } }>();
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.fields[field], field).toMatch(message);
    }
    const unknown = await put('officer', '/api/guides/00000000-0000-4000-8000-000000000000', current.content);
    expect(unknown.statusCode).toBe(404);
    const malformed = await get('officer', '/api/guides/not-a-uuid');
    expect(malformed.statusCode).toBe(400);
    expect(await auditRows(id)).toEqual([]);
    expect((await get('officer', `/api/guides/${id}`)).json<GuideView>().customized).toEqual([]);
  });
});

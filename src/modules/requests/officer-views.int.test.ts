import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { createTestApp, publishNotice, type TestApp, type TestClient } from '../../dev/test-app.ts';
import type { DemoUsername } from '../../dev/world.ts';
import type { PublicMatchView, RequestView } from './schemas.ts';

/**
 * What the staff see beside a request: each notice as a print view (the tracking page's renderer)
 * and the published documents that may already answer it (条例第三十六条第（一）项).
 */
describe.each(await testEngines())('依申请公开 for the officer on %s', (engine) => {
  let t: TestApp;
  // Monday 8 June 2026, 10:00 in Beijing.
  const clock = new FixedClock('2026-06-08T02:00:00Z');
  const clients = new Map<DemoUsername, TestClient>();
  let logins = 0;
  const as = async (u: DemoUsername): Promise<TestClient> => {
    const c = clients.get(u) ?? (await t.as(u, undefined, `10.1.0.${++logins}`));
    clients.set(u, c);
    return c;
  };
  const get = async (u: DemoUsername, url: string) => (await as(u)).inject({ method: 'GET', url });

  /** A letter signed for on `signedOn`, registered by the officer, for 马建华 (phone ending 1234). */
  const letter = async (agencyId: string, description: string, signedOn = '2026-06-08') => {
    const res = await (
      await as('officer')
    ).inject({
      method: 'POST',
      url: '/api/requests',
      payload: {
        agencyId,
        applicantType: 'natural_person',
        applicantName: '马建华',
        idType: 'resident_id',
        idNumber: '11010519491231002X',
        phone: '13909541234',
        description,
        form: 'electronic',
        delivery: 'email',
        email: 'ma@example.cn',
        channel: 'post_signed',
        signedOn,
      },
    });
    if (res.statusCode !== 201) throw new Error(`intake: ${res.statusCode} ${res.body}`);
    return res.json<RequestView & { token: string }>();
  };

  const sheet = (html: string): string =>
    /<article class="notice-sheet">[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
  });
  afterAll(() => t.close());

  it('prints a notice for whoever may view the request, as the tracking page shows it; others get 404', async () => {
    const r = await letter(t.world.agencies.health, '县人民医院2025年收费项目清单及定价依据');
    const ack = r.notices.find((n) => n.kind === 'acknowledgement');
    expect(ack).toBeDefined();
    const url = `/api/requests/${r.id}/notices/${ack?.id ?? ''}/print`;

    const res = await get('officer', url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    // The strict CSP: no inline script or style element; the sheet is styled by the stylesheet.
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.body).not.toMatch(/<script|<style/);
    expect(res.body).toMatch(/<link rel="stylesheet" href="\/static\/portal\.css\?v=[0-9a-f]{12}"/);

    // 版头 with the agency, the title, the text, and the agency and date in Chinese at the end.
    expect(res.body).toContain('<p class="notice-issuer">西吉县卫生健康局</p>');
    expect(res.body).toContain('<h1 class="notice-title">政府信息公开申请登记回执</h1>');
    expect(res.body).toContain('县人民医院2025年收费项目清单及定价依据');
    for (const p of ack?.paragraphs ?? []) expect(res.body).toContain(p);
    expect(res.body).toContain('<p class="notice-agency">西吉县卫生健康局</p>');
    expect(res.body).toContain('<time datetime="2026-06-08">2026年6月8日</time>');

    // The applicant's tracking page shows the very same sheet (its title one level down).
    const tracked = await t.app.inject({
      method: 'POST',
      url: `/track/${r.token}`,
      payload: 'phoneTail=1234',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(tracked.statusCode).toBe(200);
    expect(sheet(tracked.body).replaceAll(/<(\/?)h3\b/g, '<$1h1')).toBe(sheet(res.body));
    expect(sheet(res.body)).not.toBe('');

    // The education bureau's drafter is outside the request's agency: as if it did not exist.
    expect((await get('drafter', url)).statusCode).toBe(404);
    // A notice of another request, under this one's address: 404 as well.
    const other = await letter(t.world.agencies.health, '县人民医院2025年药品采购目录');
    const otherAck = other.notices.find((n) => n.kind === 'acknowledgement');
    expect(
      (await get('officer', `/api/requests/${r.id}/notices/${otherAck?.id ?? ''}/print`)).statusCode,
    ).toBe(404);
  });

  it('lists the published documents that match the description, and none when nothing does', async () => {
    // Monday 9 November 2026: the test document is written on 2 November. Sessions start afresh.
    clock.set('2026-11-09T02:00:00Z');
    clients.clear();
    const on = '2026-11-09';
    const doc = await publishNotice(t, '西吉县学生资助资金管理办法', 1);
    const matching = await letter(
      t.world.agencies.education,
      '请提供《西吉县学生资助资金管理办法》及2025年资助名单',
      on,
    );
    const res = await get('officer', `/api/requests/${matching.id}/matches`);
    expect(res.statusCode).toBe(200);
    expect(res.json<PublicMatchView[]>()).toEqual([
      {
        id: doc.id,
        title: '西吉县学生资助资金管理办法',
        docNumber: '西政办发〔2026〕1号',
        publishedOn: doc.publishedOn,
        url: `/documents/${doc.id}`,
      },
    ]);
    // The link is the document's page on the portal.
    expect((await t.app.inject({ method: 'GET', url: `/documents/${doc.id}` })).statusCode).toBe(200);

    const nothing = await letter(t.world.agencies.education, '2025年兴隆镇单家集村道路硬化工程验收报告', on);
    expect((await get('officer', `/api/requests/${nothing.id}/matches`)).json()).toEqual([]);

    // Seeing the matches is seeing the request: outside its agency, 404.
    const health = await letter(t.world.agencies.health, '《西吉县学生资助资金管理办法》', on);
    expect((await get('drafter', `/api/requests/${health.id}/matches`)).statusCode).toBe(404);
    expect((await get('drafter', `/api/requests/${matching.id}/matches`)).statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { DomainError } from '../../core/errors.ts';
import { createTestApp, type TestApp } from '../../dev/test-app.ts';
import { seedDemoDocuments } from './demo.ts';
import type { PublishDocumentInput } from './schemas.ts';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

async function errorOf(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe.each(await testEngines())('documents service on %s', (engine) => {
  let t: TestApp;
  const clock = new FixedClock('2026-11-21T02:00:00Z');
  let officeUscc: string;
  let educationUscc: string;

  const input = (overrides: Partial<PublishDocumentInput> = {}): PublishDocumentInput => ({
    agencyId: t.world.agencies.office,
    title: '西吉县人民政府办公室关于做好政务公开工作的通知',
    docNumber: '西政办发〔2026〕12号',
    writtenOn: '2026-11-10',
    topic: '综合政务/政务公开',
    genre: '通知',
    legalCategory: 'normative',
    body: '各乡镇人民政府：\n现将有关事项通知如下。',
    portalSection: 'statutory',
    ...overrides,
  });

  const countDocuments = async (): Promise<number> => {
    const row = await t.db.kysely
      .selectFrom('documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
    officeUscc = (await t.services.orgs.get(t.world.agencies.office)).uscc ?? '';
    educationUscc = (await t.services.orgs.get(t.world.agencies.education)).uscc ?? '';
  });
  afterAll(() => t.close());

  it('assigns each agency its own 索引号 sequence per year, in publication order', async () => {
    const a = await t.services.documents.importPublished(undefined, systemActor, input({ title: '通知一' }));
    const b = await t.services.documents.importPublished(undefined, systemActor, input({ title: '通知二' }));
    const c = await t.services.documents.importPublished(
      undefined,
      systemActor,
      input({ title: '教育局通知', agencyId: t.world.agencies.education, docNumber: null }),
    );
    expect([a.indexNumber, b.indexNumber]).toEqual([`${officeUscc}/2026-00001`, `${officeUscc}/2026-00002`]);
    expect(c.indexNumber).toBe(`${educationUscc}/2026-00001`);
    expect(a).toMatchObject({
      agencyName: '西吉县人民政府办公室',
      publishedOn: '2026-11-21',
      validity: 'in_force',
    });
  });

  it('starts a new sequence in the new year, counted in Beijing time', async () => {
    clock.set('2026-12-31T16:30:00Z'); // 00:30 on 1 January 2027 in Beijing
    try {
      const d = await t.services.documents.importPublished(
        undefined,
        systemActor,
        input({ title: '新年通知' }),
      );
      expect(d.indexNumber).toBe(`${officeUscc}/2027-00001`);
      expect(d.publishedOn).toBe('2027-01-01');
    } finally {
      clock.set('2026-11-21T02:00:00Z');
    }
  });

  it('never hands the same number out twice, also to concurrent publishers', async () => {
    const docs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.services.documents.importPublished(undefined, systemActor, input({ title: `并发通知${i}` })),
      ),
    );
    const numbers = docs.map((d) => d.indexNumber);
    expect(new Set(numbers).size).toBe(6);
    const rows = await t.db.kysely.selectFrom('documents').select('index_number').execute();
    const all = rows.map((r) => r.index_number);
    expect(new Set(all).size).toBe(all.length);
  });

  it('records the publication in the audit chain, in the same transaction', async () => {
    const doc = await t.services.documents.importPublished(
      undefined,
      systemActor,
      input({ title: '审计通知' }),
    );
    const events = await t.services.audit.list({ entityType: 'document', entityId: doc.id, limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'document.published',
      agencyId: t.world.agencies.office,
      actorName: '系统',
      after: { indexNumber: doc.indexNumber, publishedAt: doc.publishedAt, title: '审计通知' },
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: true });
  });

  it('refuses bad input with a Chinese message per field, and writes nothing', async () => {
    const before = await countDocuments();
    const bad = await errorOf(
      t.services.documents.importPublished(undefined, systemActor, {
        ...input(),
        title: '   ',
        docNumber: '西政办发[2026]12号',
        writtenOn: '2026-02-30',
        effectiveFrom: '2026-12-01',
        effectiveTo: '2026-01-01',
      }),
    );
    expect(bad.code).toBe('invalid_input');
    expect(bad.fields).toMatchObject({
      title: '请填写标题',
      docNumber: expect.stringContaining('文号格式') as string,
      writtenOn: expect.stringContaining('YYYY-MM-DD') as string,
    });
    const unknown = await errorOf(
      t.services.documents.importPublished(undefined, systemActor, input({ agencyId: UNKNOWN })),
    );
    expect(unknown.fields).toEqual({ agencyId: '发布机构不存在' });
    const future = await errorOf(
      t.services.documents.importPublished(undefined, systemActor, input({ writtenOn: '2026-12-01' })),
    );
    expect(future.fields).toEqual({ writtenOn: '成文日期不能晚于发布日期' });
    // Nothing unscreened reaches the portal: an import with a personal ID number is refused.
    const leaky = await errorOf(
      t.services.documents.importPublished(
        undefined,
        systemActor,
        input({ body: '经核实，申请人身份证号 640422199003070021，符合条件。' }),
      ),
    );
    expect(leaky.code).toBe('screening_failed');
    expect(leaky.message).toContain('公民身份号码');
    const period = await errorOf(
      t.services.documents.importPublished(
        undefined,
        systemActor,
        input({ effectiveFrom: '2026-12-01', effectiveTo: '2026-01-01' }),
      ),
    );
    expect(period.fields).toEqual({ effectiveTo: '失效日期不能早于施行日期' });
    expect(await countDocuments()).toBe(before);
  });

  it('lets disclosure officers and web editors publish, and nobody else', async () => {
    const as = (roles: Actor['memberships'][number]['roles'], agencyId = t.world.agencies.office): Actor => ({
      userId: t.world.users.webeditor,
      username: 'webeditor',
      displayName: '李娜（网站编辑）',
      memberships: [{ agencyId, roles }],
      currentAgencyId: agencyId,
    });
    const published = await t.services.documents.importPublished(
      undefined,
      as(['web_editor']),
      input({ title: '编辑发布' }),
    );
    expect(published.indexNumber).toMatch(new RegExp(`^${officeUscc}/2026-\\d{5}$`));
    const before = await countDocuments();
    const denied = await errorOf(
      t.services.documents.importPublished(undefined, as(['drafter']), input({ title: '越权' })),
    );
    expect(denied.code).toBe('forbidden');
    // A department's web editor publishes for the department, not for the county office above it.
    const elsewhere = await errorOf(
      t.services.documents.importPublished(
        undefined,
        as(['web_editor'], t.world.agencies.education),
        input({ title: '别处' }),
      ),
    );
    expect(elsewhere.code).toBe('forbidden');
    expect(await countDocuments()).toBe(before);
  });

  it('serves published documents only, and answers null to unknown or malformed ids', async () => {
    const doc = await t.services.documents.importPublished(
      undefined,
      systemActor,
      input({ title: '查阅通知' }),
    );
    expect(await t.services.documents.getPublic(doc.id)).toMatchObject({ title: '查阅通知', body: doc.body });
    expect(await t.services.documents.getPublic(UNKNOWN)).toBeNull();
    expect(await t.services.documents.getPublic("1' or '1'='1")).toBeNull();
    expect(await t.services.documents.getPublic('x'.repeat(10_000))).toBeNull();
  });

  it('lists a column newest first, by agency, in pages', async () => {
    const page1 = await t.services.documents.listPublic({ section: 'statutory', pageSize: 3 });
    expect(page1.items).toHaveLength(3);
    expect(page1.total).toBeGreaterThan(3);
    expect(page1.pageCount).toBe(Math.ceil(page1.total / 3));
    const times = page1.items.map((d) => d.publishedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const education = await t.services.documents.listPublic({ agencyId: t.world.agencies.education });
    expect(education.items.map((d) => d.title)).toEqual(['教育局通知']);
    const beyond = await t.services.documents.listPublic({ section: 'statutory', page: 999 });
    expect(beyond.items).toEqual([]);
    const clamped = await t.services.documents.listPublic({ page: -5, pageSize: 10_000 });
    expect([clamped.page, clamped.pageSize]).toEqual([1, 100]);
  });

  it('loads the five seed rule sets once, under 信息公开制度 of the county office', async () => {
    expect(await seedDemoDocuments(t.services, t.world)).toBe(5);
    expect(await seedDemoDocuments(t.services, t.world)).toBe(0);
    const rules = await t.services.documents.listPublic({ section: 'rules' });
    expect(rules.total).toBe(5);
    expect(rules.items.every((d) => d.agencyId === t.world.agencies.office)).toBe(true);
    const xiji = rules.items.find((d) => d.docNumber === '西政办发〔2018〕47号');
    expect(xiji).toMatchObject({ validity: 'expired', writtenOn: '2018-03-22', effectiveTo: '2022-04-30' });
  });
});

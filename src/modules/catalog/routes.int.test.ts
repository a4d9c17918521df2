import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/auth/actor.ts';
import { FixedClock } from '../../core/clock.ts';
import { testEngines } from '../../core/db/testing.ts';
import { DomainError } from '../../core/errors.ts';
import { createTestApp, type TestApp, type TestClient } from '../../dev/test-app.ts';
import { DEMO_USERS, type DemoUsername } from '../../dev/world.ts';
import type { Actor } from '../../core/auth/actor.ts';
import type {
  CatalogDocument,
  CatalogNodeView,
  CatalogReport,
  CatalogTreeView,
  FilingResult,
} from './schemas.ts';

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

const elements = (overrides: object = {}) => ({
  content: '招生范围、招生对象、招生计划、报名时间和地点、录取办法',
  basis: '《中华人民共和国义务教育法》；《中华人民共和国政府信息公开条例》第二十条',
  owner: '西吉县教育局',
  timeLimit: '信息形成（变更）之日起 20 个工作日内',
  freshness: { kind: 'after_formation', workingDays: 20 },
  channels: ['website', 'two_micro_one_end', 'bulletin_board'],
  audience: 'public',
  mode: 'proactive',
  levels: ['county'],
  ...overrides,
});

describe.each(await testEngines())('catalog API on %s', (engine) => {
  let t: TestApp;
  // Monday 8 June 2026, 10:00 in Beijing.
  const clock = new FixedClock('2026-06-08T02:00:00Z');
  const clients = new Map<DemoUsername, Promise<TestClient>>();
  const as = (username: DemoUsername): Promise<TestClient> => {
    let client = clients.get(username);
    if (!client) clients.set(username, (client = t.as(username)));
    return client;
  };
  const send = async (
    username: DemoUsername,
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => (await as(username)).inject({ method, url, ...(payload ? { payload } : {}) });
  const get = async (username: DemoUsername, url: string) =>
    (await as(username)).inject({ method: 'GET', url });

  let education: string;
  const stages = new Map<string, string>();
  let fieldId: string;
  let enrolmentId: string;
  let schoolListId: string;
  let budgetId: string;
  const docs: Record<'enrolment' | 'budget' | 'notice', string> = { enrolment: '', budget: '', notice: '' };

  const publish = async (title: string, writtenOn: string, agencyId = education) =>
    (
      await t.services.documents.importPublished(undefined, systemActor, {
        agencyId,
        title,
        docNumber: null,
        writtenOn,
        topic: '科技、教育',
        genre: '通知',
        legalCategory: 'other',
        body: `${title}。\n现将有关事项公开如下。`,
        portalSection: 'statutory',
      })
    ).id;

  async function counts() {
    const n = async (table: 'catalog_nodes' | 'catalog_item_documents' | 'audit_events') =>
      Number(
        (
          await t.db.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      nodes: await n('catalog_nodes'),
      filings: await n('catalog_item_documents'),
      audit: await n('audit_events'),
    };
  }

  const createNode = async (username: DemoUsername, body: object) =>
    send(username, 'POST', '/api/catalog/nodes', body);

  beforeAll(async () => {
    t = await createTestApp(engine, { clock });
    education = t.world.agencies.education;
    docs.enrolment = await publish('西吉县教育局关于做好2026年义务教育招生入学工作的通知', '2026-06-01');
    docs.budget = await publish('西吉县教育局2024年部门预算公开说明', '2024-02-20');
    docs.notice = await publish('西吉县教育局关于开展校园安全专项检查的通知', '2026-06-03');
  });
  afterAll(() => t.close());

  it('sets up the five stages once, audited', async () => {
    const res = await send('officer', 'POST', '/api/catalog/standard-tree', { agencyId: education });
    expect(res.statusCode).toBe(200);
    const tree = res.json<CatalogTreeView>();
    expect(tree.agencyName).toBe('西吉县教育局');
    expect(tree.stages.map((s) => s.name)).toEqual([
      '决策公开',
      '执行公开',
      '管理公开',
      '服务公开',
      '结果公开',
    ]);
    expect(tree.allowedActions).toEqual(['manage', 'file']);
    for (const s of tree.stages) stages.set(s.name, s.id);

    const before = await counts();
    const again = await send('officer', 'POST', '/api/catalog/standard-tree', { agencyId: education });
    expect(again.json<CatalogTreeView>().stages).toHaveLength(5);
    expect(await counts()).toEqual(before);

    const created = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'catalog_node')
      .execute();
    expect(created.filter((e) => e.action === 'catalog.node_created')).toHaveLength(5);
  });

  it('builds fields and items with their elements', async () => {
    const field = await createNode('officer', {
      agencyId: education,
      parentId: stages.get('执行公开'),
      kind: 'field',
      name: '义务教育',
    });
    expect(field.statusCode).toBe(201);
    fieldId = field.json<CatalogNodeView>().id;

    const enrolment = await createNode('unithead', {
      agencyId: education,
      parentId: fieldId,
      kind: 'item',
      name: '招生入学政策',
      elements: elements(),
    });
    expect(enrolment.statusCode).toBe(201);
    const view = enrolment.json<CatalogNodeView>();
    enrolmentId = view.id;
    expect(view).toMatchObject({
      kind: 'item',
      stage: 'execution',
      elements: { channels: ['website', 'two_micro_one_end', 'bulletin_board'], levels: ['county'] },
      documents: [],
    });

    schoolListId = (
      await createNode('officer', {
        agencyId: education,
        parentId: fieldId,
        kind: 'item',
        name: '学校名录',
        elements: elements({
          content: '学校名称、地址、办学类型、联系电话',
          timeLimit: '信息变更之日起 20 个工作日内',
        }),
      })
    ).json<CatalogNodeView>().id;

    const finance = (
      await createNode('officer', {
        agencyId: education,
        parentId: stages.get('结果公开'),
        kind: 'field',
        name: '财政预决算',
      })
    ).json<CatalogNodeView>().id;
    budgetId = (
      await createNode('officer', {
        agencyId: education,
        parentId: finance,
        kind: 'item',
        name: '部门预算',
        elements: elements({
          content: '部门预算公开说明、收支总表、财政拨款“三公”经费预算',
          basis: '《中华人民共和国预算法》第十四条',
          timeLimit: '预算批复后 20 日内',
          freshness: { kind: 'periodic', every: 'year', graceWorkingDays: 20 },
        }),
      })
    ).json<CatalogNodeView>().id;

    const tree = (await get('drafter', `/api/catalog/tree?agencyId=${education}`)).json<CatalogTreeView>();
    const execution = tree.stages.find((s) => s.stage === 'execution');
    expect(execution?.children.map((c) => c.name)).toEqual(['义务教育']);
    expect(execution?.children[0]?.children.map((c) => c.name)).toEqual(['招生入学政策', '学校名录']);
    // The drafter reads the catalog but neither keeps it nor files into it.
    expect(tree.allowedActions).toEqual([]);
  });

  it('files published documents under items and lists what is not filed yet', async () => {
    const before = (await get('unithead', `/api/catalog/unfiled?agencyId=${education}`)).json<
      CatalogDocument[]
    >();
    expect(before.map((d) => d.id).sort()).toEqual(Object.values(docs).sort());

    const filed = await send('unithead', 'POST', '/api/catalog/filings', {
      documentId: docs.enrolment,
      itemIds: [enrolmentId],
    });
    expect(filed.statusCode).toBe(200);
    expect(filed.json<FilingResult>().items).toEqual([
      { itemId: enrolmentId, name: '招生入学政策', path: ['执行公开', '义务教育'] },
    ]);
    // The office's web editor publishes, so files too.
    const byEditor = await send('webeditor', 'POST', '/api/catalog/filings', {
      documentId: docs.budget,
      itemIds: [budgetId],
    });
    expect(byEditor.statusCode).toBe(200);

    const after = (await get('unithead', `/api/catalog/unfiled?agencyId=${education}`)).json<
      CatalogDocument[]
    >();
    expect(after.map((d) => d.id)).toEqual([docs.notice]);
    expect(after[0]).toMatchObject({
      title: '西吉县教育局关于开展校园安全专项检查的通知',
      writtenOn: '2026-06-03',
      summary: '西吉县教育局关于开展校园安全专项检查的通知。 现将有关事项公开如下。',
    });
    expect(after[0]?.indexNumber).toMatch(/^[0-9A-Z]{18}\/2026-\d{5}$/);

    const tree = (await get('officer', `/api/catalog/tree?agencyId=${education}`)).json<CatalogTreeView>();
    const enrolment = tree.stages[1]?.children[0]?.children[0];
    expect(enrolment?.documents.map((d) => d.id)).toEqual([docs.enrolment]);
    expect(await t.services.catalog.documentsForItem(budgetId)).toMatchObject([{ id: docs.budget }]);
    expect(await t.services.catalog.itemsForDocument(docs.budget)).toEqual([
      { itemId: budgetId, name: '部门预算', path: ['结果公开', '财政预决算'] },
    ]);

    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('action', '=', 'catalog.document_filed')
      .execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual([enrolmentId, budgetId].sort());
  });

  it('reports an item with no content, a stale item and a document filed under no item', async () => {
    const res = await get('supervisor', `/api/catalog/report?agencyId=${education}`);
    expect(res.statusCode).toBe(200);
    const report = res.json<CatalogReport>();
    expect(report.asOf).toBe('2026-06-08');
    expect(report.counts).toEqual({ items: 3, empty: 1, stale: 1, unfiled: 1 });
    expect(report.empty).toEqual([
      { itemId: schoolListId, name: '学校名录', path: ['执行公开', '义务教育'] },
    ]);
    expect(report.stale).toEqual([
      {
        itemId: budgetId,
        name: '部门预算',
        path: ['结果公开', '财政预决算'],
        timeLimit: '预算批复后 20 日内',
        newest: expect.objectContaining({ id: docs.budget }) as unknown,
        // On the real calendar: 1–3 January 2026 off, Sunday 4 January worked (调休).
        dueDate: '2026-01-29',
        reason:
          '每年公开：2025-01-01 至 2025-12-31 的信息应于 2026-01-29 前公开，但最新一件信息生成于 2024-02-20',
      },
    ]);
    expect(report.unfiled.map((d) => d.id)).toEqual([docs.notice]);
    expect(report.reasons.unfiled).toContain('条例第十二条');
  });

  it('files inside the publication transaction, and rolls back with it', async () => {
    const officer = await officerActor();
    const doc = await t.db.kysely.transaction().execute(async (trx) => {
      const published = await t.services.documents.importPublished(trx, systemActor, {
        agencyId: education,
        title: '西吉县义务教育学校名录（2026年6月更新）',
        docNumber: null,
        writtenOn: '2026-06-05',
        topic: '科技、教育',
        genre: '名录',
        legalCategory: 'other',
        body: '全县义务教育阶段学校名称、地址、办学类型和联系电话。',
        portalSection: 'statutory',
      });
      const result = await t.services.catalog.file(trx, officer, {
        documentId: published.id,
        itemIds: [schoolListId],
      });
      expect(result.items.map((i) => i.itemId)).toEqual([schoolListId]);
      return published;
    });
    expect((await t.services.catalog.documentsForItem(schoolListId)).map((d) => d.id)).toEqual([doc.id]);

    const before = await counts();
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        const published = await t.services.documents.importPublished(trx, systemActor, {
          agencyId: education,
          title: '一份归档失败的文件',
          docNumber: null,
          writtenOn: '2026-06-05',
          topic: '科技、教育',
          genre: '通知',
          legalCategory: 'other',
          body: '正文。',
          portalSection: 'statutory',
        });
        // A field is not an item: the filing fails, and the publication with it.
        await t.services.catalog.file(trx, officer, { documentId: published.id, itemIds: [fieldId] });
      }),
    ).rejects.toThrow('只能归入发布机构本单位目录中的公开事项');
    expect(await counts()).toEqual(before);
    expect(await t.services.documents.publishedTitles(education)).not.toContain('一份归档失败的文件');
  });

  it('moves an item to another field and keeps the stage in step', async () => {
    const service = (
      await createNode('officer', {
        agencyId: education,
        parentId: stages.get('服务公开'),
        kind: 'field',
        name: '教育服务',
      })
    ).json<CatalogNodeView>().id;
    const moved = await send('officer', 'POST', `/api/catalog/nodes/${schoolListId}/move`, {
      parentId: service,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<CatalogNodeView>()).toMatchObject({ parentId: service, stage: 'service' });
    const back = await send('officer', 'POST', `/api/catalog/nodes/${schoolListId}/move`, {
      parentId: fieldId,
    });
    expect(back.json<CatalogNodeView>().stage).toBe('execution');
  });

  it('deletes only what nothing hangs on, with a clear message', async () => {
    const filedItem = await send('officer', 'DELETE', `/api/catalog/nodes/${enrolmentId}`);
    expect(filedItem.statusCode).toBe(409);
    expect(filedItem.json<ErrorBody>().error.message).toBe(
      '该公开事项下已归档 1 件政府信息，请先取消归档，以免已公开的信息在目录中无处可查',
    );
    const withChildren = await send('officer', 'DELETE', `/api/catalog/nodes/${fieldId}`);
    expect(withChildren.statusCode).toBe(409);
    expect(withChildren.json<ErrorBody>().error.message).toBe(
      '该节点下还有 2 个下级节点，请先删除或移走下级节点',
    );
    const aStage = await send('officer', 'DELETE', `/api/catalog/nodes/${stages.get('决策公开') ?? ''}`);
    expect(aStage.statusCode).toBe(409);

    const unfiled = await send('officer', 'POST', '/api/catalog/filings/remove', {
      documentId: docs.enrolment,
      itemId: enrolmentId,
    });
    expect(unfiled.statusCode).toBe(200);
    expect(unfiled.json<FilingResult>().items).toEqual([]);
    const gone = await send('officer', 'DELETE', `/api/catalog/nodes/${enrolmentId}`);
    expect(gone.statusCode).toBe(204);
    const actions = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', enrolmentId)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'catalog.node_created',
      'catalog.document_filed',
      'catalog.document_unfiled',
      'catalog.node_deleted',
    ]);
  });

  it('lets the agency staff read, the office and unit head keep, and nobody else', async () => {
    expect((await get('admin', `/api/catalog/tree?agencyId=${education}`)).statusCode).toBe(404);
    expect((await get('admin', `/api/catalog/report?agencyId=${education}`)).statusCode).toBe(404);
    const supervisorTree = (
      await get('supervisor', `/api/catalog/tree?agencyId=${education}`)
    ).json<CatalogTreeView>();
    expect(supervisorTree.allowedActions).toEqual([]);

    const field = { agencyId: education, parentId: stages.get('管理公开'), kind: 'field', name: '人事管理' };
    for (const username of ['drafter', 'secrecy', 'supervisor', 'webeditor'] as const) {
      expect((await createNode(username, field)).statusCode, username).toBe(403);
    }
    // The unit head of the education bureau does not reach the health bureau's catalog.
    const health = t.world.agencies.health;
    expect(
      (await send('unithead', 'POST', '/api/catalog/standard-tree', { agencyId: health })).statusCode,
    ).toBe(404);
    expect(
      (await send('leader', 'POST', '/api/catalog/standard-tree', { agencyId: health })).statusCode,
    ).toBe(403);
    expect(
      (
        await send('drafter', 'POST', '/api/catalog/filings', {
          documentId: docs.notice,
          itemIds: [budgetId],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/catalog/tree?agencyId=${education}` })).statusCode,
    ).toBe(401);
  });

  it('refuses bad input with Chinese messages and changes nothing', async () => {
    const before = await counts();
    const item = (overrides: object) => ({
      agencyId: education,
      parentId: fieldId,
      kind: 'item',
      name: '教育收费',
      elements: elements(),
      ...overrides,
    });

    const noElements = await createNode('officer', item({ elements: undefined }));
    expect(noElements.statusCode).toBe(400);
    expect(noElements.json<ErrorBody>().error.fields?.elements).toBe('请填写公开事项的要素');

    const noChannel = await createNode('officer', item({ elements: elements({ channels: [] }) }));
    expect(noChannel.statusCode).toBe(400);
    expect(noChannel.json<ErrorBody>().error.fields?.['elements.channels']).toBe(
      '请至少选择一个公开渠道和载体',
    );

    const otherUnexplained = await createNode(
      'officer',
      item({ elements: elements({ channels: ['other'] }) }),
    );
    expect(otherUnexplained.json<ErrorBody>().error.fields?.['elements.channelOther']).toBe(
      '选择“其他”渠道时请说明具体渠道',
    );

    const badLimit = await createNode(
      'officer',
      item({ elements: elements({ freshness: { kind: 'after_formation', workingDays: 0 } }) }),
    );
    expect(badLimit.statusCode).toBe(400);

    const underItem = await createNode('officer', item({ parentId: budgetId }));
    expect(underItem.statusCode).toBe(400);
    expect(underItem.json<ErrorBody>().error.message).toBe('公开事项之下不能再添加节点');

    const otherAgency = await createNode('officer', item({ agencyId: t.world.agencies.health }));
    expect(otherAgency.statusCode).toBe(400);

    const shortName = await createNode('officer', item({ name: '教' }));
    expect(shortName.json<ErrorBody>().error.fields?.name).toBe('名称至少 2 个字');

    // The office's own document cannot go into the education bureau's catalog.
    const officeDoc = await publish(
      '西吉县人民政府办公室关于做好政务公开工作的通知',
      '2026-06-01',
      t.world.agencies.office,
    );
    const afterPublish = await counts();
    const foreign = await send('officer', 'POST', '/api/catalog/filings', {
      documentId: officeDoc,
      itemIds: [budgetId],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<ErrorBody>().error.message).toBe('只能归入发布机构本单位目录中的公开事项');
    const unknownDoc = await send('officer', 'POST', '/api/catalog/filings', {
      documentId: '00000000-0000-4000-8000-000000000000',
      itemIds: [budgetId],
    });
    expect(unknownDoc.json<ErrorBody>().error.message).toBe('该政府信息不存在或尚未公开，不能归入目录');
    const notFiled = await send('officer', 'POST', '/api/catalog/filings/remove', {
      documentId: docs.notice,
      itemId: budgetId,
    });
    expect(notFiled.statusCode).toBe(400);
    const renameStage = await send('officer', 'PATCH', `/api/catalog/nodes/${stages.get('决策公开') ?? ''}`, {
      name: '决策',
    });
    expect(renameStage.json<ErrorBody>().error.message).toBe('公开环节的名称是固定的，不能修改');
    const elementsOnField = await send('officer', 'PATCH', `/api/catalog/nodes/${fieldId}`, {
      elements: elements(),
    });
    expect(elementsOnField.statusCode).toBe(400);
    const moveUnderSelf = await send('officer', 'POST', `/api/catalog/nodes/${fieldId}/move`, {
      parentId: schoolListId,
    });
    expect(moveUnderSelf.statusCode).toBe(400);
    const badId = await send('officer', 'PATCH', '/api/catalog/nodes/not-a-uuid', { name: '新名称' });
    expect(badId.statusCode).toBe(400);

    const { audit, ...rest } = await counts();
    expect(rest).toEqual({ nodes: before.nodes, filings: before.filings });
    // Only the office document's publication was audited in between.
    expect(audit).toBe(afterPublish.audit);
  });

  it('updates an item’s elements, audited with before and after', async () => {
    const res = await send('unithead', 'PATCH', `/api/catalog/nodes/${budgetId}`, {
      elements: elements({ freshness: { kind: 'none' }, timeLimit: '长期公开' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<CatalogNodeView>().elements?.freshness).toEqual({ kind: 'none' });
    const report = (await get('officer', `/api/catalog/report?agencyId=${education}`)).json<CatalogReport>();
    expect(report.counts.stale).toBe(0);
  });

  it('shows the catalog on the portal without script', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/disclosure/catalog?agency=${education}` });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain('西吉县教育局');
    expect(html).toContain('部门预算');
    expect(html).toContain(`/documents/${docs.budget}`);
    expect(html).toContain('<th scope="col">索引号</th>');
    expect(html).toContain('<caption');
    // The office's catalog is the default; it has none here, and the page says so.
    const office = await t.app.inject({ method: 'GET', url: '/disclosure/catalog' });
    expect(office.statusCode).toBe(200);
    expect(office.body).toContain('尚未编制公开目录');
    const junk = await t.app.inject({ method: 'GET', url: '/disclosure/catalog?agency=%27%3Cscript%3E' });
    expect(junk.statusCode).toBe(200);
  });

  async function officerActor(): Promise<Actor> {
    return {
      userId: t.world.users.officer,
      username: 'officer',
      displayName: DEMO_USERS.officer.displayName,
      memberships: [{ agencyId: t.world.agencies.office, roles: ['disclosure_officer'] }],
      currentAgencyId: t.world.agencies.office,
    };
  }

  it('keeps the service’s own checks when called directly', async () => {
    const err = await t.services.catalog
      .deleteNode(await officerActor(), '00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).status).toBe(404);
  });
});

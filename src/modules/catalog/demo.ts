import { systemActor } from '../../core/auth/actor.ts';
import { shanghaiDate } from '../../core/calendar/dates.ts';
import type { Clock } from '../../core/clock.ts';
import type { DocumentsService } from '../documents/service.ts';
import type { ItemElementsInput } from './schemas.ts';
import type { CatalogService } from './service.ts';

/**
 * The demo catalogs (docs/catalog.md): the county government office's (its 政务公开 rules, with the
 * five seed rule sets filed under them) and the education bureau's (义务教育 and 财政预决算, rules.md
 * §8), with three short demo documents of the bureau. Two problems are left in on purpose, so that the
 * consistency report has something to show: 部门决算 has no content, and 部门预算 still holds the 2024
 * budget (stale: the 2025 information was due in January 2026). Idempotent: an agency that already has
 * a catalog is left alone, and a demo document already published is not published again.
 */

const SEED_ITEM_RULES: ItemElementsInput = {
  content: '本机关政务公开工作制度：主动公开、依申请公开、保密审查、政策解读、舆情回应、考核与责任追究等',
  basis: '《中华人民共和国政府信息公开条例》第二十条第（一）项；西政办发〔2018〕47号',
  owner: '西吉县人民政府办公室',
  timeLimit: '制度印发或修订后及时公开，长期有效',
  freshness: { kind: 'none' },
  channels: ['website', 'gazette', 'reading_room'],
  channelOther: '',
  audience: 'public',
  mode: 'proactive',
  levels: ['county'],
};

const REFERENCE_RULES: ItemElementsInput = {
  ...SEED_ITEM_RULES,
  content: '外地政务公开工作制度文本，供本县各单位学习借鉴（注明原发布机关）',
  basis: '县政务公开办工作需要（非法定公开事项）',
  timeLimit: '收集后及时公开',
  channels: ['website'],
};

const EDUCATION_OWNER = '西吉县教育局';

const education = (overrides: Partial<ItemElementsInput>): ItemElementsInput => ({
  content: '',
  basis: '',
  owner: EDUCATION_OWNER,
  timeLimit: '信息形成（变更）之日起20个工作日内',
  freshness: { kind: 'after_formation', workingDays: 20 },
  channels: ['website', 'two_micro_one_end', 'bulletin_board'],
  channelOther: '',
  audience: 'public',
  mode: 'proactive',
  levels: ['county'],
  ...overrides,
});

/** The bureau's demo documents: made up for the demo, in the usual form of such notices. */
const EDUCATION_DOCUMENTS = {
  enrolment: {
    title: '西吉县教育局关于做好义务教育招生入学工作的通知',
    genre: '通知',
    body: '各乡镇中心学校，县直各中小学：\n为做好本年度义务教育招生入学工作，保障适龄儿童少年依法接受义务教育，现就有关事项通知如下。\n一、坚持免试就近入学，公办学校按划定的服务区招生。\n二、小学一年级报名对象为年满六周岁的适龄儿童。\n三、招生计划、服务区范围、报名时间和地点由各学校在校门口公示栏和县教育局网站同步公开。',
  },
  schools: {
    title: '西吉县义务教育学校名录',
    genre: '名录',
    body: '本名录列明全县义务教育阶段公办学校的名称、地址、办学类型和联系电话，学校设置变更后20个工作日内更新。',
  },
  budget: {
    title: '西吉县教育局2024年部门预算公开说明',
    genre: '说明',
    writtenOn: '2024-02-20',
    body: '根据《中华人民共和国预算法》第十四条，现将西吉县教育局2024年部门预算公开如下：部门主要职责、预算收支情况、财政拨款“三公”经费预算及有关说明。',
  },
} as const;

export interface CatalogDemoServices {
  catalog: CatalogService;
  documents: Pick<DocumentsService, 'importPublished' | 'publishedTitles' | 'listPublic'>;
  clock: Clock;
}

async function addField(catalog: CatalogService, agencyId: string, parentId: string, name: string) {
  return (await catalog.createNode(systemActor, { agencyId, parentId, kind: 'field', name })).id;
}

async function addItem(
  catalog: CatalogService,
  agencyId: string,
  parentId: string,
  name: string,
  elements: ItemElementsInput,
) {
  return (await catalog.createNode(systemActor, { agencyId, parentId, kind: 'item', name, elements })).id;
}

/** Stage ids by stage, after ensureStandardTree. */
async function stagesOf(catalog: CatalogService, agencyId: string): Promise<Map<string, string>> {
  await catalog.ensureStandardTree(null, systemActor, agencyId);
  const tree = await catalog.publicTree(agencyId);
  return new Map((tree?.stages ?? []).map((s) => [s.stage, s.id]));
}

/** The ids of the agency's published documents by title. */
async function publishedByTitle(
  documents: CatalogDemoServices['documents'],
  agencyId: string,
): Promise<Map<string, string>> {
  const byTitle = new Map<string, string>();
  for (let page = 1; ; page += 1) {
    const list = await documents.listPublic({ agencyId, page, pageSize: 100 });
    for (const d of list.items) byTitle.set(d.title, d.id);
    if (page >= list.pageCount) break;
  }
  return byTitle;
}

export async function seedDemoCatalog(
  services: CatalogDemoServices,
  world: { agencies: { office: string; education: string } },
): Promise<number> {
  const { catalog, documents, clock } = services;
  let created = 0;

  const officeId = world.agencies.office;
  if (!(await catalog.publicTree(officeId))) {
    const stages = await stagesOf(catalog, officeId);
    const work = await addField(catalog, officeId, stages.get('management') ?? '', '政务公开工作');
    const own = await addItem(catalog, officeId, work, '政务公开工作制度', SEED_ITEM_RULES);
    const references = await addItem(catalog, officeId, work, '外地政务公开制度参考', REFERENCE_RULES);
    // The seed documents: the county's own 2018 rule set, and the four other regions' rule sets.
    for (const [title, id] of await publishedByTitle(documents, officeId)) {
      await catalog.file(null, systemActor, {
        documentId: id,
        itemIds: [title.startsWith('西吉县') ? own : references],
      });
    }
    created += 1;
  }

  const educationId = world.agencies.education;
  if (!(await catalog.publicTree(educationId))) {
    const stages = await stagesOf(catalog, educationId);
    const compulsory = await addField(catalog, educationId, stages.get('execution') ?? '', '义务教育');
    const enrolment = await addItem(
      catalog,
      educationId,
      compulsory,
      '招生入学政策',
      education({
        content: '招生范围、招生对象、招生计划、服务区划分、报名时间和地点、录取办法、咨询电话',
        basis: '《中华人民共和国义务教育法》第十二条；《中华人民共和国政府信息公开条例》第二十条第（十一）项',
        levels: ['county', 'township'],
      }),
    );
    const schools = await addItem(
      catalog,
      educationId,
      compulsory,
      '学校名录',
      education({
        content: '学校名称、地址、办学类型、联系电话',
        basis: '《中华人民共和国政府信息公开条例》第二十条第（十一）项',
        timeLimit: '信息变更之日起20个工作日内',
      }),
    );
    const finance = await addField(catalog, educationId, stages.get('result') ?? '', '财政预决算');
    const budget = await addItem(
      catalog,
      educationId,
      finance,
      '部门预算',
      education({
        content: '部门预算公开说明、收支总表、财政拨款收支表、“三公”经费预算',
        basis: '《中华人民共和国预算法》第十四条；《中华人民共和国政府信息公开条例》第二十条第（七）项',
        timeLimit: '预算批复后20日内',
        freshness: { kind: 'periodic', every: 'year', graceWorkingDays: 20 },
        channels: ['website'],
      }),
    );
    // Deliberately left empty: the report lists it.
    await addItem(
      catalog,
      educationId,
      finance,
      '部门决算',
      education({
        content: '部门决算公开说明、收支决算总表、财政拨款“三公”经费决算',
        basis: '《中华人民共和国预算法》第十四条；《中华人民共和国政府信息公开条例》第二十条第（七）项',
        timeLimit: '决算批复后20日内',
        channels: ['website'],
      }),
    );

    const today = shanghaiDate(clock.now());
    const existing = await documents.publishedTitles(educationId);
    const publish = async (key: keyof typeof EDUCATION_DOCUMENTS, itemId: string): Promise<void> => {
      const doc: { title: string; genre: string; body: string; writtenOn?: string } =
        EDUCATION_DOCUMENTS[key];
      if (existing.has(doc.title)) return;
      const published = await documents.importPublished(undefined, systemActor, {
        agencyId: educationId,
        title: doc.title,
        docNumber: null,
        writtenOn: doc.writtenOn ?? today,
        topic: '科技、教育',
        genre: doc.genre,
        legalCategory: 'other',
        body: doc.body,
        portalSection: 'statutory',
        sourceNote: '演示数据：为展示主动公开目录而编写的示例文件。',
      });
      await catalog.file(null, systemActor, { documentId: published.id, itemIds: [itemId] });
    };
    await publish('enrolment', enrolment);
    await publish('schools', schools);
    await publish('budget', budget);
    created += 1;
  }
  return created;
}

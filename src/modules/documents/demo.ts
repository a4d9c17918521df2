import { systemActor, type Actor } from '../../core/auth/actor.ts';
import type { Clock } from '../../core/clock.ts';
import { SEED_DOCUMENTS, seedBody } from '../../dev/seeds/index.ts';
import { beijingDate, type WithholdingGround } from './model.ts';
import type { DocumentsService } from './service.ts';

/**
 * Publishes the five seed rule sets as documents of the demo county's government office, the
 * county's disclosure office (政务公开主管部门). Its own 2018 rule set is its document; the four rule
 * sets of other regions go under 信息公开制度 as reference rule sets that name their real issuer in
 * the source note — the office keeps them as models, as offices do, and does not claim to have
 * issued them. Idempotent: a title the office has already published is skipped.
 */
export async function seedDemoDocuments(
  services: { documents: DocumentsService },
  world: { agencies: { office: string } },
): Promise<number> {
  const officeId = world.agencies.office;
  const existing = await services.documents.publishedTitles(officeId);
  let published = 0;
  for (const seed of SEED_DOCUMENTS) {
    if (existing.has(seed.title)) continue;
    await services.documents.importPublished(undefined, systemActor, {
      agencyId: officeId,
      title: seed.title,
      docNumber: seed.docNumber,
      writtenOn: seed.writtenOn,
      topic: seed.topic,
      genre: seed.genre,
      legalCategory: seed.legalCategory,
      validity: seed.validity,
      effectiveFrom: seed.effectiveFrom,
      effectiveTo: seed.effectiveTo,
      body: seedBody(seed),
      portalSection: seed.portalSection,
      sourceNote: seed.sourceNote,
    });
    published += 1;
  }
  return published;
}

type DemoRole = 'drafter' | 'unithead' | 'secrecy' | 'leader' | 'officer';

interface DemoDraft {
  title: string;
  docNumber: string | null;
  /** Calendar days before today that the document was formed. */
  formedDaysAgo: number;
  genre: string;
  legalCategory: 'normative' | 'licensing' | 'fee' | 'other';
  body: string;
  mode: 'proactive' | 'on_request' | 'withheld';
  ground?: WithholdingGround;
  reason?: string;
  coIssuers?: 'health'[];
  /** How far the document gets: the reviewers who approve it, in chain order, then maybe publication. */
  approvedBy: DemoRole[];
  submit: boolean;
  publish?: boolean;
}

const addCalendarDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The education bureau's documents at every stage of the workflow, so that each demo role finds
 * work in My tasks and the console shows every state: a draft, one at each review step, one
 * waiting for publication, one co-issued with the health commission, one withheld (for the yearly
 * self-review) and one published through the whole chain. Idempotent by title.
 */
export async function seedDemoWorkflow(
  services: { documents: DocumentsService; clock: Clock },
  actorOf: (username: DemoRole) => Actor,
  world: { agencies: { education: string; health: string } },
): Promise<number> {
  const today = beijingDate(services.clock.now());
  const drafter = actorOf('drafter');
  const existing = new Set(
    (await services.documents.list(drafter, { agencyId: world.agencies.education })).map((d) => d.title),
  );
  const chain: DemoRole[] = ['unithead', 'secrecy', 'leader', 'officer'];
  const drafts: DemoDraft[] = [
    {
      title: '西吉县教育局关于做好2026年冬季学校安全工作的通知（征求意见中）',
      docNumber: null,
      formedDaysAgo: 1,
      genre: '通知',
      legalCategory: 'other',
      body: '<p>各中小学、幼儿园：</p><p>为做好冬季校园安全工作，现将有关事项通知如下。</p><h2>一、加强取暖设施检查</h2><p>各校要对锅炉、电暖设施逐一排查。</p>',
      mode: 'proactive',
      approvedBy: [],
      submit: false,
    },
    {
      title: '西吉县教育局关于2026年义务教育阶段学校招生入学工作的实施意见',
      docNumber: '西教发〔2026〕41号',
      formedDaysAgo: 6,
      genre: '意见',
      legalCategory: 'normative',
      body: '<p>为规范义务教育阶段招生入学工作，根据有关规定，提出如下实施意见。</p><h2>一、招生原则</h2><p>坚持免试就近入学。</p><h2>二、时间安排</h2><p>报名时间为每年7月1日至7月15日。</p>',
      mode: 'proactive',
      approvedBy: [],
      submit: true,
    },
    {
      title: '西吉县教育局关于公布2026年校外培训机构白名单的公告',
      docNumber: '西教发〔2026〕43号',
      formedDaysAgo: 9,
      genre: '公告',
      legalCategory: 'licensing',
      body: '<p>经审核，现将符合条件的校外培训机构名单予以公布，接受社会监督。</p>',
      mode: 'proactive',
      approvedBy: ['unithead'],
      submit: true,
    },
    {
      title: '西吉县教育局关于调整普通高中学费标准的通知',
      docNumber: '西教发〔2026〕44号',
      formedDaysAgo: 12,
      genre: '通知',
      legalCategory: 'fee',
      body: '<p>经县发展和改革局核定，普通高中学费标准调整如下。</p><p>咨询电话：0954-3021101。</p>',
      mode: 'proactive',
      approvedBy: ['unithead', 'secrecy', 'leader'],
      submit: true,
    },
    {
      title: '西吉县教育局 西吉县卫生健康局关于开展2026年中小学生健康体检工作的通知',
      docNumber: '西教发〔2026〕45号',
      formedDaysAgo: 4,
      genre: '通知',
      legalCategory: 'other',
      body: '<p>为掌握全县中小学生健康状况，教育局、卫生健康局联合开展学生健康体检。</p>',
      mode: 'proactive',
      coIssuers: ['health'],
      approvedBy: ['unithead'],
      submit: true,
    },
    {
      title: '西吉县教育局2026年教师职称评审委员会会议纪要',
      docNumber: null,
      formedDaysAgo: 30,
      genre: '纪要',
      legalCategory: 'other',
      body: '<p>评审委员会对申报人员逐一讨论并投票。</p>',
      mode: 'withheld',
      ground: 'art16_2_process',
      reason: '评审会议的讨论记录，属于过程性信息',
      approvedBy: chain,
      submit: true,
    },
    {
      title: '西吉县教育局关于2026年秋季学期学生资助政策的公告',
      docNumber: '西教发〔2026〕38号',
      formedDaysAgo: 20,
      genre: '公告',
      legalCategory: 'normative',
      body: '<p>为确保家庭经济困难学生顺利完成学业，现将我县学生资助政策公告如下。</p><h2>一、学前教育资助</h2><p>对家庭经济困难幼儿免除保育教育费。</p><h2>二、义务教育阶段资助</h2><p>对家庭经济困难寄宿生发放生活费补助。</p><p class="text-right">西吉县教育局</p>',
      mode: 'proactive',
      approvedBy: chain,
      submit: true,
      publish: true,
    },
  ];
  let created = 0;
  for (const spec of drafts) {
    if (existing.has(spec.title)) continue;
    const doc = await services.documents.createDraft(drafter, {
      agencyId: world.agencies.education,
      title: spec.title,
      docNumber: spec.docNumber,
      writtenOn: addCalendarDays(today, -spec.formedDaysAgo),
      topic: '科技、教育',
      genre: spec.genre,
      legalCategory: spec.legalCategory,
      portalSection: 'statutory',
      body: spec.body,
      disclosureMode: spec.mode,
      withholdingGround: spec.ground ?? null,
      modeReason: spec.reason ?? null,
      coIssuers: (spec.coIssuers ?? []).map((key) => world.agencies[key]),
    });
    created += 1;
    if (!spec.submit) continue;
    await services.documents.submit(drafter, doc.id);
    for (const who of spec.approvedBy)
      await services.documents.approve(actorOf(who), doc.id, { opinion: '同意' });
    if (spec.publish) await services.documents.publish(actorOf('officer'), doc.id, {});
  }
  return created;
}

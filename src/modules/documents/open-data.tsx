import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setCache } from '../../portal/cache.ts';
import { Layout, renderPage } from '../../portal/layout.tsx';
import {
  documentPath,
  FEED_PATHS,
  OPEN_DATA_DOCUMENTS_PATH,
  OPEN_DATA_PATH,
  SITEMAP_PATH,
  type Site,
} from '../../portal/site.ts';
import {
  LEGAL_CATEGORIES,
  LEGAL_CATEGORY_LABELS,
  PORTAL_SECTION_LABELS,
  PORTAL_SECTIONS,
  VALIDITIES,
  VALIDITY_LABELS,
} from './model.ts';
import type { PublicDocumentSummary } from './schemas.ts';
import { MAX_PAGE, type DocumentsService } from './service.ts';

/**
 * 开放数据: the metadata of every published document as JSON, paged, for anyone (CORS open for GET).
 * No bodies: the document's own page (its `url`) has the text.
 */

export const OPEN_DATA_LICENCE =
  '政府信息公开元数据，可自由获取、复制、传播和再利用，使用时请注明来源，不得歪曲原意。';

export const openDataQuerySchema = z.object({
  page: z.coerce
    .number({ message: '页码应为数字' })
    .int('页码应为整数')
    .min(1, '页码从 1 开始')
    .max(MAX_PAGE, `页码不能超过 ${MAX_PAGE}`)
    .default(1),
  pageSize: z.coerce
    .number({ message: '每页条数应为数字' })
    .int('每页条数应为整数')
    .min(1, '每页至少 1 条')
    .max(100, '每页最多 100 条')
    .default(20),
  agency: z.uuid({ message: '发布机构编号有误' }).optional().describe('发布机构编号（UUID）'),
  section: z
    .enum(PORTAL_SECTIONS, { message: '栏目有误：应为 guide、rules、statutory 或 annual_reports' })
    .optional()
    .describe('栏目'),
  category: z
    .enum(LEGAL_CATEGORIES, { message: '法定类别有误' })
    .optional()
    .describe('法定主动公开内容的类别'),
});

export const openDataItemSchema = z.object({
  id: z.string(),
  indexNumber: z.string().describe('索引号'),
  title: z.string().describe('标题'),
  docNumber: z.string().nullable().describe('文号'),
  publisher: z.string().describe('发布机构'),
  publisherId: z.string().describe('发布机构编号'),
  writtenOn: z.string().describe('成文日期 YYYY-MM-DD'),
  publishedOn: z.string().describe('发布日期 YYYY-MM-DD（北京时间）'),
  publishedAt: z.string().describe('发布时间 ISO 8601 UTC'),
  topic: z.string().describe('主题分类'),
  genre: z.string().describe('体裁'),
  validity: z.enum(VALIDITIES).describe('有效性代码'),
  validityLabel: z.string().describe('有效性'),
  effectiveFrom: z.string().nullable().describe('施行日期'),
  effectiveTo: z.string().nullable().describe('失效日期'),
  section: z.enum(PORTAL_SECTIONS).describe('栏目代码'),
  sectionLabel: z.string().describe('栏目'),
  legalCategory: z.enum(LEGAL_CATEGORIES).describe('法定类别代码'),
  legalCategoryLabel: z.string().describe('法定类别'),
  url: z.string().describe('正文网址'),
});
export type OpenDataItem = z.infer<typeof openDataItemSchema>;

export const openDataPageSchema = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  next: z.string().nullable().describe('下一页的网址'),
  licence: z.string(),
  items: z.array(openDataItemSchema),
});

export function openDataItem(d: PublicDocumentSummary, base: string): OpenDataItem {
  return {
    id: d.id,
    indexNumber: d.indexNumber,
    title: d.title,
    docNumber: d.docNumber,
    publisher: d.agencyName,
    publisherId: d.agencyId,
    writtenOn: d.writtenOn,
    publishedOn: d.publishedOn,
    publishedAt: d.publishedAt,
    topic: d.topic,
    genre: d.genre,
    validity: d.validity,
    validityLabel: VALIDITY_LABELS[d.validity],
    effectiveFrom: d.effectiveFrom,
    effectiveTo: d.effectiveTo,
    section: d.portalSection,
    sectionLabel: PORTAL_SECTION_LABELS[d.portalSection],
    legalCategory: d.legalCategory,
    legalCategoryLabel: LEGAL_CATEGORY_LABELS[d.legalCategory],
    url: `${base}${documentPath(d.id)}`,
  };
}

export interface OpenDataDeps {
  documents: Pick<DocumentsService, 'listPublic'>;
  publicBaseUrl: string;
}

const FIELDS: [string, string][] = [
  ['indexNumber', '索引号：统一社会信用代码/年份-顺序号'],
  ['title', '标题'],
  ['docNumber', '文号，无文号时为 null'],
  ['publisher / publisherId', '发布机构名称和编号'],
  ['writtenOn', '成文日期（YYYY-MM-DD）'],
  ['publishedOn / publishedAt', '发布日期（北京时间）和发布时间（ISO 8601，UTC）'],
  ['topic', '主题分类'],
  ['genre', '体裁'],
  ['validity / validityLabel', '有效性：in_force 有效、expired 失效、repealed 废止'],
  ['effectiveFrom / effectiveTo', '施行日期和失效日期，未规定时为 null'],
  [
    'section / sectionLabel',
    '栏目：guide 信息公开指南、rules 信息公开制度、statutory 法定主动公开内容、annual_reports 信息公开年报',
  ],
  [
    'legalCategory / legalCategoryLabel',
    '法定类别：规章、行政规范性文件、行政许可、行政处罚、行政强制、行政事业性收费、其他',
  ],
  ['url', '正文页面的网址'],
];

const PARAMS: [string, string][] = [
  ['page', '页码，从 1 开始（默认 1）'],
  ['pageSize', '每页条数，1—100（默认 20）'],
  ['agency', '发布机构编号，见各机构专栏网址'],
  ['section', '栏目代码：guide、rules、statutory、annual_reports'],
  ['category', `法定类别代码：${LEGAL_CATEGORIES.join('、')}`],
];

/** 开放数据: what the API returns, its parameters, the licence, and the feeds and sitemap. */
/** A two-column table of names (parameters, fields) and what they mean. */
function NameTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: [string, string];
  rows: [string, string][];
}) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OpenDataPage({ site, base }: { site: Site; base: string }) {
  const title = '开放数据';
  return (
    <Layout site={site} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p className="lead">
        本专栏已发布的政府信息的元数据（不含正文）以 JSON 格式开放，供公众和其他系统免费获取，无需注册。
      </p>
      <section aria-labelledby="od-api">
        <h2 id="od-api">接口地址</h2>
        <p>
          <code className="break">
            GET {base}
            {OPEN_DATA_DOCUMENTS_PATH}
          </code>
        </p>
        <p>
          按发布时间由新到旧分页返回；响应包含 <code>total</code>（总条数）、<code>page</code>、
          <code>pageSize</code>、<code>pageCount</code>、<code>next</code>（下一页网址）和 <code>items</code>
          。允许跨域访问（CORS）。参数有误时返回 400 和中文说明。接口说明也收录在
          <a href="/api/docs">接口文档</a>中。
        </p>
        <NameTable caption="查询参数" head={['参数', '说明']} rows={PARAMS} />
        <p>
          示例：
          <a href={`${OPEN_DATA_DOCUMENTS_PATH}?section=rules&pageSize=10`}>信息公开制度栏目的前 10 条</a>
        </p>
      </section>
      <section aria-labelledby="od-fields">
        <h2 id="od-fields">字段说明</h2>
        <NameTable caption="items 中每条记录的字段" head={['字段', '含义']} rows={FIELDS} />
      </section>
      <section aria-labelledby="od-licence">
        <h2 id="od-licence">使用许可</h2>
        <p>
          {OPEN_DATA_LICENCE}来源标注为“{site.regionName}政府信息公开专栏”。正文以各文件页面发布的内容为准。
        </p>
      </section>
      <section aria-labelledby="od-feeds">
        <h2 id="od-feeds">订阅和网站地图</h2>
        <ul className="link-list">
          <li>
            <a href={FEED_PATHS.atom}>最新公开（Atom）</a>、<a href={FEED_PATHS.rss}>最新公开（RSS）</a>
            ：可加参数 <code>agency</code>（机构）和 <code>section</code>
            （栏目），各栏目和机构专栏页面均提供订阅链接。
          </li>
          <li>
            <a href={SITEMAP_PATH}>网站地图（XML）</a>：首页、各栏目、各机构专栏和全部已发布文件的网址。
          </li>
        </ul>
      </section>
    </Layout>
  );
}

/** The 开放数据 page (inside the portal, with its HTML error pages). */
export function registerOpenDataPage(
  app: FastifyInstance,
  deps: { site: () => Promise<Site>; publicBaseUrl: string },
): void {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  app.get(OPEN_DATA_PATH, { schema: { hide: true } }, async (_req, reply) => {
    const site = await deps.site();
    setCache(reply, 'page');
    return reply.type('text/html; charset=utf-8').send(renderPage(<OpenDataPage site={site} base={base} />));
  });
}

/** The JSON API (outside the portal: its errors are the API's uniform JSON). */
export async function registerOpenData(app: FastifyInstance, deps: OpenDataDeps): Promise<void> {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');

  // Its own scope: CORS headers on every answer of the API, errors included.
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (_req, reply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    });
    scope.withTypeProvider<ZodTypeProvider>().get(
      OPEN_DATA_DOCUMENTS_PATH,
      {
        schema: {
          tags: ['开放数据'],
          summary: '已发布政府信息的元数据',
          description: `按发布时间由新到旧分页；不含正文。${OPEN_DATA_LICENCE}`,
          querystring: openDataQuerySchema,
          response: { 200: openDataPageSchema },
        },
      },
      async (req, reply) => {
        const { page, pageSize, agency, section, category } = req.query;
        const list = await deps.documents.listPublic({
          page,
          pageSize,
          ...(agency ? { agencyId: agency } : {}),
          ...(section ? { section } : {}),
          ...(category ? { legalCategory: category } : {}),
        });
        const nextQuery = new URLSearchParams();
        nextQuery.set('page', String(list.page + 1));
        if (pageSize !== 20) nextQuery.set('pageSize', String(pageSize));
        if (agency) nextQuery.set('agency', agency);
        if (section) nextQuery.set('section', section);
        if (category) nextQuery.set('category', category);
        setCache(reply, 'page');
        return {
          total: list.total,
          page: list.page,
          pageSize: list.pageSize,
          pageCount: list.pageCount,
          next:
            list.page < list.pageCount && list.page < MAX_PAGE
              ? `${base}${OPEN_DATA_DOCUMENTS_PATH}?${nextQuery.toString()}`
              : null,
          licence: OPEN_DATA_LICENCE,
          items: list.items.map((d) => openDataItem(d, base)),
        };
      },
    );
  });
}

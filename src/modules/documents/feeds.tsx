import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { setCache } from '../../portal/cache.ts';
import {
  AGENCIES_PATH,
  agencyGuidePath,
  agencyPath,
  catalogPath,
  documentPath,
  feedPath,
  ON_REQUEST_PATH,
  OPEN_DATA_PATH,
  SECTION_PATHS,
  SITEMAP_PATH,
  type Site,
} from '../../portal/site.ts';
import { XML_DECLARATION, xmlText } from '../../portal/xml.ts';
import { beijingDate, PORTAL_SECTION_LABELS, PORTAL_SECTIONS, type PortalSection } from './model.ts';
import { sectionHref } from './portal.tsx';
import type { PublicDocumentIndex } from './public-index.ts';
import type { PublicDocumentSummary } from './schemas.ts';
import type { DocumentsService } from './service.ts';

/** Feeds (Atom 1.0, RSS 2.0) per agency and column, and the sitemap, with absolute addresses. */

export const FEED_SIZE = 30;
/** The sitemap protocol's limit of addresses per file (sitemaps.org). */
export const SITEMAP_MAX_URLS = 50_000;

export interface FeedsDeps {
  documents: Pick<DocumentsService, 'listPublic'>;
  index: PublicDocumentIndex;
  site: () => Promise<Site>;
  clock: Clock;
  /** config.http.publicBaseUrl: every address in a feed or sitemap is absolute. */
  publicBaseUrl: string;
  /** Addresses per sitemap file (tests use a small number). */
  sitemapMaxUrls?: number;
}

export interface FeedScope {
  site: Site;
  agency?: { id: string; name: string } | undefined;
  section?: PortalSection | undefined;
}

/** "西吉县教育局 · 信息公开制度", "西吉县人民政府 最新公开"… */
export function feedTitle({ site, agency, section }: FeedScope): string {
  const who = agency?.name ?? site.regionName;
  return section ? `${who} · ${PORTAL_SECTION_LABELS[section]}` : `${who} · 最新公开`;
}

/** The HTML page that lists what the feed carries. */
export function feedPagePath({ site, agency, section }: FeedScope): string {
  if (section === 'guide') {
    return agency ? agencyGuidePath(agency.id, agency.id === site.agencies[0]?.id) : SECTION_PATHS.guide;
  }
  if (section) return sectionHref(section, { agencyId: agency?.id });
  return agency ? agencyPath(agency.id) : '/';
}

/** One line of metadata for a feed entry (feeds carry no bodies). */
export function entrySummary(d: PublicDocumentSummary): string {
  return [
    `索引号：${d.indexNumber}`,
    `发布机构：${d.agencyName}`,
    d.docNumber ? `文号：${d.docNumber}` : null,
    `成文日期：${d.writtenOn}`,
    `发布日期：${d.publishedOn}`,
  ]
    .filter((x) => x !== null)
    .join('；');
}

export function atomFeed(scope: FeedScope, items: PublicDocumentSummary[], base: string, now: Date): string {
  const self = `${base}${feedPath('atom', { agencyId: scope.agency?.id, section: scope.section })}`;
  const updated = items[0]?.publishedAt ?? now.toISOString();
  const entries = items.map(
    (d) =>
      `<entry><id>urn:uuid:${d.id}</id><title type="text">${xmlText(d.title)}</title>` +
      `<link rel="alternate" type="text/html" href="${xmlText(`${base}${documentPath(d.id)}`)}"/>` +
      `<published>${d.publishedAt}</published><updated>${d.publishedAt}</updated>` +
      `<author><name>${xmlText(d.agencyName)}</name></author>` +
      `<category term="${d.portalSection}" label="${xmlText(PORTAL_SECTION_LABELS[d.portalSection])}"/>` +
      `<summary type="text">${xmlText(entrySummary(d))}</summary></entry>`,
  );
  return (
    XML_DECLARATION +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">` +
    `<id>${xmlText(self)}</id><title type="text">${xmlText(feedTitle(scope))}</title>` +
    `<subtitle type="text">${xmlText(`${scope.site.regionName}政府信息公开专栏`)}</subtitle>` +
    `<updated>${updated}</updated>` +
    `<link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>` +
    `<link rel="alternate" type="text/html" href="${xmlText(`${base}${feedPagePath(scope)}`)}"/>` +
    `<author><name>${xmlText(scope.site.regionName)}</name></author>` +
    `<generator>Gongkai</generator>` +
    entries.join('') +
    `</feed>\n`
  );
}

export function rssFeed(scope: FeedScope, items: PublicDocumentSummary[], base: string, now: Date): string {
  const self = `${base}${feedPath('rss', { agencyId: scope.agency?.id, section: scope.section })}`;
  const built = new Date(items[0]?.publishedAt ?? now.toISOString()).toUTCString();
  const entries = items.map((d) => {
    const url = xmlText(`${base}${documentPath(d.id)}`);
    return (
      `<item><title>${xmlText(d.title)}</title><link>${url}</link>` +
      `<guid isPermaLink="true">${url}</guid><pubDate>${new Date(d.publishedAt).toUTCString()}</pubDate>` +
      `<category>${xmlText(PORTAL_SECTION_LABELS[d.portalSection])}</category>` +
      `<description>${xmlText(entrySummary(d))}</description></item>`
    );
  });
  return (
    XML_DECLARATION +
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>` +
    `<title>${xmlText(feedTitle(scope))}</title>` +
    `<link>${xmlText(`${base}${feedPagePath(scope)}`)}</link>` +
    `<description>${xmlText(`${scope.site.regionName}政府信息公开专栏发布的政府信息`)}</description>` +
    `<language>zh-cn</language><lastBuildDate>${built}</lastBuildDate>` +
    `<atom:link href="${xmlText(self)}" rel="self" type="application/rss+xml"/>` +
    entries.join('') +
    `</channel></rss>\n`
  );
}

/** The pages of the site that are not documents: home, columns, agencies' 专栏 and guides. */
export function sitePagePaths(site: Site): string[] {
  const rootId = site.agencies[0]?.id;
  return [
    '/',
    ...PORTAL_SECTIONS.map((s) => SECTION_PATHS[s]),
    ON_REQUEST_PATH,
    catalogPath(),
    AGENCIES_PATH,
    OPEN_DATA_PATH,
    ...site.agencies.flatMap((a) => [
      agencyPath(a.id),
      ...(a.id === rootId ? [] : [agencyGuidePath(a.id, false)]),
    ]),
  ];
}

/** One sitemap file, or an index of files once the addresses exceed the protocol's limit. */
export type SitemapPlan = { kind: 'single' } | { kind: 'index'; documentFiles: number };

export function sitemapPlan(pageCount: number, documentCount: number, maxUrls: number): SitemapPlan {
  if (pageCount + documentCount <= maxUrls) return { kind: 'single' };
  return { kind: 'index', documentFiles: Math.max(1, Math.ceil(documentCount / maxUrls)) };
}

export const sitemapFilePath = (name: 'pages' | number): string =>
  name === 'pages' ? '/sitemaps/pages.xml' : `/sitemaps/documents-${name}.xml`;

const URLSET_OPEN = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">';
const urlEntry = (loc: string, lastmod?: string): string =>
  `<url><loc>${xmlText(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>\n`;

const feedQuery = z.object({
  agency: z.uuid({ message: '机构编号有误' }).optional(),
  section: z
    .enum(PORTAL_SECTIONS, { message: '栏目有误：应为 guide、rules、statutory 或 annual_reports' })
    .optional(),
});

function plainError(reply: FastifyReply, status: number, message: string): FastifyReply {
  setCache(reply, 'none');
  return reply.status(status).type('text/plain; charset=utf-8').send(message);
}

export function registerDocumentFeeds(app: FastifyInstance, deps: FeedsDeps): void {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const maxUrls = deps.sitemapMaxUrls ?? SITEMAP_MAX_URLS;

  for (const format of ['atom', 'rss'] as const) {
    app.get(feedPath(format), { schema: { hide: true } }, async (req, reply) => {
      const parsed = feedQuery.safeParse(req.query);
      if (!parsed.success) {
        return plainError(reply, 400, parsed.error.issues[0]?.message ?? '订阅地址的参数有误');
      }
      const { agency: agencyId, section } = parsed.data;
      const site = await deps.site();
      const agency = agencyId ? site.agencies.find((a) => a.id === agencyId) : undefined;
      if (agencyId && !agency) return plainError(reply, 404, '未找到该机构，请检查订阅地址');
      const list = await deps.documents.listPublic({
        pageSize: FEED_SIZE,
        ...(agencyId ? { agencyId } : {}),
        ...(section ? { section } : {}),
      });
      const scope: FeedScope = { site, agency, section };
      const now = deps.clock.now();
      setCache(reply, 'page');
      reply.header('access-control-allow-origin', '*');
      return format === 'atom'
        ? reply.type('application/atom+xml; charset=utf-8').send(atomFeed(scope, list.items, base, now))
        : reply.type('application/rss+xml; charset=utf-8').send(rssFeed(scope, list.items, base, now));
    });
  }

  /** A urlset streamed from the index in chunks: a file of 50 000 addresses is never built in one piece. */
  function documentUrlset(pages: string[], range: { offset: number; limit: number } | null): Readable {
    const index = deps.index;
    async function* lines(): AsyncGenerator<string> {
      yield XML_DECLARATION + URLSET_OPEN + '\n';
      for (const p of pages) yield urlEntry(`${base}${p}`);
      if (range) {
        for await (const chunk of index.stubs(range)) {
          yield chunk
            .map((d) => urlEntry(`${base}${documentPath(d.id)}`, beijingDate(d.publishedAt)))
            .join('');
        }
      }
      yield '</urlset>\n';
    }
    return Readable.from(lines());
  }

  const xml = (reply: FastifyReply): FastifyReply => {
    setCache(reply, 'page');
    return reply.type('application/xml; charset=utf-8');
  };

  app.get(SITEMAP_PATH, { schema: { hide: true } }, async (_req, reply) => {
    const [site, count] = await Promise.all([deps.site(), deps.index.count()]);
    const pages = sitePagePaths(site);
    const plan = sitemapPlan(pages.length, count, maxUrls);
    if (plan.kind === 'single') {
      return xml(reply).send(documentUrlset(pages, { offset: 0, limit: count }));
    }
    const files = [
      sitemapFilePath('pages'),
      ...Array.from({ length: plan.documentFiles }, (_, i) => sitemapFilePath(i + 1)),
    ];
    return xml(reply).send(
      XML_DECLARATION +
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        files.map((f) => `<sitemap><loc>${xmlText(`${base}${f}`)}</loc></sitemap>\n`).join('') +
        '</sitemapindex>\n',
    );
  });

  app.get('/sitemaps/:file', { schema: { hide: true } }, async (req, reply) => {
    const file = z.object({ file: z.string() }).catch({ file: '' }).parse(req.params).file;
    if (file === 'pages.xml') return xml(reply).send(documentUrlset(sitePagePaths(await deps.site()), null));
    const n = /^documents-([1-9]\d{0,5})\.xml$/.exec(file)?.[1];
    const count = await deps.index.count();
    const files = Math.max(1, Math.ceil(count / maxUrls));
    if (!n || Number(n) > files) return plainError(reply, 404, '没有这个网站地图文件');
    return xml(reply).send(documentUrlset([], { offset: (Number(n) - 1) * maxUrls, limit: maxUrls }));
  });
}

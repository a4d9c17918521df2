import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { PORTAL_SECTION_LABELS, type PortalSection } from '../modules/documents/model.ts';
import { DocumentList, sectionHref } from '../modules/documents/portal.tsx';
import type { DocumentPage } from '../modules/documents/schemas.ts';
import { MAX_PAGE, type DocumentsService } from '../modules/documents/service.ts';
import { GuideArticle, GuideContact } from '../modules/guides/portal.tsx';
import type { GuidesService, PublicGuide } from '../modules/guides/service.ts';
import { AGENCY_KIND_LABELS, type AgencyKind } from '../modules/orgs/model.ts';
import { setCache } from './cache.ts';
import { Pagination, Placeholder } from './components.tsx';
import { Layout, renderPage, type FeedLink } from './layout.tsx';
import type { PageCache, RenderedPage } from './page-cache.ts';
import {
  AGENCIES_PATH,
  agencyGuidePath,
  agencyPath,
  catalogPath,
  feedPath,
  ON_REQUEST_PATH,
  SECTION_PATHS,
  type Site,
} from './site.ts';

const HTML = 'text/html; charset=utf-8';
const LATEST_PER_COLUMN = 5;
/** The columns of documents on an agency's 专栏 home (the guide has its own box). */
const AGENCY_COLUMNS: readonly PortalSection[] = ['rules', 'statutory', 'annual_reports'];

const agencyFeeds = (name: string, agencyId: string): FeedLink[] => [
  { title: `${name}最新公开（Atom）`, href: feedPath('atom', { agencyId }), type: 'application/atom+xml' },
  { title: `${name}最新公开（RSS）`, href: feedPath('rss', { agencyId }), type: 'application/rss+xml' },
];

/** The groups of the 专栏 index, in the order a visitor looks for them. */
const KIND_GROUPS: { label: string; kinds: readonly AgencyKind[] }[] = [
  { label: '人民政府及办公室', kinds: ['government', 'office'] },
  { label: '政府部门', kinds: ['department'] },
  { label: '乡镇（街道）', kinds: ['township'] },
  { label: AGENCY_KIND_LABELS.dispatched, kinds: ['dispatched'] },
  { label: AGENCY_KIND_LABELS.authorised, kinds: ['authorised'] },
  { label: AGENCY_KIND_LABELS.enterprise, kinds: ['enterprise'] },
];

/** 部门和乡镇专栏: every active agency's own 专栏, grouped by kind. */
export function AgenciesIndexPage({ site }: { site: Site }) {
  const title = '部门和乡镇专栏';
  const groups = KIND_GROUPS.map((g) => ({
    ...g,
    agencies: site.agencies.filter((a) => a.kind !== undefined && g.kinds.includes(a.kind)),
  })).filter((g) => g.agencies.length > 0);
  return (
    <Layout site={site} title={title} crumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p className="lead">
        {site.regionName}
        所属各部门、各乡镇（街道）分别设有政府信息公开专栏，发布本机关的政府信息公开指南、制度、法定主动公开内容和年度报告。
      </p>
      {groups.length === 0 ? (
        <Placeholder title="暂无机构专栏">
          <p>本区域机构设置完成后，各机关的专栏将在此列出。</p>
        </Placeholder>
      ) : (
        groups.map((g, i) => (
          <section key={g.label} aria-labelledby={`group-${i}`}>
            <h2 id={`group-${i}`}>{g.label}</h2>
            <ul className="agency-list">
              {g.agencies.map((a) => (
                <li key={a.id}>
                  <a href={agencyPath(a.id)}>{a.name}</a>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </Layout>
  );
}

export interface AgencyHomeProps {
  site: Site;
  guide: PublicGuide;
  columns: { section: PortalSection; list: DocumentPage }[];
}

/** One agency's 专栏: its guide, the newest items of each column, its catalog, its feeds. */
export function AgencyHomePage({ site, guide, columns }: AgencyHomeProps) {
  const { agencyId, agencyName } = guide;
  return (
    <Layout
      site={site}
      title={`${agencyName}政府信息公开`}
      crumbs={[{ label: '部门和乡镇专栏', href: AGENCIES_PATH }, { label: agencyName }]}
      feeds={agencyFeeds(agencyName, agencyId)}
    >
      <h1>{agencyName}政府信息公开专栏</h1>
      <section aria-labelledby="col-guide" className="agency-column">
        <h2 id="col-guide">{PORTAL_SECTION_LABELS.guide}</h2>
        <GuideContact content={guide.content} brief />
        <p>
          <a href={agencyGuidePath(agencyId, guide.isRegion)}>查看{agencyName}政府信息公开指南</a>
        </p>
      </section>
      {columns.map(({ section, list }) => (
        <section key={section} aria-labelledby={`col-${section}`} className="agency-column">
          <h2 id={`col-${section}`} className="list-title">
            {PORTAL_SECTION_LABELS[section]}
            <span className="count">共 {list.total} 件</span>
          </h2>
          {list.items.length > 0 ? (
            <>
              <DocumentList items={list.items} />
              <p>
                <a href={sectionHref(section, { agencyId })}>
                  查看全部{PORTAL_SECTION_LABELS[section]}（{list.total} 件）
                </a>
              </p>
            </>
          ) : (
            <p className="empty">
              {section === 'annual_reports'
                ? '尚未发布年度报告。政府信息公开工作年度报告将在法定期限前在此发布。'
                : '本栏目暂无公开文件。'}
            </p>
          )}
        </section>
      ))}
      <section aria-labelledby="col-more">
        <h2 id="col-more">更多</h2>
        <ul className="link-list">
          <li>
            <a href={catalogPath(agencyId)}>{agencyName}政府信息公开目录</a>
          </li>
          <li>
            <a href={ON_REQUEST_PATH}>申请公开政府信息（依申请公开）</a>
          </li>
          <li>
            订阅{agencyName}最新公开：<a href={feedPath('atom', { agencyId })}>Atom</a> ·{' '}
            <a href={feedPath('rss', { agencyId })}>RSS</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}

/** The guide of the region (the 专栏's 信息公开指南 column) or of one agency. */
export function GuidePage({
  site,
  guide,
  documents,
}: {
  site: Site;
  guide: PublicGuide;
  /** The region's guide column may also hold published documents (e.g. a printed guide). */
  documents?: DocumentPage | undefined;
}) {
  const label = PORTAL_SECTION_LABELS.guide;
  const crumbs = guide.isRegion
    ? [{ label, href: SECTION_PATHS.guide }]
    : [
        { label: '部门和乡镇专栏', href: AGENCIES_PATH },
        { label: guide.agencyName, href: agencyPath(guide.agencyId) },
        { label },
      ];
  return (
    <Layout
      site={site}
      title={guide.isRegion ? label : `${guide.agencyName}${label}`}
      current={guide.isRegion ? 'guide' : undefined}
      crumbs={crumbs}
      feeds={guide.isRegion ? undefined : agencyFeeds(guide.agencyName, guide.agencyId)}
    >
      <h1>{guide.isRegion ? label : `${guide.agencyName}政府信息公开指南`}</h1>
      {guide.isRegion ? (
        <p className="lead">
          {guide.agencyName}政府信息公开指南。各部门、各乡镇的指南见
          <a href={AGENCIES_PATH}>部门和乡镇专栏</a>。
        </p>
      ) : null}
      <GuideArticle guide={guide} />
      {documents && documents.total > 0 ? (
        <section aria-labelledby="guide-docs">
          <h2 id="guide-docs" className="list-title">
            相关文件<span className="count">共 {documents.total} 件</span>
          </h2>
          <DocumentList items={documents.items} />
          <Pagination
            page={documents.page}
            pageCount={documents.pageCount}
            href={(p) => (p > 1 ? `${SECTION_PATHS.guide}?page=${p}` : SECTION_PATHS.guide)}
          />
        </section>
      ) : null}
    </Layout>
  );
}

export interface DisclosurePortalDeps {
  documents: Pick<DocumentsService, 'listPublic'>;
  guides: Pick<GuidesService, 'publicGuide'>;
  site: () => Promise<Site>;
  /** The portal's rendered-page cache (the guide pages and the 专栏 homes are kept there). */
  pages: Pick<PageCache, 'serve'>;
  notFound: (site: Site) => string;
}

const agencyParams = z.object({ agencyId: z.string() });
const pageQuery = z
  .object({ page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1) })
  .catch({ page: 1 });

/** The 专栏 pages that are not lists of one column: the agencies' index and homes, the guides. */
export function registerDisclosurePortal(app: FastifyInstance, deps: DisclosurePortalDeps): void {
  const notFound = async (reply: FastifyReply, site: Site) => {
    setCache(reply, 'none');
    return reply.status(404).type(HTML).send(deps.notFound(site));
  };
  const notFoundPage = (site: Site): RenderedPage => ({
    status: 404,
    policy: 'none',
    html: deps.notFound(site),
  });

  app.get(AGENCIES_PATH, { schema: { hide: true } }, async (req, reply) =>
    deps.pages.serve(req, reply, 'agencies', async () => ({
      status: 200,
      policy: 'page',
      html: renderPage(<AgenciesIndexPage site={await deps.site()} />),
    })),
  );

  app.get(
    `${AGENCIES_PATH}/:agencyId`,
    { schema: { hide: true, params: agencyParams } },
    async (req, reply) => {
      const { agencyId } = agencyParams.parse(req.params);
      return deps.pages.serve(req, reply, `agency:${agencyId}`, async () => {
        const [site, guide] = await Promise.all([deps.site(), deps.guides.publicGuide(agencyId)]);
        if (!guide) return notFoundPage(site);
        const columns = await Promise.all(
          AGENCY_COLUMNS.map(async (section) => ({
            section,
            list: await deps.documents.listPublic({ section, agencyId, pageSize: LATEST_PER_COLUMN }),
          })),
        );
        return {
          status: 200,
          policy: 'page',
          html: renderPage(<AgencyHomePage site={site} guide={guide} columns={columns} />),
        };
      });
    },
  );

  app.get(
    `${AGENCIES_PATH}/:agencyId/guide`,
    { schema: { hide: true, params: agencyParams } },
    async (req, reply) => {
      const { agencyId } = agencyParams.parse(req.params);
      const [site, guide] = await Promise.all([deps.site(), deps.guides.publicGuide(agencyId)]);
      if (!guide) return notFound(reply, site);
      // The region's guide has one address: the 专栏's own column.
      if (guide.isRegion) return reply.redirect(SECTION_PATHS.guide, 301);
      setCache(reply, 'page');
      return reply.type(HTML).send(renderPage(<GuidePage site={site} guide={guide} />));
    },
  );

  app.get(SECTION_PATHS.guide, { schema: { hide: true, querystring: pageQuery } }, async (req, reply) => {
    const { page } = pageQuery.parse(req.query);
    return deps.pages.serve(req, reply, `guide-column:${page}`, async () => {
      const site = await deps.site();
      const rootId = site.agencies[0]?.id;
      const [guide, documents] = await Promise.all([
        rootId ? deps.guides.publicGuide(rootId) : Promise.resolve(null),
        deps.documents.listPublic({ section: 'guide', page }),
      ]);
      // Before the region is set up there is no agency to write a guide for.
      const html = guide
        ? renderPage(<GuidePage site={site} guide={guide} documents={documents} />)
        : renderPage(<UnsetGuidePage site={site} />);
      return { status: 200, policy: 'page', html };
    });
  });
}

function UnsetGuidePage({ site }: { site: Site }) {
  const label = PORTAL_SECTION_LABELS.guide;
  return (
    <Layout site={site} title={label} current="guide" crumbs={[{ label, href: SECTION_PATHS.guide }]}>
      <h1>{label}</h1>
      <Placeholder title="本栏目暂无内容">
        <p>政府信息公开指南将在本区域机构设置完成后在此发布，并随机构、联系方式的变化及时更新。</p>
      </Placeholder>
    </Layout>
  );
}

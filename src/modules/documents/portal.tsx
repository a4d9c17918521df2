import type { FastifyInstance } from 'fastify';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { setCache } from '../../portal/cache.ts';
import { Pagination, Placeholder } from '../../portal/components.tsx';
import { Layout, PrintLayout, renderPage, type FeedLink } from '../../portal/layout.tsx';
import type { PageCache } from '../../portal/page-cache.ts';
import {
  agencyPath,
  documentPath,
  documentPrintPath,
  feedPath,
  SECTION_PATHS,
  type Site,
} from '../../portal/site.ts';
import { contentDisposition } from '../../core/files/model.ts';
import {
  beijingDate,
  DISCLOSURE_MODE_LABELS,
  LEGAL_CATEGORIES,
  LEGAL_CATEGORY_LABELS,
  parseBody,
  PORTAL_SECTION_LABELS,
  PORTAL_SECTIONS,
  VALIDITY_LABELS,
  type BodyFormat,
  type LegalCategory,
  type PortalSection,
} from './model.ts';
import type { DocumentPage, PublicDocument, PublicDocumentSummary, WithdrawnDocument } from './schemas.ts';
import { MAX_PAGE, type DocumentsService } from './service.ts';

/** A list of documents: title, publisher, 文号, publication date, and validity when not in force. */
export function DocumentList({ items }: { items: PublicDocumentSummary[] }) {
  return (
    <ul className="doc-list">
      {items.map((d) => (
        <li key={d.id}>
          <a className="doc-title" href={documentPath(d.id)}>
            {d.title}
          </a>
          <p className="doc-meta">
            <span>{d.agencyName}</span>
            {d.docNumber ? <span>{d.docNumber}</span> : null}
            <span>
              发布日期 <time dateTime={d.publishedOn}>{d.publishedOn}</time>
            </span>
            {d.validity !== 'in_force' ? <span className="badge">{VALIDITY_LABELS[d.validity]}</span> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** What each column is for, shown above its list; and what will be there while it is empty. */
function SectionIntro({ section, site }: { section: PortalSection; site: Site }) {
  switch (section) {
    case 'guide':
      return (
        <div className="intro">
          <p>
            政府信息公开指南说明本机关政府信息的分类、编排体系和获取方式，以及政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码和互联网联系方式（《中华人民共和国政府信息公开条例》第十二条）。
          </p>
          {site.office ? (
            <dl className="contact">
              <dt>政府信息公开工作机构</dt>
              <dd>{site.office.name}</dd>
              {site.office.address ? (
                <>
                  <dt>办公地址</dt>
                  <dd>{site.office.address}</dd>
                </>
              ) : null}
              {site.office.phone ? (
                <>
                  <dt>联系电话</dt>
                  <dd>{site.office.phone}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </div>
      );
    case 'rules':
      return (
        <p className="intro">
          本栏目发布政府信息公开工作制度，包括主动公开、依申请公开、保密审查、政策解读、舆情回应、考核与责任追究等制度，以及供各单位参考的外地政务公开制度。
        </p>
      );
    case 'statutory':
      return (
        <p className="intro">
          本栏目发布《中华人民共和国政府信息公开条例》第二十条、第二十一条规定应当主动公开的政府信息：规范性文件，机构职能，规划计划，统计信息，行政许可和其他对外管理服务事项，行政处罚和行政强制，财政预决算，行政事业性收费，政府集中采购，重大建设项目，扶贫、教育、医疗、社会保障、促进就业等民生政策，突发公共事件应急预案，监督检查情况，公务员招考等。
        </p>
      );
    case 'annual_reports':
      return (
        <p className="intro">
          本栏目发布政府信息公开工作年度报告。县级以上人民政府部门于每年1月31日前、县级以上地方人民政府于每年3月31日前公布上一年度的年度报告（《条例》第四十九条）。
        </p>
      );
  }
}

function EmptySection({ section }: { section: PortalSection }) {
  const text: Record<PortalSection, ReactNode> = {
    guide: <p>各机关的政府信息公开指南将在编制完成后在此发布，并随机构、联系方式的变化及时更新。</p>,
    rules: <p>政府信息公开工作制度印发后将在此发布。</p>,
    statutory: (
      <p>
        各机关形成的主动公开政府信息，经审核和保密审查后，将自形成之日起20个工作日内在此公开（《条例》第二十六条）。
      </p>
    ),
    annual_reports: (
      <p>
        尚未发布年度报告。年度报告将依据全年的主动公开、依申请公开办理和行政复议、行政诉讼记录生成，经审核后在此发布。
      </p>
    ),
  };
  return <Placeholder title="本栏目暂无内容">{text[section]}</Placeholder>;
}

export interface SectionPageProps {
  site: Site;
  section: PortalSection;
  list: DocumentPage;
  agencyId?: string | undefined;
  /** 法定主动公开内容 only: the legal category shown (规章, 行政规范性文件, 行政许可 …). */
  category?: LegalCategory | undefined;
}

/** The Atom and RSS feeds of a column (of one agency, when filtered), for the page head and its link. */
export function columnFeeds(
  section: PortalSection,
  agencyName: string | undefined,
  agencyId?: string,
): FeedLink[] {
  const title = `${agencyName ?? ''}${PORTAL_SECTION_LABELS[section]}`;
  return [
    {
      title: `${title}（Atom）`,
      href: feedPath('atom', { agencyId, section }),
      type: 'application/atom+xml',
    },
    { title: `${title}（RSS）`, href: feedPath('rss', { agencyId, section }), type: 'application/rss+xml' },
  ];
}

/** The address of a column page with its filters; page 1 and "all" are left out. */
export function sectionHref(
  section: PortalSection,
  filter: { agencyId?: string | undefined; category?: LegalCategory | undefined; page?: number },
): string {
  const q = new URLSearchParams();
  if (filter.agencyId) q.set('agency', filter.agencyId);
  if (filter.category) q.set('category', filter.category);
  if (filter.page && filter.page > 1) q.set('page', String(filter.page));
  const s = q.toString();
  return s ? `${SECTION_PATHS[section]}?${s}` : SECTION_PATHS[section];
}

/** 法定主动公开内容 by legal category: plain links (GET), the current one marked. */
function CategoryTabs({
  agencyId,
  category,
}: {
  agencyId?: string | undefined;
  category?: LegalCategory | undefined;
}) {
  const tabs: { key: LegalCategory | undefined; label: string }[] = [
    { key: undefined, label: '全部' },
    ...LEGAL_CATEGORIES.map((c) => ({ key: c, label: LEGAL_CATEGORY_LABELS[c] })),
  ];
  return (
    <nav className="tabs" aria-label="按类别查看">
      <ul>
        {tabs.map((t) => (
          <li key={t.key ?? 'all'}>
            <a
              href={sectionHref('statutory', { agencyId, category: t.key })}
              aria-current={t.key === category ? 'page' : undefined}
            >
              {t.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function SectionPage({ site, section, list, agencyId, category }: SectionPageProps) {
  const label = PORTAL_SECTION_LABELS[section];
  const path = SECTION_PATHS[section];
  const agencyName = agencyId ? site.agencies.find((a) => a.id === agencyId)?.name : undefined;
  const href = (page: number): string => sectionHref(section, { agencyId, category, page });
  const feeds = columnFeeds(section, agencyName, agencyId);
  const listTitle = `${agencyName ? `${agencyName}发布的` : ''}${category ? `${LEGAL_CATEGORY_LABELS[category]}类` : ''}文件${agencyName || category ? '' : '列表'}`;
  return (
    <Layout site={site} title={label} current={section} crumbs={[{ label, href: path }]} feeds={feeds}>
      <h1>{label}</h1>
      <SectionIntro section={section} site={site} />
      {section === 'statutory' ? <CategoryTabs agencyId={agencyId} category={category} /> : null}
      {site.agencies.length > 1 ? (
        <form className="filter" method="get" action={path}>
          {category ? <input type="hidden" name="category" value={category} /> : null}
          <label htmlFor="agency">发布机构</label>
          <select id="agency" name="agency" defaultValue={agencyId ?? ''}>
            <option value="">全部机构</option>
            {site.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <button type="submit">筛选</button>
        </form>
      ) : null}
      <section aria-labelledby="list-title">
        <h2 id="list-title" className="list-title">
          {listTitle}
          <span className="count">共 {list.total} 件</span>
        </h2>
        {list.items.length > 0 ? (
          <DocumentList items={list.items} />
        ) : list.total > 0 ? (
          <p>
            没有第 {list.page} 页。<a href={href(1)}>返回第一页</a>
          </p>
        ) : agencyId || category ? (
          <p>{agencyId ? '该机构在本栏目' : '本类别'}暂无公开文件。</p>
        ) : (
          <EmptySection section={section} />
        )}
        <Pagination page={list.page} pageCount={list.pageCount} href={href} />
      </section>
      <p className="subscribe">
        {agencyId ? (
          <>
            <a href={agencyPath(agencyId)}>进入{agencyName}专栏</a>
            <span className="sep" />
          </>
        ) : null}
        订阅本栏目：<a href={feeds[0]?.href}>Atom</a> · <a href={feeds[1]?.href}>RSS</a>
      </p>
    </Layout>
  );
}

/**
 * The body of a document: structured text becomes headings, indented paragraphs and a signature;
 * rich text is the HTML that body.ts sanitised against its allow-list when it was saved.
 */
export function DocumentBody({ body, format }: { body: string; format: BodyFormat }) {
  switch (format) {
    case 'html':
      return <div className="doc-body" dangerouslySetInnerHTML={{ __html: body }} />;
    case 'text':
      return (
        <div className="doc-body">
          {parseBody(body).map((block, i) => {
            switch (block.kind) {
              case 'heading':
                return block.level === 2 ? <h2 key={i}>{block.text}</h2> : <h3 key={i}>{block.text}</h3>;
              case 'paragraph':
                return <p key={i}>{block.text}</p>;
              case 'signature':
                return (
                  <p key={i} className="signature">
                    {block.lines.map((l, j) => (
                      <span key={j}>{l}</span>
                    ))}
                  </p>
                );
            }
          })}
        </div>
      );
  }
}

/** The standard metadata box above a published document (rules.md §7.1). */
export function MetadataTable({ doc }: { doc: PublicDocument }) {
  const period =
    doc.effectiveFrom || doc.effectiveTo
      ? `（${doc.effectiveFrom ? `自 ${doc.effectiveFrom} 起施行` : ''}${
          doc.effectiveFrom && doc.effectiveTo ? '，' : ''
        }${doc.effectiveTo ? `有效期至 ${doc.effectiveTo}` : ''}）`
      : '';
  const rows: [string, ReactNode][] = [
    ['索引号', doc.indexNumber],
    ['发布机构', doc.agencyName],
    ['成文日期', <time dateTime={doc.writtenOn}>{doc.writtenOn}</time>],
    ['发布日期', <time dateTime={doc.publishedOn}>{doc.publishedOn}</time>],
    ['文号', doc.docNumber ?? '无'],
    ['主题分类', doc.topic],
    ['体裁', doc.genre],
    ['有效性', `${VALIDITY_LABELS[doc.validity]}${period}`],
    ['公开方式', DISCLOSURE_MODE_LABELS[doc.disclosureMode]],
  ];
  if (doc.coIssuerNames.length > 0) rows.splice(2, 0, ['联合发文', doc.coIssuerNames.join('、')]);
  if (doc.validityNote) rows.push(['有效性说明', doc.validityNote]);
  if (doc.version > 1) {
    const updatedOn = beijingDate(doc.updatedAt);
    rows.push([
      '更新日期',
      <time dateTime={updatedOn}>
        {updatedOn}（第 {doc.version} 版）
      </time>,
    ]);
  }
  if (doc.sourceNote) rows.push(['来源说明', doc.sourceNote]);
  return (
    <table className="meta-table">
      <caption>文件信息</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A document as published: the metadata box, the title and 文号, the body, then `extras` — the area
 * for what belongs to the document (attachments, related interpretations) as those capabilities arrive.
 */
export function DocumentArticle({ doc, extras }: { doc: PublicDocument; extras?: ReactNode }) {
  return (
    <article className="document">
      <MetadataTable doc={doc} />
      <h1 className="doc-heading">{doc.title}</h1>
      {doc.docNumber ? <p className="doc-number">{doc.docNumber}</p> : null}
      <DocumentBody body={doc.body} format={doc.bodyFormat} />
      <Attachments doc={doc} />
      {extras ? <div className="doc-extras">{extras}</div> : null}
    </article>
  );
}

/** 附件: each a download link under the document's address (served only while it is published). */
function Attachments({ doc }: { doc: PublicDocument }) {
  if (doc.attachments.length === 0) return null;
  return (
    <section className="doc-attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">附件</h2>
      <ol>
        {doc.attachments.map((a) => (
          <li key={a.fileId}>
            <a href={attachmentPath(doc.id, a.fileId)} download={a.name}>
              {a.name}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}

export const attachmentPath = (documentId: string, fileId: string): string =>
  `${documentPath(documentId)}/attachments/${fileId}`;

/**
 * What stays of a withdrawn document (a tombstone): which document it was and why it is gone, so
 * that old links and citations do not end in a bare 404.
 */
export function WithdrawnPageView({ site, doc }: { site: Site; doc: WithdrawnDocument }) {
  const withdrawnOn = beijingDate(doc.withdrawnAt);
  return (
    <Layout site={site} title={`${doc.title}（已撤回）`} crumbs={[{ label: '已撤回的文件' }]}>
      <article className="document tombstone">
        <h1 className="doc-heading">{doc.title}</h1>
        <p className="notice">
          该文件已于 <time dateTime={withdrawnOn}>{withdrawnOn}</time> 撤回，不再公开。
        </p>
        <table className="meta-table">
          <caption>原文件信息</caption>
          <tbody>
            <tr>
              <th scope="row">索引号</th>
              <td>{doc.indexNumber ?? '无'}</td>
            </tr>
            <tr>
              <th scope="row">发布机构</th>
              <td>{doc.agencyName}</td>
            </tr>
            <tr>
              <th scope="row">文号</th>
              <td>{doc.docNumber ?? '无'}</td>
            </tr>
            <tr>
              <th scope="row">发布日期</th>
              <td>{doc.publishedAt ? beijingDate(doc.publishedAt) : '无'}</td>
            </tr>
            <tr>
              <th scope="row">撤回原因</th>
              <td>{doc.reason}</td>
            </tr>
          </tbody>
        </table>
      </article>
    </Layout>
  );
}

export function DocumentPageView({
  site,
  doc,
  extras,
}: {
  site: Site;
  doc: PublicDocument;
  /** Attachments, related interpretations…: shown below the body. */
  extras?: ReactNode;
}) {
  const section = doc.portalSection;
  return (
    <Layout
      site={site}
      title={doc.title}
      current={section}
      crumbs={[{ label: PORTAL_SECTION_LABELS[section], href: SECTION_PATHS[section] }, { label: '正文' }]}
      feeds={columnFeeds(section, doc.agencyName, doc.agencyId)}
    >
      <p className="doc-tools">
        <a href={documentPrintPath(doc.id)}>打印</a>
        <a href={agencyPath(doc.agencyId)}>{doc.agencyName}专栏</a>
      </p>
      <DocumentArticle doc={doc} extras={extras} />
    </Layout>
  );
}

/** The print view: the metadata box and the body, without the site's navigation. */
export function DocumentPrintView({
  site,
  doc,
  sourceUrl,
}: {
  site: Site;
  doc: PublicDocument;
  sourceUrl: string;
}) {
  return (
    <PrintLayout site={site} title={doc.title} backHref={documentPath(doc.id)} sourceUrl={sourceUrl}>
      <DocumentArticle doc={doc} />
    </PrintLayout>
  );
}

/** A 政策解读 linked to a document (谁起草谁解读: published with it, linked both ways). */
export interface RelatedInterpretation {
  title: string;
  href: string;
  publishedOn: string;
}

/**
 * Where the document page finds its interpretations: the interpretation module provides it (it must
 * also drop the document's cached page when it links one). Until that module exists there are none.
 */
export interface RelatedInterpretations {
  forDocument(documentId: string): Promise<RelatedInterpretation[]>;
}
export const noInterpretations: RelatedInterpretations = { forDocument: () => Promise.resolve([]) };

/** 相关解读 under the body, when the document has any. */
export function RelatedInterpretationsList({ items }: { items: readonly RelatedInterpretation[] }) {
  if (items.length === 0) return null;
  return (
    <section className="doc-related" aria-labelledby="related-title">
      <h2 id="related-title">相关解读</h2>
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <a href={i.href}>{i.title}</a> <time dateTime={i.publishedOn}>{i.publishedOn}</time>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface DocumentsPortalDeps {
  /** 政策解读 of each document (hook for the interpretation module; none by default). */
  interpretations?: RelatedInterpretations;
  documents: Pick<DocumentsService, 'getPublic' | 'listPublic' | 'getWithdrawn' | 'publicAttachment'>;
  site: () => Promise<Site>;
  /** The portal's rendered-page cache: column lists, document pages and print views are kept there. */
  pages: Pick<PageCache, 'serve'>;
  /** Renders the not-found page (the portal's own, shared with unknown URLs). */
  notFound: (site: Site) => string;
  /** The portal's public address (config.http.publicBaseUrl), printed on the print view. */
  publicBaseUrl: string;
}

/** Bad query values fall back to the defaults instead of failing: a public page never answers 400 or 500 to them. */
const listQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
    agency: z.uuid().optional().catch(undefined),
    category: z.enum(LEGAL_CATEGORIES).optional().catch(undefined),
  })
  .catch({ page: 1, agency: undefined, category: undefined });

/** The columns listed here; 信息公开指南 is the guide itself, served with the 专栏 pages (src/portal/disclosure.tsx). */
export const DOCUMENT_COLUMNS = PORTAL_SECTIONS.filter((s) => s !== 'guide');

const documentParams = z.object({ id: z.string() });
const attachmentParams = z.object({ id: z.string(), fileId: z.string() });

/** The column lists, document pages and their print views. */
export function registerDocumentsPortal(app: FastifyInstance, deps: DocumentsPortalDeps): void {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  for (const section of DOCUMENT_COLUMNS) {
    app.get(
      SECTION_PATHS[section],
      { schema: { hide: true, querystring: listQuery } },
      async (req, reply) => {
        const { page, agency, category: rawCategory } = listQuery.parse(req.query);
        const site = await deps.site();
        // An agency that is not in the tree is ignored rather than shown as an empty list.
        const agencyId = agency && site.agencies.some((a) => a.id === agency) ? agency : undefined;
        // Legal categories subdivide 法定主动公开内容 only.
        const category = section === 'statutory' ? rawCategory : undefined;
        // Keyed by the values the page is built from, so that junk in the address adds no entries.
        const key = `column:${section}:${agencyId ?? ''}:${category ?? ''}:${page}`;
        return deps.pages.serve(req, reply, key, async () => {
          const list = await deps.documents.listPublic({
            section,
            page,
            ...(agencyId ? { agencyId } : {}),
            ...(category ? { legalCategory: category } : {}),
          });
          return {
            status: 200,
            policy: 'page',
            html: renderPage(
              <SectionPage
                site={await deps.site()}
                section={section}
                list={list}
                agencyId={agencyId}
                category={category}
              />,
            ),
          };
        });
      },
    );
  }

  app.get('/documents/:id', { schema: { hide: true, params: documentParams } }, async (req, reply) => {
    const { id } = documentParams.parse(req.params);
    // A published document's page or a withdrawn one's tombstone is kept; a 404 is rendered each time.
    return deps.pages.serve(req, reply, `document:${id}`, async () => {
      const [site, doc] = await Promise.all([deps.site(), deps.documents.getPublic(id)]);
      if (!doc) {
        const withdrawn = await deps.documents.getWithdrawn(id);
        if (withdrawn) {
          return {
            status: 410,
            policy: 'page',
            html: renderPage(<WithdrawnPageView site={site} doc={withdrawn} />),
          };
        }
        return { status: 404, policy: 'none', html: deps.notFound(site) };
      }
      const related = await (deps.interpretations ?? noInterpretations).forDocument(doc.id);
      return {
        status: 200,
        policy: 'page',
        html: renderPage(
          <DocumentPageView site={site} doc={doc} extras={<RelatedInterpretationsList items={related} />} />,
        ),
      };
    });
  });

  app.get(
    '/documents/:id/attachments/:fileId',
    { schema: { hide: true, params: attachmentParams } },
    async (req, reply) => {
      const { id, fileId } = attachmentParams.parse(req.params);
      const file = await deps.documents.publicAttachment(id, fileId);
      if (!file) {
        setCache(reply, 'none');
        return reply
          .status(404)
          .type('text/html; charset=utf-8')
          .send(deps.notFound(await deps.site()));
      }
      setCache(reply, 'page');
      return reply
        .type(file.mime)
        .header('content-disposition', contentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(file.bytes));
    },
  );

  app.get('/documents/:id/print', { schema: { hide: true, params: documentParams } }, async (req, reply) => {
    const { id } = documentParams.parse(req.params);
    return deps.pages.serve(req, reply, `print:${id}`, async () => {
      const [site, doc] = await Promise.all([deps.site(), deps.documents.getPublic(id)]);
      if (!doc) return { status: 404, policy: 'none', html: deps.notFound(site) };
      return {
        status: 200,
        policy: 'page',
        // The print view repeats the document page: search engines should index the page itself.
        headers: { 'x-robots-tag': 'noindex' },
        html: renderPage(
          <DocumentPrintView site={site} doc={doc} sourceUrl={`${base}${documentPath(doc.id)}`} />,
        ),
      };
    });
  });
}

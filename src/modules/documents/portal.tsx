import type { FastifyInstance } from 'fastify';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { setCache } from '../../portal/cache.ts';
import { Pagination, Placeholder } from '../../portal/components.tsx';
import { Layout, renderPage } from '../../portal/layout.tsx';
import { documentPath, SECTION_PATHS, type Site } from '../../portal/site.ts';
import {
  DISCLOSURE_MODE_LABELS,
  parseBody,
  PORTAL_SECTION_LABELS,
  VALIDITY_LABELS,
  type BodyFormat,
  type PortalSection,
} from './model.ts';
import type { DocumentPage, PublicDocument, PublicDocumentSummary } from './schemas.ts';
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
  agencyId?: string;
}

export function SectionPage({ site, section, list, agencyId }: SectionPageProps) {
  const label = PORTAL_SECTION_LABELS[section];
  const path = SECTION_PATHS[section];
  const agencyName = agencyId ? site.agencies.find((a) => a.id === agencyId)?.name : undefined;
  const href = (page: number): string => {
    const q = new URLSearchParams();
    if (agencyId) q.set('agency', agencyId);
    if (page > 1) q.set('page', String(page));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  return (
    <Layout site={site} title={label} current={section} crumbs={[{ label, href: path }]}>
      <h1>{label}</h1>
      <SectionIntro section={section} site={site} />
      {site.agencies.length > 1 ? (
        <form className="filter" method="get" action={path}>
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
          {agencyName ? `${agencyName}发布的文件` : '文件列表'}
          <span className="count">共 {list.total} 件</span>
        </h2>
        {list.items.length > 0 ? (
          <DocumentList items={list.items} />
        ) : list.total > 0 ? (
          <p>
            没有第 {list.page} 页。<a href={href(1)}>返回第一页</a>
          </p>
        ) : agencyId ? (
          <p>该机构在本栏目暂无公开文件。</p>
        ) : (
          <EmptySection section={section} />
        )}
        <Pagination page={list.page} pageCount={list.pageCount} href={href} />
      </section>
    </Layout>
  );
}

/** The body of a document: structured text becomes headings, indented paragraphs and a signature. */
export function DocumentBody({ body, format }: { body: string; format: BodyFormat }) {
  switch (format) {
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
function MetadataTable({ doc }: { doc: PublicDocument }) {
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

export function DocumentPageView({ site, doc }: { site: Site; doc: PublicDocument }) {
  const section = doc.portalSection;
  return (
    <Layout
      site={site}
      title={doc.title}
      current={section}
      crumbs={[{ label: PORTAL_SECTION_LABELS[section], href: SECTION_PATHS[section] }, { label: '正文' }]}
    >
      <article className="document">
        <MetadataTable doc={doc} />
        <h1 className="doc-heading">{doc.title}</h1>
        {doc.docNumber ? <p className="doc-number">{doc.docNumber}</p> : null}
        <DocumentBody body={doc.body} format={doc.bodyFormat} />
      </article>
    </Layout>
  );
}

export interface DocumentsPortalDeps {
  documents: Pick<DocumentsService, 'getPublic' | 'listPublic'>;
  site: () => Promise<Site>;
  /** Renders the not-found page (the portal's own, shared with unknown URLs). */
  notFound: (site: Site) => string;
}

/** Bad query values fall back to the defaults instead of failing: a public page never answers 400 or 500 to them. */
const listQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
    agency: z.uuid().optional().catch(undefined),
  })
  .catch({ page: 1, agency: undefined });

const documentParams = z.object({ id: z.string() });

/** The column lists and document pages of the portal. */
export function registerDocumentsPortal(app: FastifyInstance, deps: DocumentsPortalDeps): void {
  for (const section of Object.keys(SECTION_PATHS) as PortalSection[]) {
    app.get(
      SECTION_PATHS[section],
      { schema: { hide: true, querystring: listQuery } },
      async (req, reply) => {
        const { page, agency } = listQuery.parse(req.query);
        const site = await deps.site();
        // An agency that is not in the tree is ignored rather than shown as an empty list.
        const agencyId = agency && site.agencies.some((a) => a.id === agency) ? agency : undefined;
        const list = await deps.documents.listPublic({ section, page, ...(agencyId ? { agencyId } : {}) });
        setCache(reply, 'page');
        return reply
          .type('text/html; charset=utf-8')
          .send(renderPage(<SectionPage site={site} section={section} list={list} agencyId={agencyId} />));
      },
    );
  }

  app.get('/documents/:id', { schema: { hide: true, params: documentParams } }, async (req, reply) => {
    const { id } = documentParams.parse(req.params);
    const [site, doc] = await Promise.all([deps.site(), deps.documents.getPublic(id)]);
    if (!doc) {
      setCache(reply, 'none');
      return reply.status(404).type('text/html; charset=utf-8').send(deps.notFound(site));
    }
    setCache(reply, 'page');
    return reply
      .type('text/html; charset=utf-8')
      .send(renderPage(<DocumentPageView site={site} doc={doc} />));
  });
}

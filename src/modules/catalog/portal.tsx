import type { FastifyInstance } from 'fastify';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { setCache } from '../../portal/cache.ts';
import { Placeholder } from '../../portal/components.tsx';
import { Layout, renderPage } from '../../portal/layout.tsx';
import { documentPath, ON_REQUEST_PATH, type Site } from '../../portal/site.ts';
import {
  AUDIENCE_LABELS,
  CHANNEL_LABELS,
  describeFreshness,
  ITEM_MODE_LABELS,
  LEVEL_LABELS,
} from './model.ts';
import type { CatalogNodeView, CatalogTreeView } from './schemas.ts';
import type { CatalogService } from './service.ts';

/** The public page of an agency's 主动公开目录 (条例第十二条: 索引、名称、内容概述、生成日期). */
export const CATALOG_PATH = '/disclosure/catalog';

type HeadingLevel = 2 | 3 | 4 | 5 | 6;
const deeper = (level: HeadingLevel): HeadingLevel => Math.min(level + 1, 6) as HeadingLevel;

function Heading({ level, id, children }: { level: HeadingLevel; id?: string; children: ReactNode }) {
  const Tag = `h${level}` as const;
  return <Tag id={id}>{children}</Tag>;
}

/** One 公开事项: its elements, then the documents filed under it as the 目录's table. */
function Item({ node, level }: { node: CatalogNodeView; level: HeadingLevel }) {
  const e = node.elements;
  const headingId = `item-${node.id}`;
  return (
    <article className="catalog-item" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        {node.name}
      </Heading>
      {e ? (
        <dl className="contact catalog-elements">
          <dt>公开内容</dt>
          <dd>{e.content}</dd>
          <dt>公开依据</dt>
          <dd>{e.basis}</dd>
          <dt>公开主体</dt>
          <dd>{e.owner}</dd>
          <dt>公开时限</dt>
          <dd>
            {e.timeLimit}
            {e.freshness.kind !== 'none' ? `（${describeFreshness(e.freshness)}）` : ''}
          </dd>
          <dt>公开渠道和载体</dt>
          <dd>
            {e.channels
              .map((c) => (c === 'other' && e.channelOther ? `其他（${e.channelOther}）` : CHANNEL_LABELS[c]))
              .join('、')}
          </dd>
          <dt>公开对象</dt>
          <dd>{AUDIENCE_LABELS[e.audience]}</dd>
          <dt>公开方式</dt>
          <dd>{ITEM_MODE_LABELS[e.mode]}</dd>
          <dt>公开层级</dt>
          <dd>{e.levels.map((l) => LEVEL_LABELS[l]).join('、')}</dd>
        </dl>
      ) : null}
      {node.documents.length > 0 ? (
        <table className="catalog-docs">
          <caption>
            {node.name}：已公开的政府信息（{node.documents.length} 件）
          </caption>
          <thead>
            <tr>
              <th scope="col">索引号</th>
              <th scope="col">名称</th>
              <th scope="col">内容概述</th>
              <th scope="col">生成日期</th>
            </tr>
          </thead>
          <tbody>
            {node.documents.map((d) => (
              <tr key={d.id}>
                <td>{d.indexNumber}</td>
                <th scope="row">
                  <a href={documentPath(d.id)}>{d.title}</a>
                </th>
                <td>{d.summary}</td>
                <td>
                  <time dateTime={d.writtenOn}>{d.writtenOn}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : e?.mode === 'on_request' ? (
        <p>
          本事项依申请公开，可<a href={ON_REQUEST_PATH}>申请获取</a>。
        </p>
      ) : (
        <p>本事项暂无已公开的信息。</p>
      )}
    </article>
  );
}

/** A field (领域) or a stage: its heading, then its items and subfields in catalog order. */
function Branch({ node, level }: { node: CatalogNodeView; level: HeadingLevel }) {
  const headingId = `node-${node.id}`;
  return (
    <section className="catalog-branch" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        {node.name}
      </Heading>
      {node.children.length === 0 ? <p>本{node.kind === 'stage' ? '环节' : '领域'}暂无公开事项。</p> : null}
      {node.children.map((child) =>
        child.kind === 'item' ? (
          <Item key={child.id} node={child} level={deeper(level)} />
        ) : (
          <Branch key={child.id} node={child} level={deeper(level)} />
        ),
      )}
    </section>
  );
}

export interface CatalogPageProps {
  site: Site;
  agencyId: string | null;
  catalog: CatalogTreeView | null;
}

export function CatalogPage({ site, agencyId, catalog }: CatalogPageProps) {
  const agencyName = agencyId ? site.agencies.find((a) => a.id === agencyId)?.name : undefined;
  const title = agencyName ? `${agencyName}主动公开目录` : '主动公开目录';
  return (
    <Layout site={site} title={title} crumbs={[{ label: '主动公开目录', href: CATALOG_PATH }]}>
      <h1>{title}</h1>
      <p className="intro">
        主动公开目录按决策、执行、管理、服务、结果“五公开”环节编排各单位的公开事项，列明每一事项的公开内容、依据、主体、时限、渠道、对象和方式，以及已公开的每条政府信息的索引、名称、内容概述和生成日期（《中华人民共和国政府信息公开条例》第十二条）。
      </p>
      {site.agencies.length > 0 ? (
        <form className="filter" method="get" action={CATALOG_PATH}>
          <label htmlFor="agency">单位</label>
          <select id="agency" name="agency" defaultValue={agencyId ?? ''}>
            {site.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <button type="submit">查看目录</button>
        </form>
      ) : null}
      {catalog ? (
        catalog.stages.map((stage) => <Branch key={stage.id} node={stage} level={2} />)
      ) : (
        <Placeholder title="尚未编制公开目录">
          <p>
            {agencyName ?? '该单位'}
            尚未编制公开目录。公开目录编制完成后将在此发布，并随公开事项和已公开信息的变化动态更新。
          </p>
        </Placeholder>
      )}
    </Layout>
  );
}

export interface CatalogPortalDeps {
  catalog: Pick<CatalogService, 'publicTree'>;
  site: () => Promise<Site>;
}

/** Bad query values fall back to the default agency: a public page never answers 400 to them. */
const catalogQuery = z.object({ agency: z.uuid().optional().catch(undefined) }).catch({ agency: undefined });

/** The default agency: the region's government office (its 政务公开 主管部门), else the first one. */
function defaultAgency(site: Site): string | null {
  const office = site.office ? site.agencies.find((a) => a.name === site.office?.name) : undefined;
  return office?.id ?? site.agencies[0]?.id ?? null;
}

export function registerCatalogPortal(app: FastifyInstance, deps: CatalogPortalDeps): void {
  app.get(CATALOG_PATH, { schema: { hide: true, querystring: catalogQuery } }, async (req, reply) => {
    const { agency } = catalogQuery.parse(req.query);
    const site = await deps.site();
    // An agency that is not in the tree is ignored rather than shown as an empty catalog.
    const agencyId = agency && site.agencies.some((a) => a.id === agency) ? agency : defaultAgency(site);
    const catalog = agencyId ? await deps.catalog.publicTree(agencyId) : null;
    setCache(reply, 'page');
    return reply
      .type('text/html; charset=utf-8')
      .send(renderPage(<CatalogPage site={site} agencyId={agencyId} catalog={catalog} />));
  });
}

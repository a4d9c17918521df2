import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_QUERY_LENGTH, type Highlight } from '../../core/search/model.ts';
import {
  MAX_PAGE,
  type SearchPage,
  type SearchQuery,
  type SearchService,
} from '../../core/search/service.ts';
import { DomainError } from '../../core/errors.ts';
import { setCache } from '../../portal/cache.ts';
import { Pagination } from '../../portal/components.tsx';
import { Layout, renderPage } from '../../portal/layout.tsx';
import { documentPath, type Site } from '../../portal/site.ts';
import { VALIDITIES, VALIDITY_LABELS, type Validity } from './model.ts';

export const SEARCH_PATH = '/search';

/** The search form's fields as they arrive; anything malformed in a filter is dropped, not refused. */
const searchQuery = z.object({
  q: z.string().optional().catch(undefined),
  agency: z.uuid().optional().catch(undefined),
  topic: z.string().min(1).max(200).optional().catch(undefined),
  year: z.coerce.number().int().min(1900).max(9999).optional().catch(undefined),
  validity: z.enum(VALIDITIES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
});
type SearchForm = z.infer<typeof searchQuery>;

function Marked({ parts }: { parts: Highlight[] }) {
  return <>{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

interface SearchViewProps {
  site: Site;
  form: SearchForm;
  facets: { topics: string[]; years: number[] };
  result: SearchPage | null;
  /** Why the query was refused (400): shown at the field. */
  error: string | null;
  /** Why the search cannot answer now (503, the index is being brought up to date). */
  unavailable?: string | null;
}

function hrefFor(form: SearchForm, page: number): string {
  const q = new URLSearchParams();
  if (form.q !== undefined) q.set('q', form.q);
  if (form.agency) q.set('agency', form.agency);
  if (form.topic) q.set('topic', form.topic);
  if (form.year) q.set('year', String(form.year));
  if (form.validity) q.set('validity', form.validity);
  if (page > 1) q.set('page', String(page));
  return `${SEARCH_PATH}?${q.toString()}`;
}

function Results({ site, form, result }: { site: Site; form: SearchForm; result: SearchPage }) {
  const names = new Map(site.agencies.map((a) => [a.id, a.name]));
  const href = (page: number): string => hrefFor(form, page);
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title" className="list-title">
        检索结果
        <span className="count">
          {result.totalExact ? `共 ${result.total} 件` : `超过 ${result.total} 件`}
        </span>
      </h2>
      {result.items.length === 0 ? (
        result.page > 1 ? (
          <p>
            没有第 {result.page} 页。<a href={href(1)}>返回第一页</a>
          </p>
        ) : (
          <p>没有找到包含该检索词的公开文件。请检查用字，或减少检索词、放宽筛选条件后再试。</p>
        )
      ) : (
        <ul className="doc-list search-results">
          {result.items.map((d) => (
            <li key={d.id}>
              <a className="doc-title" href={documentPath(d.id)}>
                <Marked parts={d.title} />
              </a>
              <p className="doc-meta">
                <span>{names.get(d.agencyId) ?? ''}</span>
                {d.docNumber ? <span>{d.docNumber}</span> : null}
                <span>
                  发布日期 <time dateTime={d.publishedOn}>{d.publishedOn}</time>
                </span>
                {d.validity !== 'in_force' ? (
                  <span className="badge">{VALIDITY_LABELS[d.validity]}</span>
                ) : null}
              </p>
              <p className="snippet">
                <Marked parts={d.snippet} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {result.totalExact ? (
        <Pagination
          page={result.page}
          pageCount={Math.max(1, Math.ceil(result.total / result.pageSize))}
          href={href}
        />
      ) : (
        <nav className="pagination" aria-label="分页">
          {result.page > 1 ? (
            <a href={href(result.page - 1)} rel="prev">
              上一页
            </a>
          ) : null}
          <span className="page-of">第 {result.page} 页</span>
          {result.hasNext ? (
            <a href={href(result.page + 1)} rel="next">
              下一页
            </a>
          ) : null}
        </nav>
      )}
    </section>
  );
}

export function SearchView({ site, form, facets, result, error, unavailable = null }: SearchViewProps) {
  const topics =
    form.topic && !facets.topics.includes(form.topic) ? [form.topic, ...facets.topics] : facets.topics;
  const years = form.year && !facets.years.includes(form.year) ? [form.year, ...facets.years] : facets.years;
  // What is echoed back: never control characters, never more than a query may hold.
  const shown = (form.q ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, MAX_QUERY_LENGTH);
  return (
    <Layout site={site} title={shown && !error ? `检索：${shown}` : '检索'} crumbs={[{ label: '检索' }]}>
      <h1>政府信息检索</h1>
      <form className="filter search-form" method="get" action={SEARCH_PATH} role="search">
        <label htmlFor="q">检索词</label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={shown}
          maxLength={MAX_QUERY_LENGTH}
          aria-describedby={error ? 'q-hint q-error' : 'q-hint'}
          aria-invalid={error ? true : undefined}
        />
        <label htmlFor="agency">发布机构</label>
        <select id="agency" name="agency" defaultValue={form.agency ?? ''}>
          <option value="">全部机构</option>
          {site.agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <label htmlFor="topic">主题分类</label>
        <select id="topic" name="topic" defaultValue={form.topic ?? ''}>
          <option value="">全部主题</option>
          {topics.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <label htmlFor="year">发布年份</label>
        <select id="year" name="year" defaultValue={form.year ? String(form.year) : ''}>
          <option value="">全部年份</option>
          {years.map((y) => (
            <option key={y} value={String(y)}>
              {y}年
            </option>
          ))}
        </select>
        <label htmlFor="validity">有效性</label>
        <select id="validity" name="validity" defaultValue={form.validity ?? ''}>
          <option value="">全部</option>
          {VALIDITIES.map((v: Validity) => (
            <option key={v} value={v}>
              {VALIDITY_LABELS[v]}
            </option>
          ))}
        </select>
        <button type="submit">检索</button>
        <p id="q-hint" className="hint">
          输入至少两个字；多个检索词用空格分开，结果须同时包含全部检索词。最多{MAX_QUERY_LENGTH}个字。
        </p>
      </form>
      {error ? (
        <p id="q-error" className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {unavailable ? (
        <p className="form-error" role="alert">
          {unavailable}
        </p>
      ) : null}
      {result ? <Results site={site} form={form} result={result} /> : null}
    </Layout>
  );
}

export interface SearchPortalDeps {
  search: Pick<SearchService, 'search' | 'facets'>;
  site: () => Promise<Site>;
}

/**
 * GET /search: the form (works without script) and, once a query is given, the matching published
 * documents with highlighted snippets. A query the search refuses (too long, control characters,
 * one character) answers 400 with the same page and the reason; nothing is changed by a search.
 */
export function registerSearchPortal(app: FastifyInstance, deps: SearchPortalDeps): void {
  app.get(SEARCH_PATH, { schema: { hide: true } }, async (req, reply) => {
    const form = searchQuery.parse(req.query ?? {});
    const [site, facets] = await Promise.all([deps.site(), deps.search.facets()]);
    // An agency that is not in the tree is ignored, as on the column pages.
    if (form.agency && !site.agencies.some((a) => a.id === form.agency)) delete form.agency;
    let result: SearchPage | null = null;
    let error: string | null = null;
    let unavailable: string | null = null;
    if (form.q !== undefined) {
      const query: SearchQuery = {
        q: form.q,
        page: form.page,
        ...(form.agency ? { agencyId: form.agency } : {}),
        ...(form.topic ? { topic: form.topic } : {}),
        ...(form.year ? { year: form.year } : {}),
        ...(form.validity ? { validity: form.validity } : {}),
      };
      try {
        result = await deps.search.search(query);
      } catch (e) {
        if (!(e instanceof DomainError) || (e.status !== 400 && e.status !== 503)) throw e;
        if (e.status === 400) error = e.message;
        else unavailable = e.message;
      }
    }
    // The replica catching up (PostgreSQL, decision 0012): the same page with the reason, retry soon.
    if (unavailable) void reply.header('retry-after', '30');
    setCache(reply, error || unavailable ? 'none' : 'page');
    return reply
      .status(error ? 400 : unavailable ? 503 : 200)
      .type('text/html; charset=utf-8')
      .send(
        renderPage(
          <SearchView
            site={site}
            form={form}
            facets={facets}
            result={result}
            error={error}
            unavailable={unavailable}
          />,
        ),
      );
  });
}

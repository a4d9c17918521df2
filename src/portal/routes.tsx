import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import { registerDocumentsPortal } from '../modules/documents/portal.tsx';
import type { DocumentsService } from '../modules/documents/service.ts';
import type { OrgsService } from '../modules/orgs/service.ts';
import { isApiPath } from '../core/http/errors.ts';
import { CACHE_POLICIES, setCache } from './cache.ts';
import { renderPage, STATIC_DIR } from './layout.tsx';
import { ErrorPage, HomePage, NotFoundPage, OnRequestPage } from './pages.tsx';
import { EMPTY_SITE, loadSite, ON_REQUEST_PATH, type Site } from './site.ts';

export interface PortalDeps {
  documents: Pick<DocumentsService, 'getPublic' | 'listPublic'>;
  orgs: Pick<OrgsService, 'tree'>;
}

const HTML = 'text/html; charset=utf-8';
const LATEST_ON_HOME = 8;

/**
 * The error page for a request the router refused before any handler ran (a malformed address):
 * synchronous, so it cannot read the agency tree and shows the site's generic header.
 */
export const refusedRequestPage = (status: number): string =>
  renderPage(<ErrorPage site={EMPTY_SITE} status={status} />);

/**
 * The public site: static assets under /static/, the home page, the 专栏 columns and document pages,
 * the 依申请公开 page, and the one not-found handler of the whole app — an HTML page for people,
 * the uniform JSON error body for /api. Portal pages that fail render an HTML error page; the
 * details go to the log only.
 */
export async function registerPortal(app: FastifyInstance, deps: PortalDeps): Promise<void> {
  const site = (): Promise<Site> => loadSite(deps.orgs);
  // Error and not-found pages must render even when the tree cannot be read (the database is down).
  const siteOrEmpty = (): Promise<Site> => site().catch(() => EMPTY_SITE);
  const notFoundPage = (s: Site): string => renderPage(<NotFoundPage site={s} />);

  app.setNotFoundHandler(async (req, reply) => {
    if (isApiPath(req.url)) {
      return reply.status(404).send({
        error: { code: 'not_found', message: `接口不存在：${req.method} ${req.url.split('?')[0]}` },
      });
    }
    setCache(reply, 'none');
    return reply
      .status(404)
      .type(HTML)
      .send(notFoundPage(await siteOrEmpty()));
  });

  await app.register(async (portal) => {
    portal.setErrorHandler(async (err: FastifyError, req, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500) req.log.error({ err }, 'portal page failed');
      setCache(reply, 'none');
      return reply
        .status(status)
        .type(HTML)
        .send(renderPage(<ErrorPage site={await siteOrEmpty()} status={status} />));
    });

    await portal.register(fastifyStatic, {
      root: fileURLToPath(STATIC_DIR),
      prefix: '/static/',
      decorateReply: false,
      index: false,
      cacheControl: false,
      setHeaders: (res) => {
        res.header('cache-control', CACHE_POLICIES.asset);
      },
    });

    portal.get('/', { schema: { hide: true } }, async (_req, reply) => {
      const [s, latest] = await Promise.all([
        site(),
        deps.documents.listPublic({ pageSize: LATEST_ON_HOME }),
      ]);
      setCache(reply, 'page');
      return reply.type(HTML).send(renderPage(<HomePage site={s} latest={latest.items} />));
    });

    portal.get(ON_REQUEST_PATH, { schema: { hide: true } }, async (_req, reply) => {
      const s = await site();
      setCache(reply, 'page');
      return reply.type(HTML).send(renderPage(<OnRequestPage site={s} />));
    });

    registerDocumentsPortal(portal, { documents: deps.documents, site, notFound: notFoundPage });
  });
}

import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { registerCatalogPortal } from '../modules/catalog/portal.tsx';
import type { CatalogService } from '../modules/catalog/service.ts';
import { registerDocumentFeeds } from '../modules/documents/feeds.tsx';
import { registerOpenData, registerOpenDataPage } from '../modules/documents/open-data.tsx';
import { registerDocumentsPortal } from '../modules/documents/portal.tsx';
import { registerSearchPortal, type SearchPortalDeps } from '../modules/documents/search-portal.tsx';
import type { PublicDocumentIndex } from '../modules/documents/public-index.ts';
import type { DocumentsService } from '../modules/documents/service.ts';
import type { GuidesService } from '../modules/guides/service.ts';
import type { OrgsService } from '../modules/orgs/service.ts';
import { registerRequestsPortal, type RequestsPortalDeps } from '../modules/requests/portal.tsx';
import { beijingDate } from '../modules/documents/model.ts';
import { isApiPath } from '../core/http/errors.ts';
import { CACHE_POLICIES, setCache } from './cache.ts';
import { renderPage, STATIC_DIR } from './layout.tsx';
import { createPageCache, type PageCache, type PageCacheOptions } from './page-cache.ts';
import { registerDisclosurePortal } from './disclosure.tsx';
import { ErrorPage, HomePage, NotFoundPage, OnRequestPage } from './pages.tsx';
import { EMPTY_SITE, loadSite, ON_REQUEST_PATH, type Site } from './site.ts';

export interface PortalDeps {
  documents: Pick<
    DocumentsService,
    'getPublic' | 'listPublic' | 'getWithdrawn' | 'publicAttachment' | 'onPublicChange'
  >;
  catalog: Pick<CatalogService, 'publicTree'>;
  orgs: Pick<OrgsService, 'tree' | 'onChange'>;
  search: SearchPortalDeps['search'];
  guides: Pick<GuidesService, 'publicGuide' | 'onChange'>;
  requests: RequestsPortalDeps['requests'];
  /** Published documents' addresses for the sitemap. */
  documentIndex: PublicDocumentIndex;
  clock: Clock;
  /** `http.publicBaseUrl`: feeds, the sitemap, open data and print views carry absolute addresses. */
  config: { http: Pick<Config['http'], 'publicBaseUrl'> };
  /** Overrides of the page cache's bounds (tests); see PAGE_CACHE. */
  pageCache?: Partial<PageCacheOptions>;
}

/**
 * The rendered-page cache (decision 0011): a change made in this process is seen by the next
 * request; one made by another server process within PAGE_CACHE.ttlMs (5 s), well inside the minute
 * the Cache-Control policy already grants browsers and proxies (cache.ts).
 */
export const PAGE_CACHE = { ttlMs: 5_000, maxEntries: 5_000, maxBytes: 64 * 1024 * 1024 } as const;

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
  const pages: PageCache = createPageCache({
    ...PAGE_CACHE,
    day: () => beijingDate(deps.clock.now()),
    ...deps.pageCache,
  });
  const invalidate = (): void => pages.invalidate();
  const unsubscribe = [
    deps.documents.onPublicChange(invalidate),
    deps.orgs.onChange(invalidate),
    deps.guides.onChange(invalidate),
  ];
  app.addHook('onClose', async () => {
    for (const u of unsubscribe) u();
  });
  // Kept pages whose address Fastify has answered once are answered before Fastify from then on
  // (decision 0011, "Front door"); `inject()` and apps built without buildApp's front door skip it.
  if (app.hasDecorator('frontDoor')) app.frontDoor.use((req, res) => pages.answer(req, res));
  // The region's name, its office and the agency list: the same for every page, rebuilt on a change.
  const site = (): Promise<Site> => pages.value('site', () => loadSite(deps.orgs));
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

  // JSON with the app's uniform errors (not the portal's HTML error page); its page lives beside it.
  await registerOpenData(app, { documents: deps.documents, publicBaseUrl: deps.config.http.publicBaseUrl });

  await app.register(async (portal) => {
    // The public pages carry no inline script or style, so they need no CSP nonce: their CSP is the
    // strict one without nonce sources (only the console's index.html uses one, security.ts). Making
    // two nonces per request was the largest cost left on a page served from the cache (decision 0011).
    // @fastify/helmet reads the route's `config.helmet` on each request (its `helmet` route option is
    // turned into that by a hook that has already run for these routes).
    portal.addHook('onRoute', (route) => {
      const config = (route.config ?? {}) as { helmet?: Record<string, unknown> };
      route.config = {
        ...config,
        helmet: { enableCSPNonces: false, ...config.helmet },
      } as typeof route.config;
    });
    // What the front door needs to answer an address: the entry and the headers Fastify sent for it.
    portal.addHook('onResponse', (req, reply, done) => {
      pages.remember(req, reply);
      done();
    });
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

    portal.get('/', { schema: { hide: true } }, async (req, reply) =>
      pages.serve(req, reply, 'home', async () => {
        const [s, latest] = await Promise.all([
          site(),
          deps.documents.listPublic({ pageSize: LATEST_ON_HOME }),
        ]);
        return { status: 200, policy: 'page', html: renderPage(<HomePage site={s} latest={latest.items} />) };
      }),
    );

    portal.get(ON_REQUEST_PATH, { schema: { hide: true } }, async (req, reply) =>
      pages.serve(req, reply, 'on-request', async () => ({
        status: 200,
        policy: 'page',
        html: renderPage(<OnRequestPage site={await site()} />),
      })),
    );

    const publicBaseUrl = deps.config.http.publicBaseUrl;
    registerDocumentsPortal(portal, {
      documents: deps.documents,
      site,
      pages,
      notFound: notFoundPage,
      publicBaseUrl,
    });
    registerDisclosurePortal(portal, {
      documents: deps.documents,
      guides: deps.guides,
      site,
      pages,
      notFound: notFoundPage,
    });
    registerCatalogPortal(portal, { catalog: deps.catalog, site });
    registerSearchPortal(portal, { search: deps.search, site });
    registerOpenDataPage(portal, { site, publicBaseUrl });
    registerRequestsPortal(portal, { requests: deps.requests, site, publicBaseUrl });
    registerDocumentFeeds(portal, {
      documents: deps.documents,
      index: deps.documentIndex,
      site,
      clock: deps.clock,
      publicBaseUrl,
    });
  });
}

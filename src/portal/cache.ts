import type { FastifyReply } from 'fastify';

/**
 * Cache policies of the public site. Pages are the same for every visitor (no cookies, no
 * personalisation), so shared caches may keep them, briefly: a newly published document or a
 * correction appears within a minute. Assets carry a content hash in their URL, so they never change
 * under a URL and may be kept for a year. Error pages are not kept: the next request may succeed.
 * Inside the server, pages are also kept rendered (page-cache.ts, decision 0011), which gives them a
 * strong ETag: a browser or proxy revalidating after max-age gets a 304 while the page is unchanged.
 */
export const CACHE_POLICIES = {
  page: 'public, max-age=60, stale-while-revalidate=300',
  asset: 'public, max-age=31536000, immutable',
  none: 'no-store',
} as const;

export type CachePolicy = keyof typeof CACHE_POLICIES;

export function setCache(reply: FastifyReply, policy: CachePolicy): FastifyReply {
  return reply.header('cache-control', CACHE_POLICIES[policy]);
}

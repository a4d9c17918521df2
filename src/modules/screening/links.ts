import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { FindingDraft } from './model.ts';

/**
 * Broken links in the body (全国政府网站抽查: 链接不可用 counts against a site). The caller passes
 * the hrefs; links into the portal itself are resolved by the injected `resolveInternal`, others
 * are fetched with the injected fetcher and a short timeout. All findings are warnings: a site
 * may be down for a minute, and a person decides.
 */

/** The HTTP status a fetch got, or throws when the address could not be reached. */
export type Fetcher = (url: string, signal: AbortSignal) => Promise<{ status: number }>;

export interface LinkCheckOptions {
  fetcher: Fetcher;
  /** The portal's own address (PUBLIC_BASE_URL): links into it and relative links go to `resolveInternal`. */
  baseUrl?: string;
  /** The status of a path on the portal, or null when it cannot tell (then the link is not judged). */
  resolveInternal?: (path: string) => Promise<number | null>;
  timeoutMs?: number;
  /** Links checked at most (the rest are not checked); parallel requests. */
  maxLinks?: number;
  concurrency?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;
const SKIPPED_SCHEMES = /^(?:mailto|tel|sms|javascript|data):/i;

type Verdict = { ok: true } | { ok: false; reason: string } | { ok: null };

function describeStatus(status: number): string {
  if (status === 404 || status === 410) return `返回 ${status}（页面不存在）`;
  if (status === 401 || status === 403) return `返回 ${status}（无权访问）`;
  if (status >= 500) return `返回 ${status}（对方服务器错误）`;
  return `返回 ${status}`;
}

const verdictOf = (status: number | null): Verdict =>
  status === null
    ? { ok: null }
    : status >= 400
      ? { ok: false, reason: describeStatus(status) }
      : { ok: true };

async function checkOne(href: string, o: LinkCheckOptions): Promise<Verdict> {
  const h = href.trim();
  if (h === '' || h.startsWith('#') || SKIPPED_SCHEMES.test(h)) return { ok: true };
  let url: URL;
  try {
    url = new URL(h, o.baseUrl ?? 'http://portal.invalid/');
  } catch {
    return { ok: false, reason: '链接地址格式有误' };
  }
  const internal =
    !/^[a-z][a-z0-9+.-]*:/i.test(h) || (o.baseUrl !== undefined && url.origin === new URL(o.baseUrl).origin);
  if (internal) {
    if (!o.resolveInternal) return { ok: null };
    return verdictOf(await o.resolveInternal(`${url.pathname}${url.search}`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: null };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    return verdictOf((await o.fetcher(url.href, controller.signal)).status);
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, reason: '访问超时' };
    return { ok: false, reason: error instanceof LinkRefused ? error.message : '无法连接' };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkLinks(hrefs: readonly string[], o: LinkCheckOptions): Promise<FindingDraft[]> {
  const unique = [...new Set(hrefs.map((h) => h.trim()).filter((h) => h !== ''))];
  const todo = unique.slice(0, o.maxLinks ?? 50);
  const verdicts: Verdict[] = new Array<Verdict>(todo.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const i = next++;
      verdicts[i] = await checkOne(todo[i] as string, o);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 4, todo.length) }, worker));
  const out: FindingDraft[] = [];
  todo.forEach((href, i) => {
    const v = verdicts[i];
    if (!v || v.ok !== false) return;
    out.push({
      code: 'broken_link',
      severity: 'warning',
      message: `正文中的链接${v.reason}，请修改或删除该链接`,
      location: { target: 'body', place: '正文链接', excerpt: { before: '', match: href, after: '' } },
    });
  });
  if (unique.length > todo.length) {
    out.push({
      code: 'broken_link',
      severity: 'warning',
      message: `正文链接过多，只检查了前 ${todo.length} 个，其余 ${unique.length - todo.length} 个请人工核查`,
      location: { target: 'body', place: '正文链接', excerpt: { before: '', match: '', after: '' } },
    });
  }
  return out;
}

class LinkRefused extends Error {}

/**
 * Loopback, private, link-local, CGNAT and unique-local addresses: the server does not fetch them
 * for a link in a document (a link must not be a way to probe the internal network).
 */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivateAddress(v6.slice(7));
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6);
}

/**
 * The real fetcher: HEAD (GET when HEAD is not allowed), redirects not followed (a 3xx answer means
 * the link works, and a redirect cannot lead the server into the internal network), private
 * addresses refused unless allowed (tests, an intranet portal).
 */
export function httpFetcher(options: { allowPrivateNetworks?: boolean } = {}): Fetcher {
  return async (url, signal) => {
    if (!options.allowPrivateNetworks) {
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
      if (addresses.some((a) => isPrivateAddress(a.address)))
        throw new LinkRefused('指向内部网络地址，未检查');
    }
    const init = { signal, redirect: 'manual' as const, headers: { 'user-agent': 'Gongkai-LinkCheck/1.0' } };
    let res = await fetch(url, { ...init, method: 'HEAD' });
    if (res.status === 405 || res.status === 501) {
      res = await fetch(url, { ...init, method: 'GET' });
      await res.body?.cancel();
    }
    return { status: res.status };
  };
}

/**
 * Links into the portal: fetched at the portal's own address (allowed even when it is a private
 * one); null (not judged) when the portal itself cannot be reached from here.
 */
export function portalLinkResolver(
  baseUrl: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): (path: string) => Promise<number | null> {
  const fetcher = httpFetcher({ allowPrivateNetworks: true });
  return async (path) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return (await fetcher(new URL(path, baseUrl).href, controller.signal)).status;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}

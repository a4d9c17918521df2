import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  AGENCIES_PATH,
  FEED_PATHS,
  NAV,
  OPEN_DATA_PATH,
  SITEMAP_PATH,
  type NavKey,
  type Site,
} from './site.ts';

export const STATIC_DIR = new URL('./static/', import.meta.url);

/** `/static/<file>?v=<content hash>`: a changed file gets a new URL, so assets can be cached for a year. */
export function assetUrl(file: string): string {
  const hash = createHash('sha256')
    .update(readFileSync(new URL(file, STATIC_DIR)))
    .digest('hex')
    .slice(0, 12);
  return `/static/${file}?v=${hash}`;
}

const STYLESHEET = assetUrl('portal.css');
const ICON = assetUrl('favicon.svg');

export interface Crumb {
  label: string;
  href?: string;
}

export interface LayoutProps {
  site: Site;
  /** The page's own title; the region name is appended in the browser tab. */
  title: string;
  /** The navigation entry to mark as current. */
  current?: NavKey;
  /** Trail below the home page; the last entry is the current page. */
  crumbs?: Crumb[];
  /** Feeds of what the page lists, announced in the head (`<link rel="alternate">`); default: the whole region's. */
  feeds?: FeedLink[];
  /** A script under /static/ that enhances the page; the page works without it. */
  script?: string;
  children: ReactNode;
}

export interface FeedLink {
  title: string;
  href: string;
  type: 'application/atom+xml' | 'application/rss+xml';
}

const REGION_FEEDS: FeedLink[] = [
  { title: '最新公开（Atom）', href: FEED_PATHS.atom, type: 'application/atom+xml' },
  { title: '最新公开（RSS）', href: FEED_PATHS.rss, type: 'application/rss+xml' },
];

/** The `<head>` every page shares: charset, viewport, title, stylesheet, icon, feeds. */
function Head({
  title,
  site,
  feeds,
  script,
}: {
  title: string;
  site: Site;
  feeds: FeedLink[];
  script?: string;
}) {
  return (
    <head>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} - ${site.regionName}`}</title>
      <link rel="stylesheet" href={STYLESHEET} />
      <link rel="icon" href={ICON} type="image/svg+xml" />
      {feeds.map((f) => (
        <link key={f.href} rel="alternate" type={f.type} title={f.title} href={f.href} />
      ))}
      {script ? <script src={script} defer /> : null}
    </head>
  );
}

/**
 * The page shell of the public site: skip link, header band with the region's name, the
 * 政府信息公开专栏 navigation, breadcrumbs, the main content and a footer naming the disclosure
 * office. Landmarks and headings are what a screen reader user navigates by; nothing needs script.
 */
export function Layout({
  site,
  title,
  current,
  crumbs,
  feeds = REGION_FEEDS,
  script,
  children,
}: LayoutProps) {
  return (
    <html lang="zh-CN">
      <Head title={title} site={site} feeds={feeds} script={script} />
      <body>
        <a className="skip-link" href="#main">
          跳到主要内容
        </a>
        <header className="site-header">
          <div className="band">
            <div className="container band-inner">
              <a className="site-name" href="/">
                {site.regionName}
              </a>
              <span className="site-sub">政府信息公开</span>
            </div>
          </div>
          <nav className="main-nav" aria-label="政府信息公开专栏">
            <ul className="container">
              {NAV.map((item) => (
                <li key={item.key}>
                  <a href={item.href} aria-current={item.key === current ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {crumbs && crumbs.length > 0 ? (
          <nav className="container breadcrumbs" aria-label="当前位置">
            <ol>
              <li>
                <a href="/">首页</a>
              </li>
              {crumbs.map((c, i) => (
                <li key={i}>
                  {c.href && i < crumbs.length - 1 ? (
                    <a href={c.href}>{c.label}</a>
                  ) : (
                    <span aria-current={i === crumbs.length - 1 ? 'page' : undefined}>{c.label}</span>
                  )}
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <main id="main" className="container main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            {site.office ? (
              <p>
                政府信息公开工作机构：{site.office.name}
                {site.office.address ? <span className="sep">地址：{site.office.address}</span> : null}
                {site.office.phone ? <span className="sep">电话：{site.office.phone}</span> : null}
              </p>
            ) : null}
            <p>{site.regionName} 政府信息公开专栏</p>
            <ul className="footer-links">
              <li>
                <a href={AGENCIES_PATH}>部门和乡镇专栏</a>
              </li>
              <li>
                <a href={OPEN_DATA_PATH}>开放数据</a>
              </li>
              <li>
                <a href={FEED_PATHS.atom}>订阅（Atom）</a>
              </li>
              <li>
                <a href={SITEMAP_PATH}>网站地图（XML）</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}

/**
 * The print view's shell: the region's name as a plain header, the content, and where it came from;
 * no navigation. The stylesheet's print rules set it on A4 in black on white.
 */
export function PrintLayout({
  site,
  title,
  backHref,
  sourceUrl,
  children,
}: {
  site: Site;
  title: string;
  /** The normal page, for the "return" link (hidden when printed). */
  backHref: string;
  /** The page's absolute address, printed at the foot. */
  sourceUrl: string;
  children: ReactNode;
}) {
  return (
    <html lang="zh-CN">
      <Head title={title} site={site} feeds={[]} />
      <body className="print-view">
        <header className="print-header">
          <p className="print-site">{site.regionName} 政府信息公开</p>
          <p className="print-actions">
            <a href={backHref}>返回正文页</a>
            <span>请使用浏览器的“打印”功能（Ctrl+P）打印本页。</span>
          </p>
        </header>
        <main id="main" className="print-main">
          {children}
        </main>
        <footer className="print-footer">
          <p>本文网址：{sourceUrl}</p>
        </footer>
      </body>
    </html>
  );
}

/** A whole HTML document from a page element. */
export function renderPage(element: ReactNode): string {
  return `<!doctype html>${renderToStaticMarkup(element)}`;
}

import { describe, expect, it } from 'vitest';
import type { Site } from '../../portal/site.ts';
import { xmlText } from '../../portal/xml.ts';
import { atomFeed, rssFeed, sitemapPlan, sitePagePaths } from './feeds.tsx';
import type { PublicDocumentSummary } from './schemas.ts';

const site: Site = {
  regionName: '西吉县人民政府',
  office: null,
  agencies: [
    { id: '00000000-0000-4000-8000-000000000001', name: '西吉县人民政府', kind: 'government' },
    { id: '00000000-0000-4000-8000-000000000002', name: '西吉县教育局', kind: 'department' },
  ],
};

const item = {
  id: '00000000-0000-4000-8000-0000000000aa',
  agencyId: '00000000-0000-4000-8000-000000000002',
  agencyName: '西吉县教育局',
  title: '关于 <b>“A&B”</b> 的通知\u0007',
  docNumber: '西教发〔2026〕3号',
  writtenOn: '2026-05-01',
  publishedAt: '2026-05-02T02:00:00.000Z',
  publishedOn: '2026-05-02',
  indexNumber: '11640422MB6400370X/2026-00001',
  topic: '科技、教育',
  genre: '通知',
  legalCategory: 'other',
  validity: 'in_force',
  effectiveFrom: null,
  effectiveTo: null,
  disclosureMode: 'proactive',
  portalSection: 'statutory',
} satisfies Partial<PublicDocumentSummary> as PublicDocumentSummary;

const now = new Date('2026-06-01T00:00:00Z');
const base = 'https://gk.example.cn';

describe('xmlText', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlText(`a<b>&"c"'\u0000\u0008\t`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;\t');
  });
});

describe('feeds', () => {
  const scope = { site, agency: { id: item.agencyId, name: item.agencyName }, section: 'statutory' as const };

  it('Atom: escaped titles, absolute links, a stable id per entry', () => {
    const xml = atomFeed(scope, [item], base, now);
    expect(xml).toContain('<title type="text">关于 &lt;b&gt;“A&amp;B”&lt;/b&gt; 的通知</title>');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain(`<id>urn:uuid:${item.id}</id>`);
    expect(xml).toContain(`href="${base}/documents/${item.id}"`);
    expect(xml).toContain(
      `<link rel="self" type="application/atom+xml" href="${base}/feeds/documents.atom?agency=${item.agencyId}&amp;section=statutory"/>`,
    );
    expect(xml).toContain(
      `<link rel="alternate" type="text/html" href="${base}/disclosure/statutory?agency=${item.agencyId}"/>`,
    );
    expect(xml).toContain('<updated>2026-05-02T02:00:00.000Z</updated>');
  });

  it('an empty feed is still valid: updated is now', () => {
    const xml = atomFeed({ site }, [], base, now);
    expect(xml).toContain('<updated>2026-06-01T00:00:00.000Z</updated>');
    expect(xml).toContain('<title type="text">西吉县人民政府 · 最新公开</title>');
    expect(xml).not.toContain('<entry>');
  });

  it('RSS 2.0: RFC 822 dates, a permalink guid', () => {
    const xml = rssFeed(scope, [item], base, now);
    expect(xml).toContain('<pubDate>Sat, 02 May 2026 02:00:00 GMT</pubDate>');
    expect(xml).toContain(`<guid isPermaLink="true">${base}/documents/${item.id}</guid>`);
    expect(xml).toContain('<title>西吉县教育局 · 法定主动公开内容</title>');
  });
});

describe('sitemap', () => {
  it('lists the site pages, each agency’s 专栏 and the guides of all but the region', () => {
    const paths = sitePagePaths(site);
    expect(paths).toContain('/');
    expect(paths).toContain('/disclosure/guide');
    expect(paths).toContain(`/disclosure/agencies/${site.agencies[0]!.id}`);
    expect(paths).not.toContain(`/disclosure/agencies/${site.agencies[0]!.id}/guide`);
    expect(paths).toContain(`/disclosure/agencies/${site.agencies[1]!.id}/guide`);
  });

  it('is one file up to 50 000 addresses, then an index of files of at most 50 000', () => {
    expect(sitemapPlan(20, 49_980, 50_000)).toEqual({ kind: 'single' });
    expect(sitemapPlan(20, 49_981, 50_000)).toEqual({ kind: 'index', documentFiles: 1 });
    expect(sitemapPlan(20, 1_000_000, 50_000)).toEqual({ kind: 'index', documentFiles: 20 });
  });
});

import { describe, expect, it } from 'vitest';
import { renderPage } from '../../portal/layout.tsx';
import type { Site } from '../../portal/site.ts';
import { DocumentPageView, DocumentPrintView, SectionPage } from './portal.tsx';
import type { PublicDocument } from './schemas.ts';

const site: Site = {
  regionName: '西吉县人民政府',
  office: { name: '西吉县人民政府办公室', address: '吉强镇西兰路 1 号', phone: '0954-3012301' },
  agencies: [
    { id: '00000000-0000-4000-8000-000000000001', name: '西吉县人民政府' },
    { id: '00000000-0000-4000-8000-000000000002', name: '西吉县人民政府办公室' },
  ],
};

// The fields the page reads; the document model grows (versions, attachments) without this test caring.
const doc = {
  id: '00000000-0000-4000-8000-0000000000aa',
  agencyId: '00000000-0000-4000-8000-000000000002',
  agencyName: '西吉县人民政府办公室',
  title: '关于<script>alert("x")</script>的通知',
  docNumber: '西政办发〔2018〕47号',
  writtenOn: '2018-03-22',
  publishedAt: '2026-11-21T02:00:00.000Z',
  publishedOn: '2026-11-21',
  indexNumber: '11640422MB6400370X/2026-00001',
  topic: '综合政务/政务公开',
  genre: '通知',
  legalCategory: 'other',
  validity: 'expired',
  effectiveFrom: '2018-04-01',
  effectiveTo: '2022-04-30',
  disclosureMode: 'proactive',
  portalSection: 'rules',
  body: '## 第一部分\n正文 <img src=x onerror=alert(1)> 段落\n> 西吉县人民政府办公室\n> 2018年3月22日',
  bodyFormat: 'text',
  sourceNote: '本办原文件。',
  coIssuerNames: [] as string[],
  attachments: [] as PublicDocument['attachments'],
} satisfies Partial<PublicDocument> as PublicDocument;

describe('document page', () => {
  const html = renderPage(<DocumentPageView site={site} doc={doc} />);

  it('escapes markup in the title and the body: nothing a publisher types becomes HTML', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('关于&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;的通知');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the standard metadata box', () => {
    for (const label of ['索引号', '发布机构', '成文日期', '发布日期', '文号', '主题分类', '有效性']) {
      expect(html).toContain(`<th scope="row">${label}</th>`);
    }
    expect(html).toContain('11640422MB6400370X/2026-00001');
    expect(html).toContain('失效（自 2018-04-01 起施行，有效期至 2022-04-30）');
  });

  it('renders the body as headings, paragraphs and a right-set signature', () => {
    expect(html).toContain('<h2>第一部分</h2>');
    expect(html).toContain(
      '<p class="signature"><span>西吉县人民政府办公室</span><span>2018年3月22日</span></p>',
    );
  });

  it('is a complete, Chinese-language document with landmarks and a skip link', () => {
    expect(html.startsWith('<!doctype html><html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html).toContain('<main id="main"');
    expect(html).toContain('aria-label="政府信息公开专栏"');
    // No inline script or style: the CSP forbids them.
    expect(html).not.toMatch(/<script|<style| style="/);
  });
});

describe('column page', () => {
  it('says what the column will hold while it is empty', () => {
    const html = renderPage(
      <SectionPage
        site={site}
        section="annual_reports"
        list={{ items: [], total: 0, page: 1, pageSize: 20, pageCount: 1 }}
      />,
    );
    expect(html).toContain('尚未发布年度报告');
    expect(html).toContain('<a href="/disclosure/annual-reports" aria-current="page">信息公开年报</a>');
  });

  it('keeps the agency filter in the page links', () => {
    const html = renderPage(
      <SectionPage
        site={site}
        section="rules"
        agencyId="00000000-0000-4000-8000-000000000002"
        list={{ items: [], total: 45, page: 2, pageSize: 20, pageCount: 3 }}
      />,
    );
    expect(html).toContain('href="/disclosure/rules?agency=00000000-0000-4000-8000-000000000002&amp;page=3"');
    expect(html).toContain('href="/disclosure/rules?agency=00000000-0000-4000-8000-000000000002"');
  });

  it('splits 法定主动公开内容 by legal category with plain links that keep the agency', () => {
    const agencyId = '00000000-0000-4000-8000-000000000002';
    const html = renderPage(
      <SectionPage
        site={site}
        section="statutory"
        agencyId={agencyId}
        category="penalty"
        list={{ items: [], total: 0, page: 1, pageSize: 20, pageCount: 1 }}
      />,
    );
    expect(html).toContain('<nav class="tabs" aria-label="按类别查看">');
    expect(html).toContain(
      `<a href="/disclosure/statutory?agency=${agencyId}&amp;category=penalty" aria-current="page">行政处罚</a>`,
    );
    expect(html).toContain(`<a href="/disclosure/statutory?agency=${agencyId}">全部</a>`);
    // The publisher filter keeps the category.
    expect(html).toContain('<input type="hidden" name="category" value="penalty"/>');
    expect(html).toContain('西吉县人民政府办公室发布的行政处罚类文件');
    expect(html).toContain(
      `<link rel="alternate" type="application/atom+xml" title="西吉县人民政府办公室法定主动公开内容（Atom）" href="/feeds/documents.atom?agency=${agencyId}&amp;section=statutory"/>`,
    );
  });

  it('shows no category tabs on the other columns', () => {
    const html = renderPage(
      <SectionPage
        site={site}
        section="rules"
        list={{ items: [], total: 0, page: 1, pageSize: 20, pageCount: 1 }}
      />,
    );
    expect(html).not.toContain('class="tabs"');
  });
});

describe('print view', () => {
  const html = renderPage(
    <DocumentPrintView site={site} doc={doc} sourceUrl={`https://gk.example.cn/documents/${doc.id}`} />,
  );

  it('has the metadata box and the body, without the site navigation', () => {
    expect(html).toContain('<table class="meta-table">');
    expect(html).toContain('<h2>第一部分</h2>');
    expect(html).not.toContain('main-nav');
    expect(html).not.toContain('breadcrumbs');
    expect(html).toContain(`本文网址：https://gk.example.cn/documents/${doc.id}`);
    expect(html).toContain(`<a href="/documents/${doc.id}">返回正文页</a>`);
    expect(html).not.toMatch(/<script|<style| style="/);
  });

  it('is linked from the document page with a plain link', () => {
    const page = renderPage(<DocumentPageView site={site} doc={doc} />);
    expect(page).toContain(`<a href="/documents/${doc.id}/print">打印</a>`);
  });
});

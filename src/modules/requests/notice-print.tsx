/**
 * The staff's print view of a stored notice (GET /api/requests/:id/notices/:noticeId/print): one
 * A4 sheet in GB/T 9704's layout, from the renderer the tracking page uses (notices.ts renderHtml),
 * styled by portal.css. No script: the browser's own print command prints it.
 */
import { assetUrl, renderPage } from '../../portal/layout.tsx';
import { renderHtml, type NoticeDocument } from './notices.ts';

const STYLESHEET = assetUrl('portal.css');

export function noticePrintPage(n: NoticeDocument): string {
  return renderPage(
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${n.title} - ${n.agencyName}`}</title>
        <link rel="stylesheet" href={STYLESHEET} />
      </head>
      <body className="notice-print">
        <p className="notice-print-hint">请使用浏览器的“打印”功能（Ctrl+P）打印，纸张选 A4。</p>
        {/* renderHtml escapes every text it prints. */}
        <main dangerouslySetInnerHTML={{ __html: renderHtml(n) }} />
      </body>
    </html>,
  );
}

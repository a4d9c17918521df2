import type { ReactNode } from 'react';

/** Small pieces shared by portal pages. */

export interface PaginationProps {
  page: number;
  pageCount: number;
  /** The URL of page n. */
  href: (page: number) => string;
}

/** Previous / next links and where the reader is; plain links, so it works without script. */
export function Pagination({ page, pageCount, href }: PaginationProps) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="分页">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          上一页
        </a>
      ) : null}
      <span className="page-of">
        第 {page} 页，共 {pageCount} 页
      </span>
      {page < pageCount ? (
        <a href={href(page + 1)} rel="next">
          下一页
        </a>
      ) : null}
    </nav>
  );
}

/** A notice for a column that has no content yet: says what will be here (under the list's h2). */
export function Placeholder({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="placeholder">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

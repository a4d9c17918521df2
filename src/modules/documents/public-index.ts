import type { Db } from '../../core/db/connect.ts';

/**
 * The addresses of every published document, for the sitemap: ids and publication times only, read
 * in chunks with keyset paging, so that a region with a million documents is never loaded at once.
 *
 * Reads the documents table directly (documents' own file): the store and service are being
 * reworked; this belongs in store.ts / service.ts once that settles.
 */
export interface PublishedStub {
  id: string;
  publishedAt: string;
}

export interface PublicDocumentIndex {
  /** How many documents are published. */
  count(): Promise<number>;
  /**
   * Published documents oldest first (a stable order: new ones are appended), from `offset`, at most
   * `limit` of them, yielded in chunks of `chunk`.
   */
  stubs(range: { offset: number; limit: number; chunk?: number }): AsyncGenerator<PublishedStub[]>;
}

export function createPublicDocumentIndex(db: Db): PublicDocumentIndex {
  const published = () => db.kysely.selectFrom('documents').where('status', '=', 'published');
  return {
    async count() {
      const row = await published()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async *stubs({ offset, limit, chunk = 5000 }) {
      let left = limit;
      let last: { published_at: string; id: string } | null = null;
      while (left > 0) {
        const size = Math.min(chunk, left);
        let q = published()
          .select(['id', 'published_at'])
          .where('published_at', 'is not', null)
          .orderBy('published_at')
          .orderBy('id');
        if (last) {
          const { published_at: at, id } = last;
          q = q.where((eb) =>
            eb.or([eb('published_at', '>', at), eb.and([eb('published_at', '=', at), eb('id', '>', id)])]),
          );
        } else if (offset > 0) {
          q = q.offset(offset);
        }
        const rows = await q.limit(size).execute();
        if (rows.length === 0) return;
        yield rows.map((r) => ({ id: r.id, publishedAt: r.published_at ?? '' }));
        left -= rows.length;
        const tail = rows[rows.length - 1];
        if (!tail || rows.length < size || tail.published_at === null) return;
        last = { published_at: tail.published_at, id: tail.id };
      }
    },
  };
}

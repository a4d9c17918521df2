import { type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { PortalSection } from './model.ts';
import type { DocumentsTable } from './tables.ts';

/** The database or a transaction: store functions run in either. */
export type Executor = Kysely<Database>;

export type DocumentRow = Selectable<DocumentsTable>;

/**
 * The next 索引号 sequence for an agency and year, in one statement: the upsert locks the counter
 * row until the transaction ends, so two publishers on one PostgreSQL never draw the same number,
 * and a number is only ever handed out once it is committed with its document.
 */
export async function nextIndexSeq(db: Executor, agencyId: string, year: number): Promise<number> {
  const row = await db
    .insertInto('index_number_sequences')
    .values({ agency_id: agencyId, year, last_seq: 1 })
    .onConflict((oc) =>
      oc.columns(['agency_id', 'year']).doUpdateSet((eb) => ({
        last_seq: eb('index_number_sequences.last_seq', '+', 1),
      })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/**
 * The publishing agency, read through the caller's executor: inside a transaction on SQLite (one
 * connection) a read through another service's handle would wait for this transaction forever.
 * The agencies table belongs to orgs; documents only reads it.
 */
export async function insertDocument(db: Executor, row: Insertable<DocumentsTable>): Promise<void> {
  await db.insertInto('documents').values(row).execute();
}

export async function findPublished(db: Executor, id: string): Promise<DocumentRow | null> {
  const row = await db
    .selectFrom('documents')
    .selectAll()
    .where('id', '=', id)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row ?? null;
}

export async function findPublishedTitles(db: Executor, agencyId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('documents')
    .select('title')
    .where('agency_id', '=', agencyId)
    .where('status', '=', 'published')
    .execute();
  return new Set(rows.map((r) => r.title));
}

export interface PublishedFilter {
  section?: PortalSection;
  agencyId?: string;
}

type SummaryRow = Omit<DocumentRow, 'body' | 'body_format' | 'source_note'>;

const SUMMARY_COLUMNS = [
  'id',
  'agency_id',
  'title',
  'doc_number',
  'written_on',
  'published_at',
  'index_number',
  'topic',
  'genre',
  'legal_category',
  'validity',
  'effective_from',
  'effective_to',
  'disclosure_mode',
  'status',
  'portal_section',
  'created_at',
  'updated_at',
] as const;

/** Published documents, newest first; the body is left out of lists. */
export async function listPublished(
  db: Executor,
  filter: PublishedFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: SummaryRow[]; total: number }> {
  let base = db.selectFrom('documents').where('status', '=', 'published');
  if (filter.section) base = base.where('portal_section', '=', filter.section);
  if (filter.agencyId) base = base.where('agency_id', '=', filter.agencyId);
  const [rows, count] = await Promise.all([
    base
      .select(SUMMARY_COLUMNS)
      .orderBy('published_at', 'desc')
      .orderBy('index_number', 'desc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

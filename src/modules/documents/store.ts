import { type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type { LegalCategory, PortalSection } from './model.ts';
import type {
  DocumentConsultationsTable,
  DocumentReviewsTable,
  DocumentSettingsTable,
  DocumentsTable,
  DocumentVersionsTable,
} from './tables.ts';

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
  legalCategory?: LegalCategory;
}

export type SummaryRow = Pick<DocumentRow, (typeof SUMMARY_COLUMNS)[number]>;

const SUMMARY_COLUMNS = [
  'version',
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
  if (filter.legalCategory) base = base.where('legal_category', '=', filter.legalCategory);
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

export async function findById(db: Executor, id: string): Promise<DocumentRow | null> {
  return (await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function updateDocument(
  db: Executor,
  id: string,
  patch: Partial<Omit<DocumentRow, 'id'>>,
): Promise<void> {
  await db.updateTable('documents').set(patch).where('id', '=', id).execute();
}

export async function findWithdrawn(db: Executor, id: string): Promise<DocumentRow | null> {
  const row = await db
    .selectFrom('documents')
    .selectAll()
    .where('id', '=', id)
    .where('status', '=', 'withdrawn')
    .executeTakeFirst();
  return row ?? null;
}

/** Documents of the given agencies for staff lists, most recently changed first; the body is left out. */
export async function listForAgencies(
  db: Executor,
  agencyIds: readonly string[],
  filter: { status?: DocumentRow['status'] },
  limit: number,
): Promise<Omit<DocumentRow, 'body'>[]> {
  if (agencyIds.length === 0) return [];
  let q = db
    .selectFrom('documents')
    .selectAll()
    .where('agency_id', 'in', [...agencyIds]);
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('updated_at', 'desc').limit(limit).execute();
  return rows.map(({ body: _body, ...rest }) => rest);
}

/** Documents in review or waiting for a co-issuer, by id (for consultations of another agency). */
export async function findByIds(db: Executor, ids: readonly string[]): Promise<DocumentRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('documents')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Withheld and on-request documents of an agency formed up to `lastDay` (the yearly self-review). */
export async function listRegistered(
  db: Executor,
  agencyId: string,
  lastDay: string,
): Promise<DocumentRow[]> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('status', '=', 'registered')
    .where('written_on', '<=', lastDay)
    .orderBy('written_on', 'desc')
    .execute();
}

export async function publishedRowsForAgency(db: Executor, agencyId: string): Promise<DocumentRow[]> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .execute();
}

export type ReviewRow = Selectable<DocumentReviewsTable>;
export type ConsultationRow = Selectable<DocumentConsultationsTable>;
export type VersionRow = Selectable<DocumentVersionsTable>;
export type SettingsRow = Selectable<DocumentSettingsTable>;

export async function insertReview(db: Executor, row: ReviewRow): Promise<void> {
  await db.insertInto('document_reviews').values(row).execute();
}

export async function listReviews(db: Executor, documentId: string): Promise<ReviewRow[]> {
  return db
    .selectFrom('document_reviews')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function insertConsultation(db: Executor, row: ConsultationRow): Promise<void> {
  await db.insertInto('document_consultations').values(row).execute();
}

export async function listConsultations(db: Executor, documentId: string): Promise<ConsultationRow[]> {
  return db
    .selectFrom('document_consultations')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('opened_at')
    .orderBy('agency_id')
    .execute();
}

export async function pendingConsultations(db: Executor): Promise<ConsultationRow[]> {
  return db.selectFrom('document_consultations').selectAll().where('status', '=', 'pending').execute();
}

/** Consultations addressed to the given agencies (a co-issuer's inbox). */
export async function consultationsFor(
  db: Executor,
  agencyIds: readonly string[],
): Promise<ConsultationRow[]> {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('document_consultations')
    .selectAll()
    .where('agency_id', 'in', [...agencyIds])
    .orderBy('opened_at', 'desc')
    .limit(500)
    .execute();
}

export async function updateConsultation(
  db: Executor,
  id: string,
  patch: Partial<Omit<ConsultationRow, 'id'>>,
): Promise<void> {
  await db.updateTable('document_consultations').set(patch).where('id', '=', id).execute();
}

export async function insertVersion(db: Executor, row: VersionRow): Promise<void> {
  await db.insertInto('document_versions').values(row).execute();
}

export async function listVersions(db: Executor, documentId: string): Promise<VersionRow[]> {
  return db
    .selectFrom('document_versions')
    .selectAll()
    .where('document_id', '=', documentId)
    .orderBy('version', 'desc')
    .execute();
}

export async function settingsFor(db: Executor, agencyIds: readonly string[]): Promise<SettingsRow[]> {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('document_settings')
    .selectAll()
    .where('agency_id', 'in', [...agencyIds])
    .execute();
}

export async function upsertSettings(db: Executor, row: SettingsRow): Promise<void> {
  await db
    .insertInto('document_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('agency_id').doUpdateSet({
        review_steps: row.review_steps,
        publication_days: row.publication_days,
        consultation_days: row.consultation_days,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

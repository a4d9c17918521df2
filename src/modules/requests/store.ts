/** SQL of 依申请公开: the requests module's tables only. */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../core/db/database.ts';
import type {
  RequestConsultationsTable,
  RequestDisputesTable,
  RequestFilesTable,
  RequestNoticesTable,
  RequestNoticeTemplatesTable,
  RequestSettingsTable,
  RequestsTable,
} from './tables.ts';

type K = Kysely<Database>;
export type RequestRow = Selectable<RequestsTable>;
export type ConsultationRow = Selectable<RequestConsultationsTable>;
export type NoticeRow = Selectable<RequestNoticesTable>;
export type FileRow = Selectable<RequestFilesTable>;
export type DisputeRow = Selectable<RequestDisputesTable>;
export type SettingsRow = Selectable<RequestSettingsTable>;
export type TemplateRow = Selectable<RequestNoticeTemplatesTable>;

/**
 * The next tracking sequence of a year. The upsert's row lock (PostgreSQL) or the write
 * transaction (SQLite) serialises concurrent submissions, so no number is given twice.
 */
export async function nextSequence(k: K, year: number): Promise<number> {
  const row = await k
    .insertInto('request_sequences')
    .values({ year, last: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ last: eb('request_sequences.last', '+', 1) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

export async function insertRequest(k: K, row: Insertable<RequestsTable>): Promise<void> {
  await k.insertInto('requests').values(row).execute();
}

export async function getRequest(k: K, id: string): Promise<RequestRow | undefined> {
  return k.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function byTrackingNumber(k: K, trackingNumber: string): Promise<RequestRow | undefined> {
  return k
    .selectFrom('requests')
    .selectAll()
    .where('tracking_number', '=', trackingNumber)
    .executeTakeFirst();
}

export async function byTokenHash(k: K, tokenHash: string): Promise<RequestRow | undefined> {
  return k.selectFrom('requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function updateRequest(k: K, id: string, patch: Updateable<RequestsTable>): Promise<void> {
  await k.updateTable('requests').set(patch).where('id', '=', id).execute();
}

/** Requests received by, or assigned to, any of these agencies; newest first. */
export async function listForAgencies(
  k: K,
  agencyIds: readonly string[],
  filter: { status?: string; year?: number; limit: number; offset: number },
): Promise<RequestRow[]> {
  if (agencyIds.length === 0) return [];
  let q = k
    .selectFrom('requests')
    .selectAll()
    .where((eb) => eb.or([eb('agency_id', 'in', agencyIds), eb('responsible_agency_id', 'in', agencyIds)]));
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.year)
    q = q
      .where('received_on', '>=', `${filter.year}-01-01`)
      .where('received_on', '<=', `${filter.year}-12-31`);
  return q
    .orderBy('received_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

/** Earlier requests from the same applicant, or to the same agency, since `since` (for repeats). */
export async function recentForComparison(
  k: K,
  input: { applicantKey: string; agencyId: string; since: string; limit: number },
): Promise<Pick<RequestRow, 'id' | 'tracking_number' | 'description' | 'applicant_key' | 'received_on'>[]> {
  return k
    .selectFrom('requests')
    .select(['id', 'tracking_number', 'description', 'applicant_key', 'received_on'])
    .where((eb) =>
      eb.or([eb('applicant_key', '=', input.applicantKey), eb('agency_id', '=', input.agencyId)]),
    )
    .where('received_on', '>=', input.since)
    .orderBy('received_on', 'desc')
    .limit(input.limit)
    .execute();
}

/**
 * How many requests the applicant made in a month before this one (fees, per-item counting), in
 * the order they were registered (tracking numbers break ties within one instant).
 */
export async function countInMonth(
  k: K,
  applicantKey: string,
  month: string,
  before: { createdAt: string; trackingNumber: string },
): Promise<number> {
  const row = await k
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('applicant_key', '=', applicantKey)
    .where('received_on', '>=', `${month}-01`)
    .where('received_on', '<=', `${month}-31`)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', before.createdAt),
        eb.and([eb('created_at', '=', before.createdAt), eb('tracking_number', '<', before.trackingNumber)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The applicant's requests (their history, for 条例第三十五条 evidence). */
export async function historyOf(k: K, applicantKey: string): Promise<RequestRow[]> {
  return k
    .selectFrom('requests')
    .selectAll()
    .where('applicant_key', '=', applicantKey)
    .orderBy('received_on')
    .execute();
}

/** Requests of an agency answered with the information (in whole or part) within [from, to]. */
export async function disclosedIn(
  k: K,
  agencyId: string,
  from: string,
  to: string,
): Promise<Pick<RequestRow, 'description' | 'applicant_key'>[]> {
  return k
    .selectFrom('requests')
    .select(['description', 'applicant_key'])
    .where('agency_id', '=', agencyId)
    .where('outcome', 'in', ['disclosed', 'partly_disclosed'])
    .where('replied_on', '>=', from)
    .where('replied_on', '<=', to)
    .orderBy('replied_on')
    .execute();
}

export async function lapsedCorrections(k: K, today: string): Promise<RequestRow[]> {
  return k
    .selectFrom('requests')
    .selectAll()
    .where('status', '=', 'correction_pending')
    .where('correction_due_on', '<', today)
    .execute();
}

export async function lapsedFees(k: K, today: string): Promise<RequestRow[]> {
  return k
    .selectFrom('requests')
    .selectAll()
    .where('status', '=', 'awaiting_payment')
    .where('fee_due_on', '<', today)
    .execute();
}

/** What the statistics count: every request of the agencies received up to the year's end. */
export async function factsFor(
  k: K,
  agencyIds: readonly string[],
  yearEnd: string,
  yearStart: string,
): Promise<Pick<RequestRow, 'id' | 'applicant_type' | 'received_on' | 'outcome' | 'replied_on'>[]> {
  if (agencyIds.length === 0) return [];
  return k
    .selectFrom('requests')
    .select(['id', 'applicant_type', 'received_on', 'outcome', 'replied_on'])
    .where('agency_id', 'in', agencyIds)
    .where('received_on', '<=', yearEnd)
    .where((eb) => eb.or([eb('replied_on', 'is', null), eb('replied_on', '>=', yearStart)]))
    .execute();
}

export async function disputeFactsFor(
  k: K,
  agencyIds: readonly string[],
  year: number,
): Promise<DisputeRow[]> {
  if (agencyIds.length === 0) return [];
  return k
    .selectFrom('request_disputes as d')
    .innerJoin('requests as r', 'r.id', 'd.request_id')
    .selectAll('d')
    .where('r.agency_id', 'in', agencyIds)
    .where('d.received_on', '>=', `${year}-01-01`)
    .where('d.received_on', '<=', `${year}-12-31`)
    .execute();
}

export async function insertConsultation(k: K, row: Insertable<RequestConsultationsTable>): Promise<void> {
  await k.insertInto('request_consultations').values(row).execute();
}

export async function consultationsOf(k: K, requestId: string): Promise<ConsultationRow[]> {
  return k
    .selectFrom('request_consultations')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute();
}

export async function updateConsultation(
  k: K,
  id: string,
  patch: Updateable<RequestConsultationsTable>,
): Promise<void> {
  await k.updateTable('request_consultations').set(patch).where('id', '=', id).execute();
}

/** Adds a notice after the request's others (its seq is the next one). */
export async function insertNotice(k: K, row: Omit<Insertable<RequestNoticesTable>, 'seq'>): Promise<void> {
  const last = await k
    .selectFrom('request_notices')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('request_id', '=', row.request_id)
    .executeTakeFirst();
  await k
    .insertInto('request_notices')
    .values({ ...row, seq: Number(last?.seq ?? 0) + 1 })
    .execute();
}

export async function noticesOf(k: K, requestId: string): Promise<NoticeRow[]> {
  return k
    .selectFrom('request_notices')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('seq')
    .execute();
}

export async function getNotice(k: K, requestId: string, noticeId: string): Promise<NoticeRow | undefined> {
  return k
    .selectFrom('request_notices')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('id', '=', noticeId)
    .executeTakeFirst();
}

export async function updateNotice(k: K, id: string, patch: Updateable<RequestNoticesTable>): Promise<void> {
  await k.updateTable('request_notices').set(patch).where('id', '=', id).execute();
}

export async function insertFile(k: K, row: Insertable<RequestFilesTable>): Promise<void> {
  await k.insertInto('request_files').values(row).execute();
}

export async function filesOf(k: K, requestId: string): Promise<FileRow[]> {
  return k
    .selectFrom('request_files')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute();
}

export async function insertDispute(k: K, row: Insertable<RequestDisputesTable>): Promise<void> {
  await k.insertInto('request_disputes').values(row).execute();
}

export async function disputesOf(k: K, requestId: string): Promise<DisputeRow[]> {
  return k
    .selectFrom('request_disputes')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute();
}

export async function getDispute(k: K, id: string): Promise<DisputeRow | undefined> {
  return k.selectFrom('request_disputes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateDispute(
  k: K,
  id: string,
  patch: Updateable<RequestDisputesTable>,
): Promise<void> {
  await k.updateTable('request_disputes').set(patch).where('id', '=', id).execute();
}

export async function settingsRows(k: K, agencyIds: readonly string[]): Promise<SettingsRow[]> {
  if (agencyIds.length === 0) return [];
  return k.selectFrom('request_settings').selectAll().where('agency_id', 'in', agencyIds).execute();
}

export async function upsertSettings(k: K, row: Insertable<RequestSettingsTable>): Promise<void> {
  await k
    .insertInto('request_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('agency_id').doUpdateSet({
        reply_days: row.reply_days ?? null,
        extension_days: row.extension_days ?? null,
        correction_period_days: row.correction_period_days ?? null,
        fee_window_counted: row.fee_window_counted ?? null,
        milestones: row.milestones ?? null,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function templatesFor(k: K, agencyIds: readonly string[]): Promise<TemplateRow[]> {
  if (agencyIds.length === 0) return [];
  return k.selectFrom('request_notice_templates').selectAll().where('agency_id', 'in', agencyIds).execute();
}

export async function upsertTemplate(k: K, row: Insertable<RequestNoticeTemplatesTable>): Promise<void> {
  await k
    .insertInto('request_notice_templates')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['agency_id', 'kind']).doUpdateSet({
        title: row.title,
        body: row.body,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteTemplate(k: K, agencyId: string, kind: string): Promise<void> {
  await k
    .deleteFrom('request_notice_templates')
    .where('agency_id', '=', agencyId)
    .where('kind', '=', kind)
    .execute();
}

/** Requests of an agency archived within [fromIso, toIso) (UTC instants), in tracking-number order. */
export async function archivedIn(
  k: K,
  agencyId: string,
  fromIso: string,
  toIso: string,
): Promise<RequestRow[]> {
  return k
    .selectFrom('requests')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('archived_at', '>=', fromIso)
    .where('archived_at', '<', toIso)
    .orderBy('tracking_number')
    .execute();
}

/** Whether a file is some request's identity proof. */
export async function isIdentityFile(k: K, fileId: string): Promise<boolean> {
  const row = await k
    .selectFrom('request_files')
    .select('id')
    .where('file_id', '=', fileId)
    .where('purpose', '=', 'identity')
    .executeTakeFirst();
  return row !== undefined;
}

/** SQL of 依申请公开: the requests module's tables only. */
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
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
 * Takes the next `count` tracking sequences of a year; returns the last of them. Called on its own,
 * not in the registrations' transaction: the upsert's row lock (PostgreSQL) is then held for this
 * one statement, not until the registrations commit, which made every submission wait for the one
 * before it. Numbers are never given twice and increase; registrations that fail after taking
 * their numbers leave those numbers unused.
 */
export async function takeSequences(k: K, year: number, count: number): Promise<number> {
  const row = await k
    .insertInto('request_sequences')
    .values({ year, last: count })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ last: eb('request_sequences.last', '+', count) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

/** New requests, in one statement. */
export async function insertRequests(k: K, rows: Insertable<RequestsTable>[]): Promise<void> {
  await k.insertInto('requests').values(rows).execute();
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

/** What the repeat check compares a new request with. */
export type Comparable = Pick<RequestRow, 'id' | 'tracking_number' | 'description' | 'applicant_key'>;

/**
 * The newest requests of an applicant (`applicant_key`) or to an agency (`agency_id`) received
 * since `since`, at most `limit`: read newest first along the index (requests_applicant,
 * requests_agency_received) and cut there, so that the work is bounded however many there are.
 */
export function newestQuery(
  k: K,
  of: { column: 'applicant_key' | 'agency_id'; value: string; since: string; limit: number },
) {
  return k
    .selectFrom('requests')
    .select(['id', 'tracking_number', 'description', 'applicant_key'])
    .where(of.column, '=', of.value)
    .where('received_on', '>=', of.since)
    .orderBy('received_on', 'desc')
    .limit(of.limit);
}

export async function newestRequests(k: K, of: Parameters<typeof newestQuery>[1]): Promise<Comparable[]> {
  return newestQuery(k, of).execute();
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

/**
 * The requests a year's tables may count: received by the year's end and not answered before it
 * (statistics.ts decides which cells they count in).
 */
function yearRequests(k: K, agencyIds: readonly string[], year: number) {
  return k
    .selectFrom('requests')
    .where('agency_id', 'in', agencyIds)
    .where('received_on', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('replied_on', 'is', null), eb('replied_on', '>=', `${year}-01-01`)]));
}

/**
 * A request's statistics group: applicant type, outcome, year received, year replied, joined into
 * one key that the drill-down selects by. Literal SQL (no parameters), so that PostgreSQL sees the
 * same expressions in SELECT and GROUP BY.
 */
const requestGroup = {
  receivedYear: sql<string>`substr(received_on, 1, 4)`,
  repliedYear: sql<string | null>`substr(replied_on, 1, 4)`,
  key: sql<string>`applicant_type || '|' || coalesce(outcome, '') || '|' || substr(received_on, 1, 4) || '|' || coalesce(substr(replied_on, 1, 4), '')`,
};

/** A statistics group: the records alike, their key, and how many (`n`). */
export interface RequestGroup {
  key: string;
  applicant_type: string;
  outcome: string | null;
  received_year: string;
  replied_year: string | null;
  n: number;
}

/** What table 三 counts, grouped: a few hundred rows for a year however many requests it had. */
export async function requestGroups(
  k: K,
  agencyIds: readonly string[],
  year: number,
): Promise<RequestGroup[]> {
  if (agencyIds.length === 0) return [];
  const rows = await requestGroupsQuery(k, agencyIds, year).execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** `requestGroups`' statement (the benchmark shows its plan). */
export function requestGroupsQuery(k: K, agencyIds: readonly string[], year: number) {
  return yearRequests(k, agencyIds, year)
    .select((eb) => [
      requestGroup.key.as('key'),
      'applicant_type',
      'outcome',
      requestGroup.receivedYear.as('received_year'),
      requestGroup.repliedYear.as('replied_year'),
      eb.fn.countAll().as('n'),
    ])
    .groupBy(['applicant_type', 'outcome', requestGroup.receivedYear, requestGroup.repliedYear]);
}

/** What the drill-down lists of a request behind a statistics cell. */
const CELL_COLUMNS = [
  'agency_id',
  'tracking_number',
  'applicant_type',
  'applicant_name',
  'status',
  'outcome',
  'received_on',
  'replied_on',
] as const;
export type CellRequestRow = Pick<RequestRow, 'id' | (typeof CELL_COLUMNS)[number]>;

/** One page of the requests in these groups (`requestGroups`' keys), by receipt day. */
export async function requestsInGroups(
  k: K,
  agencyIds: readonly string[],
  year: number,
  keys: readonly string[],
  page: { limit: number; offset: number },
): Promise<CellRequestRow[]> {
  if (agencyIds.length === 0 || keys.length === 0) return [];
  return yearRequests(k, agencyIds, year)
    .select(['id', ...CELL_COLUMNS])
    .where(requestGroup.key, 'in', keys)
    .orderBy('received_on')
    .orderBy('tracking_number')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/**
 * The cases received in a year against the agencies' requests. A CROSS JOIN, because SQLite keeps
 * its order: the year's cases first (request_disputes_received), then each one's request, not
 * every request of the agencies probed for cases (PostgreSQL plans it as the inner join it is).
 */
function yearDisputes(k: K, agencyIds: readonly string[], year: number) {
  return k
    .selectFrom('request_disputes as d')
    .crossJoin('requests as r')
    .whereRef('r.id', '=', 'd.request_id')
    .where('r.agency_id', 'in', agencyIds)
    .where('d.received_on', '>=', `${year}-01-01`)
    .where('d.received_on', '<=', `${year}-12-31`);
}

/** A case's statistics group: kind, result, year received, year decided (as `requestGroup`). */
const disputeGroup = {
  receivedYear: sql<string>`substr(d.received_on, 1, 4)`,
  decidedYear: sql<string | null>`substr(d.decided_on, 1, 4)`,
  key: sql<string>`d.kind || '|' || d.outcome || '|' || substr(d.received_on, 1, 4) || '|' || coalesce(substr(d.decided_on, 1, 4), '')`,
};

export interface DisputeGroup {
  key: string;
  kind: string;
  outcome: string;
  received_year: string;
  decided_year: string | null;
  n: number;
}

/** What table 四 counts, grouped. */
export async function disputeGroups(
  k: K,
  agencyIds: readonly string[],
  year: number,
): Promise<DisputeGroup[]> {
  if (agencyIds.length === 0) return [];
  const rows = await disputeGroupsQuery(k, agencyIds, year).execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** `disputeGroups`' statement (the benchmark shows its plan). */
export function disputeGroupsQuery(k: K, agencyIds: readonly string[], year: number) {
  return yearDisputes(k, agencyIds, year)
    .select((eb) => [
      disputeGroup.key.as('key'),
      'd.kind',
      'd.outcome',
      disputeGroup.receivedYear.as('received_year'),
      disputeGroup.decidedYear.as('decided_year'),
      eb.fn.countAll().as('n'),
    ])
    .groupBy(['d.kind', 'd.outcome', disputeGroup.receivedYear, disputeGroup.decidedYear]);
}

/** One page of the cases in these groups, each with its request, by the case's receipt day. */
export async function disputesInGroups(
  k: K,
  agencyIds: readonly string[],
  year: number,
  keys: readonly string[],
  page: { limit: number; offset: number },
): Promise<(CellRequestRow & { case_received_on: string })[]> {
  if (agencyIds.length === 0 || keys.length === 0) return [];
  return yearDisputes(k, agencyIds, year)
    .select(['r.id', ...CELL_COLUMNS.map((c) => `r.${c}` as const), 'd.received_on as case_received_on'])
    .where(disputeGroup.key, 'in', keys)
    .orderBy('d.received_on')
    .orderBy('r.tracking_number')
    .orderBy('d.id')
    .limit(page.limit)
    .offset(page.offset)
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

/** The first notices of new requests (seq 1 each), in one statement. */
export async function insertFirstNotices(
  k: K,
  rows: Omit<Insertable<RequestNoticesTable>, 'seq'>[],
): Promise<void> {
  await k
    .insertInto('request_notices')
    .values(rows.map((r) => ({ ...r, seq: 1 })))
    .execute();
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

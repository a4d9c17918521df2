/**
 * 依申请公开: the service other code uses (docs/requests.md). Intake and handling are in intake.ts
 * and handling.ts; here are the reads — lists, the audited identity reveal, the applicant's history,
 * statistics, repeated requests for the documents' self-review — and the composition.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/auth/actor.ts';
import type { FileContent } from '../../core/files/service.ts';
import { assertCan, can } from '../../core/auth/permissions.ts';
import type { Database } from '../../core/db/database.ts';
import { notFound } from '../../core/errors.ts';
import { documentPath } from '../../portal/site.ts';
import { type RequestSettings } from './deadlines.ts';
import {
  APPLICANT_TYPE_LABELS,
  CHANNEL_LABELS,
  DUPLICATE_THRESHOLD,
  REQUEST_STATUS_LABELS,
  similarity,
  type ApplicantType,
  type Channel,
  type DisputeKind,
  type DisputeOutcome,
  type RequestStatus,
} from './model.ts';
import { OUTCOME_INFO, type Outcome } from './outcomes.ts';
import {
  type PublicMatchView,
  type RequestView,
  type StatisticsCellQuery,
  type StatisticsCellView,
  type TrackingView,
} from './schemas.ts';
import {
  CELLS,
  inTableFourCell,
  inTableThreeCell,
  tableFour,
  tableThree,
  type DisputeFact,
  type RequestFact,
  type TableFour,
  type TableThree,
} from './statistics.ts';
import * as store from './store.ts';

import { createContext, REQUEST_ENTITY, type RequestsDeps } from './context.ts';
import { createHandling, type RequestAction } from './handling.ts';
import { createIntake, type IdentityProof, type PublicMatch, type SubmitResult } from './intake.ts';
import { createSettings, type RequestSettingsService } from './settings.ts';
import { archiveZip, type ArchiveEntry } from './export.ts';
import { noticeDocx } from './notice-issue.ts';

export { REQUEST_ENTITY, requestLink, type RequestsDeps } from './context.ts';
export type { PublicMatch, RequestAction, SubmitResult };

type K = Kysely<Database>;

export interface RequestsService {
  /**
   * The portal form (/apply): no account; answers only once the request is committed. Identity
   * proofs, if any, are saved as files first and linked to it as 'identity' papers.
   */
  submit(input: unknown, proofs?: readonly IdentityProof[]): Promise<SubmitResult>;
  /** The largest identity proof the portal accepts, in bytes: the files service's limit. */
  readonly proofMaxBytes: number;
  /** Staff intake for letters, in-person and oral requests, filled in for the applicant. */
  registerForApplicant(actor: Actor, input: unknown): Promise<RequestView & { token: string }>;
  /** /track: the tracking number (or the private link's token) and the phone's last four digits. */
  track(input: unknown): Promise<TrackingView>;
  trackByToken(input: unknown): Promise<TrackingView>;
  alreadyPublic(description: string): Promise<PublicMatch[]>;
  /**
   * The same search for a request's description, for the officer who may answer by pointing to
   * what is already public (条例第三十六条第（一）项): whoever may view the request.
   */
  matches(actor: Actor, id: string): Promise<PublicMatchView[]>;
  get(actor: Actor, id: string): Promise<RequestView>;
  list(actor: Actor, filter: { status?: RequestStatus; year?: number; page: number }): Promise<RequestView[]>;
  /** An identity proof's file: the disclosure office only, and every view is in the audit log. */
  identityProof(actor: Actor, id: string, fileId: string): Promise<FileContent>;
  /** The unmasked identity number: the disclosure office only, and every view is in the audit log. */
  revealIdentity(actor: Actor, id: string): Promise<{ idNumber: string }>;
  act(actor: Actor, id: string, action: RequestAction): Promise<RequestView>;
  /** The daily sweep: corrections and fee windows that lapsed become their replies. */
  lapse(): Promise<{ corrections: number; fees: number }>;
  /** The applicant's requests (条例第三十五条's evidence): staff of the request's agency. */
  history(
    actor: Actor,
    id: string,
  ): Promise<{ trackingNumber: string; receivedOn: string; description: string; status: string }[]>;
  /**
   * Tables 三 and 四 for an agency's year: its own requests ('agency', what its annual report
   * counts), or those of every agency at or below it ('region', the office's overview).
   */
  statistics(
    actor: Actor,
    agencyId: string,
    year: number,
    scope?: 'agency' | 'region',
  ): Promise<{ tableThree: TableThree; tableFour: TableFour }>;
  /**
   * One page of the requests behind a cell of `statistics` (same permission, same scope): the
   * groups the tables' rule counts in the cell, then their requests (table 四: their cases).
   */
  statisticsCell(actor: Actor, query: StatisticsCellQuery): Promise<StatisticsCellView>;
  settingsFor(agencyId: string, ex?: K): Promise<RequestSettings>;
  /** The settings in force for an agency and its own values; editing needs 'request.settings'. */
  settings: RequestSettingsService['settings'];
  updateSettings: RequestSettingsService['updateSettings'];
  /** The notice templates in force for an agency; editing and resetting need 'request.settings'. */
  templates: RequestSettingsService['templates'];
  updateTemplate: RequestSettingsService['updateTemplate'];
  resetTemplate: RequestSettingsService['resetTemplate'];
  /**
   * The year's archive (条例第四十五条): every request of the agency archived in that year (Beijing),
   * its notices as .docx and an index spreadsheet, as one zip; for the disclosure office. Audited.
   */
  archiveExport(actor: Actor, agencyId: string, year: number): Promise<Buffer>;
  /**
   * 条例第四十四条: information several applicants asked for and were given, for the yearly
   * self-review (documents' RepeatedRequestSource): requests of the year alike enough to be one.
   */
  repeatedlyRequested(
    agencyId: string,
    year: number,
  ): Promise<{ title: string; count: number; documentId: string | null }[]>;
  notice(
    actor: Actor | 'applicant',
    requestId: string,
    noticeId: string,
  ): Promise<{ row: store.NoticeRow; agencyName: string }>;
}

const LIST_PAGE = 50;

/** A statistics group as the pure tables take it (years as numbers: a bad one fails their check). */
export const requestFact = (g: store.RequestGroup): RequestFact => ({
  applicant: g.applicant_type as ApplicantType,
  outcome: g.outcome as Outcome | null,
  receivedYear: Number(g.received_year),
  repliedYear: g.replied_year === null ? null : Number(g.replied_year),
  count: g.n,
});

export const disputeFact = (g: store.DisputeGroup): DisputeFact => ({
  kind: g.kind as DisputeKind,
  outcome: g.outcome as DisputeOutcome,
  receivedYear: Number(g.received_year),
  decidedYear: g.decided_year === null ? null : Number(g.decided_year),
  count: g.n,
});

export function createRequestsService(deps: RequestsDeps): RequestsService {
  const ctx = createContext(deps);
  const { k, settingsFor, load, view, get } = ctx;
  const { audit, orgs, sealer } = deps;
  const intake = createIntake(ctx);
  const handling = createHandling(ctx);
  const settings = createSettings(ctx);
  // Identity proofs never leave through the generic file route (GET /api/files/:id).
  deps.files.restrict((fileId) => store.isIdentityFile(k, fileId));

  return {
    submit: intake.submit,
    proofMaxBytes: deps.files.maxBytes,
    registerForApplicant: intake.registerForApplicant,
    track: intake.track,
    trackByToken: intake.trackByToken,
    alreadyPublic: intake.alreadyPublic,
    get,

    async matches(actor, id) {
      const row = await load(k, actor, id, 'request.view');
      const found = await intake.alreadyPublic(row.description);
      return found.map((m) => ({ ...m, url: documentPath(m.id) }));
    },

    async list(actor, filter) {
      const agencies = [...new Set(actor.memberships.map((m) => m.agencyId))];
      const visible: string[] = [];
      for (const a of agencies) if (can(actor, 'request.view', await orgs.agencyPath(a))) visible.push(a);
      // A role held in an agency covers the agencies below it: requests are matched on the path.
      const rows = await store.listForAgencies(k, await orgs.agenciesUnder(visible), {
        ...filter,
        limit: LIST_PAGE,
        offset: (filter.page - 1) * LIST_PAGE,
      });
      return Promise.all(rows.map((r) => view(k, actor, r)));
    },

    async identityProof(actor, id, fileId) {
      const row = await load(k, actor, id, 'request.identity');
      const papers = await store.filesOf(k, row.id);
      if (!papers.some((p) => p.file_id === fileId && p.purpose === 'identity')) {
        throw notFound('未找到该证件材料');
      }
      const file = await deps.files.read(fileId);
      await k.transaction().execute((trx) =>
        audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: REQUEST_ENTITY,
          entityId: row.id,
          action: 'request.identity_proof_viewed',
          after: { fileId },
        }),
      );
      return file;
    },

    async revealIdentity(actor, id) {
      return k.transaction().execute(async (trx) => {
        const row = await load(trx, actor, id, 'request.identity');
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: REQUEST_ENTITY,
          entityId: row.id,
          action: 'request.identity_viewed',
          after: { idType: row.id_type },
        });
        return { idNumber: sealer.open(row.id_number_sealed) };
      });
    },

    act: handling.act,
    lapse: handling.lapse,

    async history(actor, id) {
      const row = await load(k, actor, id, 'request.register');
      return (await store.historyOf(k, row.applicant_key)).map((r) => ({
        trackingNumber: r.tracking_number,
        receivedOn: r.received_on,
        description: r.description,
        status: r.status,
      }));
    },

    async statistics(actor, agencyId, year, scope = 'agency') {
      const agencies = await statisticsAgencies(actor, agencyId, scope);
      const requests = await store.requestGroups(k, agencies, year);
      const cases = await store.disputeGroups(k, agencies, year);
      return {
        tableThree: tableThree(requests.map(requestFact), year),
        tableFour: tableFour(cases.map(disputeFact), year),
      };
    },

    async statisticsCell(actor, { agencyId, year, scope, cell, page }) {
      const agencies = await statisticsAgencies(actor, agencyId, scope);
      const slice = { limit: LIST_PAGE, offset: (page - 1) * LIST_PAGE };
      // The groups in the cell by the rule that counts them, then the records of those groups.
      let members: { key: string; n: number }[];
      let rows: (store.CellRequestRow & { case_received_on?: string })[];
      if (CELLS.get(cell)?.table === 'four') {
        members = (await store.disputeGroups(k, agencies, year)).filter((g) =>
          inTableFourCell(disputeFact(g), year, cell),
        );
        rows = await store.disputesInGroups(
          k,
          agencies,
          year,
          members.map((g) => g.key),
          slice,
        );
      } else {
        members = (await store.requestGroups(k, agencies, year)).filter((g) =>
          inTableThreeCell(requestFact(g), year, cell),
        );
        rows = await store.requestsInGroups(
          k,
          agencies,
          year,
          members.map((g) => g.key),
          slice,
        );
      }
      const names = await orgs.agencyNames([...new Set(rows.map((r) => r.agency_id))]);
      return {
        cell,
        total: members.reduce((n, g) => n + g.n, 0),
        page,
        pageSize: LIST_PAGE,
        requests: rows.map((r) => ({
          id: r.id,
          trackingNumber: r.tracking_number,
          agencyId: r.agency_id,
          agencyName: names.get(r.agency_id) ?? '',
          applicantType: r.applicant_type as ApplicantType,
          applicantName: r.applicant_name,
          status: r.status as RequestStatus,
          outcome: r.outcome as Outcome | null,
          receivedOn: r.received_on,
          repliedOn: r.replied_on,
          caseReceivedOn: r.case_received_on ?? null,
        })),
      };
    },

    settingsFor,

    async archiveExport(actor, agencyId, year) {
      assertCan(actor, 'request.register', await orgs.agencyPath(agencyId));
      // Beijing's year: from 1 January 00:00 at UTC+8.
      const rows = await store.archivedIn(
        k,
        agencyId,
        `${year - 1}-12-31T16:00:00.000Z`,
        `${year}-12-31T16:00:00.000Z`,
      );
      const agency = await orgs.get(agencyId);
      const entries: ArchiveEntry[] = [];
      for (const r of rows) {
        const notices = await store.noticesOf(k, r.id);
        entries.push({
          trackingNumber: r.tracking_number,
          receivedOn: r.received_on,
          channel: CHANNEL_LABELS[r.channel as Channel],
          applicantType: APPLICANT_TYPE_LABELS[r.applicant_type as ApplicantType],
          applicantName: r.applicant_name,
          description: r.description,
          status: REQUEST_STATUS_LABELS[r.status as RequestStatus],
          outcome: r.outcome ? OUTCOME_INFO[r.outcome as Outcome].label : '',
          repliedOn: r.replied_on ?? '',
          archivedAt: r.archived_at ?? '',
          notices: await Promise.all(
            notices.map(async (n) => ({
              seq: n.seq,
              title: n.title,
              issuedOn: n.issued_on,
              deliveredAt: n.delivered_at ?? '',
              docx: new Uint8Array(await noticeDocx(n, agency.name)),
            })),
          ),
        });
      }
      const zip = await archiveZip(year, agency.name, entries);
      await k.transaction().execute((trx) =>
        audit.record(trx, {
          actor,
          agencyId,
          entityType: REQUEST_ENTITY,
          entityId: agencyId,
          action: 'request.archive_exported',
          after: { year, requests: entries.length },
        }),
      );
      return zip;
    },
    settings: settings.settings,
    updateSettings: settings.updateSettings,
    templates: settings.templates,
    updateTemplate: settings.updateTemplate,
    resetTemplate: settings.resetTemplate,

    async repeatedlyRequested(agencyId, year) {
      const rows = await store.disclosedIn(k, agencyId, `${year}-01-01`, `${year}-12-31`);
      const groups: { title: string; count: number; applicants: Set<string> }[] = [];
      for (const r of rows) {
        const g = groups.find((x) => similarity(x.title, r.description) >= DUPLICATE_THRESHOLD);
        if (g) {
          g.count += 1;
          g.applicants.add(r.applicant_key);
        } else groups.push({ title: r.description, count: 1, applicants: new Set([r.applicant_key]) });
      }
      return groups
        .filter((g) => g.applicants.size >= 2)
        .sort((a, b) => b.count - a.count)
        .map((g) => ({
          title: g.title.length > 80 ? `${g.title.slice(0, 80)}…` : g.title,
          count: g.count,
          documentId: null,
        }));
    },

    async notice(who, requestId, noticeId) {
      const row =
        who === 'applicant'
          ? await store.getRequest(k, requestId)
          : await load(k, who, requestId, 'request.view');
      const n = row ? await store.getNotice(k, row.id, noticeId) : undefined;
      if (!row || !n || (who === 'applicant' && n.addressee !== 'applicant'))
        throw notFound('未找到该告知书');
      return { row: n, agencyName: (await orgs.get(row.agency_id)).name };
    },
  };

  /**
   * The agencies a statistics call counts: the agency's own requests, or with scope 'region' those
   * of every agency at or below it; the actor must be allowed to view the agency's requests.
   */
  async function statisticsAgencies(
    actor: Actor,
    agencyId: string,
    scope: 'agency' | 'region',
  ): Promise<string[]> {
    assertCan(actor, 'request.view', await orgs.agencyPath(agencyId));
    return scope === 'region' ? orgs.agenciesUnder([agencyId]) : [agencyId];
  }
}

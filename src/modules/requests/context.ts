/**
 * The shared core of the requests service: settings, the scoped load (the receiving agency, or the
 * responsible unit for handling), the view, `move` (the one place a status changes, with its audit
 * event), notices and the reply. intake.ts, handling.ts and service.ts build on it.
 */
import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { can } from '../../core/auth/permissions.ts';
import type { Role } from '../../core/auth/roles.ts';
import type { AuditService } from '../../core/audit/service.ts';
import { shanghaiDate } from '../../core/calendar/dates.ts';
import type { CalendarReader } from '../../core/calendar/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import type { Database } from '../../core/db/database.ts';
import type { DeadlinesService } from '../../core/deadlines/service.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Sealer } from '../../core/sealed.ts';
import type { FilesService } from '../../core/files/service.ts';
import type { SearchService } from '../../core/search/service.ts';
import { effectiveRequestSettings, milestoneDates, type RequestSettings } from './deadlines.ts';
import {
  availableEvents,
  transition,
  type ApplicantType,
  type Channel,
  type ConsultationAnswer,
  type ConsultationKind,
  type RequestEvent,
  type RequestStatus,
} from './model.ts';
import { renderNotice, type NoticeFacts } from './notice-issue.ts';
import type { NoticeKind, Template } from './notices.ts';
import { type Outcome, type ReplyDraft } from './outcomes.ts';
import { type RequestView } from './schemas.ts';
import * as store from './store.ts';
import type { RequestRow } from './store.ts';
import type { RequestNoticesTable } from './tables.ts';

type K = Kysely<Database>;

export const REQUEST_ENTITY = 'request';
export const requestLink = (id: string): string => `/console/requests/${id}`;

/** 黄岩区 行政争议处置工作流程: the defence is drafted within 10 working days, the units' evidence within 5. */
export const DEFENCE_DAYS = 10;
export const EVIDENCE_DAYS = 5;

export interface RequestsDeps {
  db: Db;
  clock: Clock;
  audit: Pick<AuditService, 'record' | 'recordMany'>;
  calendar: CalendarReader;
  deadlines: Pick<
    DeadlinesService,
    'open' | 'openMany' | 'close' | 'reassign' | 'get' | 'pause' | 'resume' | 'restart' | 'extend'
  >;
  orgs: {
    agencyPath(id: string, ex?: K): Promise<string[]>;
    /** The agencies at or below these (a government's office: all its government leads). */
    agenciesUnder(ids: readonly string[]): Promise<string[]>;
    agencyNames(ids: readonly string[]): Promise<Map<string, string>>;
    get(
      id: string,
      ex?: K,
    ): Promise<{
      id: string;
      name: string;
      regionCode: string;
      phone: string | null;
      address: string | null;
    }>;
  };
  users: {
    getUser(
      id: string,
    ): Promise<{ id: string; displayName: string; memberships: { agencyId: string; roles: Role[] }[] }>;
    usersWithRole(agencyId: string, role: Role): Promise<{ id: string }[]>;
  };
  sealer: Sealer;
  /** Uploaded papers: case scans, and identity proofs kept out of the generic file route. */
  files: Pick<FilesService, 'get' | 'read' | 'restrict' | 'save' | 'maxBytes'>;
  /** Published documents that may already answer a request (条例第三十六条第一项). */
  search: Pick<SearchService, 'search'>;
}

/** The agency a notice is written from and its own template of the notice's kind (null: the default). */
export interface Letterhead {
  agency: { name: string; phone: string | null; address: string | null };
  template: Template | null;
}

/** A notice of `kind` from an agency, given the templates in force there (`nearestTemplates`). */
export function letterhead(
  agency: Letterhead['agency'],
  templates: ReadonlyMap<string, store.TemplateRow>,
  kind: NoticeKind,
): Letterhead {
  const own = templates.get(kind);
  return { agency, template: own ? { kind, title: own.title, body: own.body } : null };
}

/** What a notice needs of its request. */
export type NoticeRequest = Pick<
  RequestRow,
  'id' | 'applicant_name' | 'tracking_number' | 'received_on' | 'description' | 'delivery'
>;

/** A reply's remedies, for replies the system issues itself. */
export type Remedies = { reconsiderationOrgan: string; court: string };

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

/**
 * What the parts of the requests service share: settings, the scoped load, the view, the one
 * place a status changes (`move`), notices, and the reply. Built once per service.
 */
export type RequestContext = ReturnType<typeof createContext>;

export function createContext(deps: RequestsDeps) {
  const { clock, audit, calendar, deadlines, orgs } = deps;
  const k = deps.db.kysely;
  const now = (): Date => clock.now();
  const today = (): string => shanghaiDate(now());

  async function settingsFor(agencyId: string, ex: K = k): Promise<RequestSettings> {
    return settingsOnPath(await orgs.agencyPath(agencyId, ex), ex);
  }

  /** The settings in force at the end of an authority path (orgs.agencyPath), read once by the caller. */
  async function settingsOnPath(path: string[], ex: K = k): Promise<RequestSettings> {
    return effectiveRequestSettings(path, (await store.settingsRows(ex, path)).map(settingsRow));
  }

  /**
   * Where a role acts for an agency's requests: the nearest agency on its authority path with
   * someone holding the role (a department without its own disclosure officer is served by its
   * government's office, decision 0006). Reads users through AUTH's own handle: call it before a
   * transaction opens. `path`: the agency's authority path, when the caller has read it already.
   */
  async function roleAgency(agencyId: string, role: Role, path?: string[]): Promise<string> {
    for (const a of [...(path ?? (await orgs.agencyPath(agencyId)))].reverse()) {
      if ((await deps.users.usersWithRole(a, role)).length > 0) return a;
    }
    return agencyId;
  }

  async function regionOf(agencyId: string, ex: K): Promise<string> {
    return (await orgs.get(agencyId, ex)).regionCode;
  }

  /** The templates in force for an agency, by kind: the nearest agency's edit up the tree wins. */
  async function nearestTemplates(agencyId: string, ex: K = k): Promise<Map<string, store.TemplateRow>> {
    return templatesOnPath(await orgs.agencyPath(agencyId, ex), ex);
  }

  /** `nearestTemplates` for the agency at the end of an authority path, read once by the caller. */
  async function templatesOnPath(path: string[], ex: K = k): Promise<Map<string, store.TemplateRow>> {
    const rows = await store.templatesFor(ex, path);
    // The path runs from the root down: later (nearer) agencies overwrite earlier ones.
    const sorted = [...rows].sort((a, b) => path.indexOf(a.agency_id) - path.indexOf(b.agency_id));
    return new Map(sorted.map((r) => [r.kind, r]));
  }

  /** The notice filled from the letterhead (read beforehand), as the row that keeps it. */
  function noticeRow(
    actor: Actor,
    row: NoticeRequest,
    addressee: string,
    facts: NoticeFacts,
    head: Letterhead,
  ): Omit<Insertable<RequestNoticesTable>, 'seq'> {
    const { agency } = head;
    const notice = renderNotice(
      head.template,
      {
        applicantName: row.applicant_name,
        agencyName: agency.name,
        trackingNumber: row.tracking_number,
        receivedOn: row.received_on,
        description: row.description,
        issuedOn: today(),
        contact: agency.phone
          ? `${agency.name}，电话 ${agency.phone}${agency.address ? `，地址 ${agency.address}` : ''}`
          : agency.name,
      },
      facts,
    );
    const online = row.delivery === 'online' && addressee === 'applicant';
    return {
      id: newId(),
      request_id: row.id,
      kind: facts.kind,
      addressee,
      title: notice.title,
      paragraphs: JSON.stringify(notice.paragraphs),
      issued_on: today(),
      issued_by: actor.userId,
      delivered_at: online ? now().toISOString() : null,
      delivery_method: online ? 'online' : null,
      created_at: now().toISOString(),
    };
  }

  /** Generates a notice from the agency's template and keeps it with the request. */
  async function issue(trx: K, actor: Actor, row: RequestRow, addressee: string, facts: NoticeFacts) {
    const head = letterhead(
      await orgs.get(row.agency_id, trx),
      await nearestTemplates(row.agency_id, trx),
      facts.kind,
    );
    await store.insertNotice(trx, noticeRow(actor, row, addressee, facts, head));
  }

  async function load(
    ex: K,
    actor: Actor,
    id: string,
    action:
      | 'request.view'
      | 'request.register'
      | 'request.handle'
      | 'request.approve'
      | 'request.extend'
      | 'request.identity',
  ) {
    const row = await store.getRequest(ex, id);
    if (!row) throw notFound('未找到该申请，或您无权访问');
    const paths = [await orgs.agencyPath(row.agency_id, ex)];
    if (row.responsible_agency_id) paths.push(await orgs.agencyPath(row.responsible_agency_id, ex));
    if (!paths.some((p) => can(actor, 'request.view', p))) throw notFound('未找到该申请，或您无权访问');
    // The responsible unit handles (searches, drafts); everything else is the receiving agency's.
    const pathFor = action === 'request.handle' && row.responsible_agency_id ? paths[1] : paths[0];
    if (action !== 'request.view' && !can(actor, action, pathFor ?? [])) {
      throw forbidden('您不在该申请的受理或承办机关，或没有相应权限，不能执行此操作');
    }
    return row;
  }

  async function view(ex: K, actor: Actor, row: RequestRow): Promise<RequestView> {
    const [agency, deadline, consultations, notices, disputes, files, settings] = await Promise.all([
      orgs.get(row.agency_id, ex),
      row.deadline_id ? deadlines.get(row.deadline_id) : Promise.resolve(null),
      store.consultationsOf(ex, row.id),
      store.noticesOf(ex, row.id),
      store.disputesOf(ex, row.id),
      store.filesOf(ex, row.id),
      settingsFor(row.agency_id, ex),
    ]);
    const cal = await calendar.load(ex);
    const status = row.status as RequestStatus;
    // Names of who handles it (read outside any transaction: views are built after commit).
    const unit = row.responsible_agency_id ? await orgs.get(row.responsible_agency_id, ex) : null;
    const assignee = row.assignee_id ? await deps.users.getUser(row.assignee_id) : null;
    return {
      id: row.id,
      agencyId: row.agency_id,
      agencyName: agency.name,
      trackingNumber: row.tracking_number,
      status,
      channel: row.channel as Channel,
      receivedOn: row.received_on,
      intakeBy: row.intake_by,
      intakeNote: row.intake_note,
      applicantType: row.applicant_type as ApplicantType,
      applicantName: row.applicant_name,
      contactPerson: row.contact_person,
      idType: row.id_type as RequestView['idType'],
      idNumberMasked: row.id_number_masked,
      phone: row.phone,
      email: row.email,
      address: row.address,
      description: row.description,
      purpose: row.purpose,
      form: row.form as RequestView['form'],
      delivery: row.delivery as RequestView['delivery'],
      responsibleAgencyId: row.responsible_agency_id,
      responsibleAgencyName: unit?.name ?? null,
      assigneeId: row.assignee_id,
      assigneeName: assignee?.displayName ?? null,
      deadline,
      milestones: milestoneDates(cal, row.received_on, settings, agency.regionCode),
      correction: row.correction_notice_on
        ? {
            items: json<string[]>(row.correction_items) ?? [],
            noticeOn: row.correction_notice_on,
            dueOn: row.correction_due_on ?? '',
            correctedOn: row.corrected_on,
          }
        : null,
      extensionDays: row.extension_days,
      longLimitDays: row.long_limit_days,
      fee: json(row.fee),
      feeDueOn: row.fee_due_on,
      paidOn: row.paid_on,
      searchRecord: row.search_record,
      reply: json(row.reply),
      outcome: row.outcome as Outcome | null,
      repliedOn: row.replied_on,
      archivedAt: row.archived_at,
      similar: json(row.similar) ?? [],
      consultations: consultations.map((c) => ({
        id: c.id,
        kind: c.kind as ConsultationKind,
        party: c.party,
        matter: c.matter,
        sentOn: c.sent_on,
        dueOn: c.due_on,
        answer: c.answer as ConsultationAnswer | null,
        answeredOn: c.answered_on,
        note: c.answer_note,
        overrideReason: c.override_reason,
      })),
      notices: notices.map(noticeView),
      disputes: disputes.map((d) => ({
        id: d.id,
        kind: d.kind as RequestView['disputes'][number]['kind'],
        receivedOn: d.received_on,
        body: d.body,
        defenceDueOn: d.defence_due_on,
        evidenceDueOn: d.evidence_due_on,
        outcome: d.outcome as RequestView['disputes'][number]['outcome'],
        decidedOn: d.decided_on,
        followUp: d.follow_up,
        hearings: json(d.hearings) ?? [],
      })),
      caseFiles: files.filter((f) => f.purpose === 'case').map((f) => ({ id: f.id, fileId: f.file_id })),
      identityProofs: files.filter((f) => f.purpose === 'identity').length,
      allowedEvents: actor === systemActor ? [] : availableEvents(status),
    };
  }

  /** Moves the state by `event` and records it: the one place a request's status changes. */
  async function move(
    trx: K,
    actor: Actor,
    row: RequestRow,
    event: RequestEvent,
    patch: Parameters<typeof store.updateRequest>[2],
    detail: Record<string, unknown>,
  ) {
    const to = transition(row.status as RequestStatus, event);
    await store.updateRequest(trx, row.id, { ...patch, status: to, updated_at: now().toISOString() });
    await audit.record(trx, {
      actor,
      agencyId: row.agency_id,
      entityType: REQUEST_ENTITY,
      entityId: row.id,
      action: `request.${event}`,
      before: { status: row.status },
      after: { status: to, ...detail },
    });
    return to;
  }

  async function closeClock(trx: K, row: RequestRow) {
    if (row.deadline_id) await deadlines.close(trx, row.deadline_id);
  }

  /** Issues the reply (the category counts in the annual report) and closes the clock. */
  async function reply(trx: K, actor: Actor, row: RequestRow, event: RequestEvent, draft: ReplyDraft) {
    await move(
      trx,
      actor,
      row,
      event,
      { reply: JSON.stringify(draft), outcome: draft.outcome, replied_on: today() },
      { outcome: draft.outcome },
    );
    await closeClock(trx, row);
    await issue(trx, actor, row, 'applicant', { kind: 'reply', reply: draft });
  }

  async function get(actor: Actor, id: string): Promise<RequestView> {
    const row = await load(k, actor, id, 'request.view');
    return view(k, actor, row);
  }

  /** Remedies for replies the system issues (lapses): the government above, and the local court. */
  async function defaultRemedies(
    trx: K,
    row: RequestRow,
  ): Promise<{ reconsiderationOrgan: string; court: string }> {
    const path = await orgs.agencyPath(row.agency_id, trx);
    const root = await orgs.get(path[0] ?? row.agency_id, trx);
    return { reconsiderationOrgan: root.name, court: '有管辖权的人民法院' };
  }

  return {
    deps,
    k,
    now,
    today,
    settingsFor,
    roleAgency,
    regionOf,
    nearestTemplates,
    settingsOnPath,
    templatesOnPath,
    noticeRow,
    issue,
    load,
    view,
    move,
    reply,
    defaultRemedies,
    get,
  };
}

export function settingsRow(r: store.SettingsRow) {
  return {
    agencyId: r.agency_id,
    replyDays: r.reply_days,
    extensionDays: r.extension_days,
    correctionPeriodDays: r.correction_period_days,
    feeWindowCounted: r.fee_window_counted === null ? null : r.fee_window_counted === 1,
    milestones: r.milestones === null ? null : (JSON.parse(r.milestones) as Record<string, number>),
  };
}

export function noticeView(n: store.NoticeRow) {
  return {
    id: n.id,
    kind: n.kind as NoticeKind,
    addressee: n.addressee,
    title: n.title,
    paragraphs: JSON.parse(n.paragraphs) as string[],
    issuedOn: n.issued_on,
    deliveredAt: n.delivered_at,
    deliveryMethod: n.delivery_method,
  };
}

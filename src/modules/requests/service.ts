/**
 * 依申请公开: intake from the portal and by staff, the handling state machine on the legal clock,
 * notices, disputes, statistics and settings. Every change is one transaction with its audit event
 * (docs/requests.md; the lifecycle in docs/state-machines.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { assertCan, can } from '../../core/auth/permissions.ts';
import type { Role } from '../../core/auth/roles.ts';
import type { AuditService } from '../../core/audit/service.ts';
import { addDays, shanghaiDate, yearOf } from '../../core/calendar/dates.ts';
import type { CalendarReader } from '../../core/calendar/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import type { Database } from '../../core/db/database.ts';
import type { DeadlinesService } from '../../core/deadlines/service.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Sealer } from '../../core/sealed.ts';
import type { SearchService } from '../../core/search/service.ts';
import { parseInput } from '../../core/validation.ts';
import {
  addWorkingDays,
  AGENCY_CONSULTATION_DAYS,
  correctionNoticeProblem,
  effectiveRequestSettings,
  extensionProblem,
  longLimitProblem,
  milestoneDates,
  replySpec,
  THIRD_PARTY_DAYS,
  type RequestSettings,
} from './deadlines.ts';
import {
  checkFeeInput,
  PAYMENT_WINDOW_WORKING_DAYS,
  perItemFee,
  perPageApplies,
  perPageFee,
} from './fees.ts';
import { lookupQueries } from './lookup.ts';
import {
  availableEvents,
  disclosureBlockedBy,
  DUPLICATE_THRESHOLD,
  formatTrackingNumber,
  idNumberProblem,
  maskIdNumber,
  phoneTail,
  receiptDate,
  CHANNEL_LABELS,
  REQUEST_STATUS_LABELS,
  similarity,
  transition,
  type ApplicantType,
  type Channel,
  type ConsultationAnswer,
  type ConsultationKind,
  type RequestEvent,
  type RequestStatus,
} from './model.ts';
import { renderNotice, type NoticeFacts } from './notice-issue.ts';
import type { NoticeKind } from './notices.ts';
import { checkReply, type Outcome, type ReplyDraft } from './outcomes.ts';
import {
  applicationSchema,
  assignSchema,
  consultationAnswerSchema,
  consultationSchema,
  correctedSchema,
  correctionSchema,
  deliverySchema,
  disputeSchema,
  disputeUpdateSchema,
  extensionSchema,
  feeSchema,
  longLimitSchema,
  paymentSchema,
  reasonsSchema,
  replySchema,
  returnDraftSchema,
  searchRecordSchema,
  staffIntakeSchema,
  trackSchema,
  tokenTrackSchema,
  type RequestView,
  type TrackingView,
} from './schemas.ts';
import { tableFour, tableThree, type TableFour, type TableThree } from './statistics.ts';
import * as store from './store.ts';
import type { RequestRow } from './store.ts';

type K = Kysely<Database>;

export const REQUEST_ENTITY = 'request';
export const requestLink = (id: string): string => `/console/requests/${id}`;

/** 黄岩区 行政争议处置工作流程: the defence is drafted within 10 working days, the units' evidence within 5. */
export const DEFENCE_DAYS = 10;
export const EVIDENCE_DAYS = 5;

export interface RequestsDeps {
  db: Db;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  calendar: CalendarReader;
  deadlines: Pick<
    DeadlinesService,
    'open' | 'close' | 'reassign' | 'get' | 'pause' | 'resume' | 'restart' | 'extend'
  >;
  orgs: {
    agencyPath(id: string, ex?: K): Promise<string[]>;
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
  users: { getUser(id: string): Promise<{ id: string; memberships: { agencyId: string; roles: Role[] }[] }> };
  sealer: Sealer;
  /** Published documents that may already answer a request (条例第三十六条第一项). */
  search: Pick<SearchService, 'search'>;
}

/** A published document that may already answer the request. */
export interface PublicMatch {
  id: string;
  title: string;
  docNumber: string | null;
  publishedOn: string;
}

export interface SubmitResult {
  trackingNumber: string;
  /** The private link's token: given to the applicant once, kept only as a hash. */
  token: string;
  receivedOn: string;
  dueOn: string;
}

export interface RequestsService {
  /** The portal form (/apply): no account; answers only once the request is committed. */
  submit(input: unknown): Promise<SubmitResult>;
  /** Staff intake for letters, in-person and oral requests, filled in for the applicant. */
  registerForApplicant(actor: Actor, input: unknown): Promise<RequestView & { token: string }>;
  /** /track: the tracking number (or the private link's token) and the phone's last four digits. */
  track(input: unknown): Promise<TrackingView>;
  trackByToken(input: unknown): Promise<TrackingView>;
  alreadyPublic(description: string): Promise<PublicMatch[]>;
  get(actor: Actor, id: string): Promise<RequestView>;
  list(actor: Actor, filter: { status?: RequestStatus; year?: number; page: number }): Promise<RequestView[]>;
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
  statistics(
    actor: Actor,
    agencyId: string,
    year: number,
  ): Promise<{ tableThree: TableThree; tableFour: TableFour }>;
  settingsFor(agencyId: string, ex?: K): Promise<RequestSettings>;
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

/** The actions on a request, each one event of the state machine or a record beside it. */
export type RequestAction =
  | { type: 'request_correction'; input: unknown }
  | { type: 'receive_correction'; input: unknown }
  | { type: 'assign'; input: unknown }
  | { type: 'record_search'; input: unknown }
  | { type: 'start_consultation'; input: unknown }
  | { type: 'answer_consultation'; consultationId: string; input: unknown }
  | { type: 'extend'; input: unknown }
  | { type: 'ask_reasons'; input: unknown }
  | { type: 'set_long_limit'; input: unknown }
  | { type: 'issue_fee_notice'; input: unknown }
  | { type: 'record_payment'; input: unknown }
  | { type: 'draft_reply'; input: unknown }
  | { type: 'return_draft'; input: unknown }
  | { type: 'approve_reply' }
  | { type: 'record_delivery'; input: unknown }
  | { type: 'archive' }
  | { type: 'add_dispute'; input: unknown }
  | { type: 'update_dispute'; disputeId: string; input: unknown };

const LIST_PAGE = 50;
/** How the fee is paid (非税收入, 国办函〔2020〕109号); an agency may edit the fee notice's template. */
const PAYMENT_METHOD = '持本通知到本机关政府信息公开工作机构办理缴款手续，或通过当地非税收入电子缴款渠道缴纳';
/** How far back a new request is compared with earlier ones for repeats. */
const SIMILAR_WINDOW_DAYS = 365;
const SIMILAR_CANDIDATES = 300;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

export function createRequestsService(deps: RequestsDeps): RequestsService {
  const { db, clock, audit, calendar, deadlines, orgs, sealer, search } = deps;
  const k = db.kysely;
  const now = (): Date => clock.now();
  const today = (): string => shanghaiDate(now());

  async function settingsFor(agencyId: string, ex: K = k): Promise<RequestSettings> {
    const path = await orgs.agencyPath(agencyId, ex);
    return effectiveRequestSettings(path, (await store.settingsRows(ex, path)).map(settingsRow));
  }

  async function regionOf(agencyId: string, ex: K): Promise<string> {
    return (await orgs.get(agencyId, ex)).regionCode;
  }

  /** Everything a request needs at intake, checked before anything is written. */
  function checkApplication(input: {
    idType: string;
    idNumber: string;
    applicantType: ApplicantType;
    contactPerson?: string | undefined;
  }) {
    const problem = idNumberProblem(
      input.idType as Parameters<typeof idNumberProblem>[0],
      input.idNumber,
      now(),
    );
    if (problem) throw invalid(problem, { idNumber: problem });
    if (input.applicantType !== 'natural_person' && input.idType !== 'uscc' && input.idType !== 'other') {
      const m = '法人或其他组织请填写统一社会信用代码或其他有效证件';
      throw invalid(m, { idType: m });
    }
  }

  async function similarTo(
    ex: K,
    agencyId: string,
    applicantKey: string,
    description: string,
    receivedOn: string,
  ) {
    const candidates = await store.recentForComparison(ex, {
      applicantKey,
      agencyId,
      since: addDays(receivedOn, -SIMILAR_WINDOW_DAYS),
      limit: SIMILAR_CANDIDATES,
    });
    return candidates
      .map((c) => ({
        id: c.id,
        trackingNumber: c.tracking_number,
        score: Math.round(similarity(description, c.description) * 100) / 100,
        sameApplicant: c.applicant_key === applicantKey,
      }))
      .filter((c) => c.score >= DUPLICATE_THRESHOLD)
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
  }

  /** Writes a new request, its clock and its acknowledgement; returns the id and the token. */
  async function create(
    trx: K,
    actor: Actor,
    app: ReturnType<typeof applicationSchema.parse>,
    intake: {
      channel: Channel;
      receivedOn: string;
      intakeBy: string | null;
      intakeNote: string | null;
      fileIds: string[];
    },
  ): Promise<{ id: string; token: string; trackingNumber: string; dueOn: string }> {
    const agency = await orgs.get(app.agencyId, trx);
    const settings = await settingsFor(agency.id, trx);
    const at = now().toISOString();
    const id = newId();
    const token = randomBytes(24).toString('base64url');
    const year = yearOf(intake.receivedOn);
    const trackingNumber = formatTrackingNumber(year, await store.nextSequence(trx, year));
    const idNumber = app.idNumber.trim().toUpperCase();
    const applicantKey = sealer.lookupKey(`${app.idType}:${idNumber}`);
    const similar = await similarTo(trx, agency.id, applicantKey, app.description, intake.receivedOn);
    const deadline = await deadlines.open(trx, {
      entityType: REQUEST_ENTITY,
      entityId: id,
      agencyId: agency.id,
      assigneeRole: 'disclosure_officer',
      title: `依申请公开 ${trackingNumber}`,
      link: requestLink(id),
      spec: replySpec(intake.receivedOn, settings, agency.regionCode),
    });
    await store.insertRequest(trx, {
      id,
      agency_id: agency.id,
      tracking_number: trackingNumber,
      token_hash: sha256(token),
      status: 'registered',
      channel: intake.channel,
      received_on: intake.receivedOn,
      submitted_at: at,
      intake_by: intake.intakeBy,
      intake_note: intake.intakeNote,
      applicant_type: app.applicantType,
      applicant_name: app.applicantName,
      contact_person: app.contactPerson ?? null,
      id_type: app.idType,
      id_number_sealed: sealer.seal(idNumber),
      id_number_masked: maskIdNumber(idNumber),
      applicant_key: applicantKey,
      phone: app.phone,
      phone_tail: phoneTail(app.phone),
      email: app.email ?? null,
      address: app.address ?? null,
      postal_code: app.postalCode ?? null,
      description: app.description,
      purpose: app.purpose ?? null,
      form: app.form,
      delivery: app.delivery,
      responsible_agency_id: null,
      assignee_id: null,
      deadline_id: deadline.id,
      correction_items: null,
      correction_notice_on: null,
      correction_due_on: null,
      corrected_on: null,
      extension_days: null,
      reasons_requested_on: null,
      long_limit_days: null,
      fee: null,
      fee_notice_on: null,
      fee_due_on: null,
      paid_on: null,
      search_record: null,
      reply: null,
      outcome: null,
      replied_on: null,
      delivered_at: null,
      archived_at: null,
      similar: JSON.stringify(similar),
      created_at: at,
      updated_at: at,
    });
    for (const fileId of intake.fileIds) {
      await store.insertFile(trx, {
        id: newId(),
        request_id: id,
        file_id: fileId,
        purpose: 'case',
        added_by: actor.userId,
        created_at: at,
      });
    }
    const row = (await store.getRequest(trx, id)) as RequestRow;
    await issue(trx, actor, row, 'applicant', {
      kind: 'acknowledgement',
      channel: CHANNEL_LABELS[intake.channel],
      dueOn: deadline.dueDate,
    });
    await audit.record(trx, {
      actor,
      agencyId: agency.id,
      entityType: REQUEST_ENTITY,
      entityId: id,
      action: 'request.registered',
      // Never the identity number or the phone: the audit log is read by supervisors.
      after: {
        trackingNumber,
        channel: intake.channel,
        receivedOn: intake.receivedOn,
        intakeBy: intake.intakeBy,
        similar: similar.length,
      },
    });
    return { id, token, trackingNumber, dueOn: deadline.dueDate };
  }

  /** Generates a notice from the agency's template and keeps it with the request. */
  async function issue(trx: K, actor: Actor, row: RequestRow, addressee: string, facts: NoticeFacts) {
    const kind: NoticeKind = facts.kind;
    const agency = await orgs.get(row.agency_id, trx);
    const path = await orgs.agencyPath(row.agency_id, trx);
    const templates = await store.templatesFor(trx, path);
    // The nearest agency's template wins (the path runs from the root down).
    const own = [...templates]
      .sort((a, b) => path.indexOf(b.agency_id) - path.indexOf(a.agency_id))
      .find((t) => t.kind === kind);
    const notice = renderNotice(
      own ? { kind, title: own.title, body: own.body } : null,
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
    const noticeId = newId();
    await store.insertNotice(trx, {
      id: noticeId,
      request_id: row.id,
      kind,
      addressee,
      title: notice.title,
      paragraphs: JSON.stringify(notice.paragraphs),
      issued_on: today(),
      issued_by: actor.userId,
      delivered_at: row.delivery === 'online' && addressee === 'applicant' ? now().toISOString() : null,
      delivery_method: row.delivery === 'online' && addressee === 'applicant' ? 'online' : null,
      created_at: now().toISOString(),
    });
    return noticeId;
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
      assigneeId: row.assignee_id,
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

  async function act(actor: Actor, id: string, action: RequestAction): Promise<RequestView> {
    // Read through AUTH's own handle before the transaction: on SQLite (one connection) a read
    // outside the open transaction would wait for it.
    const assignee =
      action.type === 'assign'
        ? await deps.users.getUser(parseInput(assignSchema, action.input).assigneeId)
        : null;
    const result = await k.transaction().execute(async (trx) => {
      const need = ACTION_PERMISSION[action.type];
      const row = await load(trx, actor, id, need);
      if (row.status === 'archived') throw conflict('该申请已归档，不能再修改', 'archived');
      const cal = await calendar.load(trx);
      const region = await regionOf(row.agency_id, trx);
      const settings = await settingsFor(row.agency_id, trx);
      const t = today();
      switch (action.type) {
        case 'request_correction': {
          const input = parseInput(correctionSchema, action.input);
          transition(row.status as RequestStatus, 'request_correction');
          const problem = correctionNoticeProblem({
            calendar: cal,
            receivedOn: row.received_on,
            today: t,
            regionCode: region,
            noticesSent: row.correction_notice_on ? 1 : 0,
          });
          if (problem) throw conflict(problem, 'correction_refused');
          const due = addWorkingDays(cal, t, settings.correctionPeriodDays, region);
          await move(
            trx,
            actor,
            row,
            'request_correction',
            {
              correction_items: JSON.stringify(input.items),
              correction_notice_on: t,
              correction_due_on: due,
            },
            { items: input.items, dueOn: due },
          );
          if (row.deadline_id)
            await deadlines.pause(trx, row.deadline_id, { reason: '补正（条例第三十条）' });
          await issue(trx, actor, row, 'applicant', {
            kind: 'correction',
            items: input.items,
            correctionDueOn: due,
          });
          break;
        }
        case 'receive_correction': {
          const input = parseInput(correctedSchema, action.input);
          if (input.receivedOn < (row.correction_notice_on ?? '') || input.receivedOn > t) {
            throw invalid('补正材料的收到日期应在补正告知之后、不晚于今天', { receivedOn: '日期有误' });
          }
          if (row.correction_due_on && input.receivedOn > row.correction_due_on) {
            throw conflict(
              `补正期限已于${row.correction_due_on}届满；逾期未补正的申请视为放弃（条例第三十条）`,
              'correction_lapsed',
            );
          }
          await move(
            trx,
            actor,
            row,
            'receive_correction',
            { corrected_on: input.receivedOn, description: input.description ?? row.description },
            { correctedOn: input.receivedOn },
          );
          // 条例第三十条: the reply limit runs again from the day the corrected request is received.
          if (row.deadline_id)
            await deadlines.restart(trx, row.deadline_id, {
              at: input.receivedOn,
              reason: '收到补正后的申请（条例第三十条）',
            });
          break;
        }
        case 'assign': {
          const input = parseInput(assignSchema, action.input);
          const unitPath = await orgs.agencyPath(input.agencyId, trx);
          const requestPath = await orgs.agencyPath(row.agency_id, trx);
          if (!unitPath.includes(row.agency_id) && !requestPath.includes(input.agencyId)) {
            throw invalid('承办单位应为受理机关或其下属单位', { agencyId: '承办单位有误' });
          }
          const user = assignee as NonNullable<typeof assignee>;
          if (!can({ memberships: user.memberships }, 'request.handle', unitPath)) {
            throw invalid('承办人在该单位没有办理依申请公开的角色', { assigneeId: '承办人有误' });
          }
          await move(
            trx,
            actor,
            row,
            'assign',
            { responsible_agency_id: input.agencyId, assignee_id: input.assigneeId },
            { responsibleAgencyId: input.agencyId, assigneeId: input.assigneeId },
          );
          if (row.deadline_id)
            await deadlines.reassign(trx, row.deadline_id, {
              agencyId: input.agencyId,
              assigneeUserId: input.assigneeId,
              assigneeRole: null,
            });
          break;
        }
        case 'record_search': {
          const input = parseInput(searchRecordSchema, action.input);
          if (!['assigned', 'consulting'].includes(row.status))
            throw conflict('只有办理中的申请可以登记检索记录', 'invalid_state');
          await store.updateRequest(trx, row.id, {
            search_record: input.record,
            updated_at: now().toISOString(),
          });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.search_recorded',
            after: { record: input.record },
          });
          break;
        }
        case 'start_consultation': {
          const input = parseInput(consultationSchema, action.input);
          if (input.sentOn > t || input.sentOn < row.received_on)
            throw invalid('发函日期有误', { sentOn: '发函日期应在收到申请之后、不晚于今天' });
          const days = input.kind === 'third_party' ? THIRD_PARTY_DAYS : AGENCY_CONSULTATION_DAYS;
          const due = addWorkingDays(cal, input.sentOn, days, region);
          const wasConsulting = row.status === 'consulting';
          await move(
            trx,
            actor,
            row,
            'start_consultation',
            {},
            { kind: input.kind, party: input.party, dueOn: due },
          );
          const cid = newId();
          await store.insertConsultation(trx, {
            id: cid,
            request_id: row.id,
            kind: input.kind,
            party: input.party,
            contact: input.contact,
            matter: input.matter,
            sent_on: input.sentOn,
            due_on: due,
            answer: null,
            answered_on: null,
            answer_note: null,
            override_reason: null,
            created_at: now().toISOString(),
          });
          // 条例第三十三条第三款: consultation time is not counted.
          if (!wasConsulting && row.deadline_id)
            await deadlines.pause(trx, row.deadline_id, {
              from: input.sentOn,
              reason:
                input.kind === 'third_party'
                  ? '征求第三方意见（条例第三十二条）'
                  : '征求其他机关意见（条例第三十三条）',
            });
          if (input.kind === 'third_party')
            await issue(trx, actor, row, input.party, {
              kind: 'third_party_consultation',
              thirdPartyName: input.party,
              reason: input.matter,
              answerDueOn: due,
            });
          break;
        }
        case 'answer_consultation': {
          const input = parseInput(consultationAnswerSchema, action.input);
          const all = await store.consultationsOf(trx, row.id);
          const c = all.find((x) => x.id === action.consultationId);
          if (!c) throw notFound('未找到该征求意见记录');
          if (c.answer !== null) throw conflict('该征求意见已有结果', 'already_answered');
          const answeredOn = input.answeredOn ?? t;
          if (input.answer === 'no_answer' && t <= c.due_on)
            throw conflict(`答复期限至${c.due_on}，届满后才能登记逾期未答复`, 'not_lapsed');
          if (input.overrideReason && !(c.kind === 'third_party' && input.answer === 'refusal')) {
            throw invalid('只有第三方不同意公开时才需写明公共利益理由', { overrideReason: '不适用' });
          }
          await store.updateConsultation(trx, c.id, {
            answer: input.answer,
            answered_on: answeredOn,
            answer_note: input.note ?? null,
            override_reason: input.overrideReason ?? null,
          });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.consultation_answered',
            after: { consultationId: c.id, answer: input.answer, override: input.overrideReason ?? null },
          });
          if (input.overrideReason)
            await issue(trx, actor, row, c.party, {
              kind: 'third_party_override',
              thirdPartyName: c.party,
              reason: input.overrideReason,
              disclosedContent: c.matter,
              remedies: await defaultRemedies(trx, row),
            });
          if (all.every((x) => x.id === c.id || x.answer !== null)) {
            await move(trx, actor, row, 'finish_consultations', {}, {});
            if (row.deadline_id) await deadlines.resume(trx, row.deadline_id, { at: answeredOn });
          }
          break;
        }
        case 'extend': {
          const input = parseInput(extensionSchema, action.input);
          transition(row.status as RequestStatus, 'extend');
          const problem = extensionProblem({
            days: input.days,
            settings,
            extensionsSoFar: row.extension_days ? 1 : 0,
            reason: input.reason,
          });
          if (problem) throw conflict(problem, 'extension_refused');
          await move(
            trx,
            actor,
            row,
            'extend',
            { extension_days: input.days },
            { days: input.days, reason: input.reason },
          );
          const d = row.deadline_id
            ? await deadlines.extend(trx, row.deadline_id, {
                length: input.days,
                reason: input.reason,
                approvedBy: actor.displayName,
              })
            : null;
          await issue(trx, actor, row, 'applicant', {
            kind: 'extension',
            extensionDays: input.days,
            reason: input.reason,
            dueOn: d?.dueDate ?? t,
          });
          break;
        }
        case 'ask_reasons': {
          const input = parseInput(reasonsSchema, action.input);
          await move(trx, actor, row, 'ask_reasons', { reasons_requested_on: t }, { note: input.note });
          await issue(trx, actor, row, 'applicant', {
            kind: 'reasons_request',
            reason: input.note,
            reasonsDueOn: addWorkingDays(cal, t, settings.correctionPeriodDays, region),
          });
          break;
        }
        case 'set_long_limit': {
          const input = parseInput(longLimitSchema, action.input);
          if (!row.reasons_requested_on)
            throw conflict('须先要求申请人说明理由（条例第三十五条）', 'reasons_first');
          const current =
            settings.replyDays +
            (row.extension_days ?? 0) +
            (row.long_limit_days ? row.long_limit_days - settings.replyDays : 0);
          const problem = longLimitProblem(input.days, current);
          if (problem) throw invalid(problem, { days: problem });
          await move(
            trx,
            actor,
            row,
            'set_long_limit',
            { long_limit_days: input.days },
            { days: input.days, reason: input.reason },
          );
          const d = row.deadline_id
            ? await deadlines.extend(trx, row.deadline_id, {
                length: input.days - current,
                reason: `条例第三十五条：${input.reason}`,
                approvedBy: actor.displayName,
              })
            : null;
          await issue(trx, actor, row, 'applicant', {
            kind: 'long_limit',
            reason: input.reason,
            dueOn: d?.dueDate ?? t,
          });
          break;
        }
        case 'issue_fee_notice': {
          const input = parseInput(feeSchema, action.input);
          const problem = checkFeeInput(
            input.method,
            input.method === 'per_item'
              ? { ordinalInMonth: 1, items: input.items ?? 1 }
              : { pages: input.pages },
          );
          if (problem) throw invalid(problem, { method: problem });
          if (
            input.method === 'per_page' &&
            !perPageApplies({ form: row.form as 'paper', delivery: row.delivery as 'post' })
          ) {
            throw invalid('按量计收仅适用于纸质、电子邮件或复制电子数据的方式（办法第五条）', {
              method: '不适用按量计收',
            });
          }
          // 办法第四条: counted per applicant per natural month, this request after the earlier ones.
          const month = row.received_on.slice(0, 7);
          const ordinal =
            (await store.countInMonth(trx, row.applicant_key, month, {
              createdAt: row.created_at,
              trackingNumber: row.tracking_number,
            })) + 1;
          const fee =
            input.method === 'per_item'
              ? perItemFee(ordinal, input.items ?? 1)
              : perPageFee(input.pages ?? 0);
          if (fee.amount === 0) throw conflict('按规定本申请不需收费（未超过免费额度）', 'free');
          const due = addWorkingDays(cal, t, PAYMENT_WINDOW_WORKING_DAYS, region);
          await move(
            trx,
            actor,
            row,
            'issue_fee_notice',
            { fee: JSON.stringify(fee), fee_notice_on: t, fee_due_on: due },
            { amount: fee.amount, method: fee.method, dueOn: due },
          );
          if (!settings.feeWindowCounted && row.deadline_id)
            await deadlines.pause(trx, row.deadline_id, {
              reason: '缴纳信息处理费期间（国办函〔2020〕109号）',
            });
          await issue(trx, actor, row, 'applicant', { kind: 'fee', fee, paymentMethod: PAYMENT_METHOD });
          break;
        }
        case 'record_payment': {
          const input = parseInput(paymentSchema, action.input);
          if (input.paidOn > t || input.paidOn < (row.fee_notice_on ?? ''))
            throw invalid('缴费日期有误', { paidOn: '缴费日期应在收费通知之后、不晚于今天' });
          if (row.fee_due_on && input.paidOn > row.fee_due_on)
            throw conflict(`缴费期限已于${row.fee_due_on}届满`, 'fee_lapsed');
          await move(trx, actor, row, 'record_payment', { paid_on: input.paidOn }, { paidOn: input.paidOn });
          if (!settings.feeWindowCounted && row.deadline_id)
            await deadlines.resume(trx, row.deadline_id, { at: input.paidOn });
          break;
        }
        case 'draft_reply': {
          const input = parseInput(replySchema, action.input);
          const draft = input as ReplyDraft;
          const problems = checkReply(draft);
          if (problems.length > 0)
            throw invalid(
              problems[0]?.message ?? '答复内容不完整',
              Object.fromEntries(problems.map((p) => [p.field, p.message])),
            );
          if (draft.outcome === 'disclosed' || draft.outcome === 'partly_disclosed') {
            const blocked = disclosureBlockedBy(
              (await store.consultationsOf(trx, row.id)).map((c) => ({
                kind: c.kind as ConsultationKind,
                answer: c.answer as ConsultationAnswer | null,
                override: c.override_reason,
              })),
            );
            if (blocked && draft.outcome === 'disclosed') throw conflict(blocked, 'third_party_refused');
          }
          if (
            draft.outcome === 'unavailable_not_held' &&
            !draft.otherAgency?.name &&
            !row.search_record &&
            !draft.searchRecord
          ) {
            throw invalid('答复“本机关不掌握”须有检索记录', { searchRecord: '请登记检索记录' });
          }
          if (draft.outcome === 'unavailable_unclear_after_correction' && !row.corrected_on) {
            throw conflict('“补正后申请内容仍不明确”只适用于已补正的申请（条例第三十条）', 'not_corrected');
          }
          await move(
            trx,
            actor,
            row,
            'draft_reply',
            { reply: JSON.stringify(draft) },
            { outcome: draft.outcome },
          );
          if (row.deadline_id)
            await deadlines.reassign(trx, row.deadline_id, {
              agencyId: row.agency_id,
              assigneeRole: 'office_head',
              assigneeUserId: null,
            });
          break;
        }
        case 'return_draft': {
          const input = parseInput(returnDraftSchema, action.input);
          await move(trx, actor, row, 'return_draft', {}, { opinion: input.opinion });
          if (row.deadline_id && row.responsible_agency_id)
            await deadlines.reassign(trx, row.deadline_id, {
              agencyId: row.responsible_agency_id,
              assigneeUserId: row.assignee_id,
              assigneeRole: null,
            });
          break;
        }
        case 'approve_reply': {
          const draft = json<ReplyDraft>(row.reply);
          if (!draft) throw conflict('尚无答复稿', 'no_draft');
          if (row.status === 'reply_drafted' && checkReply(draft).length > 0)
            throw conflict('答复稿不完整，请退回修改', 'incomplete');
          await reply(trx, actor, row, 'approve_reply', draft);
          break;
        }
        case 'record_delivery': {
          const input = parseInput(deliverySchema, action.input);
          const notice = await store.getNotice(trx, row.id, input.noticeId);
          if (!notice) throw notFound('未找到该告知书');
          const at = input.deliveredAt ?? now().toISOString();
          await store.updateNotice(trx, notice.id, { delivered_at: at, delivery_method: input.method });
          if (notice.kind === 'reply' && (row.status === 'replied' || row.status === 'delivered')) {
            await move(
              trx,
              actor,
              row,
              'record_delivery',
              { delivered_at: at },
              { noticeId: notice.id, method: input.method },
            );
          } else {
            await audit.record(trx, {
              actor,
              agencyId: row.agency_id,
              entityType: REQUEST_ENTITY,
              entityId: row.id,
              action: 'request.notice_delivered',
              after: { noticeId: notice.id, kind: notice.kind, method: input.method, at },
            });
          }
          break;
        }
        case 'archive': {
          await move(trx, actor, row, 'archive', { archived_at: now().toISOString() }, {});
          break;
        }
        case 'add_dispute': {
          const input = parseInput(disputeSchema, action.input);
          if (!row.replied_on) throw conflict('申请答复后才可能发生复议或诉讼', 'not_replied');
          if (input.receivedOn > t) throw invalid('收到日期不能晚于今天', { receivedOn: '日期有误' });
          const at = now().toISOString();
          const disputeId = newId();
          await store.insertDispute(trx, {
            id: disputeId,
            request_id: row.id,
            kind: input.kind,
            received_on: input.receivedOn,
            body: input.body,
            defence_due_on: addWorkingDays(cal, input.receivedOn, DEFENCE_DAYS, region),
            evidence_due_on: addWorkingDays(cal, input.receivedOn, EVIDENCE_DAYS, region),
            hearings: '[]',
            outcome: 'pending',
            decided_on: null,
            follow_up: null,
            created_at: at,
            updated_at: at,
          });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.dispute_added',
            after: { disputeId, kind: input.kind, receivedOn: input.receivedOn },
          });
          break;
        }
        case 'update_dispute': {
          const input = parseInput(disputeUpdateSchema, action.input);
          const d = await store.getDispute(trx, action.disputeId);
          if (!d || d.request_id !== row.id) throw notFound('未找到该争议记录');
          if ((input.outcome === 'pending') !== (input.decidedOn === undefined)) {
            throw invalid('审结的争议须填写结案日期；尚未审结的不填', { decidedOn: '结案日期有误' });
          }
          if (input.decidedOn && (input.decidedOn < d.received_on || input.decidedOn > t))
            throw invalid('结案日期有误', { decidedOn: '结案日期应在受理之后、不晚于今天' });
          if (input.outcome === 'corrected' && !input.followUp && !d.follow_up) {
            throw invalid('结果纠正的，请写明整改落实情况', { followUp: '请写明整改落实情况' });
          }
          const hearings = [
            ...(json<{ on: string; note: string }[]>(d.hearings) ?? []),
            ...(input.hearing ? [input.hearing] : []),
          ];
          await store.updateDispute(trx, d.id, {
            outcome: input.outcome,
            decided_on: input.decidedOn ?? null,
            hearings: JSON.stringify(hearings),
            follow_up: input.followUp ?? d.follow_up,
            updated_at: now().toISOString(),
          });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.dispute_updated',
            before: { outcome: d.outcome },
            after: { disputeId: d.id, outcome: input.outcome, decidedOn: input.decidedOn ?? null },
          });
          break;
        }
      }
      return row.id;
    });
    return get(actor, result);
  }

  async function get(actor: Actor, id: string): Promise<RequestView> {
    const row = await load(k, actor, id, 'request.view');
    return view(k, actor, row);
  }

  async function tracked(row: RequestRow | undefined, tail: string): Promise<TrackingView> {
    // One answer for "no such request" and "wrong digits": the page must not confirm a number.
    if (!row || row.phone_tail !== tail) throw notFound('申请编号或联系电话后四位不正确');
    const [agency, deadline, notices] = await Promise.all([
      orgs.get(row.agency_id),
      row.deadline_id ? deadlines.get(row.deadline_id) : Promise.resolve(null),
      store.noticesOf(k, row.id),
    ]);
    const open = !['replied', 'delivered', 'archived'].includes(row.status);
    return {
      trackingNumber: row.tracking_number,
      agencyName: agency.name,
      status: row.status,
      statusLabel: REQUEST_STATUS_LABELS[row.status as RequestStatus],
      receivedOn: row.received_on,
      dueOn: open ? (deadline?.dueDate ?? null) : null,
      paused: open && (deadline?.paused ?? false),
      descriptionExcerpt: row.description.length > 60 ? `${row.description.slice(0, 60)}…` : row.description,
      // Only what was written to the applicant: never a third party's letter.
      notices: notices
        .filter((n) => n.addressee === 'applicant')
        .map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          issuedOn: n.issued_on,
          paragraphs: JSON.parse(n.paragraphs) as string[],
        })),
    };
  }

  return {
    async submit(input) {
      const app = parseInput(applicationSchema, input);
      checkApplication(app);
      const receivedOn = today();
      const out = await k.transaction().execute((trx) =>
        create(trx, systemActor, app, {
          channel: 'online',
          receivedOn,
          intakeBy: null,
          intakeNote: null,
          fileIds: [],
        }),
      );
      return { trackingNumber: out.trackingNumber, token: out.token, receivedOn, dueOn: out.dueOn };
    },

    async registerForApplicant(actor, input) {
      const app = parseInput(staffIntakeSchema, input);
      checkApplication(app);
      assertCan(actor, 'request.register', await orgs.agencyPath(app.agencyId));
      const r = receiptDate(app.channel, app);
      if ('error' in r) throw invalid(r.error, { receivedOn: r.error });
      if (r.date > today()) throw invalid('收到日期不能晚于今天', { receivedOn: '收到日期不能晚于今天' });
      if (app.channel === 'online')
        throw invalid('网上申请由申请人在门户提交', { channel: '请选择其他申请方式' });
      const out = await k.transaction().execute((trx) =>
        create(trx, actor, app, {
          channel: app.channel,
          receivedOn: r.date,
          intakeBy: actor.userId,
          intakeNote: app.intakeNote ?? (app.channel === 'oral' ? '申请人口头提出，工作人员代为填写' : null),
          fileIds: app.fileIds,
        }),
      );
      return { ...(await get(actor, out.id)), token: out.token };
    },

    async track(input) {
      const q = parseInput(trackSchema, input);
      return tracked(await store.byTrackingNumber(k, q.trackingNumber), q.phoneTail);
    },

    async trackByToken(input) {
      const q = parseInput(tokenTrackSchema, input);
      return tracked(await store.byTokenHash(k, sha256(q.token)), q.phoneTail);
    },

    async alreadyPublic(description) {
      const seen = new Map<string, PublicMatch>();
      for (const q of lookupQueries(description)) {
        const page = await search.search({ q, pageSize: 5 }).catch(() => null);
        for (const h of page?.items ?? []) {
          if (!seen.has(h.id))
            seen.set(h.id, {
              id: h.id,
              title: h.title.map((p) => p.text).join(''),
              docNumber: h.docNumber,
              publishedOn: h.publishedOn,
            });
        }
        if (seen.size >= 5) break;
      }
      return [...seen.values()].slice(0, 5);
    },

    get,

    async list(actor, filter) {
      const agencies = [...new Set(actor.memberships.map((m) => m.agencyId))];
      const visible: string[] = [];
      for (const a of agencies) if (can(actor, 'request.view', await orgs.agencyPath(a))) visible.push(a);
      // A role held in an agency covers the agencies below it: requests are matched on the path.
      const rows = await store.listForAgencies(k, await below(visible), {
        ...filter,
        limit: LIST_PAGE,
        offset: (filter.page - 1) * LIST_PAGE,
      });
      return Promise.all(rows.map((r) => view(k, actor, r)));
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

    act,

    async lapse() {
      const t = today();
      const corrections = await lapseEach(await store.lapsedCorrections(k, t), 'correction_pending', (r) => ({
        event: 'lapse_correction',
        outcome: 'other_correction_lapsed',
        text: `申请人未在补正期限（${r.correction_due_on}）内补正，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      }));
      const fees = await lapseEach(await store.lapsedFees(k, t), 'awaiting_payment', (r) => ({
        event: 'lapse_fee',
        outcome: 'other_fee_unpaid',
        text: `申请人未在缴费期限（${r.fee_due_on}）内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      }));
      return { corrections, fees };
    },

    async history(actor, id) {
      const row = await load(k, actor, id, 'request.register');
      return (await store.historyOf(k, row.applicant_key)).map((r) => ({
        trackingNumber: r.tracking_number,
        receivedOn: r.received_on,
        description: r.description,
        status: r.status,
      }));
    },

    async statistics(actor, agencyId, year) {
      assertCan(actor, 'request.view', await orgs.agencyPath(agencyId));
      const yearStart = `${year}-01-01`;
      const yearEnd = `${year}-12-31`;
      const facts = await store.factsFor(k, [agencyId], yearEnd, yearStart);
      const disputes = await store.disputeFactsFor(k, [agencyId], year);
      return {
        tableThree: tableThree(
          facts.map((f) => ({
            id: f.id,
            applicant: f.applicant_type as ApplicantType,
            receivedOn: f.received_on,
            outcome: f.outcome as Outcome | null,
            repliedOn: f.replied_on,
          })),
          year,
        ),
        tableFour: tableFour(
          disputes.map((d) => ({
            id: d.request_id,
            kind: d.kind as RequestView['disputes'][number]['kind'],
            receivedOn: d.received_on,
            outcome: d.outcome as RequestView['disputes'][number]['outcome'],
            decidedOn: d.decided_on,
          })),
          year,
        ),
      };
    },

    settingsFor,

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
   * Replies for the requests whose period lapsed (one transaction each, re-read inside it so that a
   * correction or payment recorded meanwhile wins); returns how many lapsed.
   */
  async function lapseEach(
    rows: readonly RequestRow[],
    status: RequestStatus,
    what: (r: RequestRow) => { event: RequestEvent; outcome: Outcome; text: string },
  ): Promise<number> {
    let n = 0;
    for (const row of rows) {
      await k.transaction().execute(async (trx) => {
        const fresh = await store.getRequest(trx, row.id);
        if (fresh?.status !== status) return;
        const { event, outcome, text } = what(fresh);
        await reply(trx, systemActor, fresh, event, {
          outcome,
          text,
          remedies: await defaultRemedies(trx, fresh),
        });
        n += 1;
      });
    }
    return n;
  }

  /** The agencies at or below these (requests of a department are visible to its government's office). */
  async function below(agencyIds: readonly string[]): Promise<string[]> {
    if (agencyIds.length === 0) return [];
    const all = await k.selectFrom('agencies').select('id').execute();
    const out: string[] = [];
    for (const a of all) {
      const path = await orgs.agencyPath(a.id);
      if (path.some((p) => agencyIds.includes(p))) out.push(a.id);
    }
    return out;
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
}

const ACTION_PERMISSION: Record<
  RequestAction['type'],
  'request.register' | 'request.handle' | 'request.approve' | 'request.extend'
> = {
  request_correction: 'request.register',
  receive_correction: 'request.register',
  assign: 'request.register',
  record_search: 'request.handle',
  start_consultation: 'request.register',
  answer_consultation: 'request.register',
  extend: 'request.extend',
  ask_reasons: 'request.register',
  set_long_limit: 'request.extend',
  issue_fee_notice: 'request.register',
  record_payment: 'request.register',
  draft_reply: 'request.handle',
  return_draft: 'request.approve',
  approve_reply: 'request.approve',
  record_delivery: 'request.register',
  archive: 'request.register',
  add_dispute: 'request.register',
  update_dispute: 'request.register',
};

function settingsRow(r: store.SettingsRow) {
  return {
    agencyId: r.agency_id,
    replyDays: r.reply_days,
    extensionDays: r.extension_days,
    correctionPeriodDays: r.correction_period_days,
    feeWindowCounted: r.fee_window_counted === null ? null : r.fee_window_counted === 1,
    milestones: r.milestones === null ? null : (JSON.parse(r.milestones) as Record<string, number>),
  };
}

function noticeView(n: store.NoticeRow) {
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

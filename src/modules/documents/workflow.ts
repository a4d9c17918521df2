/**
 * The proactive-disclosure workflow for staff: drafting with the disclosure mode at the source,
 * the review chain, co-issuer consultation, screening, publication on the legal clock, versions,
 * withdrawal, validity changes and the yearly self-review. Every change is one transaction with
 * its audit event; see docs/state-machines.md for the lifecycle.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { assertCan, can } from '../../core/auth/permissions.ts';
import type { Role } from '../../core/auth/roles.ts';
import type { AuditService } from '../../core/audit/service.ts';
import type { CalendarReader } from '../../core/calendar/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import type { Database } from '../../core/db/database.ts';
import type { DeadlinesService, DeadlineView } from '../../core/deadlines/service.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { SearchService } from '../../core/search/service.ts';
import { parseInput } from '../../core/validation.ts';
import { prepareBody } from './body.ts';
import { bodyFacts } from './body-text.ts';
import {
  effectiveSettings,
  publicationSpec,
  SECRECY_REVIEW_DAYS,
  workingDaysBetween,
  workingDaysSpec,
  type DocumentSettingsRow,
} from './deadlines.ts';
import {
  beijingDate,
  consultationBlocker,
  formatIndexNumber,
  indexYear,
  lapsesToConsent,
  modeProblems,
  normaliseChain,
  REVIEW_STEP_LABELS,
  REVIEW_STEP_ROLES,
  reviewOutcome,
  transition,
  type ReviewDecision,
  type ReviewStep,
  type WithholdingGround,
} from './model.ts';
import { allowedDocumentActions, holdsRole } from './policy.ts';
import {
  answerEscalationInput,
  consultationAnswerInput,
  convertInput,
  draftInput,
  escalateInput,
  publishWorkflowInput,
  returnInput,
  reviewInput,
  reviseInput,
  settingsInput,
  validityInput,
  withdrawInput,
  type DocumentListItem,
  type DocumentView,
  type FindingView,
  type ScreeningRecord,
  type SelfReviewView,
  type SettingsView,
} from './schemas.ts';
import * as store from './store.ts';
import type { ConsultationRow, DocumentRow } from './store.ts';

type K = Kysely<Database>;

export const DOCUMENT_ENTITY = 'document';
export const documentLink = (id: string): string => `/console/documents/${id}`;

/** One screening finding (the screening module's Finding; only these fields matter here). */
export type Finding = FindingView;

/** What the workflow needs of the screening module. */
export interface Screener {
  screen(
    input: {
      title: string;
      bodyText: string;
      links: string[];
      attachments: { id: string; name: string; bytes: Uint8Array }[];
      agencyId: string;
    },
    ex?: K,
  ): Promise<Finding[]>;
}

/** What the workflow needs of core/files. */
export interface AttachmentFiles {
  get(id: string): Promise<{ id: string; name: string; mime: string } | null>;
  read(id: string): Promise<{ bytes: Uint8Array }>;
}

/** What the workflow needs of core/search. */
export type SearchIndexer = Pick<SearchService, 'index' | 'remove'>;

/** What the workflow needs of the catalog: filing a document under its items at publication. */
export interface CatalogFiler {
  file(trx: K, actor: Actor, input: { documentId: string; itemIds: string[] }): Promise<unknown>;
}

/**
 * Information requested again and again through 依申请公开 (the yearly self-review considers it for
 * proactive disclosure). The requests module provides it; until it exists the source is empty.
 */
export interface RepeatedRequestSource {
  repeatedlyRequested(
    agencyId: string,
    year: number,
  ): Promise<{ title: string; count: number; documentId: string | null }[]>;
}
export const noRepeatedRequests: RepeatedRequestSource = { repeatedlyRequested: async () => [] };

export interface WorkflowDeps {
  db: Db;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  calendar: CalendarReader;
  deadlines: Pick<DeadlinesService, 'open' | 'close' | 'reassign' | 'get' | 'pause' | 'resume'>;
  orgs: {
    agencyPath(id: string, ex?: K): Promise<string[]>;
    agencyNames(ids: readonly string[]): Promise<Map<string, string>>;
    get(id: string, ex?: K): Promise<{ id: string; name: string; uscc: string | null; regionCode: string }>;
    tree(): Promise<AgencyTreeNode[]>;
  };
  users: { usersWithRole(agencyId: string, role: Role): Promise<{ id: string }[]> };
  screening: Screener;
  files: AttachmentFiles;
  search: SearchIndexer;
  catalog: CatalogFiler | null;
  requests: RepeatedRequestSource;
  /**
   * Called once a change to what the public sees (publication, revision, withdrawal, validity) has
   * committed: the portal drops the pages it keeps in memory (src/portal/page-cache.ts).
   */
  publicChanged?: () => void;
}

interface ActContext {
  agencyFor: (role: Role) => string;
  /** Who answers a co-issuer's consultation: the role its own staff hold ('document.consult'). */
  consultRole: (agencyId: string) => Role;
  /** The document's consultations whose limit has passed unanswered. */
  lapsed: ConsultationRow[];
}

interface AgencyTreeNode {
  id: string;
  children: AgencyTreeNode[];
}

interface Escalation {
  question: string;
  askedAt: string;
  askedBy: string;
  authority: string | null;
  answer: string | null;
  answeredAt: string | null;
}

const parseJson = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);
const chainOf = (row: DocumentRow): ReviewStep[] => parseJson<ReviewStep[]>(row.review_chain, []);
const stepOf = (row: DocumentRow): ReviewStep | null =>
  row.review_step === null ? null : (chainOf(row)[row.review_step] ?? null);
const escalationOf = (row: DocumentRow): Escalation | null =>
  parseJson<Escalation | null>(row.escalation, null);
const attachmentsOf = (row: DocumentRow): { fileId: string; name: string }[] =>
  parseJson(row.attachments, []);
const idsOf = (text: string): string[] => parseJson<string[]>(text, []);

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const brief = (d: DeadlineView | null) =>
  d
    ? {
        id: d.id,
        dueAt: d.dueAt,
        dueDate: d.dueDate,
        workingDaysLeft: d.workingDaysLeft,
        state: d.state,
        status: d.status,
        paused: d.paused,
        provisional: d.provisional,
        unit: d.unit,
      }
    : null;

export interface DocumentWorkflow {
  createDraft(actor: Actor, input: unknown): Promise<DocumentView>;
  updateDraft(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  submit(actor: Actor, id: string): Promise<DocumentView>;
  approve(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  returnToDrafter(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  escalate(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  answerEscalation(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  answerConsultation(actor: Actor, id: string, consultationId: string, input: unknown): Promise<DocumentView>;
  /** Consultations whose limit passed unanswered become consent (the hourly job). Returns how many. */
  lapseConsultations(): Promise<number>;
  screen(actor: Actor, id: string): Promise<ScreeningRecord>;
  publish(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  revise(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  /** Screens a revision before it is saved (the keys of its warnings are what `revise` takes as overrides). */
  screenRevision(actor: Actor, id: string, input: unknown): Promise<ScreeningRecord>;
  withdraw(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  changeValidity(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  convert(actor: Actor, id: string, input: unknown): Promise<DocumentView>;
  get(actor: Actor, id: string): Promise<DocumentView>;
  list(
    actor: Actor,
    filter: { agencyId?: string; status?: DocumentRow['status']; awaitingMe?: boolean },
  ): Promise<DocumentListItem[]>;
  versionSnapshot(actor: Actor, id: string, version: number): Promise<Record<string, unknown>>;
  selfReview(actor: Actor, query: { agencyId: string; year: number }): Promise<SelfReviewView>;
  settings(actor: Actor, agencyId: string): Promise<SettingsView>;
  updateSettings(actor: Actor, agencyId: string, input: unknown): Promise<SettingsView>;
}

const LIST_LIMIT = 500;

export function createDocumentWorkflow(deps: WorkflowDeps): DocumentWorkflow {
  const { db, clock, audit, calendar, deadlines, orgs, users } = deps;
  const nowIso = (): string => clock.now().toISOString();

  /** Loads a document the actor may see ('document.view' in its agency or as a co-issuer); else 404. */
  async function loadVisible(actor: Actor, id: string, ex: K = db.kysely) {
    const row = await store.findById(ex, id);
    if (!row) throw notFound('未找到该文件，或您无权查看');
    const path = await orgs.agencyPath(row.agency_id, ex);
    if (can(actor, 'document.view', path)) return { row, path };
    for (const agencyId of idsOf(row.co_issuers)) {
      if (can(actor, 'document.view', await orgs.agencyPath(agencyId, ex))) return { row, path };
    }
    throw notFound('未找到该文件，或您无权查看');
  }

  /** Optimistic concurrency: the row must not have changed since it was read. */
  async function save(trx: K, before: DocumentRow, patch: Partial<DocumentRow>): Promise<DocumentRow> {
    const result = await trx
      .updateTable('documents')
      .set(patch)
      .where('id', '=', before.id)
      .where('updated_at', '=', before.updated_at)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw conflict('该文件刚被他人修改，请刷新后重试', 'stale');
    return { ...before, ...patch };
  }

  async function review(
    trx: K,
    actor: Actor,
    row: DocumentRow,
    step: ReviewStep,
    decision: ReviewDecision,
    opinion: string | null,
  ) {
    await store.insertReview(trx, {
      id: newId(),
      document_id: row.id,
      step,
      decision,
      opinion,
      actor_id: actor.userId,
      actor_name: actor.displayName,
      at: nowIso(),
    });
  }

  /**
   * The agency where each chain role acts for a document: the nearest one on the authority path with
   * someone holding the role. Read before a transaction (users are read through auth's own handle).
   */
  async function roleAgencies(path: readonly string[]): Promise<(role: Role) => string> {
    const found = new Map<Role, string>();
    for (const role of [...Object.values(REVIEW_STEP_ROLES), 'drafter'] as Role[]) {
      for (const agencyId of [...path].reverse()) {
        if ((await users.usersWithRole(agencyId, role)).length > 0) {
          found.set(role, agencyId);
          break;
        }
      }
    }
    const own = path[path.length - 1] ?? '';
    return (role) => found.get(role) ?? own;
  }

  async function regionOf(agencyId: string, ex: K): Promise<string> {
    return (await orgs.get(agencyId, ex)).regionCode;
  }

  async function settingsRows(path: readonly string[], ex: K): Promise<DocumentSettingsRow[]> {
    return (await store.settingsFor(ex, path)).map((r) => ({
      agencyId: r.agency_id,
      reviewSteps: parseJson<ReviewStep[] | null>(r.review_steps, null),
      publicationDays: r.publication_days,
      consultationDays: r.consultation_days,
    }));
  }

  /** Parses and checks a draft: body sanitised, co-issuers and attachments exist, publisher allowed. */
  async function parseDraft(
    actor: Actor,
    input: unknown,
    action: 'document.draft' | 'document.publish' = 'document.draft',
  ) {
    const d = parseInput(draftInput, input, { message: (f) => Object.values(f)[0] ?? '提交的文件信息有误' });
    const body = prepareBody(d.body);
    if (body.text.trim() === '') throw invalid('请填写正文', { body: '请填写正文' });
    const agency = await orgs.get(d.agencyId).catch((e: unknown) => {
      throw e instanceof DomainError && e.status === 404
        ? invalid('发布机构不存在', { agencyId: '发布机构不存在' })
        : e;
    });
    const path = await orgs.agencyPath(agency.id);
    assertCan(actor, action, path);
    const names = await orgs.agencyNames(d.coIssuers);
    const unknownCoIssuer = d.coIssuers.find((id) => !names.has(id));
    if (unknownCoIssuer) throw invalid('联合发文单位不存在', { coIssuers: '联合发文单位不存在' });
    const attachments: { fileId: string; name: string }[] = [];
    for (const fileId of d.attachmentIds) {
      const file = await deps.files.get(fileId);
      if (!file) throw invalid('附件不存在或已失效，请重新上传', { attachmentIds: '附件不存在' });
      attachments.push({ fileId, name: file.name });
    }
    if (d.writtenOn > beijingDate(clock.now())) {
      throw invalid('成文日期不能晚于今天', { writtenOn: '成文日期不能晚于今天' });
    }
    // The columns a draft, an edit and a revision all write from the form.
    const content = {
      title: d.title,
      doc_number: d.docNumber,
      written_on: d.writtenOn,
      topic: d.topic,
      genre: d.genre,
      legal_category: d.legalCategory,
      validity: d.validity,
      effective_from: d.effectiveFrom,
      effective_to: d.effectiveTo,
      body: body.html,
      body_format: 'html',
      portal_section: d.portalSection,
      co_issuers: JSON.stringify(d.coIssuers),
      attachments: JSON.stringify(attachments),
    } satisfies Partial<DocumentRow>;
    return { d, agency, path, content };
  }

  async function present(actor: Actor, row: DocumentRow, path: string[]): Promise<DocumentView> {
    const [reviews, consultations, versions] = await Promise.all([
      store.listReviews(db.kysely, row.id),
      store.listConsultations(db.kysely, row.id),
      store.listVersions(db.kysely, row.id),
    ]);
    const coIssuers = idsOf(row.co_issuers);
    const names = await orgs.agencyNames([
      row.agency_id,
      ...coIssuers,
      ...consultations.map((c) => c.agency_id),
    ]);
    const [publicationDeadline, stepDeadline, ...consultationDeadlines] = await Promise.all([
      row.publication_deadline_id ? deadlines.get(row.publication_deadline_id) : null,
      row.step_deadline_id ? deadlines.get(row.step_deadline_id) : null,
      ...consultations.map((c) => deadlines.get(c.deadline_id)),
    ]);
    const settings = effectiveSettings(path, await settingsRows(path, db.kysely));
    const escalation = escalationOf(row);
    const step = stepOf(row);
    const mayAnswer = async (c: ConsultationRow): Promise<boolean> =>
      c.status === 'pending' && can(actor, 'document.consult', await orgs.agencyPath(c.agency_id));
    return {
      id: row.id,
      agencyId: row.agency_id,
      agencyName: names.get(row.agency_id) ?? '',
      title: row.title,
      docNumber: row.doc_number,
      writtenOn: row.written_on,
      topic: row.topic,
      genre: row.genre,
      legalCategory: row.legal_category,
      validity: row.validity,
      effectiveFrom: row.effective_from,
      effectiveTo: row.effective_to,
      validityNote: row.validity_note,
      portalSection: row.portal_section,
      body: row.body,
      bodyFormat: row.body_format,
      disclosureMode: row.disclosure_mode,
      withholdingGround: row.withholding_ground,
      modeReason: row.mode_reason,
      coIssuers: coIssuers.map((id) => ({ id, name: names.get(id) ?? '' })),
      attachments: attachmentsOf(row),
      catalogItemIds: idsOf(row.catalog_item_ids),
      status: row.status,
      reviewChain: chainOf(row),
      reviewStep: step,
      escalation,
      indexNumber: row.index_number,
      publishedAt: row.published_at,
      publishWorkingDays: row.publish_working_days,
      publicationDays: settings.publicationDays,
      withdrawnAt: row.withdrawn_at,
      withdrawReason: row.withdraw_reason,
      version: row.version,
      createdBy: row.created_by_name,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      publicationDeadline: brief(publicationDeadline ?? null),
      stepDeadline: brief(stepDeadline ?? null),
      reviews: reviews.map((r) => ({
        step: r.step,
        decision: r.decision,
        opinion: r.opinion,
        actorName: r.actor_name,
        at: r.at,
      })),
      consultations: await Promise.all(
        consultations.map(async (c, i) => ({
          id: c.id,
          agencyId: c.agency_id,
          agencyName: names.get(c.agency_id) ?? '',
          status: c.status,
          opinion: c.opinion,
          answeredAt: c.answered_at,
          answeredByName: c.answered_by_name,
          deadline: brief(consultationDeadlines[i] ?? null),
          mayAnswer: await mayAnswer(c),
        })),
      ),
      versions: versions.map((v) => ({
        version: v.version,
        reason: v.reason,
        createdAt: v.created_at,
        createdByName: v.created_by_name,
      })),
      screening: parseJson<ScreeningRecord | null>(row.screening, null),
      allowedActions: allowedDocumentActions(
        actor,
        {
          status: row.status,
          step,
          escalationAsked: escalation !== null,
          escalationOpen: escalation !== null && escalation.answer === null,
        },
        path,
      ),
    };
  }

  async function view(actor: Actor, id: string): Promise<DocumentView> {
    const { row, path } = await loadVisible(actor, id);
    return present(actor, row, path);
  }

  /** Moves the review to `index` of the chain: hands the publication clock to that step's role. */
  async function enterStep(
    trx: K,
    row: DocumentRow,
    ctx: ActContext,
    index: number,
  ): Promise<Partial<DocumentRow>> {
    const step = chainOf(row)[index];
    if (!step) throw new Error(`no step ${index} in the chain of ${row.id}`);
    const role = REVIEW_STEP_ROLES[step];
    const agencyId = ctx.agencyFor(role);
    if (row.publication_deadline_id) {
      await deadlines.reassign(trx, row.publication_deadline_id, {
        agencyId,
        assigneeRole: role,
        assigneeUserId: null,
      });
    }
    let stepDeadlineId: string | null = null;
    // 西吉县 2018: the secrecy review gives its opinion within 10 working days.
    if (step === 'secrecy') {
      const d = await deadlines.open(trx, {
        entityType: 'document.secrecy_review',
        entityId: row.id,
        agencyId,
        assigneeRole: role,
        title: `保密审查：${row.title}`,
        link: documentLink(row.id),
        spec: workingDaysSpec(nowIso(), SECRECY_REVIEW_DAYS, await regionOf(row.agency_id, trx)),
      });
      stepDeadlineId = d.id;
    }
    return { review_step: index, step_deadline_id: stepDeadlineId };
  }

  async function closeStepDeadline(trx: K, row: DocumentRow): Promise<void> {
    if (row.step_deadline_id) await deadlines.close(trx, row.step_deadline_id);
  }

  /** Runs the screening on the document as it is now (outside any transaction: link checks take time). */
  async function runScreening(row: DocumentRow): Promise<ScreeningRecord> {
    const facts = bodyFacts(row);
    const attachments = await Promise.all(
      attachmentsOf(row).map(async (a) => ({
        id: a.fileId,
        name: a.name,
        bytes: (await deps.files.read(a.fileId)).bytes,
      })),
    );
    const findings = await deps.screening.screen({
      title: row.title,
      bodyText: facts.text,
      links: facts.links,
      attachments,
      agencyId: row.agency_id,
    });
    return {
      at: nowIso(),
      findings,
      blocking: findings.filter((f) => f.severity === 'blocking').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    };
  }

  /**
   * Nothing unscreened reaches the portal: blocking findings stop publication; every warning needs
   * a named person's reason (the override goes into the audit event).
   */
  function gate(record: ScreeningRecord, overrides: { key: string; reason: string }[]) {
    const blocking = record.findings.filter((f) => f.severity === 'blocking');
    if (blocking.length > 0) {
      const list = blocking
        .slice(0, 5)
        .map((f) => f.message)
        .join('；');
      throw conflict(
        `发布前检查发现 ${blocking.length} 项必须修改的问题，不能发布：${list}${blocking.length > 5 ? '……' : ''}`,
        'screening_blocked',
      );
    }
    const byKey = new Map(overrides.map((o) => [o.key, o.reason]));
    const warnings = record.findings.filter((f) => f.severity === 'warning');
    const unexplained = warnings.filter((f) => !byKey.has(f.key));
    if (unexplained.length > 0) {
      throw conflict(
        `发布前检查有 ${unexplained.length} 项警告，须逐项说明理由后才能发布：${unexplained
          .slice(0, 3)
          .map((f) => f.message)
          .join('；')}`,
        'screening_warnings',
      );
    }
    return warnings.map((f) => ({
      key: f.key,
      code: f.code,
      message: f.message,
      reason: byKey.get(f.key) ?? '',
    }));
  }

  /**
   * Pending consultations whose answer limit has passed (read outside any transaction: the deadline
   * views come through the deadlines service's own handle).
   */
  async function lapsedConsultations(documentId: string | null): Promise<ConsultationRow[]> {
    const pending = documentId
      ? (await store.listConsultations(db.kysely, documentId)).filter((c) => c.status === 'pending')
      : await store.pendingConsultations(db.kysely);
    const lapsed: ConsultationRow[] = [];
    for (const c of pending) {
      const deadline = await deadlines.get(c.deadline_id);
      if (deadline && lapsesToConsent(c.status, deadline.overdue)) lapsed.push(c);
    }
    return lapsed;
  }

  /** Silence past the limit is consent (西吉县 2018), and the record says it was silence. */
  async function recordLapses(trx: K, lapsed: readonly ConsultationRow[]): Promise<number> {
    let n = 0;
    for (const c of lapsed) {
      const current = (await store.listConsultations(trx, c.document_id)).find((x) => x.id === c.id);
      if (current?.status !== 'pending') continue;
      await store.updateConsultation(trx, c.id, { status: 'silent_consent', answered_at: nowIso() });
      await deadlines.close(trx, c.deadline_id);
      await audit.record(trx, {
        actor: systemActor,
        agencyId: c.agency_id,
        entityType: DOCUMENT_ENTITY,
        entityId: c.document_id,
        action: 'document.consultation_lapsed',
        before: { status: 'pending' },
        after: { status: 'silent_consent', consultationId: c.id },
      });
      n += 1;
    }
    return n;
  }

  function snapshot(row: DocumentRow): Record<string, unknown> {
    return {
      title: row.title,
      docNumber: row.doc_number,
      writtenOn: row.written_on,
      topic: row.topic,
      genre: row.genre,
      legalCategory: row.legal_category,
      validity: row.validity,
      effectiveFrom: row.effective_from,
      effectiveTo: row.effective_to,
      portalSection: row.portal_section,
      body: row.body,
      bodyFormat: row.body_format,
      attachments: attachmentsOf(row),
      coIssuers: idsOf(row.co_issuers),
    };
  }

  function searchEntry(row: DocumentRow) {
    if (!row.published_at) throw new Error(`document ${row.id} is indexed without a publication time`);
    return {
      id: row.id,
      agencyId: row.agency_id,
      title: row.title,
      docNumber: row.doc_number,
      text: bodyFacts(row).text,
      topic: row.topic,
      publishedAt: row.published_at,
      validity: row.validity,
      effectiveTo: row.effective_to,
    };
  }

  /**
   * Loads the document (outside the transaction, with what must be read through other services'
   * handles), then runs `change` in one transaction; `save` refuses if the row changed meanwhile.
   */
  async function act(
    actor: Actor,
    id: string,
    change: (trx: K, row: DocumentRow, path: string[], ctx: ActContext) => Promise<void>,
    options: { publicChange?: boolean } = {},
  ): Promise<DocumentView> {
    const { row, path } = await loadVisible(actor, id);
    const consultRoles = new Map<string, Role>();
    for (const agencyId of idsOf(row.co_issuers)) {
      for (const role of ['disclosure_officer', 'leader_in_charge'] as const) {
        if ((await users.usersWithRole(agencyId, role)).length > 0) {
          consultRoles.set(agencyId, role);
          break;
        }
      }
    }
    const ctx: ActContext = {
      agencyFor: await roleAgencies(path),
      consultRole: (agencyId) => consultRoles.get(agencyId) ?? 'disclosure_officer',
      lapsed: await lapsedConsultations(row.id),
    };
    await db.kysely.transaction().execute((trx) => change(trx, row, path, ctx));
    if (options.publicChange) deps.publicChanged?.();
    return view(actor, id);
  }

  /** `act` for a change the public sees: the portal is told once it has committed. */
  const actPublic = (actor: Actor, id: string, change: Parameters<typeof act>[2]): Promise<DocumentView> =>
    act(actor, id, change, { publicChange: true });

  /** A published document with the edits of a revision applied (not saved): what revise screens and stores. */
  async function revision(actor: Actor, id: string, input: unknown) {
    const r = parseInput(reviseInput, input, {
      message: (f) => Object.values(f)[0] ?? '提交的文件信息有误',
    });
    // Revising is the publisher's job; drafting rights are not needed for it.
    const { d, content } = await parseDraft(actor, r, 'document.publish');
    const { row: before, path } = await loadVisible(actor, id);
    assertCan(actor, 'document.publish', path);
    transition(before.status, 'revise');
    if (d.agencyId !== before.agency_id) {
      throw invalid('更新内容时不能更换发布机构', { agencyId: '不能更换发布机构' });
    }
    const candidate: DocumentRow = { ...before, ...content };
    return { r, before, candidate };
  }

  function requireStepHolder(actor: Actor, row: DocumentRow, path: string[]): ReviewStep {
    const step = stepOf(row);
    if (row.status !== 'in_review' || step === null) transition(row.status, 'approve');
    if (step === null) throw conflict('该文件不在审核中', 'invalid_state');
    if (!holdsRole(actor, REVIEW_STEP_ROLES[step], path)) {
      throw forbidden(`当前环节为“${REVIEW_STEP_LABELS[step]}”，您不是该环节的审核人`);
    }
    return step;
  }

  return {
    async createDraft(actor, input) {
      const { d, agency, content } = await parseDraft(actor, input);
      const id = newId();
      const now = nowIso();
      await db.kysely.transaction().execute(async (trx) => {
        await store.insertDocument(trx, {
          ...content,
          id,
          agency_id: agency.id,
          published_at: null,
          index_number: null,
          disclosure_mode: d.disclosureMode,
          withholding_ground: d.withholdingGround as WithholdingGround | null,
          mode_reason: d.modeReason,
          status: 'draft',
          source_note: null,
          catalog_item_ids: JSON.stringify(d.catalogItemIds),
          created_by: actor.userId,
          created_by_name: actor.displayName,
          created_at: now,
          updated_at: now,
        });
        await audit.record(trx, {
          actor,
          agencyId: agency.id,
          entityType: DOCUMENT_ENTITY,
          entityId: id,
          action: 'document.drafted',
          after: {
            title: d.title,
            docNumber: d.docNumber,
            writtenOn: d.writtenOn,
            disclosureMode: d.disclosureMode,
            withholdingGround: d.withholdingGround,
            coIssuers: d.coIssuers,
            bodySha256: sha256(content.body),
          },
        });
      });
      return view(actor, id);
    },

    async updateDraft(actor, id, input) {
      const { d, agency, content } = await parseDraft(actor, input);
      return act(actor, id, async (trx, row, path) => {
        if (row.status !== 'draft' && row.status !== 'returned') {
          throw conflict('只有草稿或退回修改的文件可以编辑；已发布的文件请使用“更新内容”', 'invalid_state');
        }
        assertCan(actor, 'document.draft', path);
        const next = await save(trx, row, {
          ...content,
          agency_id: agency.id,
          disclosure_mode: d.disclosureMode,
          withholding_ground: d.withholdingGround as WithholdingGround | null,
          mode_reason: d.modeReason,
          catalog_item_ids: JSON.stringify(d.catalogItemIds),
          screening: null,
          updated_at: nowIso(),
        });
        await audit.record(trx, {
          actor,
          agencyId: next.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: id,
          action: 'document.updated',
          before: { title: row.title, disclosureMode: row.disclosure_mode, bodySha256: sha256(row.body) },
          after: { title: next.title, disclosureMode: next.disclosure_mode, bodySha256: sha256(next.body) },
        });
      });
    },

    async submit(actor, id) {
      return act(actor, id, async (trx, row, path, ctx) => {
        const to = transition(row.status, 'submit');
        assertCan(actor, 'document.draft', path);
        // 公开属性源头认定: no mode, or a non-proactive mode without its ground and reason, stops here.
        const problems = modeProblems({
          mode: row.disclosure_mode,
          ground: row.withholding_ground,
          reason: row.mode_reason,
        });
        if (Object.keys(problems).length > 0) throw invalid(Object.values(problems)[0] ?? '', problems);
        const settings = effectiveSettings(path, await settingsRows(path, trx));
        const chain = normaliseChain(settings.reviewSteps);
        const region = await regionOf(row.agency_id, trx);
        let publicationDeadlineId = row.publication_deadline_id;
        // 条例第二十六条: the clock runs from formation, whatever happens in review; a returned
        // document keeps the clock it had.
        if (row.disclosure_mode === 'proactive' && !publicationDeadlineId) {
          const d = await deadlines.open(trx, {
            entityType: 'document.publication',
            entityId: row.id,
            agencyId: row.agency_id,
            assigneeRole: 'drafter',
            title: `主动公开：${row.title}`,
            link: documentLink(row.id),
            spec: publicationSpec(row.written_on, settings.publicationDays, region),
          });
          publicationDeadlineId = d.id;
        }
        const withChain: DocumentRow = {
          ...row,
          review_chain: JSON.stringify(chain),
          publication_deadline_id: publicationDeadlineId,
        };
        const stepPatch = await enterStep(trx, withChain, ctx, 0);
        // 会签: each co-issuer is consulted once, on the first submission.
        const existing = await store.listConsultations(trx, row.id);
        const opened: string[] = [];
        for (const agencyId of idsOf(row.co_issuers)) {
          if (existing.some((c) => c.agency_id === agencyId)) continue;
          const consultationId = newId();
          const d = await deadlines.open(trx, {
            entityType: 'document.consultation',
            entityId: row.id,
            agencyId,
            assigneeRole: ctx.consultRole(agencyId),
            title: `联合发文会签：${row.title}`,
            link: documentLink(row.id),
            spec: workingDaysSpec(nowIso(), settings.consultationDays, region),
          });
          await store.insertConsultation(trx, {
            id: consultationId,
            document_id: row.id,
            agency_id: agencyId,
            status: 'pending',
            opinion: null,
            deadline_id: d.id,
            opened_at: nowIso(),
            answered_at: null,
            answered_by: null,
            answered_by_name: null,
          });
          opened.push(agencyId);
        }
        await save(trx, row, {
          ...stepPatch,
          status: to,
          review_chain: JSON.stringify(chain),
          publication_deadline_id: publicationDeadlineId,
          escalation: null,
          updated_at: nowIso(),
        });
        await review(trx, actor, row, chain[0] ?? 'secrecy', 'submit', null);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.submitted',
          before: { status: row.status },
          after: {
            status: to,
            disclosureMode: row.disclosure_mode,
            withholdingGround: row.withholding_ground,
            modeReason: row.mode_reason,
            reviewChain: chain,
            // Steps left out are left out by configuration, and the record says whose.
            skippedSteps: (['unit_head', 'secrecy', 'leader', 'office'] as const).filter(
              (s) => !chain.includes(s),
            ),
            chainConfiguredAt: settings.sources.reviewSteps,
            publicationDays: row.disclosure_mode === 'proactive' ? settings.publicationDays : null,
            consultationsOpened: opened,
          },
        });
      });
    },

    async approve(actor, id, input) {
      const { opinion } = parseInput(reviewInput, input ?? {});
      return act(actor, id, async (trx, row, path, ctx) => {
        const step = requireStepHolder(actor, row, path);
        const escalation = escalationOf(row);
        if (escalation && escalation.answer === null) {
          throw conflict('已报请保密行政管理部门确定，请先登记其答复意见', 'escalation_open');
        }
        await closeStepDeadline(trx, row);
        const chain = chainOf(row);
        const nextIndex = (row.review_step ?? 0) + 1;
        let patch: Partial<DocumentRow>;
        let to = row.status;
        if (nextIndex < chain.length) {
          patch = await enterStep(trx, row, ctx, nextIndex);
        } else {
          to = reviewOutcome(row.disclosure_mode);
          patch = { review_step: null, step_deadline_id: null };
          if (row.publication_deadline_id) {
            // Approved: the disclosure office publishes.
            await deadlines.reassign(trx, row.publication_deadline_id, {
              agencyId: ctx.agencyFor('disclosure_officer'),
              assigneeRole: 'disclosure_officer',
              assigneeUserId: null,
            });
          }
        }
        await save(trx, row, { ...patch, status: to, updated_at: nowIso() });
        await review(trx, actor, row, step, 'approve', opinion);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.approved',
          before: { status: row.status, step },
          after: { status: to, step: nextIndex < chain.length ? chain[nextIndex] : null, opinion },
        });
      });
    },

    async returnToDrafter(actor, id, input) {
      const { opinion } = parseInput(returnInput, input);
      return act(actor, id, async (trx, row, path) => {
        const to = transition(row.status, 'return');
        let step: ReviewStep;
        if (row.status === 'approved') {
          assertCan(actor, 'document.publish', path);
          step = 'office';
        } else {
          step = requireStepHolder(actor, row, path);
        }
        await closeStepDeadline(trx, row);
        if (row.publication_deadline_id) {
          await deadlines.reassign(trx, row.publication_deadline_id, {
            agencyId: row.agency_id,
            assigneeRole: 'drafter',
            assigneeUserId: null,
          });
        }
        await save(trx, row, { status: to, review_step: null, step_deadline_id: null, updated_at: nowIso() });
        await review(trx, actor, row, step, 'return', opinion);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.returned',
          before: { status: row.status, step },
          after: { status: to, opinion },
        });
      });
    },

    async escalate(actor, id, input) {
      const { question } = parseInput(escalateInput, input);
      return act(actor, id, async (trx, row, path) => {
        const step = requireStepHolder(actor, row, path);
        if (step !== 'secrecy')
          throw conflict('只有保密审查环节可以报请保密行政管理部门确定', 'invalid_state');
        if (escalationOf(row)) throw conflict('该文件已报请保密行政管理部门确定', 'invalid_state');
        const escalation: Escalation = {
          question,
          askedAt: nowIso(),
          askedBy: actor.displayName,
          authority: null,
          answer: null,
          answeredAt: null,
        };
        // 条例第十七条: the secrecy authority decides; its time is not the reviewer's.
        if (row.step_deadline_id) {
          await deadlines.pause(trx, row.step_deadline_id, { reason: '报请保密行政管理部门确定' });
        }
        await save(trx, row, { escalation: JSON.stringify(escalation), updated_at: nowIso() });
        await review(trx, actor, row, step, 'escalate', question);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.escalated',
          after: { question },
        });
      });
    },

    async answerEscalation(actor, id, input) {
      const { authority, answer } = parseInput(answerEscalationInput, input);
      return act(actor, id, async (trx, row, path) => {
        const step = requireStepHolder(actor, row, path);
        const escalation = escalationOf(row);
        if (!escalation || escalation.answer !== null) {
          throw conflict('没有待登记答复的保密请示', 'invalid_state');
        }
        const answered: Escalation = { ...escalation, authority, answer, answeredAt: nowIso() };
        if (row.step_deadline_id) await deadlines.resume(trx, row.step_deadline_id);
        await save(trx, row, { escalation: JSON.stringify(answered), updated_at: nowIso() });
        await review(trx, actor, row, step, 'answer', `${authority}：${answer}`);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.escalation_answered',
          before: { question: escalation.question },
          after: { authority, answer },
        });
      });
    },

    async answerConsultation(actor, id, consultationId, input) {
      const answer = parseInput(consultationAnswerInput, input);
      return act(actor, id, async (trx, row, _path, ctx) => {
        const consultation = (await store.listConsultations(trx, row.id)).find(
          (c) => c.id === consultationId,
        );
        if (!consultation) throw notFound('未找到该会签');
        if (!can(actor, 'document.consult', await orgs.agencyPath(consultation.agency_id, trx))) {
          throw forbidden('只有联合发文单位的政务公开专员或分管领导可以答复会签');
        }
        await recordLapses(trx, ctx.lapsed);
        const current = (await store.listConsultations(trx, row.id)).find((c) => c.id === consultationId);
        if (current?.status === 'silent_consent') {
          throw conflict('会签答复期限已届满，已视为同意，不能再答复', 'consultation_lapsed');
        }
        if (current?.status !== 'pending') throw conflict('该会签已答复', 'invalid_state');
        const status = answer.decision === 'consent' ? 'consented' : 'objected';
        await store.updateConsultation(trx, consultationId, {
          status,
          opinion: answer.opinion,
          answered_at: nowIso(),
          answered_by: actor.userId,
          answered_by_name: actor.displayName,
        });
        await deadlines.close(trx, consultation.deadline_id);
        await save(trx, row, { updated_at: nowIso() });
        await audit.record(trx, {
          actor,
          agencyId: consultation.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.consultation_answered',
          before: { status: 'pending' },
          after: { status, opinion: answer.opinion, consultationId },
        });
      });
    },

    async lapseConsultations() {
      const lapsed = await lapsedConsultations(null);
      return db.kysely.transaction().execute((trx) => recordLapses(trx, lapsed));
    },

    async screen(actor, id) {
      const { row, path } = await loadVisible(actor, id);
      if (!can(actor, 'document.draft', path) && !can(actor, 'document.publish', path)) {
        const step = stepOf(row);
        if (step === null || !holdsRole(actor, REVIEW_STEP_ROLES[step], path)) throw forbidden();
      }
      const record = await runScreening(row);
      await db.kysely.transaction().execute(async (trx) => {
        await save(trx, row, { screening: JSON.stringify(record), updated_at: row.updated_at });
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.screened',
          after: {
            blocking: record.blocking,
            warnings: record.warnings,
            codes: record.findings.map((f) => f.code),
          },
        });
      });
      return record;
    },

    async publish(actor, id, input) {
      const { overrides } = parseInput(publishWorkflowInput, input ?? {});
      const { row: before, path } = await loadVisible(actor, id);
      assertCan(actor, 'document.publish', path);
      transition(before.status, 'publish');
      const record = await runScreening(before);
      const overridden = gate(record, overrides);
      const agency = await orgs.get(before.agency_id);
      const lapsed = await lapsedConsultations(id);
      if (!agency.uscc) {
        throw invalid(`${agency.name}尚未登记统一社会信用代码，无法生成索引号`, {
          agencyId: '发布机构缺少统一社会信用代码',
        });
      }
      await db.kysely.transaction().execute(async (trx) => {
        const row = await store.findById(trx, id);
        if (!row || row.updated_at !== before.updated_at) {
          throw conflict('文件在发布前检查后被修改，请重新检查后发布', 'stale');
        }
        await recordLapses(trx, lapsed);
        const blocker = consultationBlocker(
          (await store.listConsultations(trx, row.id)).map((c) => c.status),
        );
        if (blocker) throw conflict(blocker, 'consultation_open');
        const now = clock.now();
        const publishedAt = now.toISOString();
        const year = indexYear(now);
        const indexNumber = formatIndexNumber(
          agency.uscc ?? '',
          year,
          await store.nextIndexSeq(trx, agency.id, year),
        );
        const cal = await calendar.load(trx);
        const publishedOn = beijingDate(now);
        const days = workingDaysBetween(cal, row.written_on, publishedOn, agency.regionCode);
        const settings = effectiveSettings(path, await settingsRows(path, trx));
        const next = await save(trx, row, {
          status: 'published',
          published_at: publishedAt,
          index_number: indexNumber,
          publish_working_days: days,
          screening: JSON.stringify(record),
          updated_at: publishedAt,
        });
        if (row.publication_deadline_id) await deadlines.close(trx, row.publication_deadline_id);
        await store.insertVersion(trx, {
          document_id: row.id,
          version: next.version,
          snapshot: JSON.stringify(snapshot(next)),
          reason: '首次发布',
          created_at: publishedAt,
          created_by: actor.userId,
          created_by_name: actor.displayName,
        });
        await deps.search.index(trx, searchEntry(next));
        const itemIds = idsOf(row.catalog_item_ids);
        if (deps.catalog && itemIds.length > 0)
          await deps.catalog.file(trx, actor, { documentId: row.id, itemIds });
        // The proof of 条例第二十六条: formation, publication and the working days between, in the chain.
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.published',
          before: { status: row.status },
          after: {
            status: 'published',
            title: row.title,
            indexNumber,
            docNumber: row.doc_number,
            writtenOn: row.written_on,
            publishedAt,
            workingDaysAfterFormation: days,
            limitWorkingDays: settings.publicationDays,
            withinLimit: days <= settings.publicationDays,
            bodySha256: sha256(row.body),
            screening: { blocking: record.blocking, warnings: record.warnings },
            overrides: overridden.map((o) => ({ ...o, by: actor.displayName })),
          },
        });
      });
      deps.publicChanged?.();
      return view(actor, id);
    },

    async screenRevision(actor, id, input) {
      const { candidate } = await revision(actor, id, input);
      return runScreening(candidate);
    },

    async revise(actor, id, input) {
      const { r, before, candidate } = await revision(actor, id, input);
      const record = await runScreening(candidate);
      const overridden = gate(record, r.overrides ?? []);
      await db.kysely.transaction().execute(async (trx) => {
        const now = nowIso();
        const next = await save(trx, before, {
          ...candidate,
          version: before.version + 1,
          screening: JSON.stringify(record),
          updated_at: now,
        });
        await store.insertVersion(trx, {
          document_id: id,
          version: next.version,
          snapshot: JSON.stringify(snapshot(next)),
          reason: r.reason,
          created_at: now,
          created_by: actor.userId,
          created_by_name: actor.displayName,
        });
        await deps.search.index(trx, searchEntry(next));
        await audit.record(trx, {
          actor,
          agencyId: before.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: id,
          action: 'document.revised',
          before: { version: before.version, title: before.title, bodySha256: sha256(before.body) },
          after: {
            version: next.version,
            title: next.title,
            bodySha256: sha256(next.body),
            reason: r.reason,
            overrides: overridden.map((o) => ({ ...o, by: actor.displayName })),
          },
        });
      });
      deps.publicChanged?.();
      return view(actor, id);
    },

    async withdraw(actor, id, input) {
      const { reason } = parseInput(withdrawInput, input);
      return actPublic(actor, id, async (trx, row, path) => {
        assertCan(actor, 'document.publish', path);
        const to = transition(row.status, 'withdraw');
        const now = nowIso();
        await save(trx, row, { status: to, withdrawn_at: now, withdraw_reason: reason, updated_at: now });
        await deps.search.remove(trx, row.id);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.withdrawn',
          before: { status: row.status, indexNumber: row.index_number },
          after: { status: to, reason },
        });
      });
    },

    async changeValidity(actor, id, input) {
      const v = parseInput(validityInput, input);
      return actPublic(actor, id, async (trx, row, path) => {
        assertCan(actor, 'document.publish', path);
        if (row.status !== 'published') throw conflict('只有已发布的文件可以变更有效性', 'invalid_state');
        if (v.effectiveTo !== null && row.effective_from !== null && v.effectiveTo < row.effective_from) {
          throw invalid('失效日期不能早于施行日期', { effectiveTo: '失效日期不能早于施行日期' });
        }
        const next = await save(trx, row, {
          validity: v.validity,
          effective_to: v.effectiveTo ?? row.effective_to,
          validity_note: v.note,
          updated_at: nowIso(),
        });
        await deps.search.index(trx, searchEntry(next));
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.validity_changed',
          before: { validity: row.validity, effectiveTo: row.effective_to },
          after: { validity: next.validity, effectiveTo: next.effective_to, note: v.note },
        });
      });
    },

    async convert(actor, id, input) {
      const { reason } = parseInput(convertInput, input);
      return act(actor, id, async (trx, row, path, ctx) => {
        assertCan(actor, 'document.self_review', path);
        const to = transition(row.status, 'convert');
        const settings = effectiveSettings(path, await settingsRows(path, trx));
        // 条例第二十六条: 自该政府信息形成或者变更之日起 — the change of mode starts the clock today.
        const d = await deadlines.open(trx, {
          entityType: 'document.publication',
          entityId: row.id,
          agencyId: ctx.agencyFor('disclosure_officer'),
          assigneeRole: 'disclosure_officer',
          title: `主动公开：${row.title}`,
          link: documentLink(row.id),
          spec: publicationSpec(
            beijingDate(clock.now()),
            settings.publicationDays,
            await regionOf(row.agency_id, trx),
          ),
        });
        await save(trx, row, {
          status: to,
          disclosure_mode: 'proactive',
          withholding_ground: null,
          mode_reason: null,
          publication_deadline_id: d.id,
          updated_at: nowIso(),
        });
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: DOCUMENT_ENTITY,
          entityId: row.id,
          action: 'document.converted',
          before: {
            status: row.status,
            disclosureMode: row.disclosure_mode,
            withholdingGround: row.withholding_ground,
          },
          after: { status: to, disclosureMode: 'proactive', reason },
        });
      });
    },

    get: view,

    async list(actor, filter) {
      // The agencies whose documents the actor sees: each agency the actor belongs to and those below.
      const tree = await agenciesVisibleTo(actor);
      const scope = filter.agencyId ? tree.filter((a) => a === filter.agencyId) : tree;
      const rows = await store.listForAgencies(
        db.kysely,
        scope,
        filter.status ? { status: filter.status } : {},
        LIST_LIMIT,
      );
      const consultationRows = await store.consultationsFor(db.kysely, tree);
      const extraIds = consultationRows
        .map((c) => c.document_id)
        .filter((id) => !rows.some((r) => r.id === id));
      const extra = filter.agencyId ? [] : await store.findByIds(db.kysely, [...new Set(extraIds)]);
      const all = [...rows, ...extra.map(({ body: _b, ...rest }) => rest)];
      const names = await orgs.agencyNames([...new Set(all.map((r) => r.agency_id))]);
      const items: DocumentListItem[] = [];
      for (const r of all) {
        const step =
          r.review_step === null
            ? null
            : (parseJson<ReviewStep[]>(r.review_chain, [])[r.review_step] ?? null);
        if (filter.awaitingMe) {
          const path = await orgs.agencyPath(r.agency_id);
          const waitsForMe =
            (r.status === 'in_review' && step !== null && holdsRole(actor, REVIEW_STEP_ROLES[step], path)) ||
            (r.status === 'approved' && can(actor, 'document.publish', path)) ||
            ((r.status === 'draft' || r.status === 'returned') && r.created_by === actor.userId) ||
            consultationRows.some(
              (c) =>
                c.document_id === r.id &&
                c.status === 'pending' &&
                can(actor, 'document.consult', [c.agency_id]),
            );
          if (!waitsForMe) continue;
        }
        items.push({
          id: r.id,
          agencyId: r.agency_id,
          agencyName: names.get(r.agency_id) ?? '',
          title: r.title,
          docNumber: r.doc_number,
          writtenOn: r.written_on,
          status: r.status,
          disclosureMode: r.disclosure_mode,
          reviewStep: step,
          indexNumber: r.index_number,
          publishedAt: r.published_at,
          updatedAt: r.updated_at,
          validity: r.validity,
        });
      }
      return items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    },

    async versionSnapshot(actor, id, version) {
      await loadVisible(actor, id);
      const v = (await store.listVersions(db.kysely, id)).find((x) => x.version === version);
      if (!v) throw notFound('未找到该版本');
      return JSON.parse(v.snapshot) as Record<string, unknown>;
    },

    async selfReview(actor, { agencyId, year }) {
      const path = await orgs.agencyPath(agencyId);
      if (!can(actor, 'document.view', path)) throw notFound('未找到该机构，或您无权查看');
      const rows = await store.listRegistered(db.kysely, agencyId, `${year}-12-31`);
      const names = await orgs.agencyNames([agencyId]);
      return {
        agencyId,
        year,
        withheld: rows.map((r) => ({
          id: r.id,
          agencyId: r.agency_id,
          agencyName: names.get(r.agency_id) ?? '',
          title: r.title,
          docNumber: r.doc_number,
          writtenOn: r.written_on,
          status: r.status,
          disclosureMode: r.disclosure_mode,
          reviewStep: null,
          indexNumber: r.index_number,
          publishedAt: r.published_at,
          updatedAt: r.updated_at,
          validity: r.validity,
          withholdingGround: r.withholding_ground,
          modeReason: r.mode_reason,
        })),
        repeatedlyRequested: await deps.requests.repeatedlyRequested(agencyId, year),
        mayConvert: can(actor, 'document.self_review', path),
      };
    },

    async settings(actor, agencyId) {
      const path = await orgs.agencyPath(agencyId);
      if (!can(actor, 'document.view', path) && !can(actor, 'document.settings', path)) {
        throw notFound('未找到该机构，或您无权查看');
      }
      return settingsView(actor, agencyId, path);
    },

    async updateSettings(actor, agencyId, input) {
      const s = parseInput(settingsInput, input, { message: (f) => Object.values(f)[0] ?? '设置有误' });
      const path = await orgs.agencyPath(agencyId);
      assertCan(actor, 'document.settings', path);
      const chain = s.reviewSteps === null ? null : normaliseChain(s.reviewSteps);
      await db.kysely.transaction().execute(async (trx) => {
        const before = (await store.settingsFor(trx, [agencyId]))[0] ?? null;
        await store.upsertSettings(trx, {
          agency_id: agencyId,
          review_steps: chain === null ? null : JSON.stringify(chain),
          publication_days: s.publicationDays,
          consultation_days: s.consultationDays,
          updated_at: nowIso(),
          updated_by: actor.userId,
        });
        await audit.record(trx, {
          actor,
          agencyId,
          entityType: 'document_settings',
          entityId: agencyId,
          action: 'document.settings_changed',
          before: before
            ? {
                reviewSteps: parseJson(before.review_steps, null),
                publicationDays: before.publication_days,
                consultationDays: before.consultation_days,
              }
            : null,
          after: {
            reviewSteps: chain,
            publicationDays: s.publicationDays,
            consultationDays: s.consultationDays,
          },
        });
      });
      return settingsView(actor, agencyId, path);
    },
  };

  async function settingsView(actor: Actor, agencyId: string, path: string[]): Promise<SettingsView> {
    const rows = await settingsRows(path, db.kysely);
    const eff = effectiveSettings(path, rows);
    const own = rows.find((r) => r.agencyId === agencyId);
    return {
      agencyId,
      reviewSteps: eff.reviewSteps,
      publicationDays: eff.publicationDays,
      consultationDays: eff.consultationDays,
      own: {
        reviewSteps: own?.reviewSteps ?? null,
        publicationDays: own?.publicationDays ?? null,
        consultationDays: own?.consultationDays ?? null,
      },
      inheritedFrom: eff.sources,
      mayEdit: can(actor, 'document.settings', path),
    };
  }

  /** Every agency where the actor's memberships reach (the agency and those below it). */
  async function agenciesVisibleTo(actor: Actor): Promise<string[]> {
    const ids: string[] = [];
    const walk = (nodes: AgencyTreeNode[]): void => {
      for (const n of nodes) {
        ids.push(n.id);
        walk(n.children);
      }
    };
    walk(await orgs.tree());
    const visible: string[] = [];
    for (const id of ids) {
      if (can(actor, 'document.view', await orgs.agencyPath(id))) visible.push(id);
    }
    return visible;
  }
}

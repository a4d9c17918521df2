/**
 * Intake of requests: the portal form and staff registration (条例第二十九条), the receipt date by
 * channel (第三十一条), sealed identity numbers, similar earlier requests, the clock and the
 * acknowledgement; and the applicant's tracking page. One transaction per request, committed before
 * the applicant is told the tracking number.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { assertCan } from '../../core/auth/permissions.ts';
import { addDays, yearOf } from '../../core/calendar/dates.ts';
import type { Database } from '../../core/db/database.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/validation.ts';
import { replySpec } from './deadlines.ts';
import { lookupQueries } from './lookup.ts';
import {
  DUPLICATE_THRESHOLD,
  formatTrackingNumber,
  idNumberProblem,
  maskIdNumber,
  phoneTail,
  receiptDate,
  CHANNEL_LABELS,
  REQUEST_STATUS_LABELS,
  similarity,
  type ApplicantType,
  type Channel,
  type RequestStatus,
} from './model.ts';
import {
  applicationSchema,
  staffIntakeSchema,
  trackSchema,
  tokenTrackSchema,
  type TrackingView,
} from './schemas.ts';
import * as store from './store.ts';
import type { RequestRow } from './store.ts';

import { REQUEST_ENTITY, requestLink, sha256, type RequestContext } from './context.ts';
import type { RequestsService } from './service.ts';

type K = Kysely<Database>;

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

/** How far back a new request is compared with earlier ones for repeats. */
const SIMILAR_WINDOW_DAYS = 365;
const SIMILAR_CANDIDATES = 300;

/** Intake (条例第二十九条、第三十一条) and the applicant's tracking page. */
export function createIntake(
  ctx: RequestContext,
): Pick<RequestsService, 'submit' | 'registerForApplicant' | 'track' | 'trackByToken' | 'alreadyPublic'> {
  const { deps, k, now, today, settingsFor, roleAgency, issue, get } = ctx;
  const { audit, deadlines, orgs, sealer, search } = deps;

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
      identityFileIds: string[];
      /** Where the disclosure officer who registers it acts (roleAgency, read before the transaction). */
      officeAgencyId: string;
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
      agencyId: intake.officeAgencyId,
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
    const papers = [
      ...intake.fileIds.map((fileId) => ({ fileId, purpose: 'case' })),
      ...intake.identityFileIds.map((fileId) => ({ fileId, purpose: 'identity' })),
    ];
    for (const p of papers) {
      await store.insertFile(trx, {
        id: newId(),
        request_id: id,
        file_id: p.fileId,
        purpose: p.purpose,
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
      const officeAgencyId = await roleAgency(app.agencyId, 'disclosure_officer');
      const out = await k.transaction().execute((trx) =>
        create(trx, systemActor, app, {
          channel: 'online',
          receivedOn,
          intakeBy: null,
          intakeNote: null,
          fileIds: [],
          identityFileIds: [],
          officeAgencyId,
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
      // The papers must be uploads that exist (read before the transaction: one connection on SQLite).
      for (const fileId of [...app.fileIds, ...app.identityFileIds]) {
        if (!(await deps.files.get(fileId)))
          throw invalid('附件不存在，请重新上传', { fileIds: '附件不存在' });
      }
      const officeAgencyId = await roleAgency(app.agencyId, 'disclosure_officer');
      const out = await k.transaction().execute((trx) =>
        create(trx, actor, app, {
          channel: app.channel,
          receivedOn: r.date,
          intakeBy: actor.userId,
          intakeNote: app.intakeNote ?? (app.channel === 'oral' ? '申请人口头提出，工作人员代为填写' : null),
          fileIds: app.fileIds,
          identityFileIds: app.identityFileIds,
          officeAgencyId,
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
  };
}

/**
 * Intake of requests: the portal form and staff registration (条例第二十九条), the receipt date by
 * channel (第三十一条), sealed identity numbers, similar earlier requests, the clock and the
 * acknowledgement; and the applicant's tracking page. Registrations are written in batches, one
 * transaction each (group-commit.ts), committed before the applicant is told the tracking number.
 */
import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { assertCan } from '../../core/auth/permissions.ts';
import { addDays, yearOf } from '../../core/calendar/dates.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import { checkContent, checkSize, cleanFileName } from '../../core/files/model.ts';
import { sniff } from '../../core/files/sniff.ts';
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
  bigrams,
  similarityTo,
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
import type { Comparable, RequestRow } from './store.ts';
import type { RequestsTable } from './tables.ts';

import {
  letterhead,
  REQUEST_ENTITY,
  requestLink,
  sha256,
  type Letterhead,
  type RequestContext,
} from './context.ts';
import { BatchNotWritten, groupCommit } from './group-commit.ts';
import type { RequestsService } from './service.ts';

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

/**
 * How far back a new request is compared with earlier ones for repeats, and how many of the
 * newest it is compared with: of the same applicant, and of the same agency (each bounded, so a
 * busy agency's requests never crowd out the applicant's own).
 */
const SIMILAR_WINDOW_DAYS = 365;
const SIMILAR_CANDIDATES = 300;

/** At most this many registrations are written in one transaction (group-commit.ts). */
const MAX_BATCH = 50;

/** A copy of the applicant's identity document sent with the portal form. */
export interface IdentityProof {
  name: string;
  bytes: Uint8Array;
}

/** The portal form takes at most two: the two sides of an ID card. */
export const MAX_IDENTITY_PROOFS = 2;
/** Photos or scans: of the attachment types, the ones an identity document comes as. */
const PROOF_EXTENSIONS = ['jpg', 'jpeg', 'png', 'pdf'];

/** A file's refusal shown at the form's proof field rather than the files module's own. */
export const atProofField = (e: DomainError): DomainError =>
  new DomainError(e.code, e.message, e.status, { identityProofs: e.message });

/** A registration checked and prepared, waiting for its batch (group-commit.ts). */
interface Draft {
  actor: Actor;
  agency: Letterhead['agency'] & { id: string; regionCode: string };
  /** The private link's token: given to the applicant once, kept only as a hash. */
  token: string;
  papers: { fileId: string; purpose: string }[];
  row: Omit<Insertable<RequestsTable>, 'tracking_number' | 'deadline_id' | 'similar'> & {
    id: string;
    agency_id: string;
    applicant_key: string;
    channel: Channel;
    received_on: string;
    created_at: string;
    applicant_name: string;
    description: string;
    delivery: string;
    intake_by: string | null;
  };
}

/** A registration written and committed. */
interface Registered {
  id: string;
  token: string;
  trackingNumber: string;
  dueOn: string;
}

/**
 * Earlier requests alike enough to be a repeat (条例第三十六条第六项), for the officer to judge:
 * the ten most alike of the candidates at DUPLICATE_THRESHOLD or above. `gramsOf` gives a
 * candidate's bigrams (worked out once in a batch, where many are compared with the same ones).
 */
function possibleRepeats(
  description: string,
  applicantKey: string,
  candidates: Iterable<Comparable>,
  gramsOf: (c: Comparable) => readonly number[],
): { id: string; trackingNumber: string; score: number; sameApplicant: boolean }[] {
  const scoreOf = similarityTo(description);
  const alike = [];
  for (const c of candidates) {
    const score = Math.round(scoreOf(gramsOf(c)) * 100) / 100;
    if (score >= DUPLICATE_THRESHOLD)
      alike.push({
        id: c.id,
        trackingNumber: c.tracking_number,
        score,
        sameApplicant: c.applicant_key === applicantKey,
      });
  }
  return alike.sort((a, b) => b.score - a.score).slice(0, 10);
}

/** Intake (条例第二十九条、第三十一条) and the applicant's tracking page. */
export function createIntake(
  ctx: RequestContext,
): Pick<RequestsService, 'submit' | 'registerForApplicant' | 'track' | 'trackByToken' | 'alreadyPublic'> {
  const { deps, k, now, today, settingsOnPath, templatesOnPath, roleAgency, noticeRow, get } = ctx;
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

  /** An identity proof the files service will take, and of a type an identity document comes as. */
  async function checkProof(p: IdentityProof): Promise<void> {
    try {
      const { name, extension } = cleanFileName(p.name);
      if (!PROOF_EXTENSIONS.includes(extension))
        throw invalid(`身份证明“${name}”须为 JPG、PNG 图片或 PDF 文件`);
      checkSize(name, p.bytes.byteLength, deps.files.maxBytes);
      checkContent(name, extension, await sniff(p.bytes));
    } catch (e) {
      throw e instanceof DomainError ? atProofField(e) : e;
    }
  }

  /**
   * Registers a request: checks that its agency exists and prepares its row, then hands it to the
   * group commit (`admit`), which answers once it is committed.
   */
  async function register(
    actor: Actor,
    app: ReturnType<typeof applicationSchema.parse>,
    intake: {
      channel: Channel;
      receivedOn: string;
      intakeBy: string | null;
      intakeNote: string | null;
      fileIds: string[];
      identityFileIds: string[];
    },
  ): Promise<Registered> {
    const agency = await orgs.get(app.agencyId);
    const idNumber = app.idNumber.trim().toUpperCase();
    const at = now().toISOString();
    const token = randomBytes(24).toString('base64url');
    return admit({
      actor,
      agency,
      token,
      papers: [
        ...intake.fileIds.map((fileId) => ({ fileId, purpose: 'case' })),
        ...intake.identityFileIds.map((fileId) => ({ fileId, purpose: 'identity' })),
      ],
      row: {
        id: newId(),
        agency_id: agency.id,
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
        applicant_key: sealer.lookupKey(`${app.idType}:${idNumber}`),
        phone: app.phone,
        phone_tail: phoneTail(app.phone),
        email: app.email ?? null,
        address: app.address ?? null,
        postal_code: app.postalCode ?? null,
        description: app.description,
        purpose: app.purpose ?? null,
        form: app.form,
        delivery: app.delivery,
        created_at: at,
        updated_at: at,
      },
    });
  }

  /**
   * What a batch needs of an agency, read once however many of its registrations the batch has:
   * where its disclosure officer acts, its settings, and its acknowledgement's letterhead.
   */
  async function agencyFacts(agency: Draft['agency']) {
    const path = await orgs.agencyPath(agency.id);
    const [officeAgencyId, settings, templates] = await Promise.all([
      roleAgency(agency.id, 'disclosure_officer', path),
      settingsOnPath(path),
      templatesOnPath(path),
    ]);
    return { officeAgencyId, settings, head: letterhead(agency, templates, 'acknowledgement') };
  }

  type AgencyFacts = Awaited<ReturnType<typeof agencyFacts>>;

  /** The tracking numbers of a batch, in its order: per year, taken in one statement. */
  async function trackingNumbers(receivedOns: readonly string[]): Promise<string[]> {
    const years = receivedOns.map(yearOf);
    const next = new Map<number, number>();
    for (const year of new Set(years)) {
      const count = years.filter((y) => y === year).length;
      next.set(year, (await store.takeSequences(k, year, count)) - count + 1);
    }
    return years.map((year) => {
      const seq = next.get(year) ?? 0;
      next.set(year, seq + 1);
      return formatTrackingNumber(year, seq);
    });
  }

  /**
   * Writes a batch of registrations (group-commit.ts). First what they depend on is read, once per
   * agency and per applicant however many the batch has: the agencies' settings and letterheads,
   * the earlier requests to compare with. Then their tracking numbers are taken, on their own
   * (store.takeSequences). Then one transaction writes their clocks, the requests, their papers,
   * their acknowledgements and, last, their audit events (on PostgreSQL the chain's lock is then
   * held only from there to the commit).
   */
  async function writeRegistrations(drafts: readonly Draft[]): Promise<Registered[]> {
    // Read at once (on PostgreSQL over several connections): each agency's facts, and the newest
    // requests of each applicant and each agency the batch has.
    const facts = new Map<string, Promise<AgencyFacts>>();
    const factsOf = (agency: Draft['agency']) => {
      let found = facts.get(agency.id);
      if (!found) facts.set(agency.id, (found = agencyFacts(agency)));
      return found;
    };
    const newest = new Map<string, Promise<Comparable[]>>();
    const earlier = (column: 'applicant_key' | 'agency_id', value: string, since: string) => {
      const key = `${column} ${value} ${since}`;
      let found = newest.get(key);
      if (!found) {
        found = store.newestRequests(k, { column, value, since, limit: SIMILAR_CANDIDATES });
        newest.set(key, found);
      }
      return found;
    };
    let read: { d: Draft; f: AgencyFacts; candidates: Comparable[] }[];
    try {
      read = await Promise.all(
        drafts.map(async (d) => {
          const since = addDays(d.row.received_on, -SIMILAR_WINDOW_DAYS);
          const [f, own, agency] = await Promise.all([
            factsOf(d.agency),
            earlier('applicant_key', d.row.applicant_key, since),
            earlier('agency_id', d.row.agency_id, since),
          ]);
          return { d, f, candidates: [...own, ...agency] };
        }),
      );
    } catch (error) {
      // Nothing written yet: each can be tried again alone.
      throw new BatchNotWritten(error);
    }
    const numbers = await trackingNumbers(drafts.map((d) => d.row.received_on));
    const grams = new Map<string, readonly number[]>();
    const gramsOf = (c: Comparable): readonly number[] => {
      let g = grams.get(c.id);
      if (!g) grams.set(c.id, (g = bigrams(c.description)));
      return g;
    };
    const numbered = read.map((r, i) => ({ ...r, row: { ...r.d.row, tracking_number: numbers[i] ?? '' } }));
    const rows = numbered.map(({ d, f, candidates, row }, i) => {
      // Those before it in the batch are earlier requests too.
      const mates = numbered
        .slice(0, i)
        .map((m) => m.row)
        .filter((m) => m.applicant_key === row.applicant_key || m.agency_id === row.agency_id);
      const unique = new Map([...candidates, ...mates].map((c) => [c.id, c]));
      const similar = possibleRepeats(row.description, row.applicant_key, unique.values(), gramsOf);
      return { d, f, row, similar };
    });
    return k.transaction().execute(async (trx) => {
      try {
        const clocks = await deadlines.openMany(
          trx,
          rows.map(({ d, f, row }) => ({
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            agencyId: f.officeAgencyId,
            assigneeRole: 'disclosure_officer',
            title: `依申请公开 ${row.tracking_number}`,
            link: requestLink(row.id),
            spec: replySpec(row.received_on, f.settings, d.agency.regionCode),
          })),
        );
        const written = rows.map(({ d, f, row, similar }, i) => {
          const deadline = clocks[i] as (typeof clocks)[number];
          return {
            d,
            f,
            similar,
            row: { ...row, deadline_id: deadline.id, similar: JSON.stringify(similar) },
            dueOn: deadline.dueDate,
          };
        });
        await store.insertRequests(
          trx,
          written.map((w) => w.row),
        );
        for (const { d, row } of written) {
          for (const p of d.papers) {
            await store.insertFile(trx, {
              id: newId(),
              request_id: row.id,
              file_id: p.fileId,
              purpose: p.purpose,
              added_by: d.actor.userId,
              created_at: row.created_at,
            });
          }
        }
        await store.insertFirstNotices(
          trx,
          written.map(({ d, f, row, dueOn }) =>
            noticeRow(
              d.actor,
              row,
              'applicant',
              { kind: 'acknowledgement', channel: CHANNEL_LABELS[row.channel], dueOn },
              f.head,
            ),
          ),
        );
        await audit.recordMany(
          trx,
          written.map(({ d, row, similar }) => ({
            actor: d.actor,
            agencyId: row.agency_id,
            entityType: REQUEST_ENTITY,
            entityId: row.id,
            action: 'request.registered',
            // Never the identity number or the phone: the audit log is read by supervisors.
            after: {
              trackingNumber: row.tracking_number,
              channel: row.channel,
              receivedOn: row.received_on,
              intakeBy: row.intake_by,
              similar: similar.length,
            },
          })),
        );
        return written.map(({ d, row, dueOn }) => ({
          id: row.id,
          token: d.token,
          trackingNumber: row.tracking_number,
          dueOn,
        }));
      } catch (error) {
        // Rolled back: nothing of the batch was written, so each can be tried again alone.
        throw new BatchNotWritten(error);
      }
    });
  }

  const admit = groupCommit(writeRegistrations, MAX_BATCH);

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
    async submit(input, proofs = []) {
      const app = parseInput(applicationSchema, input);
      checkApplication(app);
      if (proofs.length > MAX_IDENTITY_PROOFS) {
        const m = `身份证明最多上传 ${MAX_IDENTITY_PROOFS} 个文件`;
        throw invalid(m, { identityProofs: m });
      }
      // All checked before any is saved, so a bad second file leaves no first one behind (the
      // files service checks again as it saves).
      for (const p of proofs) await checkProof(p);
      // Saved (bytes fsynced, row committed) before the request, which links them in its batch.
      const identityFileIds: string[] = [];
      for (const p of proofs) {
        identityFileIds.push((await deps.files.save(systemActor, { ...p, agencyId: app.agencyId })).id);
      }
      const receivedOn = today();
      const out = await register(systemActor, app, {
        channel: 'online',
        receivedOn,
        intakeBy: null,
        intakeNote: null,
        fileIds: [],
        identityFileIds,
      });
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
      const out = await register(actor, app, {
        channel: app.channel,
        receivedOn: r.date,
        intakeBy: actor.userId,
        intakeNote: app.intakeNote ?? (app.channel === 'oral' ? '申请人口头提出，工作人员代为填写' : null),
        fileIds: app.fileIds,
        identityFileIds: app.identityFileIds,
      });
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

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { assertCan } from '../../core/auth/permissions.ts';
import type { AuditService } from '../../core/audit/service.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import type { Database } from '../../core/db/database.ts';
import { DomainError, invalid } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/validation.ts';
import type { OrgsService } from '../orgs/service.ts';
import { summarize } from '../catalog/model.ts';
import { createDocumentWorkflow, type DocumentWorkflow, type WorkflowDeps } from './workflow.ts';
import {
  beijingDate,
  currentValidity,
  formatIndexNumber,
  indexYear,
  type LegalCategory,
  type PortalSection,
} from './model.ts';
import {
  publishDocumentInput,
  type DocumentPage,
  type PublicDocument,
  type PublicDocumentSummary,
  type PublishDocumentInput,
  type WithdrawnDocument,
} from './schemas.ts';
import * as store from './store.ts';
import type { DocumentRow, SummaryRow } from './store.ts';
import { bodyFacts, bodyText } from './body-text.ts';

export const PAGE_SIZE = 20;
/** Deeper pages than this are not served: nobody pages that far, and offsets cost. */
export const MAX_PAGE = 1000;

export interface DocumentsService extends DocumentWorkflow {
  /**
   * Imports a document that was approved outside this system (a rule set, a migration from an old
   * platform) straight onto the portal: assigns its 索引号 (unique per agency and year, never reused)
   * and records the publication in the audit chain, so that the agency can prove when it published
   * (条例第二十六条). Runs inside `trx` when given, else in its own transaction; every read goes
   * through that transaction too, so it is safe inside a caller's transaction on SQLite's single
   * connection. Only the system (the demo loader) publishes without the 'document.publish' role.
   */
  importPublished(
    trx: Kysely<Database> | null | undefined,
    actor: Actor,
    input: PublishDocumentInput,
  ): Promise<PublicDocument>;
  /** A published document, or null (unknown, unpublished and malformed ids alike). */
  getPublic(id: string): Promise<PublicDocument | null>;
  /** Published documents of a column (and optionally one agency), newest first. */
  listPublic(query: {
    section?: PortalSection;
    agencyId?: string;
    legalCategory?: LegalCategory;
    page?: number;
    pageSize?: number;
  }): Promise<DocumentPage>;
  /** Titles the agency has already published (the demo loader uses it to stay idempotent). */
  publishedTitles(agencyId: string): Promise<Set<string>>;
  /** A withdrawn document's tombstone, or null. */
  getWithdrawn(id: string): Promise<WithdrawnDocument | null>;
  /** A published document's attachment for the public; null when the document or file is not public. */
  publicAttachment(
    documentId: string,
    fileId: string,
  ): Promise<{ name: string; mime: string; bytes: Uint8Array } | null>;
  /** The catalog's view of published documents (catalog's CatalogDocumentSource). */
  publishedForCatalog(agencyId: string): Promise<CatalogDocumentFacts[]>;
  /** Published documents among `ids`, read through `ex` inside a caller's transaction. */
  publishedByIds(ids: readonly string[], ex?: Kysely<Database>): Promise<CatalogDocumentFacts[]>;
  /**
   * Registers what runs after a change the public sees (a publication, import, revision, withdrawal
   * or validity change) has committed: the portal drops the pages it keeps in memory. An import
   * inside a caller's transaction tells the listeners when it returns, before that transaction
   * commits. Returns the function that unregisters the listener.
   */
  onPublicChange(listener: () => void): () => void;
}

export interface CatalogDocumentFacts {
  id: string;
  agencyId: string;
  title: string;
  indexNumber: string;
  writtenOn: string;
  publishedAt: string;
  /** 内容概述: the opening of the body's text. */
  summary: string;
}

export interface DocumentsDeps extends Omit<WorkflowDeps, 'orgs'> {
  db: Db;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  /** Agency names for pages and lists (read outside any transaction). */
  orgs: Pick<OrgsService, 'agencyNames' | 'agencyPath' | 'get' | 'tree'>;
}

/** Ids are UUIDs; anything else cannot name a document, and needs no query. */
const isUuid = (id: string): boolean => /^[0-9a-f-]{36}$/i.test(id);

export function createDocumentsService(deps: DocumentsDeps): DocumentsService {
  const { db, clock, audit, orgs } = deps;
  const listeners = new Set<() => void>();
  const publicChanged = (): void => {
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the change is committed already.
      }
    }
  };
  const workflow = createDocumentWorkflow({ ...deps, publicChanged });
  const today = (): string => beijingDate(clock.now());

  function toSummary(row: SummaryRow, agencyName: string) {
    if (row.published_at === null || row.index_number === null) {
      throw new Error(`document ${row.id} is listed as published without a publication time or index number`);
    }
    const summary: PublicDocumentSummary = {
      id: row.id,
      agencyId: row.agency_id,
      agencyName,
      title: row.title,
      docNumber: row.doc_number,
      writtenOn: row.written_on,
      publishedAt: row.published_at,
      publishedOn: beijingDate(row.published_at),
      indexNumber: row.index_number,
      topic: row.topic,
      genre: row.genre,
      legalCategory: row.legal_category,
      validity: currentValidity(
        { validity: row.validity, effectiveFrom: row.effective_from, effectiveTo: row.effective_to },
        today(),
      ),
      effectiveFrom: row.effective_from,
      effectiveTo: row.effective_to,
      disclosureMode: row.disclosure_mode,
      portalSection: row.portal_section,
      updatedAt: row.updated_at,
      version: row.version,
    };
    return summary;
  }

  const toPublic = (row: DocumentRow, names: Map<string, string>): PublicDocument => ({
    ...toSummary(row, names.get(row.agency_id) ?? ''),
    body: row.body,
    bodyFormat: row.body_format,
    sourceNote: row.source_note,
    coIssuerNames: (JSON.parse(row.co_issuers) as string[]).map((id) => names.get(id) ?? ''),
    attachments: JSON.parse(row.attachments) as { fileId: string; name: string }[],
    validityNote: row.validity_note,
    publishWorkingDays: row.publish_working_days,
  });

  const toCatalog = (
    row: Pick<
      DocumentRow,
      'id' | 'agency_id' | 'title' | 'index_number' | 'written_on' | 'published_at' | 'body' | 'body_format'
    >,
  ): CatalogDocumentFacts => ({
    id: row.id,
    agencyId: row.agency_id,
    title: row.title,
    indexNumber: row.index_number ?? '',
    writtenOn: row.written_on,
    publishedAt: row.published_at ?? '',
    summary: summarize(bodyText(row)),
  });

  async function publishIn(
    trx: Kysely<Database>,
    actor: Actor,
    input: PublishDocumentInput,
  ): Promise<PublicDocument> {
    const doc = parseInput(publishDocumentInput, input, {
      message: () => '提交的文件信息有误，请检查后重试',
    });
    const agency = await orgs.get(doc.agencyId, trx).catch((e: unknown) => {
      throw e instanceof DomainError && e.status === 404
        ? invalid('发布机构不存在', { agencyId: '发布机构不存在' })
        : e;
    });
    // Work the system does itself (the demo loader) is not bound to a membership.
    if (actor !== systemActor) assertCan(actor, 'document.publish', await orgs.agencyPath(agency.id, trx));
    if (!agency.uscc) {
      throw invalid(`${agency.name}尚未登记统一社会信用代码，无法生成索引号`, {
        agencyId: '发布机构缺少统一社会信用代码',
      });
    }
    const now = clock.now();
    if (doc.writtenOn > beijingDate(now)) {
      throw invalid('成文日期不能晚于发布日期', { writtenOn: '成文日期不能晚于发布日期' });
    }
    // Nothing unscreened reaches the portal, imports included. An import has no named person to
    // explain a warning, so any finding refuses it: the text is corrected, or it goes through the workflow.
    const facts = bodyFacts({ body: doc.body, body_format: 'text' });
    const findings = await deps.screening.screen(
      { title: doc.title, bodyText: facts.text, links: facts.links, attachments: [], agencyId: agency.id },
      trx,
    );
    if (findings.length > 0) {
      throw invalid(
        `发布前检查未通过，不能导入：${findings
          .slice(0, 3)
          .map((f) => f.message)
          .join('；')}`,
        { body: findings[0]?.message ?? '' },
        'screening_failed',
      );
    }
    const publishedAt = now.toISOString();
    const year = indexYear(now);
    const indexNumber = formatIndexNumber(agency.uscc, year, await store.nextIndexSeq(trx, agency.id, year));
    const row = {
      id: newId(),
      agency_id: agency.id,
      title: doc.title,
      doc_number: doc.docNumber,
      written_on: doc.writtenOn,
      published_at: publishedAt,
      index_number: indexNumber,
      topic: doc.topic,
      genre: doc.genre,
      legal_category: doc.legalCategory,
      validity: doc.validity,
      effective_from: doc.effectiveFrom,
      effective_to: doc.effectiveTo,
      body: doc.body,
      body_format: 'text',
      disclosure_mode: 'proactive',
      status: 'published',
      portal_section: doc.portalSection,
      source_note: doc.sourceNote,
      created_at: publishedAt,
      updated_at: publishedAt,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    } satisfies Partial<DocumentRow>;
    await store.insertDocument(trx, row);
    const stored = await store.findById(trx, row.id);
    if (!stored) throw new Error(`document ${row.id} vanished in its own transaction`);
    await store.insertVersion(trx, {
      document_id: row.id,
      version: 1,
      snapshot: JSON.stringify({ title: row.title, body: row.body, bodyFormat: row.body_format }),
      reason: '导入',
      created_at: publishedAt,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    });
    await deps.search.index(trx, {
      id: row.id,
      agencyId: row.agency_id,
      title: row.title,
      docNumber: row.doc_number,
      text: bodyText(stored),
      topic: row.topic,
      publishedAt,
      validity: row.validity,
      effectiveTo: row.effective_to,
    });
    await audit.record(trx, {
      actor,
      agencyId: agency.id,
      entityType: 'document',
      entityId: row.id,
      action: 'document.published',
      // The body is not repeated in the chain; its length lets a later check notice a changed text.
      after: {
        title: row.title,
        indexNumber,
        docNumber: row.doc_number,
        writtenOn: row.written_on,
        publishedAt,
        portalSection: row.portal_section,
        validity: row.validity,
        bodySha256: createHash('sha256').update(row.body).digest('hex'),
      },
    });
    return toPublic(stored, new Map([[agency.id, agency.name]]));
  }

  return {
    ...workflow,
    async importPublished(trx, actor, input) {
      const doc = await (trx
        ? publishIn(trx, actor, input)
        : db.kysely.transaction().execute((t) => publishIn(t, actor, input)));
      publicChanged();
      return doc;
    },

    onPublicChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async getPublic(id) {
      if (!isUuid(id)) return null;
      const row = await store.findPublished(db.kysely, id);
      if (!row) return null;
      const names = await orgs.agencyNames([row.agency_id, ...(JSON.parse(row.co_issuers) as string[])]);
      return toPublic(row, names);
    },

    async getWithdrawn(id) {
      if (!isUuid(id)) return null;
      const row = await store.findWithdrawn(db.kysely, id);
      if (!row?.withdrawn_at) return null;
      const names = await orgs.agencyNames([row.agency_id]);
      return {
        id: row.id,
        title: row.title,
        agencyName: names.get(row.agency_id) ?? '',
        indexNumber: row.index_number,
        docNumber: row.doc_number,
        publishedAt: row.published_at,
        withdrawnAt: row.withdrawn_at,
        reason: row.withdraw_reason ?? '',
      };
    },

    async publicAttachment(documentId, fileId) {
      if (!isUuid(documentId) || !isUuid(fileId)) return null;
      const row = await store.findPublished(db.kysely, documentId);
      if (!row) return null;
      const listed = (JSON.parse(row.attachments) as { fileId: string; name: string }[]).find(
        (a) => a.fileId === fileId,
      );
      if (!listed) return null;
      const content = await deps.files.read(fileId);
      const file = await deps.files.get(fileId);
      return { name: listed.name, mime: file?.mime ?? 'application/octet-stream', bytes: content.bytes };
    },

    async publishedForCatalog(agencyId) {
      const rows = await store.publishedRowsForAgency(db.kysely, agencyId);
      return rows.map(toCatalog);
    },

    async publishedByIds(ids, ex = db.kysely) {
      if (ids.length === 0) return [];
      return (await store.findByIds(ex, ids)).filter((r) => r.status === 'published').map(toCatalog);
    },

    async listPublic({ section, agencyId, legalCategory, page = 1, pageSize = PAGE_SIZE }) {
      const size = Math.min(Math.max(Math.trunc(pageSize), 1), 100);
      const current = Math.min(Math.max(Math.trunc(page), 1), MAX_PAGE);
      const { rows, total } = await store.listPublished(
        db.kysely,
        {
          ...(section ? { section } : {}),
          ...(agencyId ? { agencyId } : {}),
          ...(legalCategory ? { legalCategory } : {}),
        },
        { offset: (current - 1) * size, limit: size },
      );
      const names = await orgs.agencyNames([...new Set(rows.map((r) => r.agency_id))]);
      return {
        items: rows.map((r) => toSummary(r, names.get(r.agency_id) ?? '')),
        total,
        page: current,
        pageSize: size,
        pageCount: Math.max(1, Math.ceil(total / size)),
      };
    },

    publishedTitles(agencyId) {
      return store.findPublishedTitles(db.kysely, agencyId);
    },
  };
}

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
import { beijingDate, currentValidity, formatIndexNumber, indexYear, type PortalSection } from './model.ts';
import {
  publishDocumentInput,
  type DocumentPage,
  type PublicDocument,
  type PublicDocumentSummary,
  type PublishDocumentInput,
} from './schemas.ts';
import * as store from './store.ts';
import type { DocumentRow } from './store.ts';

export const PAGE_SIZE = 20;
/** Deeper pages than this are not served: nobody pages that far, and offsets cost. */
export const MAX_PAGE = 1000;

export interface DocumentsService {
  /**
   * Puts a document on the portal: assigns its 索引号 (unique per agency and year, never reused)
   * and records the publication in the audit chain, so that the agency can prove when it published
   * (条例第二十六条). Runs inside `trx` when given, else in its own transaction; every read goes
   * through that transaction too, so it is safe inside a caller's transaction on SQLite's single
   * connection. Only the system (the demo loader) publishes without the 'document.publish' role.
   */
  publish(
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
    page?: number;
    pageSize?: number;
  }): Promise<DocumentPage>;
  /** Titles the agency has already published (the demo loader uses it to stay idempotent). */
  publishedTitles(agencyId: string): Promise<Set<string>>;
}

export interface DocumentsDeps {
  db: Db;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  /** Agency names for pages and lists (read outside any transaction). */
  orgs: Pick<OrgsService, 'agencyNames' | 'agencyPath' | 'get'>;
}

export function createDocumentsService({ db, clock, audit, orgs }: DocumentsDeps): DocumentsService {
  const today = (): string => beijingDate(clock.now());

  function toSummary(row: Omit<DocumentRow, 'body' | 'body_format' | 'source_note'>, agencyName: string) {
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
    };
    return summary;
  }

  const toPublic = (row: DocumentRow, agencyName: string): PublicDocument => ({
    ...toSummary(row, agencyName),
    body: row.body,
    bodyFormat: row.body_format,
    sourceNote: row.source_note,
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
    const publishedAt = now.toISOString();
    const year = indexYear(now);
    const indexNumber = formatIndexNumber(agency.uscc, year, await store.nextIndexSeq(trx, agency.id, year));
    const row: DocumentRow = {
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
    };
    await store.insertDocument(trx, row);
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
        bodyLength: row.body.length,
      },
    });
    return toPublic(row, agency.name);
  }

  return {
    publish(trx, actor, input) {
      return trx
        ? publishIn(trx, actor, input)
        : db.kysely.transaction().execute((t) => publishIn(t, actor, input));
    },

    async getPublic(id) {
      // Ids are UUIDs; anything else cannot name a document, and needs no query.
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const row = await store.findPublished(db.kysely, id);
      if (!row) return null;
      const names = await orgs.agencyNames([row.agency_id]);
      return toPublic(row, names.get(row.agency_id) ?? '');
    },

    async listPublic({ section, agencyId, page = 1, pageSize = PAGE_SIZE }) {
      const size = Math.min(Math.max(Math.trunc(pageSize), 1), 100);
      const current = Math.min(Math.max(Math.trunc(page), 1), MAX_PAGE);
      const { rows, total } = await store.listPublished(
        db.kysely,
        { ...(section ? { section } : {}), ...(agencyId ? { agencyId } : {}) },
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

import type { Kysely } from 'kysely';
import type { AuditService } from '../../core/audit/service.ts';
import { systemActor, type Actor } from '../../core/auth/actor.ts';
import { can } from '../../core/auth/permissions.ts';
import type { CalendarReader } from '../../core/calendar/service.ts';
import { shanghaiDate } from '../../core/calendar/dates.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connect.ts';
import type { Database } from '../../core/db/database.ts';
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/validation.ts';
import {
  CATALOG_NODE_ENTITY,
  checkConsistency,
  deleteError,
  moveError,
  placementError,
  PROBLEM_REASONS,
  STAGE_LABELS,
  STAGES,
  workingDayCounter,
  type NodeRef,
} from './model.ts';
import {
  fileSchema,
  nodeCreateSchema,
  nodeMoveSchema,
  nodeUpdateSchema,
  unfileSchema,
  type CatalogDocument,
  type CatalogItemRef,
  type CatalogNodeView,
  type CatalogReport,
  type CatalogTreeView,
  type FileInput,
  type FilingResult,
  type ItemElementsView,
  type NodeCreateInput,
  type NodeMoveInput,
  type NodeUpdateInput,
  type UnfileInput,
} from './schemas.ts';
import * as store from './store.ts';
import type { NodeRow } from './store.ts';

type K = Kysely<Database>;

/**
 * What the catalog needs from DOCUMENTS (the documents service implements it; src/services.ts wires
 * it). Only published documents count: a withdrawn one drops out of every list and of the report.
 */
export interface CatalogDocumentSource {
  /** Every document the agency has published (and not withdrawn), in any order. */
  publishedForAgency(agencyId: string): Promise<CatalogDocument[]>;
  /**
   * The published documents among `ids` (unknown, draft and withdrawn ones left out). Reads through
   * `ex` when given: `file` runs inside the publication transaction, and SQLite has one connection.
   */
  publishedByIds(ids: readonly string[], ex?: K): Promise<CatalogDocument[]>;
}

export interface CatalogDeps {
  db: Db;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  /** ORGS' agency tree (reads pass the open transaction as `ex`). */
  orgs: {
    agencyPath(id: string, ex?: K): Promise<string[]>;
    agencyNames(ids: readonly string[], ex?: K): Promise<Map<string, string>>;
    regionCodeOf(id: string): Promise<string>;
  };
  /** Working days for the report's 时限 (core/calendar). */
  calendar: Pick<CalendarReader, 'load'>;
  documents: CatalogDocumentSource;
}

export interface CatalogService {
  /** The agency's catalog: the five stages with their fields and items, each item with its documents. */
  tree(actor: Actor, agencyId: string): Promise<CatalogTreeView>;
  /** Adds a field (领域) or an item (公开事项) under a stage or field. */
  createNode(actor: Actor, input: NodeCreateInput): Promise<CatalogNodeView>;
  /** Renames a field or item, re-orders it, or changes an item's elements. */
  updateNode(actor: Actor, id: string, input: NodeUpdateInput): Promise<CatalogNodeView>;
  /** Moves a field or item under another stage or field of the same catalog. */
  moveNode(actor: Actor, id: string, input: NodeMoveInput): Promise<CatalogNodeView>;
  /** Deletes a field or item that has neither children nor filed documents. */
  deleteNode(actor: Actor, id: string): Promise<void>;
  /**
   * Creates whichever of the five stages the agency's catalog lacks; returns how many it created.
   * Runs inside `trx` when given (every read goes through it too).
   */
  ensureStandardTree(trx: K | null | undefined, actor: Actor, agencyId: string): Promise<number>;
  /**
   * Files a published document under one or more items of its agency's catalog (already filed: kept).
   * Runs inside `trx` when given — the documents workflow calls it in its publication transaction.
   */
  file(trx: K | null | undefined, actor: Actor, input: FileInput): Promise<FilingResult>;
  /** Takes a document out of one item. */
  unfile(trx: K | null | undefined, actor: Actor, input: UnfileInput): Promise<FilingResult>;
  /** The items a document is filed under (no access check: the catalog is public). */
  itemsForDocument(documentId: string, ex?: K): Promise<CatalogItemRef[]>;
  /** The published documents filed under an item, newest first (no access check: public). */
  documentsForItem(itemId: string): Promise<CatalogDocument[]>;
  /** Published documents of the agency filed under no item (the console's 归档到目录). */
  unfiledDocuments(actor: Actor, agencyId: string): Promise<CatalogDocument[]>;
  /** The consistency report: empty items, stale items, unfiled documents (docs/catalog.md). */
  report(actor: Actor, agencyId: string): Promise<CatalogReport>;
  /** The portal's view of an agency's catalog, or null when it has none. */
  publicTree(agencyId: string): Promise<CatalogTreeView | null>;
  /** Agencies that have a catalog (for the portal's picker). */
  agenciesWithCatalog(): Promise<string[]>;
}

const HIDDEN = '未找到该公开目录，或您无权查看';
const NODE_HIDDEN = '未找到该目录节点，或您无权查看';

/** Newest first: the latest 生成日期, then the latest publication. */
const newestFirst = (a: CatalogDocument, b: CatalogDocument): number =>
  b.writtenOn.localeCompare(a.writtenOn) || b.publishedAt.localeCompare(a.publishedAt);

const parseElements = (row: NodeRow): ItemElementsView | null =>
  row.elements === null ? null : (JSON.parse(row.elements) as ItemElementsView);

/** The stage and fields above a node, as names (e.g. ['执行公开', '义务教育']). */
function pathNames(row: NodeRow, byId: ReadonlyMap<string, NodeRow>): string[] {
  const names: string[] = [];
  for (let p = row.parent_id ? byId.get(row.parent_id) : undefined; p;) {
    names.unshift(p.kind === 'stage' ? STAGE_LABELS[p.stage] : p.name);
    p = p.parent_id ? byId.get(p.parent_id) : undefined;
  }
  return names;
}

const refOf = (row: NodeRow): NodeRef => ({ id: row.id, kind: row.kind, parentId: row.parent_id });

export function createCatalogService(deps: CatalogDeps): CatalogService {
  const { db, clock, audit, orgs, calendar, documents } = deps;

  /** Builds the nested view from an agency's rows and the documents filed under its items. */
  function buildTree(rows: readonly NodeRow[], docsOf: ReadonlyMap<string, CatalogDocument[]>) {
    const childrenOf = new Map<string | null, NodeRow[]>();
    for (const r of rows) {
      const list = childrenOf.get(r.parent_id) ?? [];
      list.push(r);
      childrenOf.set(r.parent_id, list);
    }
    const view = (r: NodeRow): CatalogNodeView => ({
      id: r.id,
      agencyId: r.agency_id,
      parentId: r.parent_id,
      kind: r.kind,
      stage: r.stage,
      name: r.kind === 'stage' ? STAGE_LABELS[r.stage] : r.name,
      sortOrder: r.sort_order,
      elements: parseElements(r),
      documents: r.kind === 'item' ? [...(docsOf.get(r.id) ?? [])].sort(newestFirst) : [],
      children: (childrenOf.get(r.id) ?? []).map(view),
    });
    return (childrenOf.get(null) ?? [])
      .sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage))
      .map(view);
  }

  /** An agency's rows, filings and published documents, and the documents of each item. */
  async function loadCatalog(agencyId: string) {
    const [rows, filings, published] = await Promise.all([
      store.nodesOfAgency(db.kysely, agencyId),
      store.filingsOfAgency(db.kysely, agencyId),
      documents.publishedForAgency(agencyId),
    ]);
    const byDoc = new Map(published.map((d) => [d.id, d]));
    const docsOf = new Map<string, CatalogDocument[]>();
    for (const f of filings) {
      const doc = byDoc.get(f.document_id);
      if (!doc) continue;
      const list = docsOf.get(f.item_id) ?? [];
      list.push(doc);
      docsOf.set(f.item_id, list);
    }
    return { rows, filings, published, docsOf };
  }

  async function agencyName(agencyId: string): Promise<string> {
    return (await orgs.agencyNames([agencyId])).get(agencyId) ?? '';
  }

  /** The agency's authority path if the actor may view its catalog; otherwise 404. */
  async function viewable(actor: Actor, agencyId: string, ex?: K): Promise<string[]> {
    const path = await orgs.agencyPath(agencyId, ex).catch(() => {
      throw notFound(HIDDEN);
    });
    if (!can(actor, 'catalog.view', path)) throw notFound(HIDDEN);
    return path;
  }

  function assertManage(actor: Actor, path: readonly string[]): void {
    if (!can(actor, 'catalog.manage', path)) {
      throw forbidden('只有政务公开工作机构或科室负责人可以维护公开目录');
    }
  }

  /** A node the actor may see (the node and its agency's path); otherwise 404. */
  async function loadNode(actor: Actor, id: string, ex: K = db.kysely) {
    const row = await store.findNode(ex, id);
    if (!row) throw notFound(NODE_HIDDEN);
    const path = await orgs.agencyPath(row.agency_id, ex);
    if (!can(actor, 'catalog.view', path)) throw notFound(NODE_HIDDEN);
    return { row, path };
  }

  async function nodeView(row: NodeRow): Promise<CatalogNodeView> {
    const { rows, docsOf } = await loadCatalog(row.agency_id);
    const find = (nodes: CatalogNodeView[]): CatalogNodeView | null => {
      for (const n of nodes) {
        if (n.id === row.id) return n;
        const below = find(n.children);
        if (below) return below;
      }
      return null;
    };
    const found = find(buildTree(rows, docsOf));
    if (!found) throw notFound(NODE_HIDDEN);
    return found;
  }

  async function itemsForDocument(documentId: string, ex: K = db.kysely): Promise<CatalogItemRef[]> {
    const filings = await store.filingsOfDocument(ex, documentId);
    const items = await store.findNodes(
      ex,
      filings.map((f) => f.item_id),
    );
    const agencies = [...new Set(items.map((i) => i.agency_id))];
    const all = new Map<string, NodeRow>();
    for (const a of agencies) for (const r of await store.nodesOfAgency(ex, a)) all.set(r.id, r);
    return items.map((i) => ({ itemId: i.id, name: i.name, path: pathNames(i, all) }));
  }

  const inTransaction = <T>(trx: K | null | undefined, run: (t: K) => Promise<T>): Promise<T> =>
    trx ? run(trx) : db.kysely.transaction().execute(run);

  async function treeOf(agencyId: string, allowedActions: CatalogTreeView['allowedActions']) {
    const [{ rows, docsOf }, name] = await Promise.all([loadCatalog(agencyId), agencyName(agencyId)]);
    return { agencyId, agencyName: name, stages: buildTree(rows, docsOf), allowedActions };
  }

  return {
    async tree(actor, agencyId) {
      const path = await viewable(actor, agencyId);
      const actions: CatalogTreeView['allowedActions'] = [];
      if (can(actor, 'catalog.manage', path)) actions.push('manage');
      if (can(actor, 'catalog.file', path)) actions.push('file');
      return treeOf(agencyId, actions);
    },

    async publicTree(agencyId) {
      const rows = await store.nodesOfAgency(db.kysely, agencyId);
      if (rows.length === 0) return null;
      return treeOf(agencyId, []);
    },

    agenciesWithCatalog: () => store.agenciesWithCatalog(db.kysely),

    async createNode(actor, rawInput) {
      const input = parseInput(nodeCreateSchema, rawInput, {
        message: (fields) => Object.values(fields)[0] ?? '提交的目录节点有误',
      });
      const path = await viewable(actor, input.agencyId);
      assertManage(actor, path);
      const parent = await store.findNode(db.kysely, input.parentId);
      if (!parent || parent.agency_id !== input.agencyId) {
        throw invalid('上级节点不存在或不属于该单位的目录', { parentId: '上级节点不存在' });
      }
      const grandparent = parent.parent_id ? await store.findNode(db.kysely, parent.parent_id) : null;
      const refusal = placementError(input.kind, refOf(parent), grandparent ? refOf(grandparent) : null);
      if (refusal) throw invalid(refusal, { parentId: refusal });
      const now = clock.now().toISOString();
      const row: NodeRow = {
        id: newId(),
        agency_id: input.agencyId,
        parent_id: parent.id,
        kind: input.kind,
        stage: parent.stage,
        name: input.name,
        sort_order: input.sortOrder ?? (await store.maxSortOrder(db.kysely, input.agencyId, parent.id)) + 10,
        elements: input.elements ? JSON.stringify(input.elements) : null,
        created_at: now,
        updated_at: now,
      };
      await db.kysely.transaction().execute(async (trx) => {
        await store.insertNode(trx, row);
        await audit.record(trx, {
          actor,
          agencyId: input.agencyId,
          entityType: CATALOG_NODE_ENTITY,
          entityId: row.id,
          action: 'catalog.node_created',
          after: {
            kind: row.kind,
            name: row.name,
            parentId: row.parent_id,
            stage: row.stage,
            sortOrder: row.sort_order,
            ...(input.elements ? { elements: input.elements } : {}),
          },
        });
      });
      return nodeView(row);
    },

    async updateNode(actor, id, rawInput) {
      const input = parseInput(nodeUpdateSchema, rawInput, {
        message: (fields) => Object.values(fields)[0] ?? '提交的目录节点有误',
      });
      const { row, path } = await loadNode(actor, id);
      assertManage(actor, path);
      if (row.kind === 'stage' && input.name !== undefined && input.name !== STAGE_LABELS[row.stage]) {
        throw invalid('公开环节的名称是固定的，不能修改', { name: '公开环节的名称不能修改' });
      }
      if (row.kind !== 'item' && input.elements !== undefined) {
        throw invalid('只有公开事项才有公开要素', { elements: '只有公开事项才有公开要素' });
      }
      const patch = {
        ...(input.name !== undefined && row.kind !== 'stage' ? { name: input.name } : {}),
        ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
        ...(input.elements !== undefined ? { elements: JSON.stringify(input.elements) } : {}),
      };
      const next: NodeRow = { ...row, ...patch, updated_at: clock.now().toISOString() };
      if (Object.keys(patch).length > 0) {
        await db.kysely.transaction().execute(async (trx) => {
          await store.updateNode(trx, id, { ...patch, updated_at: next.updated_at });
          await audit.record(trx, {
            actor,
            agencyId: row.agency_id,
            entityType: CATALOG_NODE_ENTITY,
            entityId: id,
            action: 'catalog.node_updated',
            before: {
              name: row.name,
              sortOrder: row.sort_order,
              ...(input.elements !== undefined ? { elements: parseElements(row) } : {}),
            },
            after: {
              name: next.name,
              sortOrder: next.sort_order,
              ...(input.elements !== undefined ? { elements: input.elements } : {}),
            },
          });
        });
      }
      return nodeView(next);
    },

    async moveNode(actor, id, rawInput) {
      const input = parseInput(nodeMoveSchema, rawInput, {
        message: (fields) => Object.values(fields)[0] ?? '提交的数据有误',
      });
      const { row, path } = await loadNode(actor, id);
      assertManage(actor, path);
      const rows = await store.nodesOfAgency(db.kysely, row.agency_id);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const parent = byId.get(input.parentId);
      if (!parent) throw invalid('新的上级节点不存在或不属于同一目录', { parentId: '上级节点不存在' });
      const grandparent = parent.parent_id ? (byId.get(parent.parent_id) ?? null) : null;
      const descendants: NodeRow[] = [];
      const walk = (pid: string): void => {
        for (const r of rows) {
          if (r.parent_id === pid) {
            descendants.push(r);
            walk(r.id);
          }
        }
      };
      walk(row.id);
      const refusal = moveError(
        refOf(row),
        refOf(parent),
        grandparent ? refOf(grandparent) : null,
        descendants.map(refOf),
      );
      if (refusal) throw invalid(refusal, { parentId: refusal });
      const sortOrder =
        input.sortOrder ?? (await store.maxSortOrder(db.kysely, row.agency_id, parent.id)) + 10;
      const now = clock.now().toISOString();
      await db.kysely.transaction().execute(async (trx) => {
        await store.updateNode(trx, id, {
          parent_id: parent.id,
          sort_order: sortOrder,
          stage: parent.stage,
          updated_at: now,
        });
        await store.setStage(
          trx,
          descendants.map((d) => d.id),
          parent.stage,
        );
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: CATALOG_NODE_ENTITY,
          entityId: id,
          action: 'catalog.node_moved',
          before: { parentId: row.parent_id, stage: row.stage, sortOrder: row.sort_order },
          after: { parentId: parent.id, stage: parent.stage, sortOrder },
        });
      });
      return nodeView({ ...row, parent_id: parent.id, stage: parent.stage, sort_order: sortOrder });
    },

    async deleteNode(actor, id) {
      const { row, path } = await loadNode(actor, id);
      assertManage(actor, path);
      await db.kysely.transaction().execute(async (trx) => {
        const children = await store.countChildren(trx, id);
        const filed = (await store.filingsOfItem(trx, id)).length;
        const refusal = deleteError(row.kind, children, filed);
        if (refusal) throw conflict(refusal, 'not_empty');
        await store.deleteNode(trx, id);
        await audit.record(trx, {
          actor,
          agencyId: row.agency_id,
          entityType: CATALOG_NODE_ENTITY,
          entityId: id,
          action: 'catalog.node_deleted',
          before: {
            kind: row.kind,
            name: row.name,
            parentId: row.parent_id,
            stage: row.stage,
            elements: parseElements(row),
          },
        });
      });
    },

    ensureStandardTree(trx, actor, agencyId) {
      return inTransaction(trx, async (t) => {
        const path = await orgs.agencyPath(agencyId, t).catch(() => {
          throw notFound(HIDDEN);
        });
        if (actor !== systemActor) {
          if (!can(actor, 'catalog.view', path)) throw notFound(HIDDEN);
          assertManage(actor, path);
        }
        const present = new Set(
          (await store.nodesOfAgency(t, agencyId)).filter((r) => r.kind === 'stage').map((r) => r.stage),
        );
        const now = clock.now().toISOString();
        let created = 0;
        for (const [i, stage] of STAGES.entries()) {
          if (present.has(stage)) continue;
          const row: NodeRow = {
            id: newId(),
            agency_id: agencyId,
            parent_id: null,
            kind: 'stage',
            stage,
            name: STAGE_LABELS[stage],
            sort_order: (i + 1) * 10,
            elements: null,
            created_at: now,
            updated_at: now,
          };
          await store.insertNode(t, row);
          await audit.record(t, {
            actor,
            agencyId,
            entityType: CATALOG_NODE_ENTITY,
            entityId: row.id,
            action: 'catalog.node_created',
            after: { kind: 'stage', stage, name: row.name },
          });
          created += 1;
        }
        return created;
      });
    },

    file(trx, actor, rawInput) {
      const input = parseInput(fileSchema, rawInput, {
        message: (fields) => Object.values(fields)[0] ?? '提交的数据有误',
      });
      return inTransaction(trx, async (t) => {
        const [doc] = await documents.publishedByIds([input.documentId], t);
        if (!doc) {
          throw invalid('该政府信息不存在或尚未公开，不能归入目录', {
            documentId: '该政府信息不存在或尚未公开',
          });
        }
        const path = await orgs.agencyPath(doc.agencyId, t);
        if (!can(actor, 'catalog.view', path)) throw notFound('未找到该政府信息，或您无权访问');
        if (!can(actor, 'catalog.file', path)) {
          throw forbidden('只有政务公开工作机构、科室负责人或网站编辑可以将政府信息归入目录');
        }
        const items = await store.findNodes(t, input.itemIds);
        const byId = new Map(items.map((i) => [i.id, i]));
        for (const itemId of input.itemIds) {
          const item = byId.get(itemId);
          if (!item || item.kind !== 'item' || item.agency_id !== doc.agencyId) {
            throw invalid('只能归入发布机构本单位目录中的公开事项', {
              itemIds: '所选节点不是本单位目录中的公开事项',
            });
          }
        }
        const already = new Set((await store.filingsOfDocument(t, doc.id)).map((f) => f.item_id));
        const now = clock.now().toISOString();
        const fresh = input.itemIds.filter((i) => !already.has(i));
        await store.insertFilings(
          t,
          fresh.map((itemId) => ({
            item_id: itemId,
            document_id: doc.id,
            filed_at: now,
            filed_by: actor.userId,
          })),
        );
        for (const itemId of fresh) {
          await audit.record(t, {
            actor,
            agencyId: doc.agencyId,
            entityType: CATALOG_NODE_ENTITY,
            entityId: itemId,
            action: 'catalog.document_filed',
            after: { documentId: doc.id, title: doc.title, indexNumber: doc.indexNumber },
          });
        }
        return { documentId: doc.id, items: await itemsForDocument(doc.id, t) };
      });
    },

    unfile(trx, actor, rawInput) {
      const input = parseInput(unfileSchema, rawInput, {
        message: (fields) => Object.values(fields)[0] ?? '提交的数据有误',
      });
      return inTransaction(trx, async (t) => {
        const { row, path } = await loadNode(actor, input.itemId, t);
        if (!can(actor, 'catalog.file', path)) {
          throw forbidden('只有政务公开工作机构、科室负责人或网站编辑可以调整归档');
        }
        const removed = await store.deleteFiling(t, row.id, input.documentId);
        if (!removed) {
          throw invalid('该政府信息没有归入此公开事项', { documentId: '该政府信息没有归入此公开事项' });
        }
        await audit.record(t, {
          actor,
          agencyId: row.agency_id,
          entityType: CATALOG_NODE_ENTITY,
          entityId: row.id,
          action: 'catalog.document_unfiled',
          before: { documentId: input.documentId },
        });
        return { documentId: input.documentId, items: await itemsForDocument(input.documentId, t) };
      });
    },

    itemsForDocument,

    async documentsForItem(itemId) {
      const filings = await store.filingsOfItem(db.kysely, itemId);
      const docs = await documents.publishedByIds(filings.map((f) => f.document_id));
      return docs.sort(newestFirst);
    },

    async unfiledDocuments(actor, agencyId) {
      await viewable(actor, agencyId);
      const { filings, published } = await loadCatalog(agencyId);
      const filed = new Set(filings.map((f) => f.document_id));
      return published.filter((d) => !filed.has(d.id)).sort(newestFirst);
    },

    async report(actor, agencyId) {
      await viewable(actor, agencyId);
      const [{ rows, filings, published }, name, regionCode, cal] = await Promise.all([
        loadCatalog(agencyId),
        agencyName(agencyId),
        orgs.regionCodeOf(agencyId),
        calendar.load(),
      ]);
      const today = shanghaiDate(clock.now());
      const addWorkingDays = workingDayCounter((d) => cal.day(d, regionCode).isWorking);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const items = rows.filter((r) => r.kind === 'item');
      const findings = checkConsistency({
        items: items.map((r) => {
          const e = parseElements(r);
          return { id: r.id, mode: e?.mode ?? 'proactive', freshness: e?.freshness ?? { kind: 'none' } };
        }),
        published,
        filings: filings.map((f) => ({ itemId: f.item_id, documentId: f.document_id })),
        today,
        addWorkingDays,
      });
      const ref = (id: string): CatalogItemRef => {
        const r = byId.get(id);
        if (!r) throw new Error(`catalog item ${id} vanished while reporting`);
        return { itemId: r.id, name: r.name, path: pathNames(r, byId) };
      };
      const docById = new Map(published.map((d) => [d.id, d]));
      return {
        agencyId,
        agencyName: name,
        asOf: today,
        counts: {
          items: items.length,
          empty: findings.empty.length,
          stale: findings.stale.length,
          unfiled: findings.unfiled.length,
        },
        reasons: { ...PROBLEM_REASONS },
        empty: findings.empty.map(ref),
        stale: findings.stale.map(({ itemId, finding }) => ({
          ...ref(itemId),
          timeLimit: parseElements(byId.get(itemId) as NodeRow)?.timeLimit ?? '',
          newest: docById.get(finding.newest.id) as CatalogDocument,
          dueDate: finding.dueDate,
          reason: finding.reason,
        })),
        unfiled: [...findings.unfiled].sort(newestFirst),
      };
    },
  };
}

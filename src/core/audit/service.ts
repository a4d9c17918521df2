import type { AuditEventView } from './schemas.ts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { can, canSomewhere } from '../auth/permissions.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { forbidden } from '../errors.ts';
import { newId } from '../ids.ts';
import {
  canonicalJson,
  checkAnchor,
  checkLink,
  eventHash,
  GENESIS_HASH,
  type ChainAnchor,
  type ChainLink,
} from './chain.ts';
import type { AuditEventsTable } from './tables.ts';

/** Who did it: an Actor, or anything with the same id and name (the system, an anonymous login). */
export type AuditActor = Pick<Actor, 'userId' | 'displayName'>;

export interface AuditInput {
  actor: AuditActor;
  /** The agency whose data changed; null for region-wide events (e.g. a failed login by an unknown name). */
  agencyId: string | null;
  entityType: string;
  entityId: string;
  /** `<entity>.<verb>`, e.g. 'user.created', 'agency.updated'. */
  action: string;
  /** Plain JSON-able values; never secrets (password hashes, tokens). */
  before?: unknown;
  after?: unknown;
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  agencyIds?: string[];
  /** Events with a smaller seq only (paging backwards from the newest). */
  beforeSeq?: number;
  limit: number;
}

export type VerifyResult =
  { ok: true; count: number; head: ChainAnchor | null } | { ok: false; brokenAt: number; reason: string };

export interface AuditService {
  /** Appends one event to the chain, inside the caller's transaction (opens one when given none). */
  record(trx: Kysely<Database>, input: AuditInput): Promise<void>;
  /**
   * Appends events in this order, as `record` each would, with one lock, one read of the chain's
   * end and one insert for all of them (a batch of registrations, written in one transaction).
   */
  recordMany(trx: Kysely<Database>, inputs: readonly AuditInput[]): Promise<void>;
  /**
   * Walks the whole chain from the first event and names the first broken link; with an anchor (a
   * head recorded earlier), also checks that the anchored event is still there, unchanged.
   */
  verify(anchor?: ChainAnchor): Promise<VerifyResult>;
  /** The newest event's seq and hash, to be written down outside the database. */
  head(): Promise<ChainAnchor | null>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditEventView[]>;
  /**
   * The events the actor may read ('audit.view' over the event's agency; region-wide events need it
   * at a root agency). `agencyPath` is the orgs port.
   */
  listVisible(
    actor: Actor,
    filter: Omit<AuditFilter, 'agencyIds'>,
    agencyPath: (agencyId: string) => Promise<string[]>,
  ): Promise<AuditEventView[]>;
}

// Any fixed number: the key of the PostgreSQL advisory lock that serialises appends to the chain.
const CHAIN_LOCK_KEY = 4_826_112_003;
const VERIFY_BATCH = 1000;
const MAX_LIST = 500;

function toView(row: Selectable<AuditEventsTable>): AuditEventView {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    agencyId: row.agency_id,
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
  };
}

export function createAuditService({ db, clock }: { db: Db; clock: Clock }): AuditService {
  async function append(trx: Kysely<Database>, inputs: readonly AuditInput[]): Promise<void> {
    if (inputs.length === 0) return;
    if (db.engine === 'postgres') {
      // Held until the transaction ends, so that no two appends read the same last hash. SQLite
      // needs nothing: its single connection runs one transaction at a time. A busy writer appends
      // last in its transaction, so that others wait only from here to its commit (intake does).
      await sql`select pg_advisory_xact_lock(${sql.lit(CHAIN_LOCK_KEY)})`.execute(trx);
    }
    const last = await trx
      .selectFrom('audit_events')
      .select('hash')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let prevHash = last?.hash ?? GENESIS_HASH;
    const at = clock.now().toISOString();
    const rows = inputs.map((input) => {
      const fields = {
        id: newId(),
        at,
        actorId: input.actor.userId,
        actorName: input.actor.displayName,
        agencyId: input.agencyId,
        entityType: input.entityType,
        entityId: input.entityId,
        action: input.action,
        before: input.before === undefined ? null : canonicalJson(input.before),
        after: input.after === undefined ? null : canonicalJson(input.after),
        prevHash,
      };
      const hash = eventHash(fields);
      prevHash = hash;
      return {
        id: fields.id,
        at: fields.at,
        actor_id: fields.actorId,
        actor_name: fields.actorName,
        agency_id: fields.agencyId,
        entity_type: fields.entityType,
        entity_id: fields.entityId,
        action: fields.action,
        before: fields.before,
        after: fields.after,
        prev_hash: fields.prevHash,
        hash,
      };
    });
    // One statement: the rows get their seq in the order listed, which is the chain's order.
    await trx.insertInto('audit_events').values(rows).execute();
  }

  function recordMany(trx: Kysely<Database>, inputs: readonly AuditInput[]): Promise<void> {
    return trx.isTransaction ? append(trx, inputs) : trx.transaction().execute((t) => append(t, inputs));
  }

  async function list(filter: AuditFilter): Promise<AuditEventView[]> {
    if (filter.agencyIds && filter.agencyIds.length === 0) return [];
    let q = db.kysely.selectFrom('audit_events').selectAll();
    if (filter.entityType !== undefined) q = q.where('entity_type', '=', filter.entityType);
    if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
    if (filter.agencyIds) q = q.where('agency_id', 'in', filter.agencyIds);
    if (filter.beforeSeq !== undefined) q = q.where('seq', '<', filter.beforeSeq);
    const rows = await q
      .orderBy('seq', 'desc')
      .limit(Math.min(Math.max(filter.limit, 1), MAX_LIST))
      .execute();
    return rows.map(toView);
  }

  return {
    record: (trx, input) => recordMany(trx, [input]),
    recordMany,

    async verify(anchor) {
      let previous = GENESIS_HASH;
      let count = 0;
      let afterSeq = -1;
      let anchoredHash: string | undefined;
      for (;;) {
        const rows = await db.kysely
          .selectFrom('audit_events')
          .selectAll()
          .where('seq', '>', afterSeq)
          .orderBy('seq', 'asc')
          .limit(VERIFY_BATCH)
          .execute();
        for (const row of rows) {
          const link: ChainLink = {
            seq: Number(row.seq),
            id: row.id,
            at: row.at,
            actorId: row.actor_id,
            actorName: row.actor_name,
            agencyId: row.agency_id,
            entityType: row.entity_type,
            entityId: row.entity_id,
            action: row.action,
            before: row.before,
            after: row.after,
            prevHash: row.prev_hash,
            hash: row.hash,
          };
          const check = checkLink(link, previous);
          if (!check.ok) return { ok: false, brokenAt: link.seq, reason: check.reason };
          if (link.seq === anchor?.seq) anchoredHash = link.hash;
          previous = link.hash;
          afterSeq = link.seq;
          count += 1;
        }
        if (rows.length < VERIFY_BATCH) break;
      }
      if (anchor) {
        const check = checkAnchor(anchor, anchoredHash);
        if (!check.ok) return { ok: false, brokenAt: anchor.seq, reason: check.reason };
      }
      return { ok: true, count, head: count === 0 ? null : { seq: afterSeq, hash: previous } };
    },

    async head() {
      const row = await db.kysely
        .selectFrom('audit_events')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? { seq: Number(row.seq), hash: row.hash } : null;
    },

    list,

    async listVisible(actor, filter, agencyPath) {
      if (!canSomewhere(actor, 'audit.view')) throw forbidden();
      const paths = new Map<string, Promise<string[]>>();
      const pathOf = (id: string): Promise<string[]> => {
        let p = paths.get(id);
        if (!p) {
          // An agency the orgs port does not know (deleted, foreign) is visible to nobody.
          p = agencyPath(id).catch(() => []);
          paths.set(id, p);
        }
        return p;
      };
      // Region-wide events belong to whoever holds 'audit.view' at a root of the agency tree.
      let rootAuditor: Promise<boolean> | undefined;
      const holdsAtRoot = async (): Promise<boolean> => {
        for (const m of actor.memberships) {
          if (
            can({ userId: actor.userId, memberships: [m] }, 'audit.view', [m.agencyId]) &&
            (await pathOf(m.agencyId)).length === 1
          ) {
            return true;
          }
        }
        return false;
      };
      const visible = async (e: AuditEventView): Promise<boolean> =>
        e.agencyId === null
          ? await (rootAuditor ??= holdsAtRoot())
          : can(actor, 'audit.view', await pathOf(e.agencyId));

      // Filtered after reading, so read in pages until enough are visible or the log is exhausted.
      const want = Math.min(Math.max(filter.limit, 1), MAX_LIST);
      const out: AuditEventView[] = [];
      let beforeSeq = filter.beforeSeq;
      for (let page = 0; page < 20 && out.length < want; page += 1) {
        const batch = await list({ ...filter, beforeSeq, limit: MAX_LIST });
        for (const e of batch) {
          if (out.length < want && (await visible(e))) out.push(e);
        }
        if (batch.length < MAX_LIST) break;
        beforeSeq = batch[batch.length - 1]?.seq;
      }
      return out;
    },
  };
}

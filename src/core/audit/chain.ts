import { createHash } from 'node:crypto';

/**
 * The pure part of the audit hash chain. Each event's hash is sha256 over the canonical JSON of its
 * fields and the previous event's hash, so changing, removing or reordering any event breaks every
 * link after it, and `verify` names the first one.
 */

/** The `prev_hash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no whitespace, so that equal values always give
 * equal text (and equal hashes) on both engines. `undefined` is dropped as JSON.stringify drops it.
 */
export function canonicalJson(value: unknown): string {
  return serialise(JSON.parse(JSON.stringify(value ?? null)) as unknown);
}

function serialise(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${serialise(record[k])}`)
    .join(',')}}`;
}

/** The fields of an event that its hash covers (everything but `seq` and the hash itself). */
export interface ChainedFields {
  id: string;
  at: string;
  actorId: string;
  actorName: string;
  agencyId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  /** The stored canonical JSON text, or null. */
  before: string | null;
  after: string | null;
  prevHash: string;
}

export function eventHash(f: ChainedFields): string {
  // Listed field by field so that extra properties (seq, hash) can never slip into the input.
  const covered: ChainedFields = {
    id: f.id,
    at: f.at,
    actorId: f.actorId,
    actorName: f.actorName,
    agencyId: f.agencyId,
    entityType: f.entityType,
    entityId: f.entityId,
    action: f.action,
    before: f.before,
    after: f.after,
    prevHash: f.prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}

export interface ChainLink extends ChainedFields {
  seq: number;
  hash: string;
}

export type ChainCheck = { ok: true } | { ok: false; reason: string };

/** Checks one link given the hash of the link before it (GENESIS_HASH for the first). */
export function checkLink(link: ChainLink, previousHash: string): ChainCheck {
  if (link.prevHash !== previousHash) {
    return {
      ok: false,
      reason:
        '与上一条记录不衔接（有记录被删除、插入或调换） / prev_hash does not match the previous event (an event was removed, inserted or reordered)',
    };
  }
  if (eventHash(link) !== link.hash) {
    return {
      ok: false,
      reason:
        '记录内容与哈希不符（记录被改动） / the hash does not match the content (the event was altered)',
    };
  }
  return { ok: true };
}

/**
 * A chain head written down outside the database (the daily log line, a printout, another system).
 * The chain itself cannot show that its newest events were cut off; an anchor can.
 */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

/** `SEQ:HASH` as `gongkai audit verify` prints and accepts it; null when malformed. */
export function parseAnchor(text: string): ChainAnchor | null {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2] as string } : null;
}

export const formatAnchor = (a: ChainAnchor): string => `${a.seq}:${a.hash}`;

/** The anchored event must still be in the chain, unchanged (the links up to it are checked already). */
export function checkAnchor(anchor: ChainAnchor, hashAtSeq: string | undefined): ChainCheck {
  if (hashAtSeq === undefined) {
    return {
      ok: false,
      reason:
        '锚点记录已不存在（日志尾部可能被截断） / the anchored event is gone (the end of the log may have been cut off)',
    };
  }
  if (hashAtSeq !== anchor.hash) {
    return {
      ok: false,
      reason:
        '锚点记录的哈希与记下的不同（日志被改写） / the anchored event has a different hash (the log was rewritten)',
    };
  }
  return { ok: true };
}

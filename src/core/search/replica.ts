import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { connect } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import * as searchIndex from '../db/migrations/202612010002_search_index.ts';
import * as searchByArrival from '../db/migrations/202612040001_search_entries_by_arrival.ts';
import { DomainError } from '../errors.ts';
import { withIndex } from './prepare.ts';
import { writeAhead } from './preparer.ts';
import * as store from './store.ts';
import type { SearchEntriesTable } from './tables.ts';

/**
 * PostgreSQL's search runs on a local SQLite file with the FTS5 index (decision 0012): GIN cannot
 * give the newest matches of a phrase without reading every candidate's positions from TOAST,
 * FTS5 can. The main database keeps the entry rows and `search_changes`, the rank keys written or
 * removed in commit order; the replica keeps the same rows with their FTS5 rows, the highest change
 * it has applied (`seq`) and which database it follows (`source`). Before a search it applies what
 * it lacks, so a search sees every write committed before it, in any process. It can be deleted at
 * any time: it is built again from the main database.
 */
export interface Replica {
  /**
   * The replica, brought up to the main database's last change. Throws 503 `search_unavailable`
   * while a replica far behind (a new server, or after a bulk load elsewhere) catches up in the
   * background.
   */
  current(): Promise<Kysely<Database>>;
  /** Applies every change (a bulk load waits for this; FTS5 in its bulk settings when far behind). */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

/** Changes read and applied per replica transaction. */
const BATCH = 2000;
/** The same, catching up in FTS5's bulk settings: larger transactions write less (service.ts, BULK_BATCH). */
const BULK_BATCH = 20_000;
/**
 * A replica further behind than this catches up in the background, and searches answer 503 meanwhile
 * (a search waits for at most about one batch). Ten times as far behind (a new replica, a bulk
 * import elsewhere), it catches up in FTS5's bulk settings and merges its index once at the end.
 */
export const WAIT_LIMIT = 2000;
/**
 * The replica's schema: the search migrations' SQLite branch, named by the last of them. A replica
 * made by another version is deleted and built again.
 */
const SCHEMA = '202612040001_search_entries_by_arrival';

interface Batch {
  from: number;
  to: number;
  keys: number[];
  rows: SearchEntriesTable[];
}

export function openReplica({
  file,
  main,
  waitLimit = WAIT_LIMIT,
}: {
  file: string;
  /** The main (PostgreSQL) database. */
  main: Kysely<Database>;
  /** Tests only: a smaller limit, so that a small index takes the background and bulk paths. */
  waitLimit?: number;
}): Replica {
  let opened: Promise<Kysely<Database>> | null = null;
  let running: Promise<void> | null = null;
  /** The running catch-up is a bulk one: its final merge holds the replica for minutes. */
  let runningBulk = false;
  let resetting: Promise<void> | null = null;
  let failure: Error | null = null;

  async function open(): Promise<Kysely<Database>> {
    mkdirSync(dirname(file), { recursive: true });
    const source = (await main.selectFrom('search_source').select('id').executeTakeFirstOrThrow()).id;
    try {
      const db = connectFile(file);
      if ((await meta(db, 'schema')) === SCHEMA && (await meta(db, 'source')) === source) return db;
      await db.destroy();
    } catch {
      // Not a replica this version can use (or not a database at all): made again below.
    }
    removeFiles(file);
    const db = connectFile(file);
    await searchIndex.up(db);
    await searchByArrival.up(db);
    await sql`create table replica_meta (key text primary key, value text not null)`.execute(db);
    await sql`insert into replica_meta (key, value) values ('schema', ${SCHEMA}), ('source', ${source}), ('seq', '0')`.execute(
      db,
    );
    return db;
  }
  const replica = (): Promise<Kysely<Database>> =>
    (opened ??= open().catch((err: unknown) => {
      opened = null;
      throw err;
    }));

  async function lastChange(): Promise<number> {
    const row = await main
      .selectFrom('search_changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** The changes after `seq` and the current rows of their keys, batch by batch. */
  async function* changesAfter(seq: number, until: number, size = BATCH): AsyncGenerator<Batch> {
    let from = seq;
    while (from < until) {
      const changes = await main
        .selectFrom('search_changes')
        .select(['seq', 'rank_key'])
        .where('seq', '>', from)
        .where('seq', '<=', until)
        .orderBy('seq')
        .limit(size)
        .execute();
      const to = Number(changes[changes.length - 1]?.seq ?? until);
      const keys = [...new Set(changes.map((c) => Number(c.rank_key)))];
      // One array parameter, not an IN list of 20,000 (parsed and planned for longer than it runs).
      const rows =
        keys.length === 0
          ? []
          : await main
              .selectFrom('search_entries')
              .selectAll()
              .where(sql<boolean>`rank_key = any(${keys}::bigint[])`)
              .execute();
      // rank_key arrives as a number: core/db/connect.ts parses PostgreSQL's int8.
      yield { from, to, keys, rows };
      from = to;
    }
  }

  /**
   * Applies one batch if the replica is still where the batch starts: a removal of every key, then
   * the rows the main database has for them. Another process sharing the file may have applied it.
   */
  async function apply(db: Kysely<Database>, batch: Batch, items: store.Prepared[]): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      // A write first, so that the check and the changes happen under the write lock.
      await sql`update replica_meta set value = value where key = 'seq'`.execute(trx);
      if (Number(await meta(trx, 'seq')) !== batch.from) return false;
      // Only keys it holds: FTS5 would record a deletion of any rowid it is asked to delete.
      await store.removeKeys(trx, 'sqlite', [...(await store.takenKeys(trx, batch.keys))]);
      await store.insertPrepared(trx, items);
      await sql`update replica_meta set value = ${String(batch.to)} where key = 'seq'`.execute(trx);
      return true;
    });
  }

  async function run(until: number): Promise<void> {
    const db = await replica();
    const seq = Number(await meta(db, 'seq'));
    if (until - seq <= waitLimit) {
      // A few changes (a publication): prepared here, no worker started.
      for await (const batch of changesAfter(seq, until)) {
        if (!(await apply(db, batch, batch.rows.map(withIndex)))) return;
      }
      return;
    }
    const bulk = until - seq > 10 * waitLimit;
    runningBulk = bulk;
    if (bulk) await store.beginBulkLoad(db);
    try {
      let stale = false;
      // writeAhead prepares a batch's rows in its worker; the batch's bounds travel beside them.
      const pending: Batch[] = [];
      await writeAhead(
        (async function* () {
          for await (const batch of changesAfter(seq, until, bulk ? BULK_BATCH : BATCH)) {
            pending.push(batch);
            yield batch.rows;
            if (stale) return;
          }
        })(),
        async (items) => {
          const batch = pending.shift() as Batch;
          if (!stale && !(await apply(db, batch, items))) stale = true;
        },
      );
    } finally {
      // Also after a failure: FTS5 must not stay without merging.
      if (bulk) await store.endBulkLoad(db);
    }
  }

  /** One catch-up at a time in this process; later callers join it. */
  function start(until: number): Promise<void> {
    running ??= run(until).finally(() => {
      running = null;
      runningBulk = false;
    });
    return running;
  }

  /** Where the replica is against the main database. */
  async function position(): Promise<{ db: Kysely<Database>; seq: number; until: number }> {
    const db = await replica();
    // The replica's seq first: read after the log's, it could include changes (applied by another
    // process sharing the file) committed after the log was read, and look ahead of it.
    const seq = Number(await meta(db, 'seq'));
    const until = await lastChange();
    if (seq <= until) return { db, seq, until };
    // The main database is behind the replica (restored from a backup): the replica is made again
    // from nothing, once however many searches noticed.
    resetting ??= (async () => {
      await running?.catch(() => undefined);
      opened = null;
      await db.destroy();
      removeFiles(file);
    })().finally(() => {
      resetting = null;
    });
    await resetting;
    return position();
  }

  return {
    async current() {
      for (;;) {
        const { db, seq, until } = await position();
        const behind = until - seq;
        // A bulk catch-up holds the replica until its final merge is done, even when all is applied.
        if (!runningBulk && behind <= 0) return db;
        if (runningBulk || behind > waitLimit || (running !== null && behind > BATCH)) {
          // Far behind: caught up in the background. A failure there is thrown to the next search.
          if (failure !== null) {
            const err = failure;
            failure = null;
            throw err;
          }
          start(until).catch((err: unknown) => {
            failure = err instanceof Error ? err : new Error(String(err));
          });
          throw new DomainError('search_unavailable', '全文检索正在更新索引，请稍后再试', 503);
        }
        // A batch that another process sharing the file applied first ends this run early: again.
        await start(until);
      }
    },
    async catchUp() {
      for (;;) {
        const { seq, until } = await position();
        if (seq >= until) return;
        await start(until);
      }
    },
    async close() {
      await running?.catch(() => undefined);
      if (opened) await (await opened).destroy();
      opened = null;
    },
  };
}

function removeFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

const connectFile = (file: string): Kysely<Database> => connect({ kind: 'sqlite', file }).kysely;

async function meta(db: Kysely<Database>, key: string): Promise<string | null> {
  try {
    const { rows } = await sql<{ value: string }>`select value from replica_meta where key = ${key}`.execute(
      db,
    );
    return rows[0]?.value ?? null;
  } catch {
    return null; // a new file: no meta table yet
  }
}

import { Worker } from 'node:worker_threads';
import type { PrepareRequest } from './prepare-worker.ts';
import type { Prepared } from './store.ts';
import type { SearchEntriesTable } from './tables.ts';

/**
 * Makes the FTS5 columns of batches of entry rows in a worker thread, one batch ahead of the batch
 * the main thread writes, so that tokenising runs on the second core (SQLite's writes are
 * synchronous and would otherwise take turns with it). Used by a bulk load and by a replica
 * catching up (replica.ts).
 */
export async function writeAhead(
  batches: AsyncIterable<SearchEntriesTable[]>,
  write: (items: Prepared[]) => Promise<void>,
): Promise<void> {
  const preparer = workerPreparer();
  const ahead: Promise<Prepared[]>[] = [];
  // The last write runs while the next batch is read and sent to the worker.
  let writing: Promise<void> = Promise.resolve();
  const writeNext = async (): Promise<void> => {
    const items = await (ahead.shift() as Promise<Prepared[]>);
    await writing;
    writing = write(items);
    writing.catch(() => undefined); // awaited before the next write and at the end
  };
  try {
    for await (const rows of batches) {
      const p = preparer.prepare(rows);
      p.catch(() => undefined); // awaited in order by writeNext
      ahead.push(p);
      if (ahead.length >= 2) await writeNext();
    }
    while (ahead.length > 0) await writeNext();
    await writing;
  } finally {
    await preparer.close();
  }
}

interface Preparer {
  prepare(rows: SearchEntriesTable[]): Promise<Prepared[]>;
  close(): Promise<void>;
}

type Reply = { seq: number; items: Prepared[] } | { seq: number; error: string };

/** Batches come back in the order they were sent. */
function workerPreparer(): Preparer {
  const worker = new Worker(new URL('./prepare-worker.ts', import.meta.url));
  const waiting = new Map<number, { resolve: (items: Prepared[]) => void; reject: (err: Error) => void }>();
  let seq = 0;
  let failure: Error | null = null;
  const failAll = (err: Error): void => {
    failure = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (reply: Reply) => {
    const w = waiting.get(reply.seq);
    if (!w) return;
    waiting.delete(reply.seq);
    if ('error' in reply) w.reject(new Error(`search: preparing entries failed: ${reply.error}`));
    else w.resolve(reply.items);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    if (waiting.size > 0) failAll(new Error(`search: the prepare worker exited (${code})`));
  });
  return {
    prepare(rows) {
      if (failure) return Promise.reject(failure);
      const request: PrepareRequest = { seq: seq++, rows };
      return new Promise((resolve, reject) => {
        waiting.set(request.seq, { resolve, reject });
        worker.postMessage(request);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

import { Worker } from 'node:worker_threads';
import type { Engine } from '../db/connect.ts';
import type { SearchEntry } from './prepare.ts';
import type { PrepareRequest } from './prepare-worker.ts';
import type { Prepared } from './store.ts';

/**
 * Prepares batches of entries in a worker thread, so that a bulk load tokenises the next batch on
 * the second core while the main thread writes the last (on SQLite the writes are synchronous and
 * would otherwise take turns with the tokenising). Batches come back in the order they were sent.
 */
export interface Preparer {
  prepare(entries: SearchEntry[]): Promise<Prepared[]>;
  close(): Promise<void>;
}

type Reply = { seq: number; items: Prepared[] } | { seq: number; error: string };

export function workerPreparer(engine: Engine): Preparer {
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
    prepare(entries) {
      if (failure) return Promise.reject(failure);
      const request: PrepareRequest = { seq: seq++, engine, entries };
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

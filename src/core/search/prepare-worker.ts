import { parentPort } from 'node:worker_threads';
import type { Engine } from '../db/connect.ts';
import { prepare, type SearchEntry } from './prepare.ts';

/** The bulk loader's worker thread (preparer.ts): prepares batches of entries, one message each. */
export interface PrepareRequest {
  seq: number;
  engine: Engine;
  entries: SearchEntry[];
}

const port = parentPort;
if (!port) throw new Error('prepare-worker.ts runs only as a worker thread');
port.on('message', ({ seq, engine, entries }: PrepareRequest) => {
  try {
    port.postMessage({ seq, items: entries.map((e) => prepare(e, engine)) });
  } catch (err) {
    port.postMessage({ seq, error: err instanceof Error ? err.message : String(err) });
  }
});

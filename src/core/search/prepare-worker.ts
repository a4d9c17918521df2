import { parentPort } from 'node:worker_threads';
import { withIndex } from './prepare.ts';
import type { SearchEntriesTable } from './tables.ts';

/** The preparer's worker thread (preparer.ts): makes the FTS5 columns of batches of rows. */
export interface PrepareRequest {
  seq: number;
  rows: SearchEntriesTable[];
}

const port = parentPort;
if (!port) throw new Error('prepare-worker.ts runs only as a worker thread');
port.on('message', ({ seq, rows }: PrepareRequest) => {
  try {
    port.postMessage({ seq, items: rows.map(withIndex) });
  } catch (err) {
    port.postMessage({ seq, error: err instanceof Error ? err.message : String(err) });
  }
});

/** Group commit of registrations (see `groupCommit`); no database here, only the queue. */

/** A batch failed before its commit, so none of it was written; `reason` is why. */
export class BatchNotWritten extends Error {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super('the batch was not written', { cause: reason });
    this.reason = reason;
  }
}

/**
 * Items handed in while a batch is being written wait and go together in the next batch (at most
 * `maxBatch`), so that what a write pays once — a transaction and its commit (an fsync), the
 * tracking sequence, the audit chain's lock — is paid once per batch instead of once per item. One
 * batch is written at a time, each after one turn of the event loop, so that the submissions that
 * have come in meanwhile join it: on SQLite a whole write runs without yielding (node:sqlite is
 * synchronous), and without the turn every batch would be one item.
 *
 * Nothing acknowledged is lost: an item's promise settles only once its batch has committed (or
 * failed), and an item still waiting has been answered nothing. When a batch of several fails
 * before its commit (the writer throws BatchNotWritten), each of its items is written again alone,
 * so that one bad item fails only itself; any other failure (say, a commit whose outcome is
 * unknown) fails the whole batch, so that nothing is written twice.
 */
export function groupCommit<T, R>(
  write: (items: readonly T[]) => Promise<readonly R[]>,
  maxBatch: number,
): (item: T) => Promise<R> {
  interface Waiting {
    item: T;
    resolve: (result: R) => void;
    reject: (error: unknown) => void;
  }
  const queue: Waiting[] = [];
  let writing = false;

  async function run(batch: Waiting[]): Promise<void> {
    let results: readonly R[];
    try {
      results = await write(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error('group commit: one result per item expected');
    } catch (error) {
      if (error instanceof BatchNotWritten && batch.length > 1) for (const w of batch) await run([w]);
      else for (const w of batch) w.reject(error instanceof BatchNotWritten ? error.reason : error);
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i] as R));
  }

  async function drain(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      await run(queue.splice(0, maxBatch));
    }
    writing = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}

import { describe, expect, it } from 'vitest';
import { BatchNotWritten, groupCommit } from './group-commit.ts';

/** One turn of the event loop. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A writer whose batches finish when the test says so; it records every batch it was given. */
function gatedWriter(fail: (items: readonly number[]) => Error | undefined = () => undefined) {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (items: readonly number[]): Promise<string[]> => {
    batches.push([...items]);
    await new Promise<void>((resolve) => gates.push(resolve));
    const error = fail(items);
    if (error) throw error;
    return items.map((n) => `#${n}`);
  };
  /** Lets the batch in flight finish, then the promises settle and the next batch begin. */
  const finish = async (): Promise<void> => {
    gates.shift()?.();
    await turn();
    await turn();
  };
  return { write, batches, finish };
}

describe('group commit', () => {
  it('writes together the items that came in during a turn of the event loop or during the batch before', async () => {
    const w = gatedWriter();
    const add = groupCommit(w.write, 3);
    const settled: string[] = [];
    const all = [1, 2].map((n) => add(n).then((r) => settled.push(r)));
    expect(w.batches).toEqual([]);
    await turn();
    expect(w.batches).toEqual([[1, 2]]);
    all.push(...[3, 4, 5, 6].map((n) => add(n).then((r) => settled.push(r))));
    await w.finish();
    // Nothing answered before its batch is written.
    expect(settled).toEqual(['#1', '#2']);
    expect(w.batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    await w.finish();
    expect(w.batches).toEqual([[1, 2], [3, 4, 5], [6]]);
    expect(settled).toEqual(['#1', '#2', '#3', '#4', '#5']);
    await w.finish();
    await Promise.all(all);
    expect(settled).toEqual(['#1', '#2', '#3', '#4', '#5', '#6']);
    // Idle again: the next item goes alone, after a turn.
    const later = add(7);
    await turn();
    expect(w.batches.at(-1)).toEqual([7]);
    await w.finish();
    expect(await later).toBe('#7');
  });

  it('writes each item of a batch that was not written alone, so that only the bad one fails', async () => {
    const bad = new Error('第 3 件写不进去');
    const w = gatedWriter((items) => (items.includes(3) ? new BatchNotWritten(bad) : undefined));
    const add = groupCommit(w.write, 10);
    const first = add(1);
    await turn();
    const rest = [2, 3, 4].map((n) =>
      add(n).then(
        (r) => r,
        (e: unknown) => e,
      ),
    );
    for (let i = 0; i < 5; i++) await w.finish();
    expect(await first).toBe('#1');
    expect(await Promise.all(rest)).toEqual(['#2', bad, '#4']);
    expect(w.batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('fails the whole batch, writing nothing again, when the outcome is unknown', async () => {
    const lost = new Error('connection lost during commit');
    const w = gatedWriter((items) => (items.length > 1 ? lost : undefined));
    const add = groupCommit(w.write, 10);
    const first = add(1);
    await turn();
    const rest = [2, 3].map((n) =>
      add(n).then(
        (r) => r,
        (e: unknown) => e,
      ),
    );
    await w.finish();
    await w.finish();
    expect(await first).toBe('#1');
    expect(await Promise.all(rest)).toEqual([lost, lost]);
    expect(w.batches).toEqual([[1], [2, 3]]);
  });
});

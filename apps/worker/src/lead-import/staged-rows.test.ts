import { describe, expect, it } from 'vitest';
import { StagedRows } from './staged-rows.ts';

/** Whether the promise settled within the microtasks and one macrotask. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe('StagedRows', () => {
  it('lets the merger take a chunk once that many candidates after its checkpoint are committed', async () => {
    const staged = new StagedRows({ complete: false, mergeWhileStaging: true });
    const waiting = staged.waitForChunk(3, 3);
    staged.committed([2, 3, 4, 6], false);
    expect(await settled(waiting)).toBe(false);
    staged.committed([7], false);
    expect(await settled(waiting)).toBe(true);
    // The last, shorter chunk comes once the file is all staged.
    const last = staged.waitForChunk(7, 3);
    expect(await settled(last)).toBe(false);
    staged.committed([], true);
    expect(await settled(last)).toBe(true);
  });

  it('holds the merger until the whole file is staged while the file may yet be refused', async () => {
    const staged = new StagedRows({ complete: false, mergeWhileStaging: false });
    const waiting = staged.waitForChunk(0, 2);
    staged.committed([2, 3, 4], false);
    expect(await settled(waiting)).toBe(false);
    staged.allowMergeWhileStaging();
    expect(await settled(waiting)).toBe(true);
  });

  it('stops a waiting merger with the first error', async () => {
    const staged = new StagedRows({ complete: false, mergeWhileStaging: true });
    const waiting = staged.waitForChunk(0, 2);
    staged.stop(new Error('parse failed'));
    staged.stop(new Error('later'));
    await expect(waiting).rejects.toThrow('parse failed');
    expect(() => staged.throwIfStopped()).toThrow('parse failed');
  });
});

import { describe, expect, it } from 'vitest';
import { WorkQueue, type SyncRest } from '../../core/client/work-queue.js';
import { makeSim } from '../helpers.js';

/*
 * A reconcile may return the rest of its sync (live mode's ReplicaSet sync): the key stays
 * held until the last part. Anything else it returns is a finished sync: a reconcile
 * written as `(key) => list.push(key)` returns a number, and calling that in a later task
 * threw a TypeError that no queue catches.
 */
describe('work queue: a sync in parts', () => {
  it('takes a non-function return as a finished sync', () => {
    const sim = makeSim();
    const synced: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a reconcile of an older shape
    const q = new WorkQueue(sim.scheduler, 'q', ((key: string) => synced.push(key)) as any);
    q.add('a');
    q.add('b');
    expect(() => sim.runUntil(1000)).not.toThrow();
    expect(synced).toEqual(['a', 'b']);
    expect(q.errors).toEqual([]);
  });

  it('holds a key through its parts, and syncs it once more after the last when it was queued meanwhile', () => {
    const sim = makeSim();
    const log: string[] = [];
    let parts = 0;
    const q = new WorkQueue(sim.scheduler, 'q', (key) => {
      log.push(`start ${key}`);
      const rest = (): SyncRest | undefined => {
        log.push(`part ${key}`);
        if (++parts === 1) q.add(key); // queued again while held
        return parts % 3 === 0 ? undefined : rest;
      };
      return rest;
    });
    q.add('a');
    sim.runUntil(1000);
    expect(log).toEqual(['start a', 'part a', 'part a', 'part a', 'start a', 'part a', 'part a', 'part a']);
  });
});

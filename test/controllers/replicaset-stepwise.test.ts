import { describe, expect, it } from 'vitest';
import { WorkQueue, type SyncRest } from '../../core/client/work-queue.js';
import { Simulation } from '../../core/sim/cluster.js';
import { cluster, web } from './cluster-helpers.js';

/*
 * Live mode runs a ReplicaSet sync as several tasks, one slow-start batch each
 * (ReplicaSetControllerOptions.stepwise), so a request waits for one batch (at most 16
 * requests), not the whole sync. A recorded simulation keeps one task a sync (its recordings stay byte-identical).
 */
function podCountsAtTaskEnds(stepwise: boolean): { counts: number[]; statusBeforeLast: unknown; created: number; status: unknown } {
  const c = cluster(3, { stepwiseSyncs: stepwise });
  c.kubectl.create(web(60));
  const counts: number[] = [];
  let statusBeforeLast: unknown = 'never seen';
  for (let tasks = 0; tasks < 100_000 && counts.at(-1) !== 60; tasks++) {
    c.sim.runUntil(10_000, () => true);
    const n = c.pods('app=web').length;
    if (n !== (counts.at(-1) ?? 0)) counts.push(n);
    if (n === 31) statusBeforeLast = c.sim.api.list('ReplicaSet', { namespace: 'default' }).items[0]?.status?.replicas;
  }
  c.run(30_000);
  const rs = c.sim.api.list('ReplicaSet', { namespace: 'default' }).items[0];
  return { counts, statusBeforeLast, created: c.writes.filter((w) => w.kind === 'Pod' && w.namespace === 'default' && w.reason === 'SuccessfulCreate').length, status: rs?.status };
}

describe('ReplicaSet sync in steps (live mode)', () => {
  it('creates its pods one slow-start batch a task, and writes the status after the last', () => {
    const r = podCountsAtTaskEnds(true);
    // Batches of 1, 2, 4, 8, 16 and 29: each ends a task, and the 29 are two (16 and 13).
    expect(r.counts).toEqual([1, 3, 7, 15, 31, 47, 60]);
    // The status write comes after the last batch: while 31 pods exist it has not said 60 (nor 31).
    expect(r.statusBeforeLast).toBeUndefined();
    expect(r.created).toBe(60);
    expect(r.status).toMatchObject({ replicas: 60, readyReplicas: 60, availableReplicas: 60 });
  });

  it('in a recorded simulation one task makes all 60', () => {
    const r = podCountsAtTaskEnds(false);
    expect(r.counts).toEqual([60]);
    expect(r.created).toBe(60);
    expect(r.status).toMatchObject({ replicas: 60, readyReplicas: 60, availableReplicas: 60 });
  });

  it('the queue holds the key across the steps: queued again meanwhile, it is synced once more after the last', () => {
    const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
    const log: string[] = [];
    let syncs = 0;
    const q = new WorkQueue(sim.scheduler, 'rs', (key) => {
      const n = ++syncs;
      log.push(`sync ${n} part 1`);
      if (n > 1) return undefined;
      const part = (i: number): SyncRest | undefined => {
        log.push(`sync ${n} part ${i}`);
        if (i === 2) q.add(key);
        return i < 3 ? () => part(i + 1) : undefined;
      };
      return () => part(2);
    });
    q.add('default/web');
    sim.runUntil(1_000);
    expect(log).toEqual(['sync 1 part 1', 'sync 1 part 2', 'sync 1 part 3', 'sync 2 part 1']);
  });
});

import { describe, expect, it } from 'vitest';
import { makeSim, pod } from '../helpers.js';
import { cluster, web } from '../controllers/cluster-helpers.js';

const kubectl = { actor: 'kubectl' };

/**
 * An outside watcher (an HTTP client's watch, WatchOptions.outside) can be handed what it
 * has queued at once (deliverOutsideWatches: live mode, in the middle of a long task),
 * while the simulation's own watchers keep the virtual watch latency. Live mode relies on
 * three things here: the outside watcher gets each event once and in write order, however
 * its deliveries are split between the eager call and its virtual flush; no in-sim watcher
 * hears anything sooner; and the simulation runs the same tasks to the same writes.
 */
describe('outside watchers delivered ahead of the virtual flush', () => {
  it('gets what is queued at once, in order, then the rest at its virtual flush, nothing twice', () => {
    const sim = makeSim();
    const outside: string[] = [];
    const inside: string[] = [];
    sim.api.watch('Pod', { outside: true, resourceVersion: String(sim.api.resourceVersion) }).subscribe((e) => outside.push(`${e.type} ${e.object.metadata.name}`));
    sim.api.watch('Pod', { resourceVersion: String(sim.api.resourceVersion) }).subscribe((e) => inside.push(`${e.type} ${e.object.metadata.name}`));
    sim.api.create(pod('p1'), kubectl);
    sim.api.create(pod('p2'), kubectl);
    sim.api.deliverOutsideWatches();
    // Same virtual instant, no task run: the client has both, the component neither.
    expect(outside).toEqual(['ADDED p1', 'ADDED p2']);
    expect(inside).toEqual([]);
    sim.api.patch('Pod', 'default', 'p1', { metadata: { labels: { v: '2' } } }, 'merge', kubectl);
    sim.runUntil(10);
    expect(outside).toEqual(['ADDED p1', 'ADDED p2', 'MODIFIED p1']);
    expect(inside).toEqual(['ADDED p1', 'ADDED p2', 'MODIFIED p1']);
    sim.api.deliverOutsideWatches();
    expect(outside).toHaveLength(3);
  });

  it('a watcher not marked outside, or one unsubscribed, gets nothing from it', () => {
    const sim = makeSim();
    const plain: string[] = [];
    const gone: string[] = [];
    sim.api.watch('Pod', { resourceVersion: String(sim.api.resourceVersion) }).subscribe((e) => plain.push(e.object.metadata.name ?? ''));
    const sub = sim.api.watch('Pod', { outside: true, resourceVersion: String(sim.api.resourceVersion) }).subscribe((e) => gone.push(e.object.metadata.name ?? ''));
    sim.api.create(pod('p1'), kubectl);
    sub.unsubscribe();
    sim.api.deliverOutsideWatches();
    sim.runUntil(10);
    expect(plain).toEqual(['p1']);
    expect(gone).toEqual([]);
  });

  it('a whole cluster runs the same tasks to the same writes whether or not outside watchers are delivered at every commit', () => {
    const run = (eager: boolean): { writes: string[]; tasks: number; heard: string[] } => {
      const c = cluster(2);
      const heard: string[] = [];
      const seen: string[] = [];
      c.sim.api.writes$.subscribe(() => {
        if (eager) c.sim.api.deliverOutsideWatches();
      });
      c.sim.api.watch('Pod', { outside: true }).subscribe((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
      c.sim.api.watch('Pod', {}).subscribe((e) => heard.push(`${c.sim.scheduler.now()} ${e.type} ${e.object.metadata.name}`));
      c.kubectl.create(web(6));
      c.run(60_000);
      c.kubectl.patch('Deployment', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } }, 'strategic');
      c.run(180_000);
      // The outside watcher got every pod event the in-sim one did, in the same order.
      expect(seen).toEqual(heard.map((h) => h.slice(h.indexOf(' ') + 1)));
      return { writes: c.writes.map((w) => `${w.seq} ${w.timeMs} ${w.verb} ${w.kind} ${w.name} ${w.causeSeq} ${JSON.stringify(w.object)}`), tasks: c.sim.scheduler.tasksExecuted, heard };
    };
    const early = run(true);
    const late = run(false);
    // The components reacted: the ReplicaSets' pods were created, bound, started, replaced.
    expect(early.writes.filter((w) => / create Pod /.test(w)).length).toBeGreaterThanOrEqual(12);
    expect(early).toEqual(late);
  });
});

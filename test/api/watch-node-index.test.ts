import { describe, expect, it } from 'vitest';
import { makeSim, pod } from '../helpers.js';

const kubectl = { actor: 'kubectl' };

/**
 * The watch hub indexes `spec.nodeName=` watchers (each kubelet's pod watch) by node. What a
 * component sees must not change: the same events, and the same order across watchers
 * (deliveries are scheduled in subscription order, and components react in that order).
 */
describe('pod watches by node', () => {
  it('each node watcher gets its own pods only, the unscheduled watcher sees them leave, all in subscription order', () => {
    const sim = makeSim();
    const log: string[] = [];
    const watch = (who: string, fieldSelector?: string): void => {
      sim.api.watch('Pod', fieldSelector === undefined ? {} : { fieldSelector }).subscribe((e) => log.push(`${who} ${e.type} ${e.object.metadata.name}`));
    };
    watch('kubelet-a', 'spec.nodeName=node-a');
    watch('all');
    watch('scheduler', 'spec.nodeName=');
    watch('kubelet-b', 'spec.nodeName=node-b');
    watch('not-a', 'spec.nodeName!=node-a');
    sim.api.create(pod('p1'), kubectl);
    sim.runUntil(10);
    expect(log.splice(0)).toEqual(['all ADDED p1', 'scheduler ADDED p1', 'not-a ADDED p1']);
    sim.api.bind('default', 'p1', 'node-a', { actor: 'scheduler' });
    sim.runUntil(20);
    // kubelet-a subscribed first: it hears of the binding before the unindexed watchers.
    expect(log.splice(0)).toEqual(['kubelet-a ADDED p1', 'all MODIFIED p1', 'scheduler DELETED p1', 'not-a DELETED p1']);
    sim.api.create(pod('p2', { nodeName: 'node-b' }), kubectl);
    sim.api.patch('Pod', 'default', 'p1', { metadata: { labels: { v: '2' } } }, 'merge', kubectl);
    sim.runUntil(30);
    // One flush per watcher, in subscription order; each watcher's events in write order.
    expect(log.splice(0)).toEqual(['all ADDED p2', 'all MODIFIED p1', 'kubelet-b ADDED p2', 'not-a ADDED p2', 'kubelet-a MODIFIED p1']);
    sim.api.delete('Pod', 'default', 'p2', { actor: 'kubectl', gracePeriodSeconds: 0 } as never);
    sim.runUntil(40);
    expect(log.filter((l) => l.startsWith('kubelet-a'))).toEqual([]);
    expect(log.some((l) => l.startsWith('kubelet-b') && l.endsWith('p2'))).toBe(true);
  });

  it('an unsubscribed node watcher gets nothing more, and the count of watchers follows', () => {
    const sim = makeSim();
    const before = sim.api.watcherCount;
    const seen: string[] = [];
    const sub = sim.api.watch('Pod', { fieldSelector: 'spec.nodeName=node-a' }).subscribe((e) => seen.push(e.object.metadata.name ?? ''));
    expect(sim.api.watcherCount).toBe(before + 1);
    sim.api.create(pod('p1', { nodeName: 'node-a' }), kubectl);
    sim.runUntil(10);
    sub.unsubscribe();
    sub.unsubscribe();
    expect(sim.api.watcherCount).toBe(before);
    sim.api.create(pod('p2', { nodeName: 'node-a' }), kubectl);
    sim.runUntil(20);
    expect(seen).toEqual(['p1']);
  });
});

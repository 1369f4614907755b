import { Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Container } from '../../core/kubelet/container.js';
import { cluster, isReady, web } from '../controllers/cluster-helpers.js';

/**
 * A Ready pod's readiness probe ticks every period for as long as the pod lives, and each
 * tick is a new timer. The kubelet must not hold on to the ticks that already ran: at
 * 100,000 pods one kept tick every 5 s was gigabytes within minutes of virtual time.
 */
describe('probe timers', () => {
  it('a pod probed for an hour holds a handful of timers, and stopping the node still cancels its probe', () => {
    const c = cluster(1);
    c.kubectl.create(web(2, { container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } } }));
    c.run(60_000);
    const kubelet = c.plane.kubelets.get('node-1');
    const workers = [...(kubelet?.workers.values() ?? [])].filter((w) => w.pod.metadata.namespace === 'default');
    expect(workers).toHaveLength(2);
    const held = (): number[] => workers.flatMap((w) => w.allContainers.map((ct) => ct.run.length));
    c.run(3_660_000); // an hour more: 720 ticks per probe
    expect(c.pods('app=web').every(isReady)).toBe(true);
    // At most the pending tick and one that ran (round 5: main kept up to 8, each with its closure).
    for (const n of held()) expect(n).toBeLessThanOrEqual(2);

    // A probe fault still reaches the running probe (its timer was kept): the pods turn NotReady.
    for (const w of workers) for (const ct of w.containers) (ct.failing ??= {}).readiness = 3_700_000;
    c.run(3_690_000);
    expect(c.pods('app=web').some(isReady)).toBe(false);
    const unhealthy = (): number => c.events('Unhealthy').reduce((n, e) => n + ((e.count as number | undefined) ?? 1), 0);
    const before = unhealthy();
    expect(before).toBeGreaterThan(0);
    // Stopping the node cancels the pending ticks: no probe runs, no Unhealthy Event after.
    c.plane.nodeDown('node-1');
    c.run(3_720_000);
    expect(unhealthy()).toBe(before);
  });

  it('track() keeps the timers still to run, drops those that ran, and stopRun() cancels the rest', () => {
    const ct = new Container({ name: 'app' });
    const pending: Subscription[] = [];
    for (let i = 0; i < 1000; i++) {
      const s = ct.track(new Subscription());
      if (i % 100 === 0) pending.push(s);
      else s.unsubscribe(); // ran
    }
    expect(ct.run.length).toBeLessThan(40);
    for (const s of pending) expect(ct.run).toContain(s);
    ct.stopRun();
    expect(pending.every((s) => s.closed)).toBe(true);
    expect(ct.run).toEqual([]);
  });
  it('a Ready pod\'s readiness probe ticks on one timer for an hour, every 5 s, and a fault is seen at each tick', () => {
    const c = cluster(1);
    c.kubectl.create(web(1, { container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5, failureThreshold: 3 } } }));
    c.run(60_000);
    const worker = [...(c.plane.kubelets.get('node-1')?.workers.values() ?? [])].find((w) => w.pod.metadata.namespace === 'default');
    const ct = worker?.containers[0] as Container;
    expect(ct.run).toHaveLength(1);
    const timer = ct.run[0];
    c.run(3_660_000); // 720 ticks
    expect(c.pods('app=web').every(isReady)).toBe(true);
    // The same timer, rescheduled: no new timer (and list) per tick (main: a new one each tick).
    expect(ct.run).toEqual([timer]);
    expect(timer?.closed).toBe(false);

    // Ticks are at the container's start + k x 5 s: a fault over 60 s from mid-period fails 12.
    const from = ct.startedAtMs + 800 * 5000 + 2500;
    c.run(from);
    (ct.failing ??= {}).readiness = from + 60_000;
    const unhealthy = (): number => c.events('Unhealthy').reduce((n, e) => n + ((e.count as number | undefined) ?? 1), 0);
    const before = unhealthy(); // the ticks before the app was ready
    c.run(from + 120_000);
    expect(unhealthy() - before).toBe(12);
    // NotReady after the third failure (at from + 12.5 s), Ready again at the first pass (from + 62.5 s).
    const readiness = c.writes.filter((w) => w.reason === 'ContainerNotReady' || w.reason === 'ContainerReady').filter((w) => w.timeMs > from);
    expect(readiness.map((w) => [w.reason, w.timeMs - from])).toEqual([
      ['ContainerNotReady', 12_500],
      ['ContainerReady', 62_500],
    ]);
  });
});

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
});

import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../core/api/quantity.js';
import type { KObject } from '../../core/api/types.js';
import type { PodUsage } from '../../core/kubelet/eviction-rank.js';
import type { Kubelet } from '../../core/kubelet/kubelet.js';
import { workingSet } from '../../core/kubelet/oom.js';
import { cluster } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * The eviction manager's observation as it was made before (every pod's usage in a new
 * map each period, then the sum): memory.available and the pods the ranking would see.
 * The manager now sums without building anything, and builds the candidates only when it
 * is to evict; both must be what this gives.
 */
function scanned(k: Kubelet): { available: number; pods: PodUsage[] } {
  const capacity = parseQuantity(k.nodeObject()?.status?.capacity?.memory) ?? 0;
  const now = k.now();
  const pods: PodUsage[] = [];
  let used = 0;
  for (const w of k.workers.values()) {
    const containers = new Map<string, number>();
    let usage = 0;
    for (const c of w.containers) {
      const ws = workingSet(w.app, c, now);
      containers.set(c.name, ws);
      usage += ws;
    }
    used += usage;
    if (w.lost || w.finished || w.terminating || w.evicted !== undefined) continue;
    pods.push({ pod: w.pod, usage, containers, staticPod: w.mirrorHash !== undefined });
  }
  return { available: capacity - used, pods };
}

const pod = (name: string, memory: string | undefined, extra: any = {}, annotations: Record<string, string> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', annotations: { ...annotations, ...(memory === undefined ? {} : { 'kubelapse/memory': memory }) } },
  spec: { containers: [{ name: 'app', image: 'example/app:1' }, { name: 'side', image: 'example/side:1' }], ...extra },
});

describe('the eviction manager counts memory.available as the whole scan did', () => {
  it('with pods added, leaking, crashing, deleted, and a node lost and back', () => {
    const c = cluster(2);
    const kubelets = [...c.plane.kubelets.values()];
    let compared = 0;
    let withUsage = 0;
    const check = (t: number): void => {
      c.run(t);
      for (const k of kubelets) {
        const want = scanned(k);
        expect(k.eviction.available(), `${k.node} at ${t} ms`).toBe(want.available);
        expect(k.eviction.candidates(), `${k.node} at ${t} ms`).toEqual(want.pods);
        compared++;
        if (want.pods.some((p) => p.usage > 0)) withUsage++;
      }
    };
    c.kubectl.create(pod('leaky', '50Mi leak 1Mi/s'));
    c.kubectl.create(pod('steady', '300Mi'));
    c.kubectl.create(pod('plain', undefined));
    c.kubectl.create(pod('spiky', '20Mi spike 200Mi at 10s for 5s', { nodeName: 'node-2' }));
    // Terminating for 20 s with its processes still running (and using memory) meanwhile.
    c.kubectl.create(pod('draining', '150Mi', { nodeName: 'node-1' }, { 'kubelapse/on-sigterm': 'drain 20s' }));
    // Done after 6 s: a finished pod (no restart) is counted in neither.
    c.kubectl.create(pod('oneshot', '80Mi', { restartPolicy: 'Never' }, { 'kubelapse/runs-for': '6s' }));
    for (let t = 2_000; t <= 20_000; t += 2_000) check(t);
    c.kubectl.create(pod('crashing', '100Mi', { containers: [{ name: 'app', image: 'example/app:1' }] }));
    c.kubectl.delete('Pod', 'default', 'steady', { gracePeriodSeconds: 0 });
    c.kubectl.delete('Pod', 'default', 'draining', { gracePeriodSeconds: 30 });
    for (let t = 22_000; t <= 30_000; t += 2_000) check(t);
    c.plane.nodeDown('node-2');
    for (let t = 32_000; t <= 40_000; t += 4_000) check(t);
    c.plane.nodeUp('node-2');
    for (let t = 44_000; t <= 60_000; t += 4_000) check(t);
    expect(compared).toBeGreaterThan(40);
    expect(withUsage).toBeGreaterThan(20);
  });
});

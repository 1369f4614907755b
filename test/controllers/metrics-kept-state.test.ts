import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { Informer } from '../../core/client/informer.js';
import { cpuLimitMilli, cpuPerRequest, METRICS_RESOLUTION_MS, MetricsServer, type PodMetric, type WorkingSets } from '../../core/metrics/metrics-server.js';
import type { Simulation } from '../../core/sim/cluster.js';
import { makeSim } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * The scrape as it was before it kept what it read of each pod: a whole new reading of
 * every running pod each 15 s, a new set of the names it saw, and every metric whose name
 * it did not see dropped. The kept-state scrape must give the same samples.
 */
class ScanScrape {
  private readonly pods: Informer;
  readonly metrics = new Map<string, PodMetric>();
  private readonly lastServed = new Map<string, number>();

  constructor(
    private readonly sim: Simulation,
    private readonly served: ReadonlyMap<string, number>,
    private readonly workingSets: WorkingSets,
  ) {
    this.pods = new Informer(sim.client('scan-scrape'), 'Pod');
  }

  start(): this {
    this.pods.start();
    this.sim.scheduler.every(METRICS_RESOLUTION_MS, () => this.scrape(), 'scan scrape');
    return this;
  }

  private scrape(): void {
    const now = this.sim.scheduler.now();
    const seen = new Set<string>();
    for (const pod of this.pods.values()) {
      if (pod.status?.phase !== 'Running') continue;
      const uid = pod.metadata.uid ?? '';
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      seen.add(key);
      const total = this.served.get(uid) ?? 0;
      const before = this.lastServed.get(uid);
      this.lastServed.set(uid, total);
      if (before === undefined) continue;
      const rps = (total - before) / (METRICS_RESOLUTION_MS / 1000);
      const demandMilli = Math.round(rps * cpuPerRequest(pod) * 1000);
      const limit = cpuLimitMilli(pod);
      const throttled = limit !== undefined && demandMilli > limit;
      this.metrics.set(key, { cpuMilli: throttled ? limit : demandMilli, timestampMs: now, demandMilli, throttled, memory: this.workingSets(pod) ?? new Map() });
    }
    for (const key of this.metrics.keys()) if (!seen.has(key)) this.metrics.delete(key);
  }
}

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f'];

function pod(name: string, node: string, perRequest: string, cpuLimit: string | undefined): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations: { 'kubelapse/cpu-per-request': perRequest } },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'example/api:1', resources: cpuLimit === undefined ? {} : { limits: { cpu: cpuLimit } } }] },
  } as KObject;
}

describe('metrics-server: the samples it keeps are the ones a whole scan gives', () => {
  it('after pods are added, served, re-annotated, fail with their node, stop running and run again, are deleted and made again under the same name', () => {
    const sim = makeSim(2);
    const served = new Map<string, number>();
    // Memory for pods on node-1 only, changing with time: the sample must be read at the scrape.
    const workingSets: WorkingSets = (p) => (p.spec?.nodeName === 'node-1' ? new Map([['app', sim.scheduler.now() * 1024]]) : undefined);
    const kept = new MetricsServer(sim.client('metrics-server'), sim.scheduler, served, workingSets).start();
    const scan = new ScanScrape(sim, served, workingSets).start();
    const kubectl = { actor: 'kubectl' };
    const running = (name: string): void => {
      const live = sim.api.get('Pod', 'default', name);
      sim.api.updateStatus({ ...live, status: { ...live.status, phase: 'Running' } } as KObject, { actor: 'kubelet' });
    };
    const setPhase = (name: string, phase: string): void => {
      const live = sim.api.get('Pod', 'default', name);
      sim.api.updateStatus({ ...live, status: { ...live.status, phase } } as KObject, { actor: 'kubelet' });
    };
    const serve = (name: string, n: number): void => {
      const uid = sim.api.tryGet('Pod', 'default', name)?.metadata.uid;
      if (uid !== undefined) served.set(uid, (served.get(uid) ?? 0) + n);
    };
    let compared = 0;
    let throttled = 0;
    const compareAt = (t: number): void => {
      sim.runUntil(t);
      for (const name of NAMES) {
        expect(kept.get('default', name), `${name} at ${t} ms`).toEqual(scan.metrics.get(`default/${name}`));
        if (scan.metrics.has(`default/${name}`)) compared++;
        if (kept.get('default', name)?.throttled === true) throttled++;
      }
    };

    // Adds: four pods, two with CPU limits, on two nodes.
    sim.api.create(pod('a', 'node-1', '2m', '200m'), kubectl);
    sim.api.create(pod('b', 'node-1', '10m', undefined), kubectl);
    sim.api.create(pod('c', 'node-2', '5m', '100m'), kubectl);
    sim.api.create(pod('d', 'node-2', '1m', undefined), kubectl);
    for (const n of ['a', 'b', 'c', 'd']) running(n);
    compareAt(1_000);
    for (let step = 1; step <= 4; step++) {
      for (const [i, n] of ['a', 'b', 'c', 'd'].entries()) serve(n, 100 * step * (i + 1));
      compareAt(step * METRICS_RESOLUTION_MS + 500);
    }
    // Updates: a new cost per request (a new pod object: what was read of it is read again).
    const a = sim.api.get('Pod', 'default', 'a');
    sim.api.update({ ...a, metadata: { ...a.metadata, annotations: { 'kubelapse/cpu-per-request': '50m' } } } as KObject, kubectl);
    serve('a', 900);
    compareAt(5 * METRICS_RESOLUTION_MS + 500);
    // A node lost: its pods fail; a pod added meanwhile; a pod deleted.
    setPhase('c', 'Failed');
    setPhase('d', 'Failed');
    sim.api.create(pod('e', 'node-1', '3m', '50m'), kubectl);
    running('e');
    sim.api.delete('Pod', 'default', 'b', kubectl, { gracePeriodSeconds: 0 });
    serve('a', 300);
    serve('e', 600);
    compareAt(6 * METRICS_RESOLUTION_MS + 500);
    serve('e', 600);
    compareAt(7 * METRICS_RESOLUTION_MS + 500);
    // Out of Running for a window and back (the same uid): its served count from before counts.
    setPhase('e', 'Pending');
    serve('e', 300);
    compareAt(8 * METRICS_RESOLUTION_MS + 500);
    setPhase('e', 'Running');
    serve('e', 450);
    // The deleted name made again (a new uid): no sample of its own until a whole window.
    sim.api.create(pod('b', 'node-2', '4m', undefined), kubectl);
    running('b');
    sim.api.delete('Pod', 'default', 'c', kubectl, { gracePeriodSeconds: 0 });
    serve('b', 150);
    compareAt(8 * METRICS_RESOLUTION_MS + 500);
    serve('b', 150);
    compareAt(9 * METRICS_RESOLUTION_MS + 500);
    compareAt(10 * METRICS_RESOLUTION_MS + 500);
    // Samples were compared all along, some of them throttled; the failed and deleted pods have none.
    expect(compared).toBeGreaterThan(20);
    expect(throttled).toBeGreaterThan(2);
    expect(kept.get('default', 'c')).toBeUndefined();
    expect(kept.get('default', 'd')).toBeUndefined();
    expect(kept.get('default', 'b')?.timestampMs).toBe(10 * METRICS_RESOLUTION_MS);
  });
});

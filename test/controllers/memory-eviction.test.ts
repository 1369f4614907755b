import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { DEFAULT_EVICTION, type EvictionConfig } from '../../core/kubelet/eviction-config.js';
import { rankMemoryPressure, type PodUsage } from '../../core/kubelet/eviction-rank.js';
import { parseMemoryProfile, reachesAt, usageAt, type MemoryProfile } from '../../core/kubelet/memory-model.js';
import { Simulation } from '../../core/sim/cluster.js';
import { ControlPlane } from '../../core/sim/control-plane.js';
import { nodeShape } from './cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

const Mi = 2 ** 20;

describe('kubelapse/memory: the working set over time', () => {
  it('reads a level, a leak per second or minute, and a spike with or without an end', () => {
    expect(parseMemoryProfile('50Mi')).toEqual({ baseBytes: 50 * Mi, leakBytesPerSec: 0, spike: undefined });
    expect(parseMemoryProfile('50Mi leak 60Mi/m')).toMatchObject({ leakBytesPerSec: Mi });
    const p = parseMemoryProfile('50Mi leak 2Mi/s spike 300Mi at 40s for 5s') as MemoryProfile;
    expect(usageAt(p, 10_000)).toBe(70 * Mi);
    expect(usageAt(p, 41_000)).toBe((50 + 82 + 300) * Mi);
    expect(usageAt(p, 46_000)).toBe((50 + 92) * Mi);
  });

  it('says what is wrong with a bad value', () => {
    expect(parseMemoryProfile('lots')).toMatch(/^"lots" does not start with a memory quantity; expected <quantity>/);
    expect(parseMemoryProfile('50Mi leak fast')).toMatch(/leak needs a rate like 2Mi\/s/);
    expect(parseMemoryProfile('50Mi spike 300Mi')).toMatch(/spike needs <quantity> at <duration>/);
    expect(parseMemoryProfile('50Mi grow')).toMatch(/unexpected "grow"/);
  });

  it('finds when a curve first reaches a limit: on the leak, at a spike, inside a spike window, or never', () => {
    expect(reachesAt(parseMemoryProfile('50Mi leak 2Mi/s') as MemoryProfile, 100 * Mi)).toBe(25_000);
    expect(reachesAt(parseMemoryProfile('50Mi spike 300Mi at 40s') as MemoryProfile, 100 * Mi)).toBe(40_000);
    expect(reachesAt(parseMemoryProfile('50Mi spike 10Mi at 40s') as MemoryProfile, 100 * Mi)).toBeUndefined();
    // 20Mi + 1Mi/s with 60Mi more from 10 s to 20 s: the spike would need t = 20 s, the end of its window
    // (not in it), so the leak alone reaches 100Mi at 80 s; with 70Mi from 5 s it is reached at 10 s.
    expect(reachesAt(parseMemoryProfile('20Mi leak 1Mi/s spike 60Mi at 10s for 10s') as MemoryProfile, 100 * Mi)).toBe(80_000);
    expect(reachesAt(parseMemoryProfile('20Mi leak 1Mi/s spike 70Mi at 5s for 10s') as MemoryProfile, 100 * Mi)).toBe(10_000);
    expect(reachesAt(parseMemoryProfile('200Mi') as MemoryProfile, 100 * Mi)).toBe(0);
  });
});

describe('rankMemoryPressure', () => {
  const usage = (name: string, used: number, request: number | undefined, priority = 0): PodUsage => ({
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { priority, containers: [{ name: 'c', resources: request === undefined ? {} : { requests: { memory: `${request}Mi` } } }] } } as KObject,
    usage: used * Mi,
    containers: new Map([['c', used * Mi]]),
    staticPod: false,
  });

  it('pods over their request first (any BestEffort pod that uses memory), then lower priority, then most above the request', () => {
    const ranked = rankMemoryPressure([
      usage('burstable-big-within', 500, 512),
      usage('besteffort-small', 50, undefined),
      usage('burstable-over', 300, 256),
      usage('besteffort-big', 200, undefined),
      usage('besteffort-high-priority', 900, undefined, 1000),
    ]);
    expect(ranked.map((p) => p.pod.metadata.name)).toEqual(['besteffort-big', 'besteffort-small', 'burstable-over', 'besteffort-high-priority', 'burstable-big-within']);
  });
});

/** A 1-node cluster (2Gi) whose kubelet uses `eviction`. */
function pressured(eviction: EvictionConfig): { sim: Simulation; kubectl: ReturnType<Simulation['client']> } {
  const sim = new Simulation({ seed: 3, epoch: '2026-01-01T00:00:00Z', eviction });
  const shapes = [nodeShape('node-1', '4', { memory: '2Gi' })];
  sim.bootstrap(shapes);
  new ControlPlane(sim).start(shapes);
  return { sim, kubectl: sim.client('kubectl') };
}

const hog = (name: string, memory: string, extra: any = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', annotations: { 'kubelapse/memory': memory } },
  spec: { containers: [{ name: 'app', image: 'example/app:1' }], ...extra },
});

describe('the scheduler fits against allocatable', () => {
  it('on a 2Gi node (allocatable 1948Mi, CoreDNS holding 140Mi) 1808Mi fits and 1809Mi does not', () => {
    const { sim, kubectl } = pressured(DEFAULT_EVICTION);
    const ask = (name: string, memory: string): KObject => ({ ...hog(name, '1Mi'), spec: { containers: [{ name: 'app', image: 'example/app:1', resources: { requests: { memory } } }] } });
    kubectl.create(ask('fits', '1808Mi'));
    sim.runUntil(5_000);
    expect(sim.api.get('Pod', 'default', 'fits').spec?.nodeName).toBe('node-1');
    kubectl.delete('Pod', 'default', 'fits', { gracePeriodSeconds: 0 });
    sim.runUntil(10_000);
    kubectl.create(ask('too-big', '1809Mi'));
    sim.runUntil(15_000);
    const pod = sim.api.get('Pod', 'default', 'too-big');
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.conditions.find((c: any) => c.type === 'PodScheduled').message).toContain('1 Insufficient memory');
  });
});

describe('the eviction manager', () => {
  it('a soft threshold: MemoryPressure at the first breach, the eviction only once the grace period has run', () => {
    const { sim, kubectl } = pressured({ ...DEFAULT_EVICTION, soft: { memoryBytes: 500 * Mi, gracePeriodMs: 30_000 } });
    // 1,700Mi of 2,048Mi: 348Mi available, under the soft 500Mi, above the hard 100Mi.
    kubectl.create(hog('steady', '1700Mi'));
    sim.runUntil(120_000);
    const node = sim.api.get('Node', null, 'node-1');
    expect(node.status?.conditions.find((c: any) => c.type === 'MemoryPressure').status).toBe('True');
    const pod = sim.api.get('Pod', 'default', 'steady');
    expect(pod.status?.reason).toBe('Evicted');
    const pressureAt = Date.parse(node.status?.conditions.find((c: any) => c.type === 'MemoryPressure').lastTransitionTime);
    const evictedAt = Date.parse(pod.status?.conditions.find((c: any) => c.type === 'DisruptionTarget').lastTransitionTime);
    expect(evictedAt - pressureAt).toBeGreaterThanOrEqual(30_000);
    expect(evictedAt - pressureAt).toBeLessThanOrEqual(40_000);
    expect(pod.status?.message).toMatch(/^The node was low on resource: memory\. Threshold quantity: 500Mi, available: /);
  });

  it('below the hard threshold a pod goes at the next check; a system-critical pod is never chosen', () => {
    const { sim, kubectl } = pressured(DEFAULT_EVICTION);
    kubectl.create(hog('critical', '1000Mi', { priorityClassName: 'system-node-critical' }));
    kubectl.create(hog('ordinary', '1000Mi'));
    sim.runUntil(60_000);
    expect(sim.api.get('Pod', 'default', 'ordinary').status?.reason).toBe('Evicted');
    expect(sim.api.get('Pod', 'default', 'critical').status?.phase).toBe('Running');
  });

  it('kubelapse/memory.<container> is that container\'s alone: only the sidecar over its limit is OOMKilled', () => {
    const { sim, kubectl } = pressured(DEFAULT_EVICTION);
    kubectl.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two', namespace: 'default', annotations: { 'kubelapse/memory': '10Mi', 'kubelapse/memory.side': '10Mi leak 1Mi/s' } },
      spec: { containers: [
        { name: 'main', image: 'example/app:1', resources: { limits: { memory: '32Mi' } } },
        { name: 'side', image: 'example/side:1', resources: { limits: { memory: '32Mi' } } },
      ] },
    });
    sim.runUntil(40_000);
    const statuses = sim.api.get('Pod', 'default', 'two').status?.containerStatuses as any[];
    expect(statuses.find((c) => c.name === 'main').restartCount).toBe(0);
    expect(statuses.find((c) => c.name === 'side').lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
  });

  it('a malformed kubelapse/memory is reported as InvalidBehaviour and the pod runs without a memory curve', () => {
    const { sim, kubectl } = pressured(DEFAULT_EVICTION);
    kubectl.create(hog('bad', '50Mi leak quickly'));
    sim.runUntil(10_000);
    const ev = sim.api.list('Event', { namespace: 'default' }).items.find((e) => e.reason === 'InvalidBehaviour');
    expect(ev?.message).toBe('annotation kubelapse/memory: "50Mi leak quickly": leak needs a rate like 2Mi/s or 10Mi/m; expected <quantity> [leak <quantity>/s] [spike <quantity> at <duration> [for <duration>]] (e.g. 50Mi leak 2Mi/s); running with the defaults');
  });
});

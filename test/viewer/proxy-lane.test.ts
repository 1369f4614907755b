import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { buildStoryModel } from '../../viewer/server/model/story-model.js';
import { proxyModel } from '../../viewer/server/model/proxy-model.js';
import { nodeRoutes } from '../../viewer/server/model/proxy-routes.js';
import { attributeFailures } from '../../viewer/server/model/proxy-failures.js';
import type { NodeProxyModel, PodTrack, ProxyModel, StoryModel } from '../../viewer/shared/model.js';
import { PV } from '../../viewer/shared/model.js';
import { recordingsDir } from './fixtures.js';

let dir: string;
const models = new Map<string, StoryModel & { proxy: ProxyModel | null }>();
const recs: Recording[] = [];
beforeAll(() => {
  dir = recordingsDir(['prestop-off', 'prestop-on']);
  for (const n of ['prestop-off', 'prestop-on']) {
    const rec = Recording.open(path.join(dir, `${n}.db`));
    recs.push(rec);
    const m = buildStoryModel(rec, n);
    models.set(n, { ...m, proxy: proxyModel(rec, m.pods) });
  }
}, 60_000);
afterAll(() => {
  for (const r of recs) r.close();
});

/** The first pod the rollout deletes, with the time its deletion began. */
function firstDeleted(m: StoryModel): { pod: PodTrack; key: string; deletedAt: number } {
  const pods = m.pods.filter((p) => p.namespace === 'default' && p.versions.some((v) => v[PV.deletionStart] >= 0));
  const at = (p: PodTrack): number => p.versions.find((v) => v[PV.deletionStart] >= 0)![PV.deletionStart];
  const pod = pods.sort((a, b) => at(a) - at(b))[0]!;
  return { pod, key: `${pod.namespace}/${pod.name}`, deletedAt: at(pod) };
}

/** When the pod stopped being a ready endpoint, from the EndpointSlice spans (seq -> time). */
function leftSlice(m: StoryModel, key: string): number {
  const times: number[] = [];
  let t = 0;
  for (const d of m.timeDeltas) times.push((t += d));
  const ready = m.endpoints![key]!.filter((s) => s[2] === 1);
  return times[(ready.at(-1)![1] as number) - 1]!;
}

/** When `node` stopped routing to `key` (the end of its last span to it). */
function routedUntil(n: NodeProxyModel, key: string): number | null {
  const spans = n.spans.filter((s) => s[3] === key);
  return spans.length === 0 ? null : spans.at(-1)![1];
}

describe('kube-proxy per node, derived from the slices, the kube-proxy pods and the 1 s sync lag', () => {
  it('prestop-off: every node routes to the deleted pod 1.001 s past its leaving the slice, while its process stopped listening at SIGTERM: the failures fall in that gap, each given to a sending node', () => {
    const m = models.get('prestop-off')!;
    const { pod, key, deletedAt } = firstDeleted(m);
    expect(m.proxy).not.toBeNull();
    const proxy = m.proxy!;
    expect(proxy.fromPods).toBe(true);
    expect(proxy.nodes.map((n) => n.node)).toEqual(['node-1', 'node-2', 'node-3']);
    const left = leftSlice(m, key);
    expect(left).toBeGreaterThan(deletedAt);
    for (const n of proxy.nodes) expect(routedUntil(n, key)).toBe(left + 1001);
    // No preStop: the app stops listening as SIGTERM arrives, right at the delete, long before the nodes catch up.
    expect(pod.preStopMs).toBe(0);
    expect(proxy.quiet[key]).toBeGreaterThanOrEqual(deletedAt);
    expect(proxy.quiet[key]).toBeLessThan(left);
    const total = m.traffic!.failures.reduce((a, f) => a + f[3], 0);
    const given = proxy.nodes.reduce((a, n) => a + n.failures.reduce((b, f) => b + f[3], 0), 0);
    expect(total).toBeGreaterThan(0);
    expect(proxy.unattributed).toBe(0);
    expect(given).toBe(total);
    for (const n of proxy.nodes) {
      const mine = n.failures.filter((f) => f[1] === key);
      expect(mine.length).toBeGreaterThan(0);
      for (const f of mine) {
        expect(f[0]).toBeGreaterThanOrEqual(deletedAt - 100);
        expect(f[0]).toBeLessThan(left + 1001);
      }
    }
  });

  it('prestop-on: the nodes stop routing to the pod ~6 s before its process stops listening, and nothing fails', () => {
    const m = models.get('prestop-on')!;
    const { pod, key } = firstDeleted(m);
    const proxy = m.proxy!;
    const stopped = Math.max(...proxy.nodes.map((n) => routedUntil(n, key) ?? 0));
    expect(pod.preStopMs).toBe(5000);
    expect(proxy.quiet[key]! - stopped).toBeGreaterThan(5000);
    expect(pod.exitMs).toBe(proxy.quiet[key]);
    expect(proxy.nodes.every((n) => n.failures.length === 0)).toBe(true);
  });
});

const write = (t: number, pods: Array<[string, boolean]>): { t: number; uid: string; deleted: boolean; service: string; eps: Array<{ pod: string; ready: boolean; fallback: boolean }> } =>
  ({ t, uid: 's1', deleted: false, service: 'default/web', eps: pods.map(([pod, ready]) => ({ pod: `default/${pod}`, ready, fallback: false })) });

describe('nodeRoutes: as a node\'s kube-proxy applies slices', () => {
  it('first rules 1 s after the process starts, then each write 1,001 ms after it', () => {
    const r = nodeRoutes([write(0, [['a', true]]), write(5000, [['a', true], ['b', true]]), write(9000, [['b', true]])], [[2000, null]], null);
    expect(r.syncs).toEqual([3000, 6001, 10_001]);
    expect(r.spans).toEqual([[3000, 10_001, 'default/web', 'default/a', 1], [6001, null, 'default/web', 'default/b', 1]]);
  });

  it('a stopped kube-proxy leaves its rules as they were (stale), and a sync still pending when it stops is lost', () => {
    const r = nodeRoutes([write(0, [['a', true]]), write(5000, [['b', true]])], [[0, 5500]], null);
    expect(r.spans).toEqual([[1000, null, 'default/web', 'default/a', 1]]);
  });

  it('a removed node routes nothing after its removal', () => {
    const r = nodeRoutes([write(0, [['a', true]])], [[0, null]], 4000);
    expect(r.spans).toEqual([[1000, 4000, 'default/web', 'default/a', 1]]);
  });
});

describe('attributeFailures: requests to a pod go to the nodes that route to it', () => {
  const node = (name: string, pods: string[]): NodeProxyModel => ({ node: name, syncs: [], failures: [], spans: pods.map((p) => [0, null, 'default/web', `default/${p}`, 1]) });

  it('4 refused, three nodes routing to the pod among the same endpoints: 2, 1, 1; a node not routing there gets none', () => {
    const nodes = [node('n1', ['a', 'b']), node('n2', ['a', 'b']), node('n3', ['a', 'b']), node('n4', ['b'])];
    expect(attributeFailures([[100, 'web', 'a', 'refused', 4]], nodes)).toBe(0);
    expect(nodes.map((n) => n.failures.map((f) => f[3]))).toEqual([[2], [1], [1], []]);
    expect(nodes[0]!.failures[0]).toEqual([100, 'default/a', 'refused', 2]);
  });

  it('remainders rotate: three rows of 4 over three equal nodes come to 4 each, not 6, 3, 3', () => {
    const nodes = [node('n1', ['a']), node('n2', ['a']), node('n3', ['a'])];
    attributeFailures([[100, 'web', 'a', 'refused', 4], [200, 'web', 'a', 'refused', 4], [300, 'web', 'a', 'refused', 4]], nodes);
    expect(nodes.map((n) => n.failures.reduce((k, f) => k + f[3], 0))).toEqual([4, 4, 4]);
  });

  it('a node routing among fewer endpoints sends a pod more of its requests; a row no node could send is counted apart', () => {
    const nodes = [node('n1', ['a']), node('n2', ['a', 'b', 'c'])];
    expect(attributeFailures([[100, 'web', 'a', 'reset', 4], [200, 'web', 'zzz', 'refused', 3]], nodes)).toBe(3);
    expect(nodes.map((n) => n.failures.map((f) => f[3]))).toEqual([[3], [1]]);
  });
});

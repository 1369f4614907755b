import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../core/api/object-store.js';
import { keptFields, shareValues } from '../../core/api/share-values.js';
import type { KObject } from '../../core/api/types.js';
import { cluster, isReady, web } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * Stored pods and Events keep their equal parts once (share-values.ts): the memory of a
 * 100,000-pod run. What a user would notice if it went wrong: a write recording other
 * bytes than the object it stored, or one object's write showing up in another.
 */
describe('shared values of stored objects', () => {
  it('pods of one ReplicaSet share their template parts, conditions and Events, and every write still records its own object', () => {
    const c = cluster(2);
    c.kubectl.create(web(4, { container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } } }));
    c.run(60_000);
    const pods = c.pods('app=web') as any[];
    expect(pods).toHaveLength(4);
    expect(pods.every(isReady)).toBe(true);
    const [a, b] = pods;
    // Parts equal between pods are one object (main kept a copy per pod).
    expect(a.spec.tolerations).toEqual(b.spec.tolerations);
    expect(a.spec.tolerations).toBe(b.spec.tolerations);
    expect(a.spec.containers[0].readinessProbe).toBe(b.spec.containers[0].readinessProbe);
    expect(a.spec.containers[0].resources).toBe(b.spec.containers[0].resources);
    // The service account volume: a random name per pod, one source for all.
    expect(a.spec.volumes[0].name).not.toBe(b.spec.volumes[0].name);
    expect(a.spec.volumes[0].projected).toBe(b.spec.volumes[0].projected);
    // Two pods of one node made Ready in the same second share equal conditions.
    const sameNode = pods.filter((p) => p.spec.nodeName === a.spec.nodeName);
    const conditions = sameNode.flatMap((p) => p.status.conditions as unknown[]);
    const distinct = new Set(conditions);
    const distinctJson = new Set(conditions.map((x) => JSON.stringify(x)));
    expect(distinct.size).toBe(distinctJson.size);
    // Events written by one kubelet share their source.
    const pulled = c.sim.api.list('Event', { namespace: 'default' }).items.filter((e) => (e.source as any)?.component === 'kubelet' && (e.source as any)?.host === a.spec.nodeName);
    expect(pulled.length).toBeGreaterThan(1);
    expect(new Set(pulled.map((e) => e.source)).size).toBe(1);
    // Its Events with equal managedFields (one entry: the kubelet, the same second) share the list.
    const lists = pulled.map((e) => e.metadata.managedFields);
    expect(new Set(lists).size).toBe(new Set(lists.map((l) => JSON.stringify(l))).size);
    expect(new Set(lists).size).toBeLessThan(lists.length);

    // Every write recorded the object it stored, byte for byte, shared parts and all.
    for (const w of c.writes) expect(JSON.stringify(w.object)).toBe(w.objectJson);
    // Every stored object is frozen through and through.
    const frozen = (v: unknown): boolean => v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v).every(frozen));
    expect(pods.every(frozen)).toBe(true);

    // A write to one pod leaves the others as they were.
    const before = JSON.stringify(b);
    c.kubectl.patch('Pod', 'default', a.metadata.name, { metadata: { labels: { marked: 'yes' } }, spec: { tolerations: [...a.spec.tolerations, { key: 'x', operator: 'Exists' }] } }, 'strategic');
    const b2 = c.sim.api.get('Pod', 'default', b.metadata.name) as KObject;
    expect(JSON.stringify(b2)).toBe(before);
    const a2 = c.sim.api.get('Pod', 'default', a.metadata.name) as any;
    expect(a2.spec.tolerations).toHaveLength(a.spec.tolerations.length + 1);
    expect(b2.spec?.tolerations).toHaveLength(a.spec.tolerations.length);
  });

  it("a kubelet status entry naming its pod's IP stays the pod's, its other parts shared, and many such entries leave the shared values in place", () => {
    // A fieldsV1 as the kubelet's status entry (managed-fields' encoding): its conditions
    // the same for every pod, its podIPs item keyed by the pod's own IP.
    const conditions = () => ({ 'k:{"type":"Ready"}': { '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} } });
    const statusEntry = (ip: string): any => ({ 'f:status': { 'f:conditions': conditions(), 'f:phase': {}, 'f:podIP': {}, 'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } } } });
    const common = (): any => ({ 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } });
    const shared = keptFields(common());
    const a = keptFields(statusEntry('10.0.0.2'));
    const b = keptFields(statusEntry('10.0.0.3'));
    expect(a).not.toBe(b);
    expect(Object.isFrozen(a) && Object.isFrozen(a['f:status']['f:podIPs'])).toBe(true);
    expect(a['f:status']['f:conditions']).toBe(b['f:status']['f:conditions']);
    expect(JSON.stringify(a)).toBe(JSON.stringify(statusEntry('10.0.0.2')));
    // 20,000 pods' entries (more than the table holds): the value kept before is the one
    // an equal value gets after (main cleared the table for them, twice here).
    for (let i = 0; i < 20_000; i++) keptFields(statusEntry(`10.1.${i >> 8}.${i & 255}`));
    expect(keptFields(common())).toBe(shared);
  });

  it("Events about many pod versions leave the shared values in place", () => {
    const event = (pod: number, reason: string): any => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `web-${pod}.${reason}`, namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: `web-${pod}`, uid: `uid-${pod}`, apiVersion: 'v1', resourceVersion: String(pod) },
      reason,
      source: { component: 'kubelet', host: 'node-1' },
    });
    const source = (() => {
      const e = event(0, 'Pulled');
      shareValues('Event', e);
      return e.source;
    })();
    for (let i = 1; i < 20_000; i++) shareValues('Event', event(i, 'Pulled'));
    const late = event(20_000, 'Pulled');
    shareValues('Event', late);
    expect(late.source).toBe(source);
    // What the Event holds is what it was given (its own, or an equal kept one).
    expect(JSON.stringify(late)).toBe(JSON.stringify(event(20_000, 'Pulled')));
  });

  it('deepFreeze keeps an array its elements in order when it copies it to its length', () => {
    const list: unknown[] = [];
    for (let i = 0; i < 3; i++) list.push({ i });
    const obj = deepFreeze({ a: list, b: [[1, 2], [3]], s: 'x' }) as any;
    expect(obj.a).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(obj.a[0]).toBe(list[0]);
    expect(JSON.stringify(obj)).toBe('{"a":[{"i":0},{"i":1},{"i":2}],"b":[[1,2],[3]],"s":"x"}');
    expect(Object.isFrozen(obj.a) && Object.isFrozen(obj.b[0]) && Object.isFrozen(obj.a[2])).toBe(true);
  });
});

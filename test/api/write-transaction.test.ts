import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/status.js';
import type { KObject, WriteEvent } from '../../core/api/types.js';
import { verifyRecording } from '../../core/record/verify.js';
import { makeSim, pod, recordedSim, refusal, tmpDir } from '../helpers.js';
import { cluster, web } from '../controllers/cluster-helpers.js';

const kubectl = { actor: 'kubectl' };

/** A ConfigMap whose serialization fails inside the commit, after seq and resourceVersion were taken. */
function unserializable(name: string): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' }, extra: { n: 10n } } as unknown as KObject;
}

function configMap(name: string, data: Record<string, string> = { a: 'b' }): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

describe('a write that fails after the API server took its seq and resourceVersion', () => {
  it('leaves store, counters and recorder as they were, and the next write is recorded with the next seq', () => {
    const file = path.join(tmpDir(), 'tx.db');
    const { sim, rec, recorder } = recordedSim(file, 1);
    const seq = sim.api.lastSeq;
    const rv = sim.api.resourceVersion;
    expect(() => sim.api.create(unserializable('bad'), kubectl)).toThrow(TypeError);
    expect([sim.api.lastSeq, sim.api.resourceVersion]).toEqual([seq, rv]);
    expect(sim.api.tryGet('ConfigMap', 'default', 'bad')).toBeUndefined();
    expect(recorder.count).toBe(seq);
    // What used to kill `kubelapse live`: the next write from anyone found seq N+1 taken.
    const ok = sim.api.create(configMap('good'), kubectl);
    expect(ok.metadata.resourceVersion).toBe(String(rv + 1));
    expect(recorder.error).toBeUndefined();
    recorder.close({ complete: true, endTimeMs: 0 });
    expect(verifyRecording(rec)).toMatchObject({ ok: true, events: seq + 1, seal: { sealed: true, events: seq + 1 } });
    expect(rec.event(seq + 1)?.name).toBe('good');
    rec.close();
  });

  it('an update that fails the same way keeps the stored object, its resourceVersion and its watchers\' view', () => {
    const sim = makeSim();
    const before = sim.api.create(configMap('cm'), kubectl);
    const seen: string[] = [];
    sim.api.watch('ConfigMap', { resourceVersion: before.metadata.resourceVersion }).subscribe((e) => seen.push(`${e.type} ${e.object.metadata.resourceVersion}`));
    expect(() => sim.api.update({ ...unserializable('cm'), metadata: { name: 'cm' } }, kubectl)).toThrow(TypeError);
    expect(sim.api.get('ConfigMap', 'default', 'cm')).toBe(before);
    const after = sim.api.patch('ConfigMap', 'default', 'cm', { data: { a: 'c' } }, 'merge', kubectl);
    sim.runUntil(1000);
    expect(seen).toEqual([`MODIFIED ${after.metadata.resourceVersion}`]);
    expect(Number(after.metadata.resourceVersion)).toBe(Number(before.metadata.resourceVersion) + 1);
  });

  it('a refused create gives back what it took: the Service\'s ClusterIP and the generated name\'s random draw', () => {
    const clean = makeSim();
    const fuzzed = makeSim();
    const svc = (name: string, port: unknown = 80): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'web' }, ports: [{ port }] } });
    const generated = (): KObject => ({ ...pod(''), metadata: { generateName: 'web-' } });
    refusal(() => fuzzed.api.create(svc('broken', 'eighty'), kubectl));
    expect(() => fuzzed.api.create({ ...unserializable(''), metadata: { generateName: 'cm-' } }, kubectl)).toThrow(TypeError);
    const a = [clean.api.create(svc('web'), kubectl).spec.clusterIP, clean.api.create(generated(), kubectl).metadata.name];
    const b = [fuzzed.api.create(svc('web'), kubectl).spec.clusterIP, fuzzed.api.create(generated(), kubectl).metadata.name];
    expect(b).toEqual(a);
  });

  it('an eviction whose pod deletion is refused does not spend the budget: both writes or neither', () => {
    const c = cluster(3);
    c.kubectl.create(web(4));
    c.kubectl.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 3, selector: { matchLabels: { app: 'web' } } } });
    c.run(30_000);
    const budget = c.sim.api.get('PodDisruptionBudget', 'default', 'web');
    expect(budget.status.disruptionsAllowed).toBe(1);
    const name = c.pods('app=web')[0]?.metadata.name as string;
    const writes = c.writes.length;
    const err = refusal(() => c.kubectl.evict('default', name, { preconditions: { uid: 'not-this-pod' } }));
    expect([err.code, err.reason]).toEqual([409, 'Conflict']);
    expect(c.sim.api.get('PodDisruptionBudget', 'default', 'web')).toBe(budget);
    expect(c.writes.length).toBe(writes);
    // A good eviction writes both, the budget first, acknowledged together.
    c.kubectl.evict('default', name);
    expect(c.writes.slice(writes).map((w: WriteEvent) => `${w.kind} ${w.subresource ?? ''}`)).toEqual(['PodDisruptionBudget status', 'Pod eviction']);
  });

  it('writes made inside a request reach writes$ only when the request returns', () => {
    const c = cluster(3);
    c.kubectl.create(web(2));
    c.kubectl.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } });
    c.run(30_000);
    const name = c.pods('app=web')[0]?.metadata.name as string;
    const seen: string[] = [];
    const sub = c.sim.api.writes$.subscribe((w) => seen.push(`${w.kind}: pod terminating ${c.sim.api.get('Pod', 'default', name).metadata.deletionTimestamp !== undefined}`));
    c.kubectl.evict('default', name);
    sub.unsubscribe();
    // The budget's row is announced after the pod's deletion too was done, not in between.
    expect(seen).toEqual(['PodDisruptionBudget: pod terminating true', 'Pod: pod terminating true']);
  });
});

describe('nesting depth', () => {
  it('a patch that would nest an object past 1,000 levels is refused with 400, and nothing is written', () => {
    const sim = makeSim();
    sim.api.create(configMap('cm'), kubectl);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) deep = { x: deep };
    const seq = sim.api.lastSeq;
    const err = refusal(() => sim.api.patch('ConfigMap', 'default', 'cm', { extra: deep }, 'merge', kubectl));
    expect([err.code, err.reason, err.message]).toEqual([400, 'BadRequest', 'json parse error: exceeded max depth of 1000']);
    expect(sim.api.lastSeq).toBe(seq);
    // 998 levels under `extra` (the object itself is level 1) is still fine.
    let ok: Record<string, unknown> = {};
    for (let i = 0; i < 997; i++) ok = { x: ok };
    expect(() => sim.api.patch('ConfigMap', 'default', 'cm', { extra: ok }, 'merge', kubectl)).not.toThrow();
    expect(err).toBeInstanceOf(ApiError);
  });
});

import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectKey } from '../../core/api/object-store.js';
import type { KObject } from '../../core/api/types.js';
import { Informer } from '../../core/client/informer.js';
import { WorkQueue } from '../../core/client/work-queue.js';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { Simulation } from '../../core/sim/cluster.js';
import { bootstrapWrites, deployment, pod, recordedSim, tmpDir } from '../helpers.js';

type Op = { type: 'create' | 'label' | 'delete'; i: number; v: number };

/** Records a run of random operations on pods p0..p5 and returns the recording's path. */
function record(ops: Op[], file: string): void {
  const rec = Recording.create(file, { source: 'simulation', epoch: '2026-01-01T00:00:00Z' });
  const sim = new Simulation({ seed: 3, epoch: '2026-01-01T00:00:00Z' });
  const recorder = new Recorder(rec, { batchSize: 7 }).attach(sim.api.writes$);
  sim.bootstrap([]);
  let t = 0;
  for (const op of ops) {
    sim.runUntil((t += 100));
    const name = `p${op.i}`;
    const exists = sim.api.tryGet('Pod', 'default', name) !== undefined;
    if (op.type === 'create' && !exists) sim.api.create(pod(name, {}, { v: String(op.v) }), { actor: 'kubectl' });
    else if (op.type === 'label' && exists) sim.api.patch('Pod', 'default', name, { metadata: { labels: { v: String(op.v) } } }, 'merge', { actor: 'kubectl' });
    else if (op.type === 'delete' && exists) sim.api.delete('Pod', 'default', name, { actor: 'kubectl' });
  }
  recorder.close({ complete: true, endTimeMs: t });
  rec.close();
}

/** The obvious, slow way: fold every event from the start. */
function naiveState(rec: Recording, seq: number): Map<string, KObject> {
  const state = new Map<string, KObject>();
  for (const e of rec.events({ toSeq: seq })) {
    const key = `${e.kind}/${objectKey(e.namespace, e.name)}`;
    if (e.verb === 'delete') state.delete(key);
    else state.set(key, JSON.parse(e.object) as KObject);
  }
  return state;
}

describe('replay', () => {
  it('state at any seq equals folding every event from the start (property, with tiny checkpoint intervals)', () => {
    const op = fc.record({ type: fc.constantFrom<Op['type']>('create', 'label', 'delete'), i: fc.integer({ min: 0, max: 5 }), v: fc.integer({ min: 0, max: 9 }) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 5 }), (ops, interval) => {
        const file = path.join(tmpDir(), 'r.db');
        record(ops, file);
        const rec = Recording.open(file);
        const replay = Replay.open(rec, { checkpointInterval: interval });
        for (let seq = 0; seq <= replay.lastSeq; seq++) {
          const fast = replay.stateAt(seq);
          const slow = naiveState(rec, seq);
          expect(fast.map((o) => `${o.kind}/${objectKey(o.metadata.namespace, o.metadata.name ?? '')}`).sort()).toEqual([...slow.keys()].sort());
          for (const o of fast) expect(o).toEqual(slow.get(`${o.kind}/${objectKey(o.metadata.namespace, o.metadata.name ?? '')}`));
        }
        rec.close();
      }),
      { numRuns: 25 },
    );
  });

  it('filters state by kind and namespace, and finds the seq at a time', () => {
    const file = path.join(tmpDir(), 'r.db');
    record(
      [
        { type: 'create', i: 1, v: 1 },
        { type: 'create', i: 2, v: 1 },
        { type: 'delete', i: 1, v: 0 },
      ],
      file,
    );
    const rec = Recording.open(file);
    const replay = Replay.open(rec);
    expect(replay.stateAt(replay.lastSeq, { kinds: ['Pod'] }).map((p) => p.metadata.name)).toEqual(['p2']);
    expect(replay.stateAt(replay.lastSeq, { kinds: ['Namespace'] })).toHaveLength(4);
    expect(replay.stateAt(replay.lastSeq, { kinds: ['Pod'], namespace: 'kube-system' })).toHaveLength(0);
    // writes at 100, 200, 300 ms after the bootstrap rows at 0
    const b = bootstrapWrites();
    expect(replay.seqAtTime(0)).toBe(b);
    expect(replay.seqAtTime(250)).toBe(b + 2);
    expect(replay.seqAtTime(10_000)).toBe(b + 3);
    expect(replay.stateAt(replay.seqAtTime(250), { kinds: ['Pod'] }).map((p) => p.metadata.name)).toEqual(['p1', 'p2']);
    rec.close();
  });

  it('one object by name, read alone, is what the whole state holds at every seq; the state comes in key order', () => {
    const file = path.join(tmpDir(), 'r.db');
    const ops: Op[] = [];
    for (let k = 0; k < 40; k++) ops.push({ type: (['create', 'label', 'delete', 'create'] as const)[(k * 7) % 4] as Op['type'], i: (k * 5) % 6, v: k % 10 });
    record(ops, file);
    const rec = Recording.open(file);
    const replay = Replay.open(rec, { checkpointInterval: 3 });
    for (let seq = 0; seq <= replay.lastSeq; seq++) {
      const all = replay.stateAt(seq, { kinds: ['Pod'] });
      const names = all.map((p) => p.metadata.name ?? '');
      expect(names).toEqual([...names].sort());
      for (let i = 0; i < 6; i++) {
        const whole = all.filter((p) => p.metadata.name === `p${i}`);
        expect(replay.namedAt(seq, { kinds: ['Pod'], namespace: 'default' }, `p${i}`)).toEqual(whole);
        expect(replay.namedAt(seq, { kinds: ['Pod'] }, `p${i}`)).toEqual(whole);
      }
      expect(replay.namedAt(seq, { kinds: ['Pod'], namespace: 'kube-system' }, 'p0')).toEqual([]);
    }
    // and it is not trivially so: some pod lived and died in the run
    expect(replay.stateAt(replay.lastSeq, { kinds: ['Pod'] }).length).toBeGreaterThan(0);
    rec.close();
  });

  it('history, previous version and diff of one object', () => {
    const { sim, rec, recorder } = recordedSim(path.join(tmpDir(), 'r.db'));
    sim.api.create(deployment('web'), { actor: 'kubectl' });
    sim.api.updateScale('Deployment', 'default', 'web', 5, { actor: 'kubectl' });
    sim.api.patch('Deployment', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } }, 'strategic', { actor: 'kubectl' });
    recorder.close({ complete: true, endTimeMs: 0 });
    const replay = Replay.open(rec);
    const versions = replay.history('Deployment', 'default', 'web');
    const b = bootstrapWrites();
    expect(versions.map((v) => [v.seq - b, v.verb, v.subresource])).toEqual([
      [1, 'create', null],
      [2, 'update', 'scale'],
      [3, 'update', null],
    ]);
    expect(replay.previousVersionSeq(b + 3)).toBe(b + 2);
    expect(replay.previousVersionSeq(b + 1)).toBeUndefined();
    expect(replay.diff(b + 1, b + 2)).toEqual([
      { path: 'metadata.generation', type: 'changed', from: 1, to: 2 },
      { path: 'spec.replicas', type: 'changed', from: 3, to: 5 },
    ]);
    expect(replay.diff(b + 2, b + 3)).toEqual([
      { path: 'metadata.generation', type: 'changed', from: 2, to: 3 },
      { path: 'spec.template.spec.containers[name=app].image', type: 'changed', from: 'nginx:1.27', to: 'nginx:1.28' },
    ]);
    expect(replay.diff(undefined, b + 1).every((c) => c.type === 'added')).toBe(true);
    rec.close();
  });

  it('causal chain: ancestors up to the outside action, and direct effects', () => {
    const { sim, rec, recorder } = recordedSim(path.join(tmpDir(), 'r.db'));
    // Two toy controllers: deployments -> a pod named after them; pods -> a label on the pod.
    const dc = sim.client('deploy-toy');
    const dInformer = new Informer(dc, 'Deployment', { namespace: 'default' });
    const dq = new WorkQueue(sim.scheduler, 'd', (key, cause) => {
      const [, name] = key.split('/') as [string, string];
      if (sim.api.tryGet('Pod', 'default', `${name}-pod`) === undefined) dc.withCause(cause).create(pod(`${name}-pod`));
    });
    dInformer.on((e) => dq.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`, e.seq)).start();
    const pc = sim.client('pod-toy');
    const pInformer = new Informer(pc, 'Pod', { namespace: 'default' });
    const pq = new WorkQueue(sim.scheduler, 'p', (key, cause) => {
      const [, name] = key.split('/') as [string, string];
      const p = pInformer.get('default', name);
      if (p && p.metadata.labels?.seen !== 'yes') pc.withCause(cause).patch('Pod', 'default', name, { metadata: { labels: { seen: 'yes' } } }, 'merge');
    });
    pInformer.on((e) => pq.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`, e.seq)).start();
    sim.api.create(deployment('web'), { actor: 'kubectl' });
    sim.runUntil(1000);
    recorder.close({ complete: true, endTimeMs: 1000 });
    const replay = Replay.open(rec);
    const label = [...rec.events({ actor: 'pod-toy' })][0];
    expect(label).toBeDefined();
    const chain = replay.causalChain(label?.seq as number);
    expect(chain?.ancestors.map((e) => `${e.actor} ${e.verb} ${e.kind}`)).toEqual(['kubectl create Deployment', 'deploy-toy create Pod']);
    const root = chain?.ancestors[0]?.seq as number;
    expect(replay.causalChain(root)?.effects.map((e) => `${e.actor} ${e.verb} ${e.kind}`)).toEqual(['deploy-toy create Pod']);
    expect(replay.causalChain(99_999)).toBeUndefined();
    rec.close();
  });
});

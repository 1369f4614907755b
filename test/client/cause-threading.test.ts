import { describe, expect, it } from 'vitest';
import { kindInfo, type KindInfo } from '../../core/api/kinds.js';
import { conflict } from '../../core/api/status.js';
import type { WriteEvent } from '../../core/api/types.js';
import { EventRecorder } from '../../core/client/event-recorder.js';
import { Informer } from '../../core/client/informer.js';
import { WorkQueue } from '../../core/client/work-queue.js';
import { deployment, makeSim } from '../helpers.js';

/**
 * A toy controller built the way the real ones are: the informer's handler only
 * enqueues the key with the seq of the event; the reconcile reads the cache and writes
 * through a client carrying that seq as its cause.
 */
function labelController(sim: ReturnType<typeof makeSim>, pickupDelayMs = 0) {
  const client = sim.client('toy-controller');
  const events = new EventRecorder('toy-controller');
  // Its namespace only: kube-system has CoreDNS's Deployment.
  const informer = new Informer(client, 'Deployment', { namespace: 'default' });
  const reconciles: Array<{ key: string; cause: number | null }> = [];
  const queue = new WorkQueue(
    sim.scheduler,
    'toy',
    (key, cause) => {
      reconciles.push({ key, cause });
      const [ns, name] = key.split('/') as [string, string];
      const d = informer.get(ns, name);
      if (d === undefined || d.metadata.labels?.seen === String(d.metadata.generation)) return;
      const c = client.withCause(cause);
      const after = c.patch('Deployment', ns, name, { metadata: { labels: { seen: String(d.metadata.generation) } } }, 'merge', { reason: 'Seen', message: `saw generation ${d.metadata.generation}` });
      events.record(c, after, 'Normal', 'Seen', `Saw generation ${d.metadata.generation} of ${name}`);
    },
    pickupDelayMs,
  );
  informer.on((e) => queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`, e.seq)).start();
  return { reconciles, queue };
}

describe('cause_seq threading through informers and work queues', () => {
  it('a controller\'s writes name the write that made it act', () => {
    const sim = makeSim();
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    labelController(sim);
    sim.api.create(deployment('web'), { actor: 'kubectl' });
    sim.runUntil(1000);
    const create = writes.find((w) => w.actor === 'kubectl') as WriteEvent;
    const reaction = writes.filter((w) => w.actor === 'toy-controller');
    expect(reaction.map((w) => [w.kind, w.verb, w.causeSeq])).toEqual([
      ['Deployment', 'update', create.seq],
      ['Event', 'create', create.seq],
    ]);
    expect(reaction[1]?.reason).toBe('Seen');
    expect(JSON.parse(reaction[1]?.objectJson as string).involvedObject).toMatchObject({ kind: 'Deployment', name: 'web' });
    expect(create.causeSeq).toBeNull();
  });

  it('a key queued twice before a worker picks it up is reconciled once, for the newest event', () => {
    const sim = makeSim();
    const writes: WriteEvent[] = [];
    sim.api.writes$.subscribe((w) => writes.push(w));
    const { reconciles } = labelController(sim, 100);
    sim.api.create(deployment('web'), { actor: 'kubectl' });
    sim.runUntil(10); // the ADDED arrives, the worker waits 100 ms
    const scaled = sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 5 } }, 'merge', { actor: 'kubectl' });
    sim.runUntil(1000);
    const first = reconciles[0];
    expect(first).toEqual({ key: 'default/web', cause: Number(scaled.metadata.resourceVersion) });
    const controllerWrite = writes.find((w) => w.actor === 'toy-controller' && w.kind === 'Deployment');
    expect(controllerWrite?.causeSeq).toBe(Number(scaled.metadata.resourceVersion));
    expect(JSON.parse(controllerWrite?.objectJson as string).metadata.labels.seen).toBe('2');
  });

  it('a reconcile refused by the API server is retried with backoff and the same cause', () => {
    const sim = makeSim();
    const attempts: Array<{ t: number; cause: number | null }> = [];
    const q = new WorkQueue(sim.scheduler, 'flaky', (_key, cause) => {
      attempts.push({ t: sim.scheduler.now(), cause });
      if (attempts.length < 4) throw conflict(kindInfo('Deployment') as KindInfo, 'web');
    });
    q.add('default/web', 42);
    sim.runUntil(10_000);
    expect(attempts.map((a) => a.t)).toEqual([0, 5, 15, 35]);
    expect(attempts.every((a) => a.cause === 42)).toBe(true);
    expect(q.errors).toHaveLength(3);
  });
  it('addAfter keeps the earlier of two due times for a waiting key, as client-go\'s delaying queue does', () => {
    const sim = makeSim();
    const synced: Array<[number, number | null]> = [];
    const q = new WorkQueue(sim.scheduler, 'rs', (_key, cause) => {
      synced.push([sim.scheduler.now(), cause]);
    });
    // A pod turns Ready: requeue in minReadySeconds + 1 s; the sync right after asks for
    // minReadySeconds. Then a second pod's +11 s must not push the 10 s one back, but its
    // cause is the newest reason to look.
    q.addAfter('default/rs', 11_000, 1);
    q.addAfter('default/rs', 10_000, 2);
    sim.runUntil(500);
    q.addAfter('default/rs', 11_000, 3);
    sim.runUntil(12_000);
    expect(synced).toEqual([[10_000, 3]]);
    // Once it has fired, the key waits for nothing: a new delay counts again.
    q.addAfter('default/rs', 5_000, 4);
    sim.runUntil(30_000);
    expect(synced).toEqual([[10_000, 3], [17_000, 4]]);
  });

  it('a bug in a reconcile (a TypeError) is not retried: it surfaces out of the run', () => {
    const sim = makeSim();
    let attempts = 0;
    const q = new WorkQueue(sim.scheduler, 'buggy', () => {
      attempts++;
      (undefined as unknown as { spec: number }).spec;
    });
    q.add('default/web', 1);
    expect(() => sim.runUntil(10_000)).toThrow(TypeError);
    expect(attempts).toBe(1);
    expect(q.errors).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { SUFFIX_ALPHABET } from '../../core/api/names.js';
import type { WriteEvent } from '../../core/api/types.js';
import { deployment, makeSim, pod, refusal } from '../helpers.js';

const kubectl = { actor: 'kubectl' };


describe('API server: create, get, list', () => {
  it('stamps uid, creationTimestamp from the virtual clock, and a cluster-wide resourceVersion', () => {
    const sim = makeSim();
    sim.runUntil(65_000);
    const before = sim.api.resourceVersion;
    const d = sim.api.create(deployment('web'), kubectl);
    expect(d.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(d.metadata.creationTimestamp).toBe('2026-01-01T00:01:05Z');
    expect(d.metadata.resourceVersion).toBe(String(before + 1));
    expect(d.metadata.generation).toBe(1);
    const p = sim.api.create(pod('p'), kubectl);
    expect(Number(p.metadata.resourceVersion)).toBe(before + 2);
  });

  it('generateName appends 5 characters from upstream\'s alphabet', () => {
    const sim = makeSim();
    const names = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = sim.api.create({ ...pod(''), metadata: { generateName: 'web-7d4b9c-' } }, kubectl);
      expect(p.metadata.name).toMatch(new RegExp(`^web-7d4b9c-[${SUFFIX_ALPHABET}]{5}$`));
      names.add(p.metadata.name as string);
    }
    expect(names.size).toBe(50);
  });

  it('a second create of the same name is 409 AlreadyExists with upstream\'s message', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), kubectl);
    const err = refusal(() => sim.api.create(deployment('web'), kubectl));
    expect(err.status).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'deployments.apps "web" already exists', details: { name: 'web', group: 'apps', kind: 'deployments' } });
  });

  it('get of a missing object is 404 NotFound', () => {
    const sim = makeSim();
    const err = refusal(() => sim.api.get('Pod', 'default', 'nope'));
    expect(err.code).toBe(404);
    expect(err.message).toBe('pods "nope" not found');
  });

  it('refuses objects in a namespace that does not exist', () => {
    const sim = makeSim();
    const err = refusal(() => sim.api.create({ ...pod('p'), metadata: { name: 'p', namespace: 'ghost' } }, kubectl));
    expect(err.code).toBe(404);
    expect(err.message).toBe('namespaces "ghost" not found');
  });

  it('lists in name order and filters by label selector and the field selectors kubectl uses', () => {
    const sim = makeSim(2);
    sim.api.create(pod('c', { nodeName: 'node-2' }, { app: 'web', tier: 'fe' }), kubectl);
    sim.api.create(pod('a', { nodeName: 'node-1' }, { app: 'web' }), kubectl);
    sim.api.create(pod('b', {}, { app: 'db' }), kubectl);
    const names = (o: { items: ReadonlyArray<{ metadata: { name?: string } }> }) => o.items.map((p) => p.metadata.name);
    expect(names(sim.api.list('Pod'))).toEqual(['a', 'b', 'c']);
    expect(names(sim.api.list('pods', { labelSelector: 'app=web' }))).toEqual(['a', 'c']);
    expect(names(sim.api.list('po', { labelSelector: 'app in (web,db),!tier' }))).toEqual(['a', 'b']);
    expect(names(sim.api.list('Pod', { labelSelector: 'app!=web' }))).toEqual(['b']);
    expect(names(sim.api.list('Pod', { fieldSelector: 'spec.nodeName=node-2' }))).toEqual(['c']);
    expect(names(sim.api.list('Pod', { fieldSelector: 'spec.nodeName=' }))).toEqual(['b']);
    expect(names(sim.api.list('Pod', { fieldSelector: 'metadata.name=a' }))).toEqual(['a']);
    expect(refusal(() => sim.api.list('Pod', { fieldSelector: 'spec.bogus=1' })).message).toBe('field label not supported: spec.bogus');
  });

  it('selects Events by involvedObject fields', () => {
    const sim = makeSim();
    const ev = (name: string, kind: string, obj: string) => ({
      apiVersion: 'v1', kind: 'Event', metadata: { name }, involvedObject: { kind, name: obj, namespace: 'default' }, reason: 'Scheduled', message: 'x', type: 'Normal',
    });
    sim.api.create(ev('e1', 'Pod', 'web-1'), kubectl);
    sim.api.create(ev('e2', 'Pod', 'web-2'), kubectl);
    sim.api.create(ev('e3', 'ReplicaSet', 'web-1'), kubectl);
    const got = sim.api.list('Event', { fieldSelector: 'involvedObject.kind=Pod,involvedObject.name=web-1' }).items.map((e) => e.metadata.name);
    expect(got).toEqual(['e1']);
  });

  it('every accepted write goes out on writes$ once, with actor, cause and the stored JSON', () => {
    const sim = makeSim();
    const seen: WriteEvent[] = [];
    sim.api.writes$.subscribe((e) => seen.push(e));
    sim.api.create(deployment('web'), { actor: 'kubectl', causeSeq: null });
    sim.api.patch('Deployment', 'default', 'web', { spec: { replicas: 5 } }, 'merge', { actor: 'hpa', causeSeq: 1 });
    refusal(() => sim.api.create(deployment('web'), kubectl)); // refused: not a write
    expect(seen.map((e) => [e.verb, e.actor, e.causeSeq])).toEqual([
      ['create', 'kubectl', null],
      ['update', 'hpa', 1],
    ]);
    const last = seen[1] as WriteEvent;
    expect(JSON.parse(last.objectJson).spec.replicas).toBe(5);
    expect(last.resourceVersion).toBe(Number(last.object.metadata.resourceVersion));
  });

  it('stored objects are frozen: a component cannot mutate the store behind its back', () => {
    const sim = makeSim();
    const d = sim.api.create(deployment('web'), kubectl);
    expect(() => {
      (d.spec as { replicas: number }).replicas = 9;
    }).toThrow(TypeError);
    expect(sim.api.get('Deployment', 'default', 'web').spec.replicas).toBe(3);
  });

  it('allocates ClusterIPs in order after the kubernetes Service\'s 10.96.0.1', () => {
    const sim = makeSim();
    const svc = sim.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }, kubectl);
    expect(sim.api.get('Service', 'default', 'kubernetes').spec.clusterIP).toBe('10.96.0.1');
    expect(svc.spec.clusterIP).toBe('10.96.0.2');
    expect(svc.spec.ports[0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
  });
});

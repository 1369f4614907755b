import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { cluster, type Cluster } from './cluster-helpers.js';
import { refusal } from '../helpers.js';
import { drain } from '../../core/kubectl/node-commands.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

function app(namespace: string, replicas = 3, annotations: Record<string, string> = {}, grace?: number): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, annotations },
        spec: { ...(grace !== undefined ? { terminationGracePeriodSeconds: grace } : {}), containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  };
}

/** A cluster with namespace `team-a` holding a Deployment of `replicas` running pods, a Service and a ConfigMap. */
function teamA(replicas = 3, annotations: Record<string, string> = {}, grace?: number): Cluster {
  const c = cluster(2);
  c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  c.kubectl.create(app('team-a', replicas, annotations, grace));
  c.kubectl.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'team-a' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  c.kubectl.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team-a' }, data: { a: '1' } });
  c.run(20_000);
  return c;
}

const ns = (c: Cluster, name = 'team-a'): Readonly<KObject> | undefined => c.sim.api.tryGet('Namespace', null, name);
const content = (c: Cluster, namespace = 'team-a'): string[] =>
  ['Pod', 'Deployment', 'ReplicaSet', 'Service', 'EndpointSlice', 'ConfigMap', 'ServiceAccount', 'Event', 'Lease'].flatMap((k) => c.sim.api.list(k, { namespace }).items.map((o) => `${k}/${o.metadata.name}`));
const condition = (o: Readonly<KObject> | undefined, type: string): any => (o?.status?.conditions ?? []).find((x: any) => x.type === type);

describe('namespace API (registry strategy and NamespaceLifecycle admission)', () => {
  it('a new namespace is Active with the kubernetes finalizer, added after any the client sent', () => {
    const c = cluster(0);
    expect(c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }).spec).toEqual({ finalizers: ['kubernetes'] });
    const b = c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' }, spec: { finalizers: ['example.com/x'] } });
    expect(b.spec.finalizers).toEqual(['example.com/x', 'kubernetes']);
    expect(b.status).toEqual({ phase: 'Active' });
    // An update cannot take the finalizer away: only /finalize can.
    const updated = c.kubectl.update({ ...(b as KObject), spec: { finalizers: [] } });
    expect(updated.spec.finalizers).toEqual(['example.com/x', 'kubernetes']);
  });

  it('DELETE marks the namespace Terminating and keeps it; a second DELETE answers with it unchanged', () => {
    const c = cluster(0);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    c.run(2_000);
    const marked = c.kubectl.delete('Namespace', null, 'a');
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:02Z');
    expect(marked.status.phase).toBe('Terminating');
    expect(c.writes.at(-1)).toMatchObject({ verb: 'update', kind: 'Namespace', actor: 'kubectl' });
    const again = c.kubectl.delete('Namespace', null, 'a');
    expect(again.metadata.resourceVersion).toBe(marked.metadata.resourceVersion);
    expect(ns(c, 'a')).toBeDefined();
  });

  it('default, kube-system and kube-public may not be deleted; kube-node-lease may', () => {
    const c = cluster(0);
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const e = refusal(() => c.kubectl.delete('Namespace', null, name));
      expect(e.status).toMatchObject({ code: 403, reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, details: { name, kind: 'namespaces' } });
    }
    expect(c.kubectl.delete('Namespace', null, 'kube-node-lease').status.phase).toBe('Terminating');
  });

  it('creates in a terminating namespace are Forbidden with upstream message and the NamespaceTerminating cause', () => {
    const c = cluster(0);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    c.kubectl.delete('Namespace', null, 'a');
    const named = refusal(() => c.kubectl.create(app('a')));
    expect(named.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'deployments.apps "web" is forbidden: unable to create new content in namespace a because it is being terminated',
      details: { name: 'web', group: 'apps', kind: 'deployments', causes: [{ reason: 'NamespaceTerminating', message: 'namespace a is being terminated', field: 'metadata.namespace' }] },
    });
    // Before a name is drawn, the generateName stands in for it (admission runs first).
    const generated = refusal(() => c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-5d4f-', namespace: 'a' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
    expect(generated.message).toBe('pods "web-5d4f-" is forbidden: unable to create new content in namespace a because it is being terminated');
    const missing = refusal(() => c.kubectl.create(app('nope')));
    expect(missing.status).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nope" not found' });
  });

  it('finalize with no finalizers left removes a terminating namespace in that write; on an active one it only updates', () => {
    const c = cluster(0);
    const a = c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    const kept = c.kubectl.finalize({ ...(a as KObject), spec: { finalizers: [] }, status: { phase: 'Terminating' } });
    expect(kept.spec.finalizers).toEqual([]);
    expect(kept.status.phase).toBe('Active'); // /finalize changes the spec only
    const marked = c.kubectl.delete('Namespace', null, 'a');
    expect(marked.status.phase).toBe('Terminating');
    // No spec finalizers: the next DELETE removes it.
    c.kubectl.delete('Namespace', null, 'a');
    expect(ns(c, 'a')).toBeUndefined();
    c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } });
    const b = c.kubectl.delete('Namespace', null, 'b');
    c.kubectl.finalize({ ...(b as KObject), spec: { finalizers: [] } });
    expect(ns(c, 'b')).toBeUndefined();
    expect(c.writes.at(-1)).toMatchObject({ verb: 'delete', subresource: 'finalize', kind: 'Namespace', name: 'b' });
  });
});

describe('namespace controller', () => {
  it('deletes all content 5 s after the DELETE, pods gracefully, then finalizes: the namespace goes', () => {
    const c = teamA(3);
    expect(content(c).filter((x) => x.startsWith('Pod/'))).toHaveLength(3);
    const del = c.kubectl.delete('Namespace', null, 'team-a');
    const delSeq = c.sim.api.lastSeq;
    const t0 = c.sim.scheduler.now();
    // The watch delivers the change 1 ms later; the controller looks 5 s after that.
    c.run(t0 + 5_000);
    expect(c.writes.filter((w) => w.actor === 'namespace-controller')).toHaveLength(0);
    c.run(t0 + 5_001);
    const sweep = c.writes.filter((w) => w.actor === 'namespace-controller' && w.reason === 'NamespaceDeletion');
    // ConfigMap: cfg and kube-root-ca.crt; ServiceAccount: default (neither comes back: the namespace is terminating).
    expect(new Set(sweep.map((w) => w.kind))).toEqual(new Set(['Pod', 'Deployment', 'ReplicaSet', 'Service', 'Endpoints', 'EndpointSlice', 'ConfigMap', 'Event', 'ServiceAccount']));
    expect(sweep.every((w) => w.causeSeq === delSeq && w.timeMs === t0 + 5_001)).toBe(true);
    // Pods are deleted gracefully (30 s by default), the rest at once.
    const pods = c.sim.api.list('Pod', { namespace: 'team-a' }).items;
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.metadata.deletionGracePeriodSeconds === 30)).toBe(true);
    expect(ns(c)?.status.phase).toBe('Terminating');
    expect(condition(ns(c), 'NamespaceContentRemaining')).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 3 resource instances' });
    expect(condition(ns(c), 'NamespaceDeletionContentFailure')).toMatchObject({ status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' });
    expect((ns(c)?.status.conditions ?? []).map((x: any) => x.type)).toEqual([
      'NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining',
    ]);
    // The kubelets stop the pods; the controller looks again 5 s after its status write and finalizes.
    c.run(t0 + 10_002);
    expect(ns(c)).toBeUndefined();
    expect(content(c)).toEqual([]);
    const last = c.writes.filter((w) => w.kind === 'Namespace' && w.name === 'team-a').at(-1);
    expect(last).toMatchObject({ verb: 'delete', subresource: 'finalize', actor: 'namespace-controller' });
    expect(JSON.parse(last?.objectJson ?? '{}').spec.finalizers).toEqual([]);
    expect(del.metadata.uid).toBe(last?.uid);
    // Each pod's stop is caused by the controller's delete of it, which the kubectl DELETE caused.
    const kubeletDeletes = c.writes.filter((w) => w.kind === 'Pod' && w.verb === 'delete' && w.actor.startsWith('kubelet/'));
    expect(kubeletDeletes).toHaveLength(3);
    expect(c.sim.diagnostics.count).toBe(0);
  });

  it('waits out the pods\' grace period: a pod that ignores SIGTERM keeps the namespace Terminating until SIGKILL', () => {
    const c = teamA(1, { 'kubelapse/on-sigterm': 'ignore' }, 40);
    c.kubectl.delete('Namespace', null, 'team-a');
    const t0 = c.sim.scheduler.now();
    c.run(t0 + 30_000);
    const pod = c.sim.api.list('Pod', { namespace: 'team-a' }).items[0];
    expect(pod?.metadata.deletionGracePeriodSeconds).toBe(40);
    expect(ns(c)?.status.phase).toBe('Terminating');
    expect(condition(ns(c), 'NamespaceContentRemaining')?.message).toBe('Some resources are remaining: pods. has 1 resource instances');
    c.run(t0 + 60_000);
    expect(ns(c)).toBeUndefined();
    const gone = c.writes.find((w) => w.kind === 'Namespace' && w.verb === 'delete');
    // SIGKILL comes 40 s after the sweep at 5 s. The controller looks at 5 s, at 10 s (5 s
    // after its own status write), then every 40/2 + 1 = 21 s: at 31 s and 52 s, when the
    // pod is gone and 52 s >= 40 s of estimate, it finalizes.
    const looks = [5_001, 10_002, 31_002, 52_002];
    expect(gone?.timeMs).toBe(t0 + (looks.at(-1) as number));
  });

  it('content held by a finalizer: NamespaceFinalizersRemaining, and the namespace waits for it', () => {
    const c = teamA(0);
    c.kubectl.patch('ConfigMap', 'team-a', 'cfg', { metadata: { finalizers: ['example.com/hold'] } }, 'merge');
    c.kubectl.delete('Namespace', null, 'team-a');
    c.run(c.sim.scheduler.now() + 60_000);
    expect(condition(ns(c), 'NamespaceFinalizersRemaining')).toMatchObject({ status: 'True', reason: 'SomeFinalizerRemain', message: 'Some finalizers are remaining: example.com/hold in 1 resource instances' });
    expect(condition(ns(c), 'NamespaceContentRemaining')?.message).toBe('Some resources are remaining: configmaps. has 1 resource instances');
    c.kubectl.patch('ConfigMap', 'team-a', 'cfg', { metadata: { finalizers: null } }, 'merge');
    c.run(c.sim.scheduler.now() + 20_000);
    expect(ns(c)).toBeUndefined();
  });

  it('the ReplicaSet controller cannot refill a terminating namespace, and a namespace of the same name can be made again', () => {
    const c = teamA(2);
    c.kubectl.delete('Namespace', null, 'team-a');
    c.run(c.sim.scheduler.now() + 30_000);
    expect(ns(c)).toBeUndefined();
    expect(c.writes.filter((w) => w.kind === 'Pod' && w.verb === 'create' && w.namespace === 'team-a')).toHaveLength(2);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    c.kubectl.create(app('team-a', 1));
    c.run(c.sim.scheduler.now() + 20_000);
    expect(c.sim.api.list('Pod', { namespace: 'team-a' }).items.filter((p) => p.status?.phase === 'Running')).toHaveLength(1);
    expect(ns(c)?.status.phase).toBe('Active');
    expect(c.sim.diagnostics.count).toBe(0);
  });
});

describe('refused writes are never fatal', () => {
  it('a namespace force-finalized out from under running pods: the kubelets\' events and deletes are refused and dropped', () => {
    const c = teamA(3);
    // The "stuck namespace" trick: DELETE, then empty spec.finalizers through /finalize.
    const marked = c.kubectl.delete('Namespace', null, 'team-a');
    c.kubectl.finalize({ ...(marked as KObject), spec: { finalizers: [] } });
    expect(ns(c)).toBeUndefined();
    // Orphaned content is still stored; the controllers and kubelets keep working on it.
    c.kubectl.delete('Pod', 'team-a', (c.sim.api.list('Pod', { namespace: 'team-a' }).items[0] as KObject).metadata.name ?? '');
    expect(() => c.run(c.sim.scheduler.now() + 120_000)).not.toThrow();
    expect(c.sim.diagnostics.count).toBe(0);
    const eventCreatesAfter = c.writes.filter((w) => w.kind === 'Event' && w.namespace === 'team-a' && w.timeMs > 20_000);
    expect(eventCreatesAfter).toEqual([]);
  });

  it('kubectl drain retrying evictions while the namespace terminates: waits for the pods, never throws from its retry task', () => {
    const c = teamA(2);
    c.kubectl.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'team-a' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
    c.run(c.sim.scheduler.now() + 2_000);
    const node = (c.sim.api.list('Pod', { namespace: 'team-a' }).items[0] as KObject).spec.nodeName as string;
    const reports: string[] = [];
    const out = drain(c.kubectl, node, { force: false, ignoreDaemonsets: true }, { after: (ms, fn, label) => void c.sim.scheduler.after(ms, fn, label), report: (l) => reports.push(l) });
    expect(out[0]).toBe(`node/${node} cordoned`);
    // The node's CoreDNS pod (kube-system) is evicted too; the web pod's eviction is refused.
    expect(reports.find((r) => r.includes('"team-a"'))).toMatch(/^error when evicting pods\/"web-\S+" -n "team-a" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/);
    c.kubectl.delete('Namespace', null, 'team-a');
    c.run(c.sim.scheduler.now() + 30_000);
    expect(reports).toContainEqual(`node/${node} drained`);
    expect(reports.some((r) => r.includes('from terminating namespace "team-a" (will retry after 5s): pods "web-'))).toBe(true);
    expect(ns(c)).toBeUndefined();
    expect(c.sim.diagnostics.count).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { KObj } from '../../core/import/captured-object.js';
import type { ObservedWrite } from '../../core/import/observed-write.js';
import type { ClusterTransport } from '../../core/import/watch/cluster-transport.js';
import { recordCluster } from '../../core/import/watch/record-cluster.js';
import { parseResources } from '../../core/import/watch/watched-resources.js';
import { parseEpoch, type EpochMs } from '../../core/sim/time.js';

const AT = '2026-07-22T21:17:28Z';
const mf = (manager: string, time: string, subresource?: string): Record<string, unknown> => ({ manager, operation: 'Update', time, ...(subresource !== undefined ? { subresource } : {}) });
const owner = (kind: string, name: string): Array<Record<string, unknown>> => [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true }];

/**
 * A namespace as `kubectl apply` of a 2-replica Deployment left it, listed when recording
 * begins: everything created in one second (21:17:28), and each resourceVersion the
 * object's last write, so the Deployment (status written last) has the highest.
 */
const LISTS: Record<string, KObj[]> = {
  '/api/v1/pods': ['a', 'b'].map((p, i) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `api-1-${p}`, namespace: 'demo', uid: `uid-pod-${p}`, resourceVersion: String(1100 + i), creationTimestamp: AT, ownerReferences: owner('ReplicaSet', 'api-1'),
      managedFields: [mf('kube-controller-manager', AT), mf('kubelet', '2026-07-22T21:17:31Z', 'status')] },
    spec: { nodeName: 'n1' },
  })),
  '/api/v1/events': [{
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: 'api-1.1', namespace: 'demo', uid: 'uid-ev', resourceVersion: '1050', creationTimestamp: AT },
    involvedObject: { kind: 'ReplicaSet', namespace: 'demo', name: 'api-1', uid: 'uid-api-1' }, reason: 'SuccessfulCreate', message: 'Created pod: api-1-a',
    source: { component: 'replicaset-controller' }, lastTimestamp: AT,
  }],
  '/apis/apps/v1/deployments': [{
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'api', namespace: 'demo', uid: 'uid-api', resourceVersion: '1200', creationTimestamp: AT,
      managedFields: [mf('kubectl-client-side-apply', AT), mf('kube-controller-manager', '2026-07-22T21:17:31Z', 'status')] },
    spec: { replicas: 2 },
  }],
  '/apis/apps/v1/replicasets': [{
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: 'api-1', namespace: 'demo', uid: 'uid-api-1', resourceVersion: '1150', creationTimestamp: AT, ownerReferences: owner('Deployment', 'api'),
      managedFields: [mf('kube-controller-manager', AT)] },
    spec: { replicas: 2 },
  }],
};

/** Lists from LISTS; watches that stay open and quiet until stopped. */
class QuietCluster implements ClusterTransport {
  readonly server = 'https://cluster.test';
  async list(path: string): Promise<{ items: KObj[]; resourceVersion: string }> {
    return { items: LISTS[path] ?? [], resourceVersion: '1300' };
  }
  async watch(_p: string, _rv: string, _t: number, _event: (type: string, object: unknown) => void, done: (err: Error | null) => void): Promise<{ abort(): void }> {
    return { abort: () => done(null) };
  }
}

describe('kubelapse record: the first lists', () => {
  it('are written in creation order (owner first, "Created pod" after the pods), not in resourceVersion order (Event, pods, ReplicaSet, Deployment)', async () => {
    const writes: ObservedWrite[] = [];
    const start = parseEpoch('2026-07-22T21:20:00Z') as number;
    const rec = await recordCluster(new QuietCluster(), {
      resources: parseResources('pods,events,deployments,replicasets'),
      now: () => start as EpochMs,
      write: (w) => writes.push(w),
      timeoutSeconds: 300,
      sleep: async () => undefined,
      warn: (m) => expect.fail(m),
    });
    await rec.stop();
    expect(writes.map((w) => `${w.verb} ${w.kind} ${w.name}`)).toEqual(['create Deployment api', 'create ReplicaSet api-1', 'create Pod api-1-a', 'create Pod api-1-b', 'create Event api-1.1']);
    // each at the start, each saying it was in the first list
    expect(new Set(writes.map((w) => w.at))).toEqual(new Set([start]));
    expect(new Set(writes.map((w) => w.note))).toEqual(new Set(['in the first list: existed when the recording began']));
  });
});

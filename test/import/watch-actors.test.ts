import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actorOfManagedFields, creatorManager } from '../../core/import/actor.js';
import { cli, ROOT, sqlite, tmpDir } from '../helpers.js';

/** k8shark's example capture: a 3-replica Deployment rolled from nginx:1.25-alpine to 1.26-alpine on kind. */
const CAPTURE = path.join(ROOT, '..', 'shared', 'real', 'watch', 'k8shark-rolling-update-capture.kshrk');

/**
 * Actors of watch data (no audit user): a binding adds no managedFields entry to the pod,
 * so the newest entry still names its creator; the write itself (spec.nodeName set from
 * empty, subresource binding) says the scheduler made it.
 */
describe('actors of watched writes', () => {
  const db = path.join(tmpDir('kubelapse-watch-actors-'), 'capture.db');
  const rows = (sql: string): string[][] => sqlite(db, sql).trim().split('\n').map((l) => l.split('|'));
  beforeAll(() => {
    const r = cli(['import', CAPTURE, '-o', db, '-q']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('a pod binding of the real capture is the scheduler, caused by the pod create', () => {
    const bound = rows(`SELECT e.name, e.actor, i.rule, c.verb, c.name FROM events e LEFT JOIN inferred_causes i ON i.seq = e.seq
      LEFT JOIN events c ON c.seq = i.cause_seq WHERE e.kind = 'Pod' AND e.subresource = 'binding' ORDER BY e.seq`);
    expect(bound).toEqual(['api-5c59c454f5-g5b8z', 'api-5c59c454f5-bkzc4', 'api-5c59c454f5-2wffn'].map((n) => [n, 'scheduler', 'bind-pod-create', 'create', n]));
  });

  it("a ReplicaSet's scale-down is the deployment-controller's, its status the replicaset-controller's, though both entries share a second", () => {
    // The old ReplicaSet's spec.replicas 3 -> 2 -> 1 -> 0 and its status after each.
    const spec = rows(`SELECT actor, i.rule FROM events e LEFT JOIN inferred_causes i ON i.seq = e.seq WHERE kind = 'ReplicaSet' AND name = 'api-58dd68c5db'
      AND verb = 'update' AND subresource IS NULL ORDER BY e.seq`);
    expect(spec).toEqual([0, 1, 2].map(() => ['deployment-controller', 'deployment-rs-change']));
    const status = rows(`SELECT DISTINCT actor FROM events WHERE kind = 'ReplicaSet' AND name = 'api-58dd68c5db' AND subresource = 'status'`);
    expect(status).toEqual([['replicaset-controller']]);
  });

  it("a graceful delete is no kubelet's sync: no cause made up from the pod's binding, and the kubelet's next write answers the deletion", () => {
    // seq 85 of the capture sets the old pod's deletionTimestamp; the watch names its last writer, the kubelet.
    const marked = rows(`SELECT e.seq, e.actor, ifnull(i.rule, '-') FROM events e LEFT JOIN inferred_causes i ON i.seq = e.seq WHERE e.kind = 'Pod' AND e.name = 'api-58dd68c5db-rhrsb'
      AND json_extract(e.object, '$.metadata.deletionTimestamp') IS NOT NULL ORDER BY e.seq LIMIT 2`);
    expect(marked[0]?.slice(1)).toEqual(['kubelet/k8shark-dev-control-plane', '-']);
    expect(marked[1]?.[2]).toBe('kubelet-pod-delete');
    expect(rows(`SELECT count(*) FROM inferred_causes i JOIN events e ON e.seq = i.seq WHERE i.rule = 'kubelet-binding'
      AND json_extract(e.object, '$.metadata.deletionTimestamp') IS NOT NULL`)).toEqual([['0']]);
  });

  it('a graceful delete (deletionTimestamp only) names the previous writer: the deleter is unknown to a watch', () => {
    // replicaset-controller deleted the three old pods; the watch shows only deletionTimestamp set, no new managedFields entry
    const marked = rows(`SELECT name, actor FROM events WHERE kind = 'Pod' AND verb = 'update' AND subresource IS NULL
      AND json_extract(object, '$.metadata.deletionTimestamp') IS NOT NULL AND seq = (SELECT min(seq) FROM events e2 WHERE e2.kind = 'Pod' AND e2.name = events.name
      AND json_extract(e2.object, '$.metadata.deletionTimestamp') IS NOT NULL) ORDER BY seq`);
    expect(marked).toEqual([['api-58dd68c5db-r5smx', 'kubelet/k8shark-dev-control-plane'], ['api-58dd68c5db-slwpm', 'kubelet/k8shark-dev-control-plane'], ['api-58dd68c5db-rhrsb', 'kubelet/k8shark-dev-control-plane']]);
  });

  it('binding wins over the newest managedFields entry; other writes keep the entry', () => {
    const pod = { metadata: { name: 'p', managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', time: '2026-07-22T21:19:15Z' }], ownerReferences: [{ kind: 'ReplicaSet', controller: true }] }, spec: { nodeName: 'n1' } };
    expect(actorOfManagedFields('Pod', pod, 'binding')).toBe('scheduler');
    expect(actorOfManagedFields('Pod', pod, null)).toBe('replicaset-controller');
  });
  it('objects that existed at capture start: created by their creator, owners first, each Event after the write it reports ("Scaled up" after the ReplicaSet, "Created pod" after the pods)', () => {
    // The capture begins 90 s after `kubectl apply` made all of these (creationTimestamp 21:17:28):
    // the newest managedFields entry named kubelet for the pods and deployment-controller for
    // the Deployment, and resourceVersion order put 7 Events before the pods, the RS and the Deployment.
    const first = rows(`SELECT seq, actor, verb, kind, name FROM events WHERE seq <= 12 ORDER BY seq`).map(([, actor, verb, kind, name]) => `${actor} ${verb} ${kind} ${name}`);
    expect(first).toEqual([
      'kubectl create Deployment api',
      'deployment-controller create ReplicaSet api-58dd68c5db',
      'deployment-controller create Event api.18c4b942c8a33b9c',
      'replicaset-controller create Pod api-58dd68c5db-r5smx',
      'replicaset-controller create Pod api-58dd68c5db-slwpm',
      'replicaset-controller create Pod api-58dd68c5db-rhrsb',
      'replicaset-controller create Event api-58dd68c5db.18c4b942c8e422ae',
      'replicaset-controller create Event api-58dd68c5db.18c4b942c91bac21',
      'replicaset-controller create Event api-58dd68c5db.18c4b942c91d77c4',
      'scheduler create Event api-58dd68c5db-r5smx.18c4b942c919da25',
      'scheduler create Event api-58dd68c5db-slwpm.18c4b942c9363255',
      'scheduler create Event api-58dd68c5db-rhrsb.18c4b942c964577b',
    ]);
    // Each Event by the reporter it names (source.component, not its managedFields' binary):
    // the kubelet's as the recording's kubelets are named, with its node.
    expect(rows(`SELECT actor, count(*) FROM events WHERE kind = 'Event' GROUP BY actor ORDER BY actor`)).toEqual([
      ['deployment-controller', '7'], ['kubelet/k8shark-dev-control-plane', '25'], ['replicaset-controller', '9'], ['scheduler', '6'],
    ]);
    // Later writes still name the newest entry: the old pods' status by their kubelet.
    expect(rows(`SELECT actor FROM events WHERE kind = 'Pod' AND name = 'api-58dd68c5db-r5smx' AND subresource = 'status' LIMIT 1`)).toEqual([['kubelet/k8shark-dev-control-plane']]);
  });

  it('an Event by the reporter it names (events.k8s.io/v1 reportingController, core/v1 source.component), else its managedFields', () => {
    const kcm = { manager: 'kube-controller-manager', operation: 'Update', time: '2026-07-22T21:17:28Z' };
    const core = (source: Record<string, string>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', managedFields: [kcm] }, source, ...extra });
    expect(actorOfManagedFields('Event', core({ component: 'deployment-controller' }), null, 'create')).toBe('deployment-controller');
    expect(actorOfManagedFields('Event', core({ component: 'kubelet', host: 'node-2' }), null, 'create')).toBe('kubelet/node-2');
    expect(actorOfManagedFields('Event', core({ component: 'default-scheduler' }), null, 'create')).toBe('scheduler');
    expect(actorOfManagedFields('Event', core({ component: 'endpoint-slice-controller' }), null, 'create')).toBe('endpointslice-controller');
    // A count bump is the same recorder's; a delete is not the reporter's.
    expect(actorOfManagedFields('Event', core({ component: 'replicaset-controller' }), null, 'update')).toBe('replicaset-controller');
    expect(actorOfManagedFields('Event', core({ component: 'replicaset-controller' }), null, 'delete')).toBe('kube-controller-manager');
    // events.k8s.io/v1: reportingController, the kubelet's node in reportingInstance.
    const v1 = (extra: Record<string, unknown>) => ({ apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e', managedFields: [kcm] }, ...extra });
    expect(actorOfManagedFields('Event', v1({ reportingController: 'default-scheduler', reportingInstance: 'default-scheduler-cp-1' }), null, 'create')).toBe('scheduler');
    expect(actorOfManagedFields('Event', v1({ reportingController: 'kubelet', reportingInstance: 'node-3' }), null, 'create')).toBe('kubelet/node-3');
    expect(actorOfManagedFields('Event', v1({ reportingController: 'cert-manager-certificates-issuing' }), null, 'create')).toBe('cert-manager-certificates-issuing');
    // No reporter, or the disruption controller's "controllermanager" (names no one controller): today's rule.
    expect(actorOfManagedFields('Event', v1({}), null, 'create')).toBe('kube-controller-manager');
    expect(actorOfManagedFields('Event', core({ component: 'controllermanager' }), null, 'create')).toBe('kube-controller-manager');
    // A reporter named as an Object member is only a name (not the table's prototype's function).
    expect(actorOfManagedFields('Event', v1({ reportingController: 'constructor' }), null, 'create')).toBe('constructor');
    expect(actorOfManagedFields('Event', v1({ reportingController: 'toString' }), null, 'create')).toBe('toString');
  });

  it("a create's actor: the entry at creationTimestamp, else the oldest on the resource itself, never a status writer", () => {
    const entry = (manager: string, time: string, subresource?: string) => ({ manager, operation: 'Update', time, ...(subresource ? { subresource } : {}) });
    const rs = { metadata: { creationTimestamp: '2026-07-22T21:17:28Z', managedFields: [entry('kube-controller-manager', '2026-07-22T21:19:19Z'), entry('kube-controller-manager', '2026-07-22T21:19:19Z', 'status')] } };
    expect(actorOfManagedFields('ReplicaSet', rs, null, 'create')).toBe('deployment-controller');
    // An update says which by its own subresource, whatever entry is newest.
    expect(actorOfManagedFields('ReplicaSet', rs, 'status', 'update')).toBe('replicaset-controller');
    expect(actorOfManagedFields('ReplicaSet', rs, null, 'update')).toBe('deployment-controller');
    // Listed Apply before Update (upstream's sort), the Update being the creator's.
    const applied = { metadata: { creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'argocd', operation: 'Apply', time: '2026-01-02T00:00:00Z' }, entry('helm', '2026-01-01T00:00:00Z')] } };
    expect(creatorManager(applied)).toEqual({ manager: 'helm', subresource: '' });
    const statusOnly = { metadata: { managedFields: [entry('kubelet', '2026-01-01T00:00:00Z', 'status')] } };
    expect(creatorManager(statusOnly)).toEqual({ manager: 'kubelet', subresource: 'status' });
  });
});

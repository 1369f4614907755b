import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CauseInference } from '../../core/import/infer/cause-inference.js';
import type { WriteFacts } from '../../core/import/infer/write-facts.js';
import { parseEpoch, type EpochMs } from '../../core/sim/time.js';
import { cli, ROOT, sqlite, tmpDir } from '../helpers.js';

const T0 = parseEpoch('2026-01-01T00:00:00Z') as number;

/**
 * A stream of writes through one CauseInference, each at `ms` after T0; `cause(seq)` is
 * the rule and the cause inferred for a write, or undefined.
 */
function stream() {
  const inf = new CauseInference();
  const causes = new Map<number, { rule: string; causeSeq: number }>();
  let seq = 0;
  const write = (ms: number, f: Partial<WriteFacts> & { kind: string; name: string; actor: string }): number => {
    seq++;
    const c = inf.observe({ seq, timeMs: ms, at: (T0 + ms) as EpochMs, verb: 'update', requestVerb: 'update', subresource: null, namespace: 'default', object: {}, partial: false, polled: false, ...f });
    if (c !== undefined) causes.set(seq, { rule: c.rule, causeSeq: c.causeSeq });
    return seq;
  };
  return { write, cause: (s: number) => causes.get(s) };
}

const podObject = (name: string, extra: Record<string, unknown> = {}, status: Record<string, unknown> = {}): Record<string, unknown> => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', uid: 'uid-rs', controller: true }], ...extra },
  spec: { nodeName: 'n1' },
  status,
});

/** An Event about `regarding`, with the whole-second timestamps of core/v1. */
const eventObject = (name: string, regarding: { kind: string; name: string }, at: string, reason = 'SuccessfulDelete'): Record<string, unknown> => ({
  metadata: { name, namespace: 'default', creationTimestamp: at },
  involvedObject: { ...regarding, namespace: 'default' },
  reason,
  firstTimestamp: at,
  lastTimestamp: at,
  count: 1,
});

describe('inference rules, write by write', () => {
  it('an Event written within the second it names keeps its sync\'s cause; one seen later (a poll) gets none', () => {
    const s = stream();
    const scale = s.write(0, { kind: 'ReplicaSet', name: 'web-1', actor: 'deployment-controller', object: { metadata: { name: 'web-1', uid: 'uid-rs' }, spec: { replicas: 1 } } });
    const live = s.write(5, { kind: 'Event', name: 'web-1.a', actor: 'replicaset-controller', verb: 'create', object: eventObject('web-1.a', { kind: 'ReplicaSet', name: 'web-1' }, '2026-01-01T00:00:00Z') });
    expect(s.cause(live)).toEqual({ rule: 'rs-scale', causeSeq: scale });
    // another pod of the ReplicaSet changes at 1.5 s; the poll brings the 0 s Event at 2.8 s
    s.write(1500, { kind: 'Pod', name: 'web-1-b', actor: 'kubelet/n1', verb: 'delete', object: podObject('web-1-b') });
    const polled = s.write(2800, { kind: 'Event', name: 'web-1.b', actor: 'replicaset-controller', verb: 'create', object: eventObject('web-1.b', { kind: 'ReplicaSet', name: 'web-1' }, '2026-01-01T00:00:00Z') });
    expect(s.cause(polled)).toBeUndefined();
  });

  it('a polled write (a k8shark poll, a first list) gets no cause and enqueues nothing', () => {
    const s = stream();
    const rs = { metadata: { name: 'web-1', uid: 'uid-rs' }, spec: { replicas: 1 } };
    s.write(0, { kind: 'ReplicaSet', name: 'web-1', actor: 'deployment-controller', verb: 'create', object: rs, polled: true });
    const pod = s.write(10, { kind: 'Pod', name: 'web-1-a', actor: 'replicaset-controller', verb: 'create', object: podObject('web-1-a') });
    expect(s.cause(pod)).toBeUndefined();
    const scaled = s.write(20, { kind: 'ReplicaSet', name: 'web-1', actor: 'deployment-controller', object: rs });
    const polledEvent = s.write(25, { kind: 'Event', name: 'web-1.a', actor: 'replicaset-controller', verb: 'create', polled: true, object: eventObject('web-1.a', { kind: 'ReplicaSet', name: 'web-1' }, '2026-01-01T00:00:00Z') });
    expect(s.cause(polledEvent)).toBeUndefined();
    expect(s.cause(s.write(30, { kind: 'Pod', name: 'web-1-b', actor: 'replicaset-controller', verb: 'create', object: podObject('web-1-b') }))).toEqual({ rule: 'rs-scale', causeSeq: scaled });
  });

  it('a pod status that leaves readiness and IP as they were hides the older pod change from the EndpointSlice sync', () => {
    const s = stream();
    s.write(0, { kind: 'Service', name: 'web', actor: 'kubectl', verb: 'create', object: { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } } });
    const created = s.write(10, { kind: 'Pod', name: 'web-1-a', actor: 'replicaset-controller', verb: 'create', object: podObject('web-1-a') });
    const slice = { kind: 'EndpointSlice', actor: 'endpointslice-controller', object: { metadata: { name: 'web-x', labels: { 'kubernetes.io/service-name': 'web' } } } };
    const first = s.write(20, { ...slice, name: 'web-x', verb: 'create' });
    expect(s.cause(first)).toEqual({ rule: 'endpoints-pod-ready', causeSeq: created });
    // the kubelet admits the pod (no IP, not ready: upstream's podEndpointsChanged is false)
    s.write(30, { kind: 'Pod', name: 'web-1-a', actor: 'kubelet/n1', subresource: 'status', object: podObject('web-1-a', {}, { phase: 'Pending' }) });
    expect(s.cause(s.write(130, { ...slice, name: 'web-x' }))).toBeUndefined();
    // it gets an IP: that is a change the slice shows
    const ip = s.write(200, { kind: 'Pod', name: 'web-1-a', actor: 'kubelet/n1', subresource: 'status', object: podObject('web-1-a', {}, { podIP: '10.0.0.5' }) });
    expect(s.cause(s.write(300, { ...slice, name: 'web-x' }))).toEqual({ rule: 'endpoints-pod-ready', causeSeq: ip });
  });

  it("another writer's change of a bound pod gives the kubelet's next write no cause (not the older binding)", () => {
    const s = stream();
    s.write(0, { kind: 'Pod', name: 'p', actor: 'scheduler', subresource: 'binding', object: podObject('p') });
    s.write(100, { kind: 'Pod', name: 'p', actor: 'job-controller', object: podObject('p', { finalizers: [] }) });
    expect(s.cause(s.write(200, { kind: 'Pod', name: 'p', actor: 'kubelet/n1', subresource: 'status', object: podObject('p') }))).toBeUndefined();
  });

  it("an unschedulable pod's own status gives the scheduler's retry no cause", () => {
    const s = stream();
    const unbound = (name: string): Record<string, unknown> => ({ metadata: { name, uid: `uid-${name}` }, spec: {} });
    const created = s.write(0, { kind: 'Pod', name: 'big', actor: 'kubectl', verb: 'create', object: unbound('big') });
    const failed = s.write(5, { kind: 'Pod', name: 'big', actor: 'scheduler', subresource: 'status', object: unbound('big') });
    expect(s.cause(failed)).toEqual({ rule: 'bind-pod-create', causeSeq: created });
    expect(s.cause(s.write(5000, { kind: 'Pod', name: 'big', actor: 'scheduler', subresource: 'status', object: unbound('big') }))).toBeUndefined();
  });

  it('an unschedulable pod is bound after the first node added while it waited, not the last of three', () => {
    const s = stream();
    const unbound = { metadata: { name: 'web-a', uid: 'uid-web-a' }, spec: {} };
    s.write(0, { kind: 'Pod', name: 'web-a', actor: 'replicaset-controller', verb: 'create', object: unbound });
    s.write(5, { kind: 'Pod', name: 'web-a', actor: 'scheduler', subresource: 'status', object: unbound });
    const node = (n: string): Partial<WriteFacts> & { kind: string; name: string; actor: string } => ({ kind: 'Node', name: n, actor: `kubelet/${n}`, verb: 'create', namespace: null, object: { metadata: { name: n, labels: {} } } });
    const first = s.write(60_000, node('pool-2'));
    s.write(60_000, node('pool-3'));
    s.write(60_000, node('pool-4'));
    expect(s.cause(s.write(60_001, { kind: 'Pod', name: 'web-a', actor: 'scheduler', subresource: 'binding', object: { ...unbound, spec: { nodeName: 'pool-2' } } }))).toEqual({ rule: 'bind-node-change', causeSeq: first });
  });

  it("a retry after a pod on a node finished is that pod's; a failure told only by the Event starts a new wait", () => {
    const s = stream();
    const unbound = { metadata: { name: 'big', uid: 'uid-big' }, spec: {} };
    s.write(0, { kind: 'Node', name: 'n1', actor: 'kubelet/n1', verb: 'create', namespace: null, object: { metadata: { name: 'n1', labels: {} } } });
    s.write(0, { kind: 'Pod', name: 'big', actor: 'kubectl', verb: 'create', object: unbound });
    s.write(5, { kind: 'Pod', name: 'big', actor: 'scheduler', subresource: 'status', object: unbound });
    const failedEvent = { kind: 'Event', name: 'big.1', actor: 'scheduler', object: { ...eventObject('big.1', { kind: 'Pod', name: 'big' }, '2026-01-01T00:00:00Z', 'FailedScheduling') } };
    s.write(900, { kind: 'Pod', name: 'other', actor: 'kubelet/n1', verb: 'create', object: { metadata: { name: 'other', uid: 'uid-other' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } } });
    const over = s.write(1000, { kind: 'Pod', name: 'other', actor: 'kubelet/n1', subresource: 'status', object: { metadata: { name: 'other', uid: 'uid-other' }, spec: { nodeName: 'n1' }, status: { phase: 'Failed' } } });
    const retry = s.write(1001, { ...failedEvent, object: { ...failedEvent.object, lastTimestamp: '2026-01-01T00:00:01Z', count: 2 } });
    expect(s.cause(retry)).toEqual({ rule: 'bind-pod-gone', causeSeq: over });
    // the next retry, after a node changed, is that node's: not the pod gone before the last failure
    const relabelled = s.write(9000, { kind: 'Node', name: 'n1', actor: 'kubectl', namespace: null, object: { metadata: { name: 'n1', labels: { disk: 'ssd' } } } });
    expect(s.cause(s.write(9001, { ...failedEvent, object: { ...failedEvent.object, lastTimestamp: '2026-01-01T00:00:09Z', count: 3 } }))).toEqual({ rule: 'bind-node-change', causeSeq: relabelled });
  });

  it("a Recreate Deployment's sync answers its old pod's delete, and nothing after a pod's phase change", () => {
    const s = stream();
    s.write(0, { kind: 'Deployment', name: 'db', actor: 'kubectl', verb: 'create', object: { metadata: { name: 'db', uid: 'uid-db' }, spec: { strategy: { type: 'Recreate' } } } });
    s.write(1, { kind: 'ReplicaSet', name: 'db-1', actor: 'deployment-controller', verb: 'create', object: { metadata: { name: 'db-1', uid: 'uid-db-1', ownerReferences: [{ kind: 'Deployment', name: 'db', uid: 'uid-db', controller: true }] } } });
    const pod = (phase: string): Record<string, unknown> => ({ metadata: { name: 'db-1-a', uid: 'uid-db-1-a', ownerReferences: [{ kind: 'ReplicaSet', name: 'db-1', uid: 'uid-db-1', controller: true }] }, spec: { nodeName: 'n1' }, status: { phase } });
    s.write(2, { kind: 'Pod', name: 'db-1-a', actor: 'replicaset-controller', verb: 'create', object: pod('Pending') });
    s.write(3000, { kind: 'Pod', name: 'db-1-a', actor: 'kubelet/n1', subresource: 'status', object: pod('Running') });
    const status = { kind: 'Deployment', name: 'db', actor: 'deployment-controller', subresource: 'status', object: { metadata: { name: 'db', uid: 'uid-db' }, spec: { strategy: { type: 'Recreate' } } } };
    expect(s.cause(s.write(3001, status))).toBeUndefined();
    const deleted = s.write(9000, { kind: 'Pod', name: 'db-1-a', actor: 'kubelet/n1', verb: 'delete', object: pod('Running') });
    expect(s.cause(s.write(9001, status))).toEqual({ rule: 'deployment-pod-change', causeSeq: deleted });
  });

  it("a mirror pod's admission is part of its create: the kubelet's next write answers the create", () => {
    const s = stream();
    const mirror = (status: Record<string, unknown> = {}): Record<string, unknown> => ({
      metadata: { name: 'etcd-cp', uid: 'uid-etcd', annotations: { 'kubernetes.io/config.mirror': 'abc' } },
      spec: { nodeName: 'cp' },
      status,
    });
    const created = s.write(0, { kind: 'Pod', name: 'etcd-cp', actor: 'kubelet/cp', verb: 'create', object: mirror() });
    s.write(0, { kind: 'Pod', name: 'etcd-cp', actor: 'kubelet/cp', subresource: 'status', object: mirror({ phase: 'Pending' }) });
    const started = s.write(400, { kind: 'Pod', name: 'etcd-cp', actor: 'kubelet/cp', subresource: 'status', object: mirror({ phase: 'Running' }) });
    expect(s.cause(started)).toEqual({ rule: 'kubelet-binding', causeSeq: created });
    // later statuses follow each other, as any pod's
    expect(s.cause(s.write(900, { kind: 'Pod', name: 'etcd-cp', actor: 'kubelet/cp', subresource: 'status', object: mirror({ phase: 'Running', podIP: '10.0.0.2' }) }))).toEqual({ rule: 'kubelet-status', causeSeq: started });
  });

  it('a DaemonSet and the nodes written in the same millisecond: its first sync gets no cause; a later node change does', () => {
    const s = stream();
    s.write(0, { kind: 'Node', name: 'n1', actor: 'kubelet/n1', verb: 'create', namespace: null, object: { metadata: { name: 'n1', labels: {} } } });
    s.write(0, { kind: 'DaemonSet', name: 'proxy', actor: 'kubeadm', verb: 'create', object: { metadata: { name: 'proxy', uid: 'uid-ds' } } });
    const pod = { kind: 'Pod', actor: 'daemonset-controller', verb: 'create', object: { metadata: { name: 'proxy-a', uid: 'uid-pa', ownerReferences: [{ kind: 'DaemonSet', name: 'proxy', uid: 'uid-ds', controller: true }] }, spec: {} } };
    expect(s.cause(s.write(1, { ...pod, name: 'proxy-a' }))).toBeUndefined();
    const added = s.write(5000, { kind: 'Node', name: 'n2', actor: 'kubelet/n2', verb: 'create', namespace: null, object: { metadata: { name: 'n2', labels: {} } } });
    expect(s.cause(s.write(5001, { ...pod, name: 'proxy-b', object: { ...pod.object, metadata: { ...pod.object.metadata, name: 'proxy-b', uid: 'uid-pb' } } }))).toEqual({ rule: 'ds-node-change', causeSeq: added });
  });
});

/** k8shark's example capture: a 3-replica Deployment rolled from nginx:1.25-alpine to 1.26-alpine on kind. */
const CAPTURE = path.join(ROOT, '..', 'shared', 'real', 'watch', 'k8shark-rolling-update-capture.kshrk');

describe('inferred causes of the real capture', () => {
  const db = path.join(tmpDir('kubelapse-infer-real-'), 'capture.db');
  const rows = (sql: string): string[][] => (sqlite(db, sql).trim() === '' ? [] : sqlite(db, sql).trim().split('\n').map((l) => l.split('|')));
  beforeAll(() => {
    const r = cli(['import', CAPTURE, '-o', db, '-q']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('"Deleted pod" Events, polled seconds after the deletes, are tied to no pod\'s delete (before: each to the last pod deleted)', () => {
    const deleted = rows(`SELECT json_extract(e.object, '$.message'), ifnull(i.rule, '-') FROM events e LEFT JOIN inferred_causes i ON i.seq = e.seq
      WHERE e.kind = 'Event' AND e.reason = 'SuccessfulDelete' ORDER BY e.seq`);
    expect(deleted).toEqual(['r5smx', 'slwpm', 'rhrsb'].map((p) => [`Deleted pod: api-58dd68c5db-${p}`, '-']));
  });

  it('polled writes (every Event of the capture, the first poll\'s objects) neither get a cause nor stand as one', () => {
    const polled = `SELECT e.seq FROM events e JOIN provenance p ON p.seq = e.seq WHERE p.level = 'poll'`;
    expect(rows(`SELECT count(*) FROM (${polled})`)[0]![0]).not.toBe('0');
    expect(rows(`SELECT i.seq, i.rule FROM inferred_causes i WHERE i.seq IN (${polled}) OR i.cause_seq IN (${polled})`)).toEqual([]);
    // what the watch saw keeps its causes: each new pod's kubelet status answers its binding (before: also the first poll's pods, 81 ms after the capture began)
    expect(rows(`SELECT c.subresource, count(*) FROM inferred_causes i JOIN events c ON c.seq = i.cause_seq WHERE i.rule = 'kubelet-binding' GROUP BY 1`)).toEqual([['binding', '3']]);
  });
});

import { ApiError } from '../../core/api/status.js';
import type { KObject, WriteEvent } from '../../core/api/types.js';
import type { Client } from '../../core/client/client.js';
import { SharedInformers } from '../../core/controllers/controller.js';
import { DaemonSetController } from '../../core/controllers/daemonset/daemonset-controller.js';
import { CONTROLLER_REVISION_HASH } from '../../core/controllers/daemonset/util/daemonset-util.js';
import { computeHash } from '../../core/controllers/deployment/pod-template-hash.js';
import { Simulation } from '../../core/sim/cluster.js';
import { createNamespace } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- test objects are open JSON */

/*
 * The world upstream's daemon_controller_test.go builds (newTestController, newNode,
 * newDaemonSet, newPod, expectSyncDaemonSets), over the real API server: objects are
 * stored, the controller reads them through its informers and its writes are counted
 * from the API server's write stream. No scheduler or kubelet runs: pods stay where the
 * test puts them, and a pod the controller deletes is gone at once (upstream's fake pod
 * control removes it from the store; here the "kubelet" confirms the deletion).
 */

export const simpleDaemonSetLabel = { name: 'simple-daemon', type: 'production' };
export const simpleDaemonSetLabel2 = { name: 'simple-daemon', type: 'test' };
export const simpleNodeLabel = { color: 'blue', speed: 'fast' };
export const simpleNodeLabel2 = { color: 'red', speed: 'fast' };

export const onDelete = (): any => ({ type: 'OnDelete' });
export const rollingUpdate = (maxUnavailable: number | string = 1): any => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge: 0 } });
export const surge = (maxSurge: number | string): any => ({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge } });
/** updateStrategies(): every case runs under OnDelete and RollingUpdate (maxUnavailable 1). */
export const strategies = (): any[] => [onDelete(), rollingUpdate(1)];

/** newDaemonSet: selector and template labels simpleDaemonSetLabel, revisionHistoryLimit 2, OnDelete. */
export function newDaemonSet(name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      revisionHistoryLimit: 2,
      updateStrategy: onDelete(),
      selector: { matchLabels: { ...simpleDaemonSetLabel } },
      template: { metadata: { labels: { ...simpleDaemonSetLabel } }, spec: { containers: [{ name: 'foo', image: 'foo/bar', imagePullPolicy: 'IfNotPresent' }], dnsPolicy: 'Default', ...podSpec } },
      ...spec,
    },
  };
}

/** The controller, syncing only when the test says so (upstream calls syncHandler directly). */
class ManualDaemonSetController extends DaemonSetController {
  active = false;

  override sync(key: string, cause: number | null): void {
    if (this.active) super.sync(key, cause);
  }
}

export interface SyncResult {
  creates: number;
  deletes: number;
  /** the DaemonSet's own events (FailedDaemonPod, SelectingAll ...), not the pod control's SuccessfulCreate/Delete */
  events: number;
  created: Array<Readonly<KObject>>;
  deleted: string[];
  error: ApiError | undefined;
}

export class World {
  readonly sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
  readonly writes: WriteEvent[] = [];
  readonly kubectl: Client;
  readonly dsc: ManualDaemonSetController;

  constructor() {
    this.sim.api.writes$.subscribe((w) => this.writes.push(w));
    this.kubectl = this.sim.client('kubectl');
    // The namespace with its default ServiceAccount, which ServiceAccount admission wants of every pod.
    createNamespace(this.sim, 'default');
    const informers = new SharedInformers(this.sim.client('kube-controller-manager'));
    this.dsc = new ManualDaemonSetController({ client: this.sim.client('daemonset-controller'), scheduler: this.sim.scheduler, informers });
    // Upstream's fakePodControl observes each of its creates and deletes as it makes them,
    // so a sync's manage step never holds back its rolling update step. Here the watch
    // would tell the controller a millisecond later; expectations are left out instead
    // (they have their own tests).
    this.dsc.expectations.expect = () => {};
    informers.start();
    this.settle();
  }

  get now(): number {
    return this.sim.scheduler.now();
  }

  /** newNode: Ready, 100 pods allocatable; `mutate` adds taints, conditions, unschedulable ... */
  node(name: string, labels: Record<string, string> | undefined = undefined, mutate: (n: any) => void = () => {}): void {
    const node: any = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, ...(labels === undefined ? {} : { labels: { ...labels } }) },
      spec: {},
      status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { pods: '100' } },
    };
    mutate(node);
    this.sim.client('kubelet/' + name).create(node);
  }

  /** addNodes: node-<start> .. node-<start+n-1>. */
  nodes(start: number, n: number, labels?: Record<string, string>): void {
    for (let i = start; i < start + n; i++) this.node(`node-${i}`, labels);
    this.settle();
  }

  daemonSet(ds: KObject): Readonly<KObject> {
    const stored = this.kubectl.create(ds);
    this.settle();
    return stored;
  }

  live(ds: Readonly<KObject>): Readonly<KObject> {
    return this.sim.api.get('DaemonSet', ds.metadata.namespace, ds.metadata.name ?? '');
  }

  /** A template change, as upstream's dsStore.Update(ds) after editing it. */
  update(ds: Readonly<KObject>, edit: (d: any) => void): Readonly<KObject> {
    const d: any = structuredClone(this.live(ds));
    edit(d);
    const updated = this.kubectl.update(d);
    this.settle();
    return updated;
  }

  /**
   * newPod: `<prefix><5 chars>` on `node` (spec.nodeName) with `labels`; with `ds`, owned
   * by it, its template's spec and the hash label of its current template.
   */
  pod(prefix: string, node: string, labels: Record<string, string>, ds?: Readonly<KObject>, opts: { phase?: string; ready?: boolean; noHash?: boolean; spec?: any } = {}): Readonly<KObject> {
    const live = ds === undefined ? undefined : this.live(ds);
    const podLabels: Record<string, string> = { ...labels };
    if (live !== undefined && opts.noHash !== true) podLabels[CONTROLLER_REVISION_HASH] = computeHash(live.spec.template, live.status?.collisionCount);
    const spec = opts.spec ?? (live !== undefined ? structuredClone(live.spec.template.spec) : { containers: [{ name: 'foo', image: 'foo/bar' }] });
    if (node !== '') spec.nodeName = node;
    const meta: any = { generateName: prefix, namespace: 'default', labels: podLabels };
    if (live !== undefined) meta.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: live.metadata.name, uid: live.metadata.uid, controller: true, blockOwnerDeletion: true }];
    let pod = this.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec });
    if (opts.phase !== undefined || opts.ready !== undefined) pod = this.setStatus(pod, opts.phase ?? 'Running', opts.ready ?? false);
    return pod;
  }

  /** addPods / addFailedPods. */
  pods(node: string, labels: Record<string, string>, ds: Readonly<KObject> | undefined, n: number, opts: { phase?: string; ready?: boolean } = {}): void {
    for (let i = 0; i < n; i++) this.pod(`${node}-`, node, labels, ds, opts);
    this.settle();
  }

  setStatus(pod: Readonly<KObject>, phase: string, ready: boolean): Readonly<KObject> {
    const live = this.sim.api.get('Pod', pod.metadata.namespace, pod.metadata.name ?? '');
    const conditions = [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: this.sim.api.timestamp() }];
    return this.sim.client('kubelet').updateStatus({ ...live, status: { ...(live.status ?? {}), phase, conditions } } as KObject);
  }

  /** markPodsReady: every pod not being deleted turns Ready now. */
  markPodsReady(filter: (p: Readonly<KObject>) => boolean = () => true): void {
    for (const p of this.sim.api.list('Pod', { namespace: 'default' }).items) {
      if (p.metadata.deletionTimestamp !== undefined || !filter(p)) continue;
      const ready = (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      if (!ready) this.setStatus(p, 'Running', true);
    }
    this.settle();
  }

  /** Caches catch up; pods marked for deletion are confirmed gone, as a kubelet would. */
  settle(ms = 5): void {
    for (const p of this.sim.api.list('Pod').items) {
      if (p.metadata.deletionTimestamp === undefined) continue;
      this.sim.client('kubelet').delete('Pod', p.metadata.namespace, p.metadata.name ?? '', { gracePeriodSeconds: 0 });
    }
    this.sim.runUntil(this.now + ms);
  }

  /** Moves the virtual clock on (upstream's fake clock). */
  advanceTo(ms: number): void {
    this.sim.runUntil(ms);
  }

  /** expectSyncDaemonSets: one sync of `ds`, what it wrote; the world then settles. */
  sync(ds: Readonly<KObject>): SyncResult {
    const from = this.writes.length;
    let error: ApiError | undefined;
    this.dsc.active = true;
    try {
      this.dsc.sync(`${ds.metadata.namespace}/${ds.metadata.name}`, null);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      error = e;
    } finally {
      this.dsc.active = false;
    }
    const mine = this.writes.slice(from).filter((w) => w.actor === 'daemonset-controller');
    const created = mine.filter((w) => w.kind === 'Pod' && w.verb === 'create').map((w) => w.object);
    const deleted = mine.filter((w) => w.kind === 'Pod' && w.reason === 'SuccessfulDelete').map((w) => w.name);
    const events = mine.filter((w) => w.kind === 'Event' && w.reason !== 'SuccessfulCreate' && w.reason !== 'SuccessfulDelete').length;
    this.settle();
    return { creates: created.length, deletes: deleted.length, events, created, deleted, error };
  }

  /** clearExpectations: forget what the last sync expected to see. */
  clearExpectations(ds: Readonly<KObject>): void {
    this.dsc.expectations.delete(`${ds.metadata.namespace}/${ds.metadata.name}`);
  }

  /** [creates, deletes, events] of one sync after clearing expectations, as update_test.go steps. */
  step(ds: Readonly<KObject>): [number, number, number] {
    this.clearExpectations(ds);
    const r = this.sync(ds);
    return [r.creates, r.deletes, r.events];
  }

  daemonPods(): Array<Readonly<KObject>> {
    return this.sim.api.list('Pod', { namespace: 'default' }).items;
  }
}

/** A node object as newNode builds it, not stored: for the pure functions. */
export function nodeObject(name: string, labels?: Record<string, string>, mutate: (n: any) => void = () => {}): KObject {
  const node: any = { apiVersion: 'v1', kind: 'Node', metadata: { name, ...(labels === undefined ? {} : { labels: { ...labels } }) }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  mutate(node);
  return node;
}

import { ApiError, failure } from '../../core/api/status.js';
import type { KObject } from '../../core/api/types.js';
import { Client, type WriteNote } from '../../core/client/client.js';
import { SharedInformers } from '../../core/controllers/controller.js';
import { hasOwnerRef } from '../../core/controllers/statefulset/claim-retention.js';
import { StatefulSetController } from '../../core/controllers/statefulset/stateful-set.js';
import { claimsFor, identityMatches, isRunningAndReady, ordinalOf, podInOrdinalRange, storageMatches } from '../../core/controllers/statefulset/stateful-set-utils.js';
import type { ApiServer } from '../../core/api/api-server.js';
import { makeSim } from '../helpers.js';

/**
 * A StatefulSet controller against the real API server with no scheduler and no
 * kubelets: the test moves pods through Pending -> Running -> Ready itself, one at a
 * time in a seeded random order, as upstream's stateful_set_control_test.go does with
 * its fake object manager, and checks the set's invariants after every step.
 */

/** Refuses the n-th matching request with a 500, like the fake object manager's SetCreateStatefulPodError. */
export class FailingClient extends Client {
  constructor(api: ApiServer, actor: string, causeSeq: number | null, readonly faults: Array<{ verb: string; kind: string; after: number }>) {
    super(api, actor, causeSeq);
  }
  override withCause(causeSeq: number | null): Client {
    return new FailingClient(this.api, this.actor, causeSeq, this.faults);
  }
  private check(verb: string, kind: string): void {
    const f = this.faults.find((x) => x.verb === verb && x.kind === kind);
    if (f === undefined) return;
    if (f.after-- > 0) return;
    this.faults.splice(this.faults.indexOf(f), 1);
    throw failure(500, 'InternalError', 'Internal error occurred: API server failed');
  }
  override create(obj: KObject, note?: WriteNote): Readonly<KObject> {
    this.check('create', obj.kind);
    return super.create(obj, note);
  }
  override updateStatus(obj: KObject, note?: WriteNote): Readonly<KObject> {
    this.check('updateStatus', obj.kind);
    return super.updateStatus(obj, note);
  }
}

export function newStatefulSet(replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'foo', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { foo: 'bar' } },
      serviceName: 'governingsvc',
      template: {
        metadata: { labels: { foo: 'bar' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx', volumeMounts: [{ name: 'datadir', mountPath: '/tmp/zookeeper' }, { name: 'home', mountPath: '/home' }] }],
          volumes: [{ name: 'home', hostPath: { path: '/tmp/home' } }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'datadir' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1' } } } }],
      revisionHistoryLimit: 2,
      ...extra,
    },
  };
}

export const burst = (set: KObject): KObject => ({ ...set, spec: { ...set.spec, podManagementPolicy: 'Parallel' } });

export type Invariants = (w: World) => void;

export class World {
  readonly sim = makeSim(0);
  readonly user = this.sim.client('kubectl');
  readonly kubelet = this.sim.client('kubelet');
  readonly faults: Array<{ verb: string; kind: string; after: number }> = [];
  readonly controller: StatefulSetController;
  private seed = 1;

  constructor(set: KObject, faults: Array<{ verb: string; kind: string; after: number }> = []) {
    this.faults.push(...faults);
    const informers = new SharedInformers(this.sim.client('kube-controller-manager'));
    this.controller = new StatefulSetController({ client: new FailingClient(this.sim.api, 'statefulset-controller', null, this.faults), scheduler: this.sim.scheduler, informers });
    informers.start();
    this.user.create(set);
    this.step();
  }

  /** Lets watches deliver and the controller sync (and any backoff retry fire). */
  step(ms = 50): void {
    this.sim.runUntil(this.sim.scheduler.now() + ms);
  }

  get set(): Readonly<KObject> {
    return this.sim.api.get('StatefulSet', 'default', 'foo');
  }

  pods(): Array<Readonly<KObject>> {
    return this.sim.api.list('Pod', { namespace: 'default', labelSelector: 'foo=bar' }).items.slice().sort((a, b) => ordinalOf(a) - ordinalOf(b));
  }

  pod(ordinal: number): Readonly<KObject> | undefined {
    return this.sim.api.tryGet('Pod', 'default', `foo-${ordinal}`);
  }

  claim(name: string): Readonly<KObject> | undefined {
    return this.sim.api.tryGet('PersistentVolumeClaim', 'default', name);
  }

  setPhase(ordinal: number, phase: string, ready = false): void {
    const pod = this.pod(ordinal);
    if (pod === undefined) return;
    const conditions = ready ? [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: this.sim.api.timestamp() }] : [];
    this.kubelet.updateStatus({ ...(pod as KObject), status: { ...pod.status, phase, conditions } });
  }

  /** A seeded choice, as upstream's rand.Int63n picks the pod to move forward. */
  pick<T>(items: T[]): T {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return items[this.seed % items.length] as T;
  }

  /** Moves one pod forward (Pending -> Running -> Ready), then lets the controller act. */
  advance(): void {
    const pods = this.pods().filter((p) => p.metadata.deletionTimestamp === undefined && !isRunningAndReady(p));
    if (pods.length > 0) {
      const pod = this.pick(pods);
      if (pod.status?.phase === 'Pending') this.setPhase(ordinalOf(pod), 'Running');
      else if (pod.status?.phase === 'Running') this.setPhase(ordinalOf(pod), 'Running', true);
    }
    this.step();
  }

  /** scaleUpStatefulSetControl / updateStatefulSetControl: advance until `done`, checking invariants each step. */
  drive(invariants: Invariants, done: () => boolean, limit = 400): void {
    for (let i = 0; i < limit && !done(); i++) {
      this.advance();
      invariants(this);
    }
    if (!done()) throw new Error(`not settled after ${limit} steps: ${JSON.stringify(this.set.status)}`);
    invariants(this);
  }

  readyAll(invariants: Invariants): void {
    this.drive(invariants, () => (this.set.status?.readyReplicas ?? 0) === this.set.spec.replicas && this.pods().length === this.set.spec.replicas && this.pods().every(isRunningAndReady));
  }

  scale(replicas: number): void {
    this.user.scale('StatefulSet', 'default', 'foo', replicas);
    this.step();
  }

  patchSpec(spec: Record<string, unknown>): void {
    this.user.patch('StatefulSet', 'default', 'foo', { spec }, 'strategic');
    this.step();
  }
}

/** assertMonotonicInvariants: in ordinal order, no successor Ready before its predecessor; identity and storage hold. */
export const monotonic: Invariants = (w) => {
  const pods = w.pods();
  pods.forEach((pod, i) => {
    if (i > 0 && isRunningAndReady(pod) && !isRunningAndReady(pods[i - 1] as KObject)) throw new Error(`successor ${pod.metadata.name} is Running and Ready while ${pods[i - 1]?.metadata.name} is not`);
    if (ordinalOf(pod) !== i) throw new Error(`pods ${pod.metadata.name} deployed in the wrong order ${i}`);
  });
  commonInvariants(w, pods);
};

/**
 * During an OrderedReady rolling update the pod being replaced leaves a gap below Ready
 * successors (web-1 goes while web-2 is Ready), so upstream's ordering check does not
 * apply; what holds is that at most one existing pod is not (yet, or no longer) Ready.
 */
export const monotonicUpdate: Invariants = (w) => {
  const pods = w.pods();
  const inFlight = pods.filter((p) => !isRunningAndReady(p) || p.metadata.deletionTimestamp !== undefined).length;
  if (inFlight > 1) throw new Error(`${inFlight} pods in flight at once under OrderedReady: ${pods.map((p) => `${p.metadata.name}:${p.status?.phase}`).join(', ')}`);
  commonInvariants(w, pods);
};

/** assertBurstInvariants: identity and storage only. */
export const burstInvariants: Invariants = (w) => commonInvariants(w, w.pods());

function commonInvariants(w: World, pods: Array<Readonly<KObject>>): void {
  const set = w.set;
  for (const pod of pods) {
    if (!storageMatches(set, pod)) throw new Error(`pods ${pod.metadata.name} does not match the storage specification of StatefulSet ${set.metadata.name}`);
    if (!identityMatches(set, pod)) throw new Error(`pods ${pod.metadata.name} does not match the identity specification of StatefulSet ${set.metadata.name}`);
    for (const { claim } of claimsFor(set, pod)) checkClaimInvariants(set, pod, w.claim(claim.metadata.name ?? ''));
  }
}

/** checkClaimInvarients: a Ready pod's claim carries the owner references its policy asks for. */
function checkClaimInvariants(set: Readonly<KObject>, pod: Readonly<KObject>, claim: Readonly<KObject> | undefined): void {
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  if (claim === undefined) {
    if (policy.whenScaled === 'Retain') throw new Error(`claim for Pod ${pod.metadata.name} was not created`);
    return;
  }
  if (!isRunningAndReady(pod)) return;
  const setRef = hasOwnerRef(claim, set);
  const podRef = hasOwnerRef(claim, pod);
  const inRange = podInOrdinalRange(pod, set);
  const bad = (why: string): never => {
    throw new Error(`claim ${claim.metadata.name}: ${why}`);
  };
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Retain' && (setRef || podRef)) bad('unexpected owner ref for StatefulSet retain');
  if (policy.whenScaled === 'Retain' && policy.whenDeleted === 'Delete' && (!setRef || podRef)) bad('needs an owner ref on the set only');
  if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Retain' && (setRef || inRange === podRef)) bad('needs an owner ref on the pod only when condemned');
  if (policy.whenScaled === 'Delete' && policy.whenDeleted === 'Delete' && (inRange ? podRef || !setRef : !podRef || setRef)) bad('live claim owned by the set, condemned claim by the pod');
}

export const POLICIES = [
  { whenDeleted: 'Retain', whenScaled: 'Retain' },
  { whenDeleted: 'Delete', whenScaled: 'Retain' },
  { whenDeleted: 'Retain', whenScaled: 'Delete' },
  { whenDeleted: 'Delete', whenScaled: 'Delete' },
];

export { ApiError };

import type { Subscription } from 'rxjs';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { Informer } from '../client/informer.js';
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE } from '../controllers/volume/persistentvolume/annotations.js';
import { claimReference } from '../controllers/volume/persistentvolume/bind.js';
import { checkNodeAffinity, claimClass, findMatchingVolume, isVolumeBoundToClaim, storageOf, volumeClass } from '../controllers/volume/persistentvolume/volume-util.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import type { FilterResult } from './filter.js';
import { allowedOn, BIND_POLL_MS, BIND_TIMEOUT_MS, ERR_BIND_CONFLICT, ERR_NODE_CONFLICT, ERR_PV_NOT_EXIST, ERR_UNBOUND_IMMEDIATE } from './volume-binding-reasons.js';

export { preFilterFitError } from './volume-binding-reasons.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod volumes are open JSON */

/** A pod's claims, sorted as GetPodVolumeClaims sorts them; `none` when it mounts no claim. */
export type PodVolumeClaims =
  | { kind: 'none' }
  | { kind: 'unschedulable'; reason: string }
  | { kind: 'claims'; bound: Array<Readonly<KObject>>; delayed: Array<Readonly<KObject>> };

/** What Reserve decided on the chosen node: volumes to pre-bind and claims to have provisioned there. */
interface Decision {
  bindings: Array<{ volume: Readonly<KObject>; claim: Readonly<KObject> }>;
  provisions: Array<Readonly<KObject>>;
}

/**
 * The VolumeBinding scheduler plugin: PreFilter refuses a pod whose claims are missing,
 * being deleted, Lost, or unbound in an Immediate class ("pod has unbound immediate
 * PersistentVolumeClaims"); Filter keeps the nodes where bound volumes' node affinity
 * holds and where each WaitForFirstConsumer claim finds an Available volume or can be
 * provisioned; PreBind pre-binds the chosen volumes or writes the chosen node on the
 * claims (volume.kubernetes.io/selected-node), then waits, polling every second for up
 * to 10 minutes, until every claim is bound, and only then is the pod bound.
 */
export class VolumeBinding {
  private readonly claims: Informer;
  private readonly volumes: Informer;
  private readonly classes: Informer;
  private readonly waits = new Map<string, Subscription>();

  constructor(
    client: Client,
    private readonly clock: VirtualScheduler,
    /** Something a waiting pod needs changed: unschedulable pods get another try. */
    onChange: (cause: number) => void,
  ) {
    this.claims = new Informer(client, 'PersistentVolumeClaim').on((e) => onChange(e.seq));
    this.volumes = new Informer(client, 'PersistentVolume').on((e) => onChange(e.seq));
    this.classes = new Informer(client, 'StorageClass').on((e) => onChange(e.seq));
  }

  start(): void {
    this.classes.start();
    this.volumes.start();
    this.claims.start();
  }

  stop(): void {
    for (const s of this.waits.values()) s.unsubscribe();
    this.waits.clear();
    this.claims.stop();
    this.volumes.stop();
    this.classes.stop();
  }

  /** PreFilter (podHasPVCs + GetPodVolumeClaims). */
  preFilter(pod: Readonly<KObject>): PodVolumeClaims {
    const names: string[] = (pod.spec?.volumes ?? []).map((v: any) => v?.persistentVolumeClaim?.claimName).filter((n: unknown): n is string => typeof n === 'string');
    if (names.length === 0) return { kind: 'none' };
    const bound: Array<Readonly<KObject>> = [];
    const delayed: Array<Readonly<KObject>> = [];
    let immediate = false;
    for (const name of names) {
      const claim = this.claims.get(pod.metadata.namespace, name);
      if (claim === undefined) return { kind: 'unschedulable', reason: `persistentvolumeclaim "${name}" not found` };
      if (claim.status?.phase === 'Lost') return { kind: 'unschedulable', reason: `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${claim.spec?.volumeName ?? ''}"` };
      if (claim.metadata.deletionTimestamp !== undefined) return { kind: 'unschedulable', reason: `persistentvolumeclaim "${name}" is being deleted` };
      if ((claim.spec?.volumeName ?? '') !== '' && claim.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined) bound.push(claim);
      else if (this.delayBinding(claim) && (claim.spec?.volumeName ?? '') === '') delayed.push(claim);
      else immediate = true;
    }
    if (immediate) return { kind: 'unschedulable', reason: ERR_UNBOUND_IMMEDIATE };
    return { kind: 'claims', bound, delayed };
  }

  /** IsDelayBindingMode: the claim's class exists and waits for its first consumer. */
  private delayBinding(claim: Readonly<KObject>): boolean {
    const name = claimClass(claim);
    return name !== '' && this.classes.get(null, name)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /** Filter (FindPodVolumes) on one node; undefined when the pod's volumes fit it. */
  filter(claims: PodVolumeClaims, node: Readonly<KObject>): FilterResult | undefined {
    if (claims.kind !== 'claims') return undefined;
    const decision = this.decide(claims, node);
    return 'reasons' in decision ? { reasons: decision.reasons, resolvable: false } : undefined;
  }

  private decide(claims: Extract<PodVolumeClaims, { kind: 'claims' }>, node: Readonly<KObject>): Decision | { reasons: string[] } {
    const reasons: string[] = [];
    for (const claim of claims.bound) {
      const volume = this.volumes.get(null, claim.spec?.volumeName ?? '');
      if (volume === undefined) return { reasons: [ERR_PV_NOT_EXIST] };
      if (!checkNodeAffinity(volume, node)) return { reasons: [ERR_NODE_CONFLICT] };
    }
    const decision: Decision = { bindings: [], provisions: [] };
    const toMatch: Array<Readonly<KObject>> = [];
    for (const claim of claims.delayed) {
      const selected = claim.metadata.annotations?.[ANN_SELECTED_NODE];
      if (selected !== undefined && selected !== node.metadata.name) return { reasons: [ERR_BIND_CONFLICT] };
      if (selected !== undefined) decision.provisions.push(claim);
      else toMatch.push(claim);
    }
    // findMatchingVolumes: smallest request first, each volume chosen at most once.
    toMatch.sort((a, b) => storageOf(a, 'request') - storageOf(b, 'request'));
    const chosen = new Set<string>();
    for (const claim of toMatch) {
      const candidates = [...this.volumes.values()].filter((v) => volumeClass(v) === claimClass(claim));
      const volume = findMatchingVolume(claim, candidates, node, chosen, true);
      if (volume === undefined) decision.provisions.push(claim);
      else {
        chosen.add(volume.metadata.name ?? '');
        decision.bindings.push({ volume, claim });
      }
    }
    // checkVolumeProvisions: a class with a real provisioner whose allowed topologies include the node.
    for (const claim of decision.provisions) {
      const cls = this.classes.get(null, claimClass(claim));
      const provisioner = cls?.provisioner;
      if (cls === undefined || provisioner === undefined || provisioner === '' || provisioner === 'kubernetes.io/no-provisioner' || !allowedOn(cls, node)) {
        reasons.push(ERR_BIND_CONFLICT);
        break;
      }
    }
    return reasons.length > 0 ? { reasons } : decision;
  }

  /** True when Reserve finds nothing to do: every claim is bound already. */
  allBound(claims: PodVolumeClaims): boolean {
    return claims.kind !== 'claims' || claims.delayed.length === 0;
  }

  /**
   * Reserve + PreBind (AssumePodVolumes, BindPodVolumes): the API writes, then a check
   * every second until the claims are bound (`done`) or 10 minutes pass or a claim is
   * lost (`fail` with upstream's error).
   */
  bindPodVolumes(client: Client, pod: Readonly<KObject>, claims: PodVolumeClaims, node: Readonly<KObject>, done: () => void, fail: (message: string) => void): void {
    if (claims.kind !== 'claims') return done();
    const decision = this.decide(claims, node);
    if ('reasons' in decision) return fail(`running PreBind plugin "VolumeBinding": binding volumes: ${decision.reasons.join(', ')}`);
    const nodeName = node.metadata.name ?? '';
    try {
      for (const { volume, claim } of decision.bindings) {
        const annotations = { ...(volume.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
        client.update({ ...(volume as KObject), metadata: { ...volume.metadata, annotations }, spec: { ...volume.spec, claimRef: claimReference(claim) } }, { reason: 'VolumeAssumed', message: `volume ${volume.metadata.name} pre-bound to ${claim.metadata.namespace}/${claim.metadata.name} for pod ${pod.metadata.name} on ${nodeName}` });
      }
      for (const claim of decision.provisions) {
        if (claim.metadata.annotations?.[ANN_SELECTED_NODE] === nodeName) continue;
        const annotations = { ...(claim.metadata.annotations ?? {}), [ANN_SELECTED_NODE]: nodeName };
        client.update({ ...(claim as KObject), metadata: { ...claim.metadata, annotations } }, { reason: 'SelectedNode', message: `claim ${claim.metadata.name} to be provisioned on ${nodeName}, where pod ${pod.metadata.name} goes` });
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return fail(`running PreBind plugin "VolumeBinding": binding volumes: ${e.message}`);
    }
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const names = claims.delayed.map((c) => c.metadata.name ?? '');
    const started = this.clock.now();
    const poll = (): void => {
      this.waits.delete(key);
      const verdict = this.checkBindings(pod, names, node);
      if (verdict === true) return done();
      if (typeof verdict === 'string') return fail(`running PreBind plugin "VolumeBinding": binding volumes: ${verdict}`);
      if (this.clock.now() - started >= BIND_TIMEOUT_MS) return fail('running PreBind plugin "VolumeBinding": binding volumes: context deadline exceeded');
      this.waits.set(key, this.clock.after(BIND_POLL_MS, poll, `scheduler volume binding ${key}`));
    };
    this.waits.set(key, this.clock.after(BIND_POLL_MS, poll, `scheduler volume binding ${key}`));
  }

  /** checkBindings: true when every claim is bound to a volume that fits the node; a string is a failure. */
  private checkBindings(pod: Readonly<KObject>, names: string[], node: Readonly<KObject>): boolean | string {
    for (const name of names) {
      const claim = this.claims.get(pod.metadata.namespace, name);
      if (claim === undefined) return `failed to get pvc "${pod.metadata.namespace}/${name}": persistentvolumeclaim "${name}" not found`;
      if ((claim.spec?.volumeName ?? '') === '' || claim.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined) return false;
      const volume = this.volumes.get(null, claim.spec.volumeName);
      if (volume === undefined || !isVolumeBoundToClaim(volume, claim)) return false;
      if (!checkNodeAffinity(volume, node)) return `pv "${volume.metadata.name}" node affinity doesn't match node "${node.metadata.name}": no matching NodeSelectorTerms`;
    }
    return true;
  }
}

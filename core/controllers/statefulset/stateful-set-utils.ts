import type { KObject } from '../../api/types.js';
import type { ClusterClock } from '../../sim/time.js';
import { controllerRef } from '../controller-ref.js';
import { isPodAvailable, isPodReady } from '../pod-util.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON */

/** apps/v1 labels a StatefulSet's pods carry. */
export const STATEFULSET_REVISION_LABEL = 'controller-revision-hash';
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** PodIndexLabel, GA in v1.32: the ordinal as a label, for selecting `web-2` by index. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** statefulPodRegex `(.*)-([0-9]+)$`: `web-2` is ordinal 2 of `web`; `web` or `web-x` have none (-1). */
export function parentNameAndOrdinal(pod: Readonly<KObject>): { parent: string; ordinal: number } {
  const m = /^(.*)-([0-9]+)$/.exec(pod.metadata.name ?? '');
  if (m === null) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  // strconv.ParseInt(s, 10, 32): more than 2^31-1 is an error, ordinal -1.
  return { parent: m[1] as string, ordinal: Number.isSafeInteger(n) && n <= 2147483647 ? n : -1 };
}

export function ordinalOf(pod: Readonly<KObject>): number {
  return parentNameAndOrdinal(pod).ordinal;
}

/** getStartOrdinal: spec.ordinals.start (0 unset), so replicas 3 from start 5 are web-5, web-6, web-7. */
export function startOrdinal(set: Readonly<KObject>): number {
  return set.spec?.ordinals?.start ?? 0;
}

export function endOrdinal(set: Readonly<KObject>): number {
  return startOrdinal(set) + (set.spec?.replicas ?? 1) - 1;
}

export function podInOrdinalRange(pod: Readonly<KObject>, set: Readonly<KObject>): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export function podName(set: Readonly<KObject>, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** getPersistentVolumeClaimName: template `data` of set `web`, ordinal 1 -> `data-web-1`. */
export function claimName(set: Readonly<KObject>, template: any, ordinal: number): string {
  return `${template?.metadata?.name ?? ''}-${set.metadata.name}-${ordinal}`;
}

export function isMemberOf(set: Readonly<KObject>, pod: Readonly<KObject>): boolean {
  return parentNameAndOrdinal(pod).parent === set.metadata.name;
}

/** identityMatches: the right name, namespace and pod-name label for its ordinal. */
export function identityMatches(set: Readonly<KObject>, pod: Readonly<KObject>): boolean {
  const { parent, ordinal } = parentNameAndOrdinal(pod);
  return (
    ordinal >= 0 &&
    set.metadata.name === parent &&
    pod.metadata.name === podName(set, ordinal) &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[STATEFULSET_POD_NAME_LABEL] === pod.metadata.name
  );
}

/** storageMatches: a volume per claim template, pointing at this ordinal's claim. */
export function storageMatches(set: Readonly<KObject>, pod: Readonly<KObject>): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map<string, any>((pod.spec?.volumes ?? []).map((v: any) => [v.name, v]));
  for (const t of set.spec?.volumeClaimTemplates ?? []) {
    const v = volumes.get(t.metadata?.name);
    if (v === undefined || v.persistentVolumeClaim?.claimName !== claimName(set, t, ordinal)) return false;
  }
  return true;
}

/**
 * getPersistentVolumeClaims: per claim template, the claim of this pod's ordinal, with
 * the template's labels plus the set's matchLabels, in the set's namespace.
 */
export function claimsFor(set: Readonly<KObject>, pod: Readonly<KObject>): Array<{ template: string; claim: KObject }> {
  const ordinal = ordinalOf(pod);
  return (set.spec?.volumeClaimTemplates ?? []).map((t: any) => {
    const meta = structuredClone(t.metadata ?? {});
    meta.name = claimName(set, t, ordinal);
    meta.namespace = set.metadata.namespace;
    meta.labels = { ...(meta.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    delete meta.creationTimestamp;
    return { template: t.metadata?.name ?? '', claim: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta, spec: structuredClone(t.spec ?? {}) } };
  });
}

/** updateStorage: the claim volumes first (in template order), then the template's other volumes. */
export function updateStorage(set: Readonly<KObject>, pod: KObject): void {
  const claims = claimsFor(set, pod);
  const names = new Set(claims.map((c) => c.template));
  const volumes: any[] = claims.map((c) => ({ name: c.template, persistentVolumeClaim: { claimName: c.claim.metadata.name } }));
  for (const v of pod.spec?.volumes ?? []) if (!names.has(v.name)) volumes.push(v);
  // An empty list is omitted, as Go's omitempty leaves it out of the JSON.
  const { volumes: _old, ...rest } = pod.spec ?? {};
  pod.spec = volumes.length > 0 ? { ...rest, volumes } : rest;
}

/** updateIdentity: the name for its ordinal and the pod-name and pod-index labels. */
export function updateIdentity(set: Readonly<KObject>, pod: KObject): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace ?? 'default';
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(ordinal) };
}

/**
 * initIdentity: on creation only (the fields are immutable), hostname `web-0` and
 * subdomain = serviceName, so the headless Service gives it `web-0.web.default.svc`.
 */
export function initIdentity(set: Readonly<KObject>, pod: KObject): void {
  updateIdentity(set, pod);
  pod.spec.hostname = pod.metadata.name;
  const service = set.spec?.serviceName;
  if (typeof service === 'string' && service !== '') pod.spec.subdomain = service;
}

export function isRunningAndReady(pod: Readonly<KObject>): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

export function isRunningAndAvailable(pod: Readonly<KObject>, minReadySeconds: number, clock: ClusterClock): boolean {
  return isPodAvailable(pod, minReadySeconds, clock);
}

/** isCreated: the API server gave it a phase (a pod built locally for creation has none). */
export const isCreated = (pod: Readonly<KObject>): boolean => (pod.status?.phase ?? '') !== '';
export const isPending = (pod: Readonly<KObject>): boolean => pod.status?.phase === 'Pending';
export const isFailed = (pod: Readonly<KObject>): boolean => pod.status?.phase === 'Failed';
export const isSucceeded = (pod: Readonly<KObject>): boolean => pod.status?.phase === 'Succeeded';
export const isTerminating = (pod: Readonly<KObject>): boolean => pod.metadata.deletionTimestamp !== undefined;
export const isHealthy = (pod: Readonly<KObject>): boolean => isRunningAndReady(pod) && !isTerminating(pod);
/** allowsBurst: Parallel pod management creates and deletes without waiting. */
export const allowsBurst = (set: Readonly<KObject>): boolean => set.spec?.podManagementPolicy === 'Parallel';

export function podRevision(pod: Readonly<KObject>): string {
  return pod.metadata.labels?.[STATEFULSET_REVISION_LABEL] ?? '';
}

/** newStatefulSetPod: GetPodFromTemplate (generateName `web-`, the set as controller), then identity and storage. */
export function newStatefulSetPod(set: Readonly<KObject>, ordinal: number): KObject {
  const t = set.spec?.template ?? {};
  const meta: KObject['metadata'] = { generateName: `${set.metadata.name}-`, labels: { ...(t.metadata?.labels ?? {}) }, ownerReferences: [controllerRef(set)] };
  if (t.metadata?.annotations !== undefined) meta.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers !== undefined) meta.finalizers = [...t.metadata.finalizers];
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta, name: podName(set, ordinal) }, spec: structuredClone(t.spec ?? {}) };
  initIdentity(set, pod);
  updateStorage(set, pod);
  return pod;
}

/**
 * newVersionedStatefulSetPod: below the partition (or, with no rollingUpdate, below
 * currentReplicas) a pod is made from the current revision, else from the update one.
 * Partition 2 of 3: a recreated web-1 keeps the old template, a recreated web-2 the new.
 * (Upstream's condition groups as `(RollingUpdate && no rollingUpdate && ...) || (rollingUpdate && ...)`.)
 */
export function newVersionedStatefulSetPod(currentSet: Readonly<KObject>, updateSet: Readonly<KObject>, currentRevision: string, updateRevision: string, ordinal: number): KObject {
  const strategy = currentSet.spec?.updateStrategy ?? {};
  const start = startOrdinal(currentSet);
  const useCurrent =
    (strategy.type === 'RollingUpdate' && (strategy.rollingUpdate === undefined || strategy.rollingUpdate === null) && ordinal < start + (currentSet.status?.currentReplicas ?? 0)) ||
    (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null && ordinal < start + (strategy.rollingUpdate.partition ?? 0));
  const pod = newStatefulSetPod(useCurrent ? currentSet : updateSet, ordinal);
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [STATEFULSET_REVISION_LABEL]: useCurrent ? currentRevision : updateRevision };
  return pod;
}

export const ascendingOrdinal = (a: Readonly<KObject>, b: Readonly<KObject>): number => ordinalOf(a) - ordinalOf(b);
export const descendingOrdinal = (a: Readonly<KObject>, b: Readonly<KObject>): number => ordinalOf(b) - ordinalOf(a);

/**
 * getStatefulSetMaxUnavailable: maxUnavailable of replicas, percentages rounded down,
 * at least 1 (default 1). 10 replicas at 25% -> 2; 3 replicas at 10% -> 1.
 * Used only with the MaxUnavailableStatefulSet gate on, which v1.32 has off.
 */
export function maxUnavailableOf(value: number | string | undefined, replicas: number): number {
  let n = 1;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+%$/.test(value)) n = Math.floor((Number(value.slice(0, -1)) * replicas) / 100);
  return Math.max(n, 1);
}

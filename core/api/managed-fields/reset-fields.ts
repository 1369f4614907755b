import type { KindInfo } from '../kinds.js';
import { deepFreeze } from '../object-store.js';
import { FieldSet } from './field-set.js';
import { fieldPe } from './path-element.js';

const f = (...names: string[]): string[] => names.map(fieldPe);

/**
 * The strategies' GetResetFields: what a request through the main resource or /status
 * cannot set, so no manager owns it for that request. Every kind with a status
 * subresource resets status on the main resource and spec on /status; Deployment's
 * status strategy also resets metadata.labels, Pod's also metadata.deletionTimestamp and
 * metadata.ownerReferences (pkg/registry/.../strategy.go); a Namespace's /finalize resets
 * status (namespaceFinalizeStrategy), so its entry owns spec.finalizers only.
 */
export function resetFields(info: KindInfo, subresource: string | null | undefined): FieldSet {
  const hasStatus = info.subresources.includes('status');
  // Sets are values (field-set.ts): one per kind, request path and whether it has /status,
  // made once instead of on every write's comparison.
  const key = `${hasStatus ? 's' : '-'}${subresource ?? ''}/${info.kind}`;
  let set = resetSets.get(key);
  if (set === undefined) resetSets.set(key, (set = makeResetFields(info.kind, hasStatus, subresource)));
  return set;
}

const resetSets = new Map<string, FieldSet>();

function makeResetFields(kind: string, hasStatus: boolean, subresource: string | null | undefined): FieldSet {
  if (subresource === 'status') {
    if (kind === 'Deployment') return FieldSet.of(f('spec'), f('metadata', 'labels'));
    if (kind === 'Pod') return FieldSet.of(f('spec'), f('metadata', 'deletionTimestamp'), f('metadata', 'ownerReferences'));
    return FieldSet.of(f('spec'));
  }
  if (subresource === 'finalize') return FieldSet.of(f('status'));
  return hasStatus ? FieldSet.of(f('status')) : FieldSet.EMPTY;
}

/** stripMetaManager: fields no manager ever owns. */
export const STRIPPED = FieldSet.of(
  f('apiVersion'),
  f('kind'),
  f('metadata'),
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((n) => f('metadata', n)),
);

/**
 * The object a create compares against: Go's zero value of the kind as unstructured,
 * where struct fields that are not pointers are present and empty. That is why a
 * created Deployment's entry has `f:strategy` without `.` (the zero value has it) but
 * `f:rollingUpdate` with `.` (a pointer, absent). Only the chains of non-pointer struct
 * fields from the root matter, and fields without omitempty, which are null there;
 * these are those of the served kinds' Go types.
 */
const ZERO: Record<string, Record<string, unknown>> = {
  // PodSpec.containers has no omitempty: null in the zero value, so no `.` on it.
  Deployment: { spec: { selector: null, strategy: {}, template: { metadata: {}, spec: { containers: null } } }, status: {} },
  ReplicaSet: { spec: { selector: null, template: { metadata: {}, spec: { containers: null } } }, status: {} },
  Pod: { spec: { containers: null }, status: {} },
  Service: { spec: {}, status: { loadBalancer: {} } },
  Node: { spec: {}, status: { daemonEndpoints: { kubeletEndpoint: {} }, nodeInfo: {} } },
  Namespace: { spec: {}, status: {} },
  Event: { involvedObject: {}, source: {} },
  Lease: { spec: {} },
  PodDisruptionBudget: { spec: {}, status: {} },
  HorizontalPodAutoscaler: { spec: { scaleTargetRef: {} }, status: {} },
  // The workload API's other kinds, by the same rule (scalars left out: their zero
  // value only matters when a client sends exactly it).
  DaemonSet: { spec: { selector: null, template: { metadata: {}, spec: { containers: null } }, updateStrategy: {} }, status: {} },
  StatefulSet: { spec: { selector: null, template: { metadata: {}, spec: { containers: null } }, updateStrategy: {} }, status: {} },
  ControllerRevision: { data: null },
  Job: { spec: { template: { metadata: {}, spec: { containers: null } } }, status: {} },
  CronJob: { spec: { jobTemplate: { metadata: {}, spec: { template: { metadata: {}, spec: { containers: null } } } } }, status: {} },
  PersistentVolume: { spec: {}, status: {} },
  PersistentVolumeClaim: { spec: { resources: {} }, status: {} },
  ResourceQuota: { spec: {}, status: {} },
  LimitRange: { spec: { limits: null } },
};

const zeros = new Map<string, Readonly<Record<string, unknown>>>();

/** The zero object of `kind`, shared and frozen: callers read it, never write it. */
export function zeroObject(kind: string): Readonly<Record<string, unknown>> {
  let z = zeros.get(kind);
  if (z === undefined) {
    z = deepFreeze({ metadata: {}, ...structuredClone(ZERO[kind] ?? {}) });
    zeros.set(kind, z);
  }
  return z;
}

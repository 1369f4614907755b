import type { KindInfo } from './kinds.js';
import { fromLabelSelector, selectorToString } from './labels.js';
import { clone, shallowCopy } from './patch.js';
import { conflict, invalid } from './status.js';
import type { KObject } from './types.js';

/** autoscaling/v1 Scale: what `kubectl scale` and the HPA read and write. */
export interface Scale {
  apiVersion: 'autoscaling/v1';
  kind: 'Scale';
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string; creationTimestamp: string };
  spec: { replicas: number };
  status: { replicas: number; selector: string };
}

export function scaleOf(obj: Readonly<KObject>): Scale {
  const selector = fromLabelSelector(obj.spec?.selector);
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: obj.metadata.name ?? '',
      namespace: obj.metadata.namespace ?? 'default',
      uid: obj.metadata.uid ?? '',
      resourceVersion: obj.metadata.resourceVersion ?? '',
      creationTimestamp: obj.metadata.creationTimestamp ?? '',
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: selector === null ? '' : selectorToString(selector) },
  };
}

/** The object with spec.replicas set (a spec change: generation + 1), or undefined if it already has it. */
export function rescaled(info: KindInfo, current: Readonly<KObject>, replicas: number): KObject | undefined {
  const name = current.metadata.name ?? '';
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw invalid(info, name, [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${replicas}: must be greater than or equal to 0` }]);
  }
  if (current.spec?.replicas === replicas) return undefined;
  const next = clone(current) as KObject;
  next.spec = { ...next.spec, replicas };
  next.metadata.generation = (current.metadata.generation ?? 1) + 1;
  return next;
}

/**
 * The pod bound to `nodeName`, with PodScheduled=True, as upstream's binding REST does.
 * A pod is bound once: a second binding, or one for a terminating pod, is a Conflict.
 */
export function boundPod(info: KindInfo, pod: Readonly<KObject>, nodeName: string, now: string): KObject {
  const name = pod.metadata.name ?? '';
  if (pod.metadata.deletionTimestamp !== undefined) {
    throw conflict(info, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  }
  if (pod.spec?.nodeName !== undefined && pod.spec.nodeName !== '') {
    throw conflict(info, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  }
  if (nodeName === '') throw invalid(info, name, [{ reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' }]);
  // Only metadata (its resourceVersion), spec.nodeName and the conditions change: the
  // rest stays the stored pod's frozen values.
  const next = shallowCopy(pod) as KObject;
  next.metadata = shallowCopy(pod.metadata);
  next.spec = shallowCopy(pod.spec ?? {});
  next.spec.nodeName = nodeName;
  next.status = shallowCopy(pod.status ?? {});
  const conditions = (next.status.conditions ?? []).filter((c: { type: string }) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
  next.status.conditions = conditions;
  return next;
}

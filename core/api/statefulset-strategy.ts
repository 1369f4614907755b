import type { KObject } from './types.js';

/**
 * dropStatefulSetDisabledFields (pkg/registry/apps/statefulset, v1.32): with the alpha
 * MaxUnavailableStatefulSet gate off, as it is by default, `rollingUpdate.maxUnavailable`
 * is accepted (validated) but not stored, unless the stored object already had it. A
 * manifest asking for maxUnavailable 2 thus updates one pod at a time, as on a real
 * v1.32 cluster.
 */
export function dropDisabledStatefulSetFields(next: KObject, old?: Readonly<KObject>): void {
  if (next.kind !== 'StatefulSet') return;
  const ru = next.spec?.updateStrategy?.rollingUpdate;
  if (ru === undefined || ru === null || typeof ru !== 'object' || !('maxUnavailable' in ru)) return;
  if (old?.spec?.updateStrategy?.rollingUpdate?.maxUnavailable !== undefined) return;
  const { maxUnavailable: _dropped, ...rest } = ru;
  next.spec = { ...next.spec, updateStrategy: { ...next.spec.updateStrategy, rollingUpdate: rest } };
}

import type { KObject } from '../../api/types.js';
import { scaledValue } from '../int-or-percent.js';
import { controllerOf } from '../controller-ref.js';

/** What a PDB's status is computed from: how many pods there should be and how many must stay healthy. */
export interface Budget {
  expectedPods: number;
  desiredHealthy: number;
}

/** The replicas a pod's workload asks for: its ReplicaSet's, or the Deployment's that owns that ReplicaSet. */
export type ScaleOf = (pod: Readonly<KObject>) => { uid: string; replicas: number } | undefined;

/**
 * getExpectedPodCount (pkg/controller/disruption): minAvailable as a number needs only
 * the pods that exist (expected = their count); a percentage or maxUnavailable needs the
 * controllers' scale. 6 replicas, maxUnavailable 1: desiredHealthy 5; minAvailable 50%:
 * desiredHealthy 3 (rounded up).
 */
export function budgetOf(pdb: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>, scaleOf: ScaleOf): Budget {
  const spec = pdb.spec ?? {};
  const scaled = (): number => {
    const seen = new Map<string, number>();
    for (const p of pods) {
      const s = scaleOf(p);
      if (s !== undefined) seen.set(s.uid, s.replicas);
    }
    let n = 0;
    for (const r of seen.values()) n += r;
    return n;
  };
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const expectedPods = scaled();
    const maxUnavailable = scaledValue(spec.maxUnavailable, expectedPods, true);
    return { expectedPods, desiredHealthy: Math.max(0, expectedPods - maxUnavailable) };
  }
  const min = spec.minAvailable ?? 1;
  if (typeof min === 'number') return { expectedPods: pods.length, desiredHealthy: min };
  const expectedPods = scaled();
  return { expectedPods, desiredHealthy: scaledValue(min, expectedPods, true) };
}

/** The owning workload's scale, read from the informer caches. */
export function scaleFrom(get: (kind: string, namespace: string | undefined, name: string) => Readonly<KObject> | undefined): ScaleOf {
  return (pod) => {
    const ref = controllerOf(pod);
    if (ref?.kind !== 'ReplicaSet') return undefined;
    const rs = get('ReplicaSet', pod.metadata.namespace, ref.name);
    if (rs === undefined) return undefined;
    const dref = controllerOf(rs);
    const d = dref?.kind === 'Deployment' ? get('Deployment', pod.metadata.namespace, dref.name) : undefined;
    const owner = d ?? rs;
    return { uid: owner.metadata.uid ?? '', replicas: owner.spec?.replicas ?? 1 };
  };
}

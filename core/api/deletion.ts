import { shallowCopy } from './patch.js';
import type { KObject } from './types.js';

export interface DeleteOptions {
  /** Pods only: overrides spec.terminationGracePeriodSeconds (kubectl --grace-period). */
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type DeletionPlan =
  | { kind: 'none' }
  | { kind: 'remove'; object: KObject }
  | { kind: 'mark'; object: KObject };

/**
 * What a DELETE does to the stored object, following upstream's graceful-deletion
 * rules (BeforeDelete + the pod strategy's CheckGracefulDelete):
 * - a scheduled, non-terminal pod gets deletionTimestamp = now + grace and stays until
 *   its kubelet confirms with a grace-0 delete (default grace 30 s);
 * - an unscheduled or finished pod goes at once (grace 0);
 * - any object with finalizers is only marked, and goes when the last one is removed;
 * - a second DELETE may shorten a pod's grace period but never lengthen it.
 */
export function planDeletion(
  current: Readonly<KObject>,
  options: DeleteOptions,
  nowMs: number,
  timestamp: (ms: number) => string,
): DeletionPlan {
  // A deletion changes metadata only: the rest stays the stored object's frozen values.
  const obj = shallowCopy(current) as KObject;
  const meta = (obj.metadata = shallowCopy(current.metadata ?? {}));
  let grace = 0;
  if (obj.kind === 'Pod') {
    grace = options.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
    const phase = obj.status?.phase;
    if (!obj.spec?.nodeName || phase === 'Failed' || phase === 'Succeeded') grace = 0;
  }
  if (grace < 0) grace = 0;

  let finalizersChanged = false;
  const finalizers = [...(meta.finalizers ?? [])];
  const policyFinalizer =
    options.propagationPolicy === 'Foreground' ? 'foregroundDeletion' : options.propagationPolicy === 'Orphan' ? 'orphan' : undefined;
  if (policyFinalizer !== undefined && !finalizers.includes(policyFinalizer)) {
    finalizers.push(policyFinalizer);
    finalizersChanged = true;
  }
  if (finalizersChanged) meta.finalizers = finalizers;

  if (meta.deletionTimestamp !== undefined) {
    const currentGrace = meta.deletionGracePeriodSeconds ?? 0;
    if (grace < currentGrace) {
      // Shortening: 30 s granted at t=10 s, then --grace-period=5 at t=12 s ends at 17 s.
      meta.deletionTimestamp = timestamp(nowMs + grace * 1000);
      meta.deletionGracePeriodSeconds = grace;
      if (grace === 0 && finalizers.length === 0) return { kind: 'remove', object: obj };
      return { kind: 'mark', object: obj };
    }
    return finalizersChanged ? { kind: 'mark', object: obj } : { kind: 'none' };
  }

  if (grace === 0 && finalizers.length === 0) return { kind: 'remove', object: obj };
  meta.deletionTimestamp = timestamp(nowMs + grace * 1000);
  meta.deletionGracePeriodSeconds = grace;
  if ((meta.generation ?? 0) > 0) meta.generation = (meta.generation ?? 0) + 1;
  return { kind: 'mark', object: obj };
}

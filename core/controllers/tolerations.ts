/* eslint-disable @typescript-eslint/no-explicit-any -- tolerations and taints are open JSON */

/**
 * v1.Toleration.ToleratesTaint: the effect matches (or the toleration names none), and
 * either `operator: Exists` with the same key (or no key: tolerates everything) or the
 * default `Equal` with the same key and value. Used by the scheduler's TaintToleration
 * filter and by the taint eviction controller, as upstream shares it.
 */
export function toleratesTaint(t: any, taint: any): boolean {
  if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

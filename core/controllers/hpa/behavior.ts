/* eslint-disable @typescript-eslint/no-explicit-any -- spec.behavior is open JSON */

export interface ScaleEvent {
  atMs: number;
  change: number; // +3 up, -2 down
}

export interface Recommended {
  atMs: number;
  replicas: number;
}

/**
 * stabilizeRecommendationWithBehaviors: scaling up takes the lowest recommendation of
 * the scale-up window (0 s by default: the newest), scaling down the highest of the
 * scale-down window (300 s): a burst of low load does not shrink the Deployment until
 * five minutes of recommendations all say so.
 */
export function stabilize(current: number, desired: number, history: readonly Recommended[], behavior: any, nowMs: number): number {
  const upCutoff = nowMs - (behavior?.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
  const downCutoff = nowMs - (behavior?.scaleDown?.stabilizationWindowSeconds ?? 300) * 1000;
  let up = desired;
  let down = desired;
  for (const r of history) {
    if (r.atMs > upCutoff) up = Math.min(up, r.replicas);
    if (r.atMs > downCutoff) down = Math.max(down, r.replicas);
  }
  let rec = current;
  if (rec < up) rec = up;
  if (rec > down) rec = down;
  return rec;
}

/**
 * convertDesiredReplicasWithBehaviorRate: how far one sync may move. Defaults up:
 * max(+4 pods, +100%) per 15 s, so 2 -> 6 -> 12; down: -100% per 15 s. Changes already
 * made within a policy's period count against it.
 */
export function rateLimit(current: number, desired: number, events: readonly ScaleEvent[], behavior: any, min: number, max: number, nowMs: number): { replicas: number; limited: boolean } {
  if (desired > current) {
    const rules = behavior?.scaleUp ?? {};
    let limit = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
    for (const p of rules.policies ?? []) {
      const added = events.filter((e) => e.change > 0 && e.atMs > nowMs - p.periodSeconds * 1000).reduce((n, e) => n + e.change, 0);
      const start = current - added;
      const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
      limit = rules.selectPolicy === 'Min' ? Math.min(limit, proposed) : Math.max(limit, proposed);
    }
    if (rules.selectPolicy === 'Disabled' || !Number.isFinite(limit)) limit = current;
    const capped = Math.min(desired, limit, max);
    return { replicas: Math.max(capped, current), limited: capped < desired };
  }
  if (desired < current) {
    const rules = behavior?.scaleDown ?? {};
    let limit = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
    for (const p of rules.policies ?? []) {
      const removed = events.filter((e) => e.change < 0 && e.atMs > nowMs - p.periodSeconds * 1000).reduce((n, e) => n - e.change, 0);
      const start = current + removed;
      const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
      limit = rules.selectPolicy === 'Min' ? Math.max(limit, proposed) : Math.min(limit, proposed);
    }
    if (rules.selectPolicy === 'Disabled' || !Number.isFinite(limit)) limit = current;
    const floored = Math.max(desired, limit, min);
    return { replicas: Math.min(floored, current), limited: floored > desired };
  }
  return { replicas: current, limited: false };
}

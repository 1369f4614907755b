import type { KObject } from '../../api/types.js';
import { scopeSelectorsOf } from '../../quota/evaluator/evaluator.js';
import { EVALUATORS } from '../../quota/registry.js';
import { add, fromJson, mask, type ResourceList } from '../../quota/resources.js';
import { quantity } from '../../api/quantity-value.js';

/**
 * CalculateUsage (pkg/quota/v1/resources.go with generic.CalculateUsageStats): the usage
 * of every resource a quota limits, counted from the namespace's objects that every
 * scope of the quota selects. Each tracked resource starts at 0, so a quota over pods
 * in an empty namespace reads `pods: 0`, which the admission plugin needs to see.
 */
export function calculateUsage(
  quota: Readonly<KObject>,
  list: (kind: string, namespace: string) => ReadonlyArray<Readonly<KObject>>,
  now: number,
  virtualOf: (ts: unknown) => number,
): ResourceList {
  const namespace = quota.metadata.namespace ?? 'default';
  const hard = Object.keys(fromJson(quota.spec?.hard));
  const selectors = scopeSelectorsOf(quota);
  let used: ResourceList = {};
  const matched = new Set<string>();
  for (const e of EVALUATORS) {
    const resources = e.matchingResources(hard);
    if (resources.length === 0) continue;
    for (const r of resources) matched.add(r);
    let stats: ResourceList = Object.fromEntries(resources.map((r) => [r, quantity(0)]));
    for (const obj of list(e.kind, namespace)) {
      if (!selectors.every((s) => e.matchesScope(s, obj))) continue;
      stats = add(stats, e.usage(obj, now, virtualOf));
    }
    used = add(used, stats);
  }
  return mask(used, [...matched]);
}

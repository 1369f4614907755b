import type { KObject } from '../api/types.js';
import { quotaMatches, type Evaluator } from './evaluator/evaluator.js';
import { add, fromJson, isZero, lessThanOrEqual, mask, names, prettyPrint, removeZeros, subtractNonNegative, type ResourceList } from './resources.js';

export interface QuotaCharge {
  quota: Readonly<KObject>;
  /** The quota's status.used with this request's usage added. */
  used: ResourceList;
}

export type QuotaDecision = { refused: string } | { charges: QuotaCharge[] };

export interface RequestUsage {
  evaluator: Evaluator;
  obj: Readonly<KObject>;
  /** The stored object of an update. */
  old?: Readonly<KObject>;
  now: number;
  virtualOf: (ts: unknown) => number;
}

/**
 * checkRequest of the ResourceQuota admission plugin
 * (plugin/pkg/admission/resourcequota/controller.go), for one request against the
 * namespace's quotas. A quota is read by its status.hard: one the controller has not yet
 * synced limits nothing. Each matching quota must satisfy the evaluator's constraints and
 * have a used value for every resource it limits; then the request's usage is added to
 * each and compared with hard:
 *
 *   hard pods=3, used pods=3, a pod asks pods=1 -> 4 > 3:
 *   `exceeded quota: compute, requested: pods=1, used: pods=3, limited: pods=3`
 *
 * On success the new used values are what the plugin writes back to the quotas.
 */
export function checkRequest(quotas: ReadonlyArray<Readonly<KObject>>, req: RequestUsage): QuotaDecision {
  const { evaluator, obj } = req;
  const interesting: Array<Readonly<KObject>> = [];
  for (const quota of quotas) {
    const hard = names(quota.status?.hard);
    if (!quotaMatches(evaluator, quota, hard, obj)) continue;
    const restricted = evaluator.matchingResources(hard);
    const unmet = evaluator.constraints(restricted, obj);
    if (unmet !== undefined) return { refused: `failed quota: ${quota.metadata.name}: ${unmet}` };
    const used = quota.status?.used ?? {};
    if (restricted.some((r) => !(r in used))) {
      return { refused: `status unknown for quota: ${quota.metadata.name}, resources: ${[...restricted].sort().join(',')}` };
    }
    interesting.push(quota);
  }
  if (interesting.length === 0) return { charges: [] };
  let delta = evaluator.usage(obj, req.now, req.virtualOf);
  // A negative request (a claim of -1Gi) would give quota back: refused outright.
  const negative = Object.keys(delta).filter((k) => (delta[k]?.nanos ?? 0n) < 0n);
  if (negative.length > 0) return { refused: `quota usage is negative for resource(s): ${negative.sort().join(',')}` };
  // An update is charged by what it adds: a claim grown from 10Gi to 15Gi asks 5Gi more.
  if (req.old !== undefined) delta = subtractNonNegative(delta, evaluator.usage(req.old, req.now, req.virtualOf));
  delta = removeZeros(delta);
  if (Object.keys(delta).length === 0 || isZero(delta)) return { charges: [] };
  const charges: QuotaCharge[] = [];
  for (const quota of interesting) {
    const hard = fromJson(quota.status?.hard);
    const used = fromJson(quota.status?.used);
    const requested = mask(delta, Object.keys(hard));
    const newUsage = add(used, requested);
    const { allowed, exceeded } = lessThanOrEqual(mask(newUsage, Object.keys(requested)), hard);
    if (!allowed) {
      return {
        refused: `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(mask(requested, exceeded))}, used: ${prettyPrint(mask(used, exceeded))}, limited: ${prettyPrint(mask(hard, exceeded))}`,
      };
    }
    charges.push({ quota, used: newUsage });
  }
  return { charges };
}

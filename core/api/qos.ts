import { parseQuantity } from './quantity.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** upstream's supportedQoSComputeResources (cpu, memory), plus hugepages-* which also count. */
const counts = (name: string): boolean => name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');

/**
 * ComputePodQOS (pkg/apis/core/helper/qos), run on the defaulted pod, so a container
 * with limits only already has equal requests. Only quantities above zero count:
 *   - nothing above zero requested or limited in any container: BestEffort;
 *   - every container has cpu and memory limits, and per resource the summed requests
 *     equal the summed limits (and no resource is requested without a limit): Guaranteed;
 *   - otherwise Burstable. `limits: {cpu: 1, memory: 1Gi}` alone is Guaranteed
 *     (requests defaulted); `requests: {cpu: 0}` alone is BestEffort (a zero counts as unset).
 * Init containers count like app containers; ephemeral containers never do.
 */
export function computePodQOS(spec: any): QOSClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const all: any[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  for (const c of all) {
    for (const [name, q] of Object.entries(c?.resources?.requests ?? {})) {
      const v = parseQuantity(q) ?? 0;
      if (counts(name) && v > 0) requests.set(name, (requests.get(name) ?? 0) + v);
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries(c?.resources?.limits ?? {})) {
      const v = parseQuantity(q) ?? 0;
      if (!counts(name) || v <= 0) continue;
      found.add(name);
      limits.set(name, (limits.get(name) ?? 0) + v);
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

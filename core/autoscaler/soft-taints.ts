/* eslint-disable @typescript-eslint/no-explicit-any -- taints are open JSON */
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { unixMsAt } from '../sim/time.js';
import { DELETION_CANDIDATE_TAINT, TO_BE_DELETED_TAINT } from './config.js';

/** --max-bulk-soft-taint-count: soft taints added or removed per loop (10). */
export const MAX_BULK_SOFT_TAINT_COUNT = 10;

/**
 * actuation.UpdateSoftDeletionTaints: an unneeded node gets the PreferNoSchedule taint
 * DeletionCandidateOfClusterAutoscaler (value: the Unix time), so the scheduler prefers
 * other nodes for new pods while it waits out its 10 minutes; a node needed again loses
 * it. At most 10 changes a loop. A refused update is left for the next loop, as
 * upstream only logs it.
 */
export function updateSoftTaints(client: Client, nodes: ReadonlyArray<Readonly<KObject>>, unneeded: ReadonlySet<string>, causeFor: (node: Readonly<KObject>) => number | null): void {
  let budget = MAX_BULK_SOFT_TAINT_COUNT;
  for (const node of nodes) {
    if (budget === 0) return;
    const name = node.metadata.name ?? '';
    const taints: any[] = node.spec?.taints ?? [];
    // A node on its way out keeps what it has: the hard taint says more.
    if (taints.some((t) => t.key === TO_BE_DELETED_TAINT)) continue;
    const has = taints.some((t) => t.key === DELETION_CANDIDATE_TAINT);
    const want = unneeded.has(name);
    if (has === want) continue;
    budget--;
    const c = client.withCause(causeFor(node));
    try {
      const fresh = c.get('Node', null, name);
      const rest = (fresh.spec?.taints ?? []).filter((t: any) => t.key !== DELETION_CANDIDATE_TAINT);
      const next = want ? [...rest, { key: DELETION_CANDIDATE_TAINT, value: String(Math.floor(unixMsAt(c.api, c.api.now()) / 1000)), effect: 'PreferNoSchedule' }] : rest;
      const spec: any = { ...fresh.spec };
      if (next.length > 0) spec.taints = next;
      else delete spec.taints;
      c.update({ ...(fresh as KObject), spec }, want
        ? { reason: 'ScaleDownCandidate', message: `cluster-autoscaler: ${name} is unneeded (utilization below the threshold, its pods fit elsewhere)` }
        : { reason: 'ScaleDownCandidate', message: `cluster-autoscaler: ${name} is needed again` });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}

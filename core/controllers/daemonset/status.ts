import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { isPodAvailable, isPodReady } from '../pod-util.js';
import type { DaemonSetSync } from './context.js';
import { shouldRunOn } from './node-should-run.js';
import { byCreationTimestampAndPhase } from './pod-order.js';
import { getTemplateGeneration, isPodUpdated } from './util/daemonset-util.js';

export interface DaemonSetCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/**
 * updateDaemonSetStatus's counts, node by node: a node that should run the pod is
 * desired, and current if it has one; its oldest pod is what is Ready, available
 * (minReadySeconds on the virtual clock) and up to date. A pod on a node that should not
 * run it is misscheduled. 4 nodes, 3 pods, one still starting: desired 4, current 3,
 * ready 2, unavailable 2.
 */
export function daemonSetCounts(s: DaemonSetSync, byNode: ReadonlyMap<string, ReadonlyArray<Readonly<KObject>>>, daemonPod: Readonly<KObject>, hash: string): DaemonSetCounts {
  const { ds } = s;
  const c: DaemonSetCounts = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  const generation = getTemplateGeneration(ds);
  for (const node of s.nodes) {
    const pods = byNode.get(node.metadata.name ?? '') ?? [];
    const scheduled = pods.length > 0;
    if (!shouldRunOn(node, daemonPod).shouldRun) {
      if (scheduled) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!scheduled) continue;
    c.currentNumberScheduled++;
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0] as Readonly<KObject>;
    if (isPodReady(pod)) {
      c.numberReady++;
      if (isPodAvailable(pod, ds.spec?.minReadySeconds ?? 0, s.client.api)) c.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}

/**
 * storeDaemonSetStatus: writes only what changed (or an observedGeneration behind the
 * generation), retrying once with a fresh read on a conflict. `observe` is false while
 * expectations are pending: the controller has not acted on this generation yet.
 */
export function storeDaemonSetStatus(s: DaemonSetSync, counts: DaemonSetCounts, observe: boolean): void {
  const { ds, client } = s;
  const st = ds.status ?? {};
  const same = (Object.keys(counts) as Array<keyof DaemonSetCounts>).every((k) => (st[k] ?? 0) === counts[k]);
  if (same && (st.observedGeneration ?? 0) >= (ds.metadata.generation ?? 1)) return;
  const message = `${ds.metadata.name}: ${counts.desiredNumberScheduled} desired, ${counts.currentNumberScheduled} scheduled, ${counts.numberReady} ready, ${counts.updatedNumberScheduled} up-to-date, ${counts.numberAvailable} available`;
  const write = (base: Readonly<KObject>): Readonly<KObject> => {
    const observed = observe ? (ds.metadata.generation ?? 1) : (base.status?.observedGeneration ?? 0);
    return client.updateStatus({ ...base, status: statusObject(base.status ?? {}, counts, observed) } as KObject, { reason: 'DaemonSetStatus', message });
  };
  try {
    s.ds = write(ds);
  } catch (e) {
    // StatusUpdateRetries = 1: one more try on the latest version, then the sync fails.
    if (!(e instanceof ApiError) || e.code !== 409) throw e;
    const live = client.get('DaemonSet', ds.metadata.namespace, ds.metadata.name ?? '');
    s.ds = write(live);
  }
}

/**
 * v1.DaemonSetStatus as Go serializes it: its field order, and the omitempty ones
 * (observedGeneration, updatedNumberScheduled, numberAvailable, numberUnavailable)
 * left out at 0, as `kubectl get ds -o yaml` shows them.
 */
function statusObject(current: Record<string, unknown>, c: DaemonSetCounts, observedGeneration: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    currentNumberScheduled: c.currentNumberScheduled,
    numberMisscheduled: c.numberMisscheduled,
    desiredNumberScheduled: c.desiredNumberScheduled,
    numberReady: c.numberReady,
  };
  const omitEmpty = (key: string, value: number): void => {
    if (value !== 0) out[key] = value;
  };
  omitEmpty('observedGeneration', observedGeneration);
  omitEmpty('updatedNumberScheduled', c.updatedNumberScheduled);
  omitEmpty('numberAvailable', c.numberAvailable);
  omitEmpty('numberUnavailable', c.numberUnavailable);
  for (const key of ['collisionCount', 'conditions']) if (current[key] !== undefined) out[key] = current[key];
  return out;
}

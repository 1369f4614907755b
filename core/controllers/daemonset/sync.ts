import { fromLabelSelector } from '../../api/labels.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { DaemonSetControllerState, DaemonSetSync } from './context.js';
import { cleanupHistory, constructHistory } from './history.js';
import { nodesToDaemonPods, planNodes } from './manage.js';
import { newPod } from './node-should-run.js';
import { daemonSetCounts, storeDaemonSetStatus } from './status.js';
import { syncNodes } from './sync-nodes.js';
import { rollingUpdate } from './update.js';
import { CONTROLLER_REVISION_HASH } from './util/daemonset-util.js';

/**
 * syncDaemonSet: history first (the current revision's hash labels new pods), then, once
 * the previous sync's creations and deletions have all been seen, manage (a pod for each
 * node that lacks one, none where it does not belong), the rolling update, the history
 * cleanup, and the status. Returns the first refused write, which the work queue retries
 * with backoff; the status is written either way.
 */
export function syncDaemonSet(dsc: DaemonSetControllerState, client: Client, cause: number | null, key: string, ds: Readonly<KObject>, nodeList: ReadonlyArray<Readonly<KObject>>): ApiError | undefined {
  const selector = fromLabelSelector(ds.spec?.selector);
  if (selector !== null && selector.length === 0) {
    dsc.events.record(client, ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
    return undefined;
  }
  // Being deleted: its revisions may already be gone (the garbage collector does not
  // order them after the pods), so no status can be trusted. Nothing to do.
  if (ds.metadata.deletionTimestamp !== undefined) return undefined;
  const nodes = [...nodeList].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  const s: DaemonSetSync = { dsc, client, cause, key, ds, nodes };
  const { cur, old } = constructHistory(s);
  const hash = cur.metadata.labels?.[CONTROLLER_REVISION_HASH] ?? '';
  const daemonPod = newPod(ds);
  if (!dsc.expectations.satisfied(key)) {
    // Only the status, without observedGeneration: this generation is not acted on yet.
    storeDaemonSetStatus(s, daemonSetCounts(s, nodesToDaemonPods(s), daemonPod, hash), false);
    return undefined;
  }
  let err = refused(() => updateDaemonSet(s, daemonPod, hash, old));
  try {
    const counts = daemonSetCounts(s, nodesToDaemonPods(s), daemonPod, hash);
    storeDaemonSetStatus(s, counts, true);
    // "a last line of defense against clock skew": Ready pods not yet available get another look.
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && counts.numberReady !== counts.numberAvailable) dsc.requeueAfter(key, minReady * 1000, cause);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    err ??= e;
  }
  return err;
}

/** updateDaemonSet: manage, then (once its writes are seen) the rolling update, then the history cleanup. */
function updateDaemonSet(s: DaemonSetSync, daemonPod: Readonly<KObject>, hash: string, old: ReadonlyArray<Readonly<KObject>>): ApiError | undefined {
  const err = manage(s, daemonPod, hash);
  if (err !== undefined) return err;
  if (s.dsc.expectations.satisfied(s.key) && s.ds.spec?.updateStrategy?.type === 'RollingUpdate') {
    const plan = rollingUpdate(s, nodesToDaemonPods(s), daemonPod, hash);
    const rollErr = syncNodes(s, plan.remove, plan.create, hash);
    if (rollErr !== undefined) return rollErr;
  }
  cleanupHistory(s, old);
  return undefined;
}

/** A refused write thrown by `fn` as a value: the status is written whatever went wrong before it. */
function refused(fn: () => ApiError | undefined): ApiError | undefined {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return e;
  }
}

/** manage: podsShouldBeOnNode over every node, then syncNodes. */
function manage(s: DaemonSetSync, daemonPod: Readonly<KObject>, hash: string): ApiError | undefined {
  const plan = planNodes(s, nodesToDaemonPods(s), daemonPod, hash);
  return syncNodes(s, plan.remove, plan.create, hash);
}

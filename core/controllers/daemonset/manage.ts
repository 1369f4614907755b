import { kindInfo, type KindInfo } from '../../api/kinds.js';
import { fromLabelSelector, type Selector } from '../../api/labels.js';
import { conflict, notFound, type ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { claim } from '../claim.js';
import { isPodAvailable, isPodReady, isPodTerminal } from '../pod-util.js';
import { CONTROLLER_UID_INDEX } from '../replicaset/replica-set-controller.js';
import type { DaemonSetSync } from './context.js';
import { failedPodsBackoffKey } from './failed-pods-backoff.js';
import { shouldRunOn } from './node-should-run.js';
import { byCreationTimestampAndPhase } from './pod-order.js';
import { allowsSurge, CONTROLLER_REVISION_HASH, getTargetNodeName } from './util/daemonset-util.js';

/** A pod the controller is about to delete, and why (the narration of the delete). */
export interface Doomed {
  pod: Readonly<KObject>;
  why: string;
}

/**
 * getNodesToDaemonPods: the DaemonSet's pods (claimed: orphans that match adopted, owned
 * ones that no longer match released) by the node they run on or are meant for. A
 * finished pod already being deleted is left out unless `includeDeletedTerminal`
 * (history cleanup still counts its revision as live).
 */
export function nodesToDaemonPods(s: DaemonSetSync, includeDeletedTerminal = false): Map<string, Array<Readonly<KObject>>> {
  const { ds } = s;
  const byNode = new Map<string, Array<Readonly<KObject>>>();
  const selector = fromLabelSelector(ds.spec?.selector);
  if (selector === null) return byNode;
  const ns = ds.metadata.namespace;
  const candidates = [...s.dsc.pods.byIndex(CONTROLLER_UID_INDEX, ds.metadata.uid ?? ''), ...s.dsc.pods.byIndex(CONTROLLER_UID_INDEX, '').filter((p) => p.metadata.namespace === ns)];
  const claimed = claimFor(s, selector, candidates);
  for (const pod of claimed) {
    if (!includeDeletedTerminal && isPodTerminal(pod) && pod.metadata.deletionTimestamp !== undefined) continue;
    let node: string;
    try {
      node = getTargetNodeName(pod);
    } catch {
      continue; // names no node: nobody's daemon pod
    }
    const list = byNode.get(node);
    if (list === undefined) byNode.set(node, [pod]);
    else list.push(pod);
  }
  return byNode;
}

/**
 * ClaimPods / ClaimControllerRevisions with RecheckDeletionTimestamp: before adopting an
 * orphan, a fresh read must find the DaemonSet we cached, not deleted. When it is gone or
 * being deleted the claim fails the whole sync (retried with backoff), so a DaemonSet on
 * its way out never adopts, creates or deletes anything.
 */
export function claimFor(s: DaemonSetSync, selector: Selector, candidates: ReadonlyArray<Readonly<KObject>>): Array<Readonly<KObject>> {
  const { ds, client } = s;
  const ns = ds.metadata.namespace;
  const name = ds.metadata.name ?? '';
  let refusal: ApiError | undefined;
  const claimed = claim(client, ds, selector, candidates, () => {
    const live = client.api.tryGet('DaemonSet', ns, name);
    const info = kindInfo('DaemonSet') as KindInfo;
    if (live === undefined) refusal = notFound(info, name);
    else if (live.metadata.uid !== ds.metadata.uid) refusal = conflict(info, name, `original DaemonSet ${ns}/${name} is gone: got uid ${live.metadata.uid}, wanted ${ds.metadata.uid}`);
    else if (live.metadata.deletionTimestamp !== undefined) refusal = conflict(info, name, `${ns}/${name} has just been deleted at ${live.metadata.deletionTimestamp}`);
    return refusal === undefined;
  });
  if (refusal !== undefined) throw refusal;
  return claimed;
}

/**
 * podsShouldBeOnNode for every node, plus getUnscheduledPodsWithoutNode: which nodes need
 * a pod, and which pods must go. Worked cases: a node with none gets one; a Failed pod is
 * deleted (at most once per backoff step: 1 s, 2 s, 4 s ...) and replaced at the next
 * sync; of two running pods the oldest stays (with maxSurge: an old Ready pod stays
 * beside a new one until that one is available); a node the DaemonSet no longer wants
 * (label gone, NoExecute taint) loses its pods.
 */
export function planNodes(s: DaemonSetSync, byNode: ReadonlyMap<string, ReadonlyArray<Readonly<KObject>>>, daemonPod: Readonly<KObject>, hash: string): { create: string[]; remove: Doomed[] } {
  const create: string[] = [];
  const remove: Doomed[] = [];
  const { ds, dsc, client } = s;
  const now = client.api.now();
  const surge = allowsSurge(ds);
  for (const node of s.nodes) {
    const name = node.metadata.name ?? '';
    const { shouldRun, shouldContinueRunning } = shouldRunOn(node, daemonPod);
    const pods = byNode.get(name);
    if (shouldRun && pods === undefined) {
      create.push(name);
      continue;
    }
    if (pods === undefined) continue;
    if (!shouldContinueRunning) {
      for (const pod of pods) if (pod.metadata.deletionTimestamp === undefined) remove.push({ pod, why: `${name} no longer runs DaemonSet ${ds.metadata.name}'s pods` });
      continue;
    }
    const running: Array<Readonly<KObject>> = [];
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp !== undefined) continue;
      const phase = pod.status?.phase;
      if (phase === 'Failed') {
        // Often a kubelet rejecting the pod: delete with backoff, not in a hot loop.
        const key = failedPodsBackoffKey(ds.metadata.uid ?? '', ds.status?.observedGeneration ?? 0, name);
        if (dsc.failedPodsBackoff.isInBackOffSinceUpdate(key, now)) {
          dsc.requeueAfter(s.key, dsc.failedPodsBackoff.get(key), s.cause);
          continue;
        }
        dsc.failedPodsBackoff.next(key, now);
        dsc.events.record(client, ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`);
        remove.push({ pod, why: `it failed on ${name}` });
      } else if (phase === 'Succeeded') {
        dsc.events.record(client, ds, 'Normal', 'SucceededDaemonPod', `Found succeeded daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to delete it`);
        remove.push({ pod, why: `it ran to completion on ${name}` });
      } else {
        running.push(pod);
      }
    }
    running.sort(byCreationTimestampAndPhase);
    if (!surge) {
      // Without surge, one pod per node: the oldest stays.
      for (const extra of running.slice(1)) remove.push({ pod: extra, why: `${name} has ${running.length} of its pods, one is enough` });
      continue;
    }
    if (running.length <= 1) {
      if (running.length === 0 && shouldRun) create.push(name);
      continue;
    }
    planSurgedNode(s, name, running, hash, remove);
  }
  for (const [node, pods] of byNode) {
    // A pod meant for a node that is gone will never be scheduled, so PodGC never sees it.
    if (s.nodes.some((n) => n.metadata.name === node)) continue;
    for (const pod of pods) if ((pod.spec?.nodeName ?? '') === '') remove.push({ pod, why: `its node ${node} does not exist` });
  }
  return { create, remove };
}

/**
 * With surge a node may hold the oldest old pod and the oldest new one: the old one
 * goes once it is not Ready, or once the new one is available; every other pod goes.
 */
function planSurgedNode(s: DaemonSetSync, node: string, running: ReadonlyArray<Readonly<KObject>>, hash: string, remove: Doomed[]): void {
  let oldestNew: Readonly<KObject> | undefined;
  let oldestOld: Readonly<KObject> | undefined;
  for (const pod of running) {
    const isNew = pod.metadata.labels?.[CONTROLLER_REVISION_HASH] === hash;
    if (isNew && oldestNew === undefined) oldestNew = pod;
    else if (!isNew && oldestOld === undefined) oldestOld = pod;
    else remove.push({ pod, why: `${node} has more than one ${isNew ? 'new' : 'old'} pod` });
  }
  if (oldestNew === undefined || oldestOld === undefined) return;
  if (!isPodReady(oldestOld)) remove.push({ pod: oldestOld, why: `its replacement is on ${node} and it is not Ready` });
  else if (isPodAvailable(oldestNew, s.ds.spec?.minReadySeconds ?? 0, s.client.api)) remove.push({ pod: oldestOld, why: `its replacement on ${node} is available` });
}

import type { KObject } from '../../api/types.js';
import { isPodAvailable } from '../pod-util.js';
import type { DaemonSetSync } from './context.js';
import type { Doomed } from './manage.js';
import { shouldRunOn } from './node-should-run.js';
import { getTemplateGeneration, isPodUpdated, surgeCount, unavailableCount } from './util/daemonset-util.js';

/**
 * rollingUpdate (pkg/controller/daemon/update.go): which old pods to delete, or, with
 * maxSurge, on which nodes to start a new pod beside the old one. The manage loop then
 * creates the missing pods. Nodes are taken in name order (upstream walks a Go map).
 *
 * Without surge (maxUnavailable 1 on 4 nodes): an old pod that is not available is
 * replaced at once; otherwise old pods are deleted only while fewer than maxUnavailable
 * nodes lack an available pod. node-1's pod is deleted; the next sync has node-1 without
 * a pod (unavailable: 1 = max), so nothing more until its new pod is available; then
 * node-2's goes. With surge (maxSurge 1): a new pod starts beside node-1's old one, and
 * the old one is deleted once the new one is available.
 */
export function rollingUpdate(s: DaemonSetSync, byNodeIn: ReadonlyMap<string, ReadonlyArray<Readonly<KObject>>>, daemonPod: Readonly<KObject>, hash: string): { create: string[]; remove: Doomed[] } {
  const byNode = new Map(byNodeIn);
  const { maxSurge, maxUnavailable, desired } = updatedDesiredNodeCounts(s, byNode, daemonPod);
  const minReady = s.ds.spec?.minReadySeconds ?? 0;
  const api = s.client.api;
  const available = (pod: Readonly<KObject>): boolean => isPodAvailable(pod, minReady, api);
  const nodes = [...byNode.keys()].sort();
  if (maxSurge === 0) {
    let unavailable = 0;
    const replacements: Doomed[] = [];
    const candidates: Doomed[] = [];
    for (const node of nodes) {
      const found = findUpdatedPodsOnNode(s.ds, byNode.get(node) ?? [], hash);
      if (found === undefined) {
        unavailable++; // excess pods: the manage loop prunes them first
        continue;
      }
      const { newPod, oldPod } = found;
      if ((newPod === undefined) === (oldPod === undefined)) unavailable++; // none yet, or both: manage's business
      else if (newPod !== undefined) {
        if (!available(newPod)) unavailable++;
      } else if (oldPod !== undefined) {
        if (!available(oldPod)) {
          replacements.push({ pod: oldPod, why: `rolling update: the old pod on ${node} is not available, replaced at once` });
          unavailable++;
        } else if (unavailable < maxUnavailable) {
          candidates.push({ pod: oldPod, why: `rolling update (maxUnavailable ${maxUnavailable}): replacing the old pod on ${node}` });
        }
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return { create: [], remove: [...replacements, ...candidates.slice(0, room)] };
  }
  const remove: Doomed[] = [];
  const shouldNotRun: Doomed[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let surging = 0;
  let numAvailable = 0;
  for (const node of nodes) {
    const found = findUpdatedPodsOnNode(s.ds, byNode.get(node) ?? [], hash);
    if (found === undefined) {
      surging++;
      continue;
    }
    const { newPod, oldPod } = found;
    const current = oldPod ?? newPod;
    if (current !== undefined && available(current)) numAvailable++;
    if (oldPod === undefined) continue;
    const nodeObj = s.nodes.find((n) => n.metadata.name === node);
    const wanted = nodeObj !== undefined && shouldRunOn(nodeObj, daemonPod).shouldRun;
    if (newPod === undefined) {
      if (!available(oldPod)) {
        if (!wanted) remove.push({ pod: oldPod, why: `rolling update: ${node} no longer runs it and it is not available` });
        else allowedNodes.push(node);
      } else if (!wanted) {
        shouldNotRun.push({ pod: oldPod, why: `rolling update: ${node} no longer runs it` });
      } else if (surging < maxSurge) {
        candidateNodes.push(node);
      }
      continue;
    }
    if (!available(newPod)) surging++;
    else remove.push({ pod: oldPod, why: `rolling update (maxSurge ${maxSurge}): the new pod on ${node} is available` });
  }
  // With surge the owner expects full availability: a pod leaves a node it no longer
  // belongs on only while more pods are available than desired.
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRun.length);
  remove.push(...shouldNotRun.slice(0, deletable));
  const room = Math.min(Math.max(0, maxSurge - surging), candidateNodes.length);
  return { create: [...allowedNodes, ...candidateNodes.slice(0, room)], remove };
}

/**
 * updatedDesiredNodeCounts: maxSurge and maxUnavailable of the desired nodes (both
 * rounded up), and an empty entry for each desired node without pods. Both 0 (only an
 * API server that skipped validation allows it) means maxUnavailable 1.
 */
export function updatedDesiredNodeCounts(s: DaemonSetSync, byNode: Map<string, ReadonlyArray<Readonly<KObject>>>, daemonPod: Readonly<KObject>): { maxSurge: number; maxUnavailable: number; desired: number } {
  let desired = 0;
  for (const node of s.nodes) {
    if (!shouldRunOn(node, daemonPod).shouldRun) continue;
    desired++;
    const name = node.metadata.name ?? '';
    if (!byNode.has(name)) byNode.set(name, []);
  }
  let maxUnavailable = unavailableCount(s.ds, desired);
  const maxSurge = surgeCount(s.ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desired };
}

/**
 * findUpdatedPodsOnNode: the node's one new and one old pod among those not being
 * deleted; undefined when it has two of either (the manage loop prunes those first).
 */
export function findUpdatedPodsOnNode(ds: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>, hash: string): { newPod?: Readonly<KObject>; oldPod?: Readonly<KObject> } | undefined {
  let newPod: Readonly<KObject> | undefined;
  let oldPod: Readonly<KObject> | undefined;
  const generation = getTemplateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod !== undefined) return undefined;
      newPod = pod;
    } else {
      if (oldPod !== undefined) return undefined;
      oldPod = pod;
    }
  }
  return { ...(newPod !== undefined ? { newPod } : {}), ...(oldPod !== undefined ? { oldPod } : {}) };
}

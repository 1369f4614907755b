import type { KObject } from '../api/types.js';
import { podResources } from '../scheduler/node-info.js';
import { Snapshot } from './snapshot.js';

export interface Estimate {
  /** new nodes of the template needed */
  nodeCount: number;
  /** the pods that would fit on them */
  pods: Array<Readonly<KObject>>;
}

/**
 * BinpackingNodeEstimator.Estimate (estimator/binpacking_estimator.go): how many nodes
 * like `template` the pending pods need. Equivalence groups are ordered by the
 * DecreasingPodOrderer (the biggest share of the template's cpu + memory first); each
 * pod goes on a node added earlier in this estimate if one fits, else on the last node
 * added, else on a new node; a pod that does not fit on a new empty node ends its group
 * (another node would not help). `limit` stops adding nodes (the group's room to max,
 * and --max-nodes-per-scaleup). Worked example: 30 pods of 500m on 4-cpu nodes with a
 * 100m kube-proxy: 7 fit per node ((4000 - 100) / 500 = 7.8), so 30 pods need 5 nodes.
 */
export function estimate(groups: ReadonlyArray<ReadonlyArray<Readonly<KObject>>>, addTemplate: (snapshot: Snapshot, name: string) => void, limit: number): Estimate {
  const snapshot = new Snapshot();
  // The template's allocatable, for the orderer's score: read it off a throwaway copy.
  addTemplate(snapshot, 'score-template');
  const info = snapshot.info('score-template');
  const score = (pod: Readonly<KObject>): number => {
    const r = podResources(pod);
    const cpu = info !== undefined && info.allocatableMilliCpu > 0 ? r.milliCpu / info.allocatableMilliCpu : 0;
    const mem = info !== undefined && info.allocatableMemory > 0 ? r.memory / info.allocatableMemory : 0;
    return cpu + mem;
  };
  const ordered = groups.filter((g) => g.length > 0).map((g, i) => ({ g, i, s: score(g[0] as KObject) })).sort((a, b) => b.s - a.s || a.i - b.i);
  const work = new Snapshot();
  const newNodes: string[] = [];
  const withPods = new Set<string>();
  const pods: Array<Readonly<KObject>> = [];
  let last: string | undefined;
  for (const { g } of ordered) {
    let index = 0;
    // tryToScheduleOnExistingNodes: the nodes this estimate added, until one pod does not fit.
    for (; index < g.length; index++) {
      const placed = work.scheduleOnAny(g[index] as KObject, (n) => newNodes.includes(n));
      if (placed === undefined) break;
      pods.push(g[index] as KObject);
      withPods.add(placed.spec?.nodeName ?? '');
    }
    // tryToScheduleOnNewNodes
    for (; index < g.length; index++) {
      const pod = g[index] as KObject;
      if (last !== undefined && work.check(pod, last) === undefined) {
        work.addPod(pod, last);
        pods.push(pod);
        withPods.add(last);
        continue;
      }
      if (last !== undefined && !withPods.has(last)) break;
      if (newNodes.length >= limit) break;
      last = `e-${newNodes.length}`;
      addTemplate(work, last);
      newNodes.push(last);
      if (work.check(pod, last) !== undefined) break;
      work.addPod(pod, last);
      pods.push(pod);
      withPods.add(last);
    }
  }
  return { nodeCount: [...newNodes].filter((n) => withPods.has(n)).length, pods };
}

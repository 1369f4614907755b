/**
 * How many feasible nodes the scheduler looks for before it stops filtering and scores
 * what it found (pkg/scheduler/schedule_one.go numFeasibleNodesToFind, v1.32, with
 * percentageOfNodesToScore left at its default 0 = adaptive):
 * - fewer than 100 nodes: every node;
 * - otherwise 50 - nodes/125 percent of them (integer division), at least 5 %, and at
 *   least 100 nodes.
 * 1,000 nodes: 50 - 8 = 42 % = 420 nodes; 5,000 nodes: 50 - 40 = 10 % = 500;
 * 200 nodes: 50 - 1 = 49 % = 98, raised to 100.
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  const percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}

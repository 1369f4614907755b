import { PV, type NodeTrack, type PodAggregates, type PodVersion, type StoryModel } from '../../shared/model.js';

/**
 * Nodes the pods are bound to but the recording never saw: an import of a watch capture
 * (k8shark polls and watches pods, not nodes) or of an audit log that begins after the
 * nodes registered holds pods with spec.nodeName "kind-worker" and no Node object. Those
 * pods are scheduled, so they belong in a box of their node, not in the Unscheduled lane.
 * Each such node gets a track from the first bind to it, never deleted, with no Ready
 * condition (ready -1), added to `m.nodes` in name order after the recorded ones. A
 * simulated recording binds only to nodes it has: nothing is added there.
 */
export function addUnrecordedNodes(m: StoryModel, a?: PodAggregates): Set<string> {
  const known = new Set(m.nodes.map((n) => n.name));
  // Which string indexes name a recorded node, decided once per string rather than once per
  // pod version (54,000 versions of 8,042 pods, each a string look-up and a set probe).
  const recorded = Uint8Array.from(m.strings, (s) => (known.has(s) ? 1 : 0));
  const firstBind = new Map<string, number>();
  for (const p of m.pods) {
    const vs = p.versions;
    for (let j = 0; j < vs.length; j++) {
      const v = vs[j] as PodVersion;
      const i = v[PV.node];
      if (i < 0 || recorded[i] === 1) continue;
      const node = m.strings[i];
      if (node === undefined) continue;
      const seen = firstBind.get(node);
      if (seen === undefined || v[PV.seq] < seen) firstBind.set(node, v[PV.seq]);
    }
  }
  // An aggregated model (no pod tracks) names the nodes pods were bound to in its own list.
  if (a !== undefined) {
    let seq = 0;
    for (let k = 0; k < a.seqs.length; k++) {
      seq += a.seqs[k] as number;
      const node = a.nodes[a.toNode[k] as number];
      if (node !== undefined && !known.has(node) && !firstBind.has(node)) firstBind.set(node, seq);
    }
  }
  const added: NodeTrack[] = [...firstBind].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, seq]) => ({ name, createdSeq: seq, deletedSeq: null, versions: [[seq, -1, 0, -1, 0]] }));
  m.nodes.push(...added);
  return new Set(firstBind.keys());
}

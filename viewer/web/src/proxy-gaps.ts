import { EndpointState, PV, type PodTrack, type ProxyModel } from '../../shared/model.js';
import type { ModelIndex } from './model-index.js';

/**
 * The three moments of a pod leaving a Service, side by side: when it left the
 * EndpointSlice (no longer a ready endpoint), when each node's kube-proxy stopped
 * routing to it, and when its process stopped listening. prestop-off: left 44.5 s,
 * nodes 45.5 s, process 44.4 s: for 1.1 s the nodes send requests to nothing (refused).
 * prestop-on: left 44.5 s, nodes 45.5 s, process 51.6 s: 6.1 s to spare.
 */
export interface PodGap {
  pod: PodTrack;
  key: string;
  deletedAt: number;
  /** When it stopped being a ready endpoint for good; null if it never was one. */
  leftSlice: number | null;
  /** node -> when that node's kube-proxy stopped routing to it (null: still routes at the end). */
  routedUntil: Map<string, number | null>;
  /** When its process stopped accepting connections (null: not recorded). */
  quiet: number | null;
}

/** Every pod whose deletion began, with its moments; in order of deletion. */
export function podGaps(mi: ModelIndex, proxy: ProxyModel): PodGap[] {
  // Pod -> node -> its spans, indexed once: a 1,000-pod rollout on 40 nodes is then one pass, not pods x nodes x spans.
  const routed = new Map<string, Map<string, Array<[number, number | null]>>>();
  for (const n of proxy.nodes) {
    for (const s of n.spans) {
      const byNode = routed.get(s[3]) ?? new Map<string, Array<[number, number | null]>>();
      const list = byNode.get(n.node) ?? [];
      list.push([s[0], s[1]]);
      byNode.set(n.node, list);
      routed.set(s[3], byNode);
    }
  }
  const out: PodGap[] = [];
  for (const pod of mi.m.pods) {
    const key = `${pod.namespace}/${pod.name}`;
    const byNode = routed.get(key);
    if (byNode === undefined) continue;
    const v = pod.versions.find((x) => x[PV.deletionStart] >= 0);
    if (v === undefined) continue;
    // A name reused by a later pod (a StatefulSet's) has spans of its own: only this pod's, from its creation on.
    const born = mi.timeOf(pod.createdSeq);
    const routedUntil = new Map<string, number | null>();
    for (const [node, spans] of byNode) {
      const mine = spans.filter((s) => s[0] >= born);
      if (mine.length > 0) routedUntil.set(node, (mine[mine.length - 1] as [number, number | null])[1]);
    }
    out.push({ pod, key, deletedAt: v[PV.deletionStart], leftSlice: leftSlice(mi, key), routedUntil, quiet: proxy.quiet[key] ?? null });
  }
  return out.sort((a, b) => a.deletedAt - b.deletedAt);
}

/** The end of the pod's last ready span in the endpoints (null while it is still ready at the end, or never was). */
export function leftSlice(mi: ModelIndex, key: string): number | null {
  const spans = mi.m.endpoints?.[key] ?? [];
  const ready = spans.filter((s) => s[2] === EndpointState.Ready);
  const last = ready[ready.length - 1];
  return last === undefined || last[1] === null ? null : mi.timeOf(last[1]);
}

/** The gap's sentence for the readout: "left the EndpointSlice 0:44.5 · nodes stopped routing 0:45.5 (+1.0 s) · stopped listening 0:44.4". */
export function gapVerdict(g: PodGap): { ok: boolean; seconds: number } | null {
  const ends = [...g.routedUntil.values()];
  if (g.quiet === null || ends.length === 0) return null;
  const last = Math.max(...ends.map((e) => e ?? Infinity));
  return { ok: g.quiet >= last, seconds: (g.quiet - last) / 1000 };
}

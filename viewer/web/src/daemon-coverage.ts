import { DC, type DaemonSetTrack } from '../../shared/model.js';
import type { ModelIndex, PodAt } from './model-index.js';
import { alive, versionAt } from './versions.js';

export interface Coverage {
  /** Nodes that should run the daemon pod, in node order. */
  eligible: string[];
  /** Nodes that should not, and why ("untolerated taint {...}"). */
  skipped: Map<string, string>;
}

const parsed = new WeakMap<ModelIndex, Map<string, Coverage>>();

/** Which nodes should run `ds`'s pod at `seq` (the server judged it; see DaemonCoverage). Parsed once per distinct answer. */
export function coverageAt(mi: ModelIndex, ds: DaemonSetTrack, seq: number): Coverage {
  const c = alive(ds, seq) ? versionAt(ds.coverage, seq) : undefined;
  const e = c?.[DC.eligible] ?? -1;
  const k = c?.[DC.skipped] ?? -1;
  let cache = parsed.get(mi);
  if (cache === undefined) parsed.set(mi, (cache = new Map()));
  const key = `${e}|${k}`;
  let out = cache.get(key);
  if (out === undefined) {
    const eligible = mi.str(e)?.split(',') ?? [];
    const skipped = new Map<string, string>();
    for (const part of mi.str(k)?.split('|') ?? []) {
      const i = part.indexOf('=');
      if (i > 0) skipped.set(part.slice(0, i), part.slice(i + 1));
    }
    cache.set(key, (out = { eligible, skipped }));
  }
  return out;
}

/** The node a daemon pod is on, or made for while it is not bound yet. */
export function daemonNodeOf(p: PodAt): string | null {
  return p.node ?? p.track.target;
}

/**
 * Per node, the DaemonSets that should run a pod there at `seq` and have none (neither
 * on it nor made for it): what the cluster view draws as a dashed gap in the node's box.
 */
export function daemonGaps(mi: ModelIndex, seq: number, pods: readonly PodAt[]): Map<string, DaemonSetTrack[]> {
  const gaps = new Map<string, DaemonSetTrack[]>();
  if (mi.m.daemonSets.length === 0) return gaps;
  const has = new Set<string>();
  for (const p of pods) {
    if (p.track.owner?.startsWith('DaemonSet/') !== true) continue;
    const n = daemonNodeOf(p);
    if (n !== null) has.add(`${p.track.namespace}/${p.track.owner}|${n}`);
  }
  for (const ds of mi.m.daemonSets) {
    if (!alive(ds, seq)) continue;
    for (const n of coverageAt(mi, ds, seq).eligible) {
      if (has.has(`${ds.namespace}/DaemonSet/${ds.name}|${n}`)) continue;
      const list = gaps.get(n);
      if (list === undefined) gaps.set(n, [ds]);
      else list.push(ds);
    }
  }
  return gaps;
}

import { PV } from '../../shared/model.js';
import { clock } from './format.js';
import type { PodGap } from './proxy-gaps.js';
import { sigtermAt } from './termination.js';
import { shortName } from './chip-label.js';

/**
 * The moments of one deleted pod that the kube-proxy lane sets its routes against, each a
 * labelled line down the lane: the delete (with a preStop hook, the hook starts then;
 * without one, SIGTERM comes with it), SIGTERM once the hook ends, and the moment its
 * process stopped listening. prestop-on's first pod: delete · preStop 0:44.4, SIGTERM
 * 0:49.4 (the 5 s sleep), stops listening 0:51.6, while every node stopped routing at
 * 0:45.5 (the lane's per-node marks): 6.1 s to spare. prestop-off's: delete · SIGTERM
 * 0:44.4, stops listening 0:44.4, nodes 0:45.5: 1.1 s of requests to a closed port.
 */
export interface Moment {
  kind: 'delete' | 'sigterm' | 'quiet';
  t: number;
  text: string;
}

export function podMoments(g: PodGap): Moment[] {
  const v = g.pod.versions.find((x) => x[PV.deletionStart] >= 0);
  const hook = g.pod.preStopMs > 0;
  const out: Moment[] = [{ kind: 'delete', t: g.deletedAt, text: `${shortName(g.pod.name, null)} deleted · ${hook ? 'preStop' : 'SIGTERM'} ${clock(g.deletedAt)}` }];
  if (hook && v !== undefined) {
    const t = sigtermAt(g.pod, v, g.deletedAt);
    out.push({ kind: 'sigterm', t, text: `SIGTERM ${clock(t)}` });
  }
  if (g.quiet !== null) out.push({ kind: 'quiet', t: g.quiet, text: `stops listening ${clock(g.quiet)}` });
  return out;
}

/** The pod the lane tells about at `timeMs`: the latest one deleted by then (as the readout), else the first to be. */
export function focusGap(gaps: readonly PodGap[], timeMs: number): PodGap | undefined {
  let g: PodGap | undefined;
  for (const x of gaps) if (x.routedUntil.size > 0 && x.deletedAt <= timeMs) g = x;
  return g ?? gaps.find((x) => x.routedUntil.size > 0);
}

/**
 * Labels at x positions, each put on the first line where it clears the labels already
 * there by 6 px (a later line otherwise): at 1280x720 the lane has ~4.6 px a second, and
 * prestop-on's three moments, 7.2 s apart in all, are 33 px apart against ~90 px labels.
 * Returns each label's line (0 = top) and its anchor: one that would run past `right`
 * ends at its x instead.
 */
export function stackLabels(items: ReadonlyArray<{ x: number; w: number }>, right: number): Array<{ line: number; end: boolean }> {
  const lines: Array<Array<[number, number]>> = [];
  return items.map(({ x, w }) => {
    const end = x + w > right;
    const a = end ? x - w : x;
    const b = end ? x : x + w;
    let line = lines.findIndex((taken) => taken.every(([p, q]) => b + 6 <= p || a >= q + 6));
    if (line === -1) line = lines.push([]) - 1;
    (lines[line] as Array<[number, number]>).push([a, b]);
    return { line, end };
  });
}

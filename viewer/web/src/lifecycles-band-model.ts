import type { Stage } from '../../shared/model.js';

/**
 * Past BANDS_FROM pod rows in the window, rows are 3 px and no pod can be told apart
 * (10,000 pods are 30,000 px of rows): the lifecycles show one band per owner instead
 * (a ReplicaSet, a DaemonSet, a Job...), its pods counted per phase over time as a
 * stacked area, and a click on a band shows that owner's pods row by row.
 */
export const BANDS_FROM = 400;
export const BAND_H = 46;

/** What a band is made of: a row's owner, its template slot and its stages over time. */
export interface BandRow {
  owner: string;
  rev: number;
  segments: ReadonlyArray<{ t0: number; t1: number; stage: Stage }>;
}

export interface Band {
  key: string;
  rev: number;
  pods: number;
  /** Most of its pods at one moment: the band's vertical scale. */
  peak: number;
  /** Stage changes by time: +1 / -1 of a stage at a time. */
  times: Float64Array;
  stages: Int8Array;
  deltas: Int8Array;
}

/** The owner a row is banded under: "ReplicaSet/web-6cd4477dd4" in its namespace, or its namespace's bare pods. */
export const ownerKey = (namespace: string, owner: string | null): string => `${namespace}/${owner ?? 'no owner'}`;

export function buildBands(rows: readonly BandRow[]): Band[] {
  const groups = new Map<string, BandRow[]>();
  for (const r of rows) {
    const list = groups.get(r.owner);
    if (list === undefined) groups.set(r.owner, [r]);
    else list.push(r);
  }
  return [...groups].map(([key, list]) => {
    const edges = sortedEdges(list);
    let n = 0;
    let peak = 1;
    for (let k = 0; k < edges.deltas.length; k++) peak = Math.max(peak, (n += edges.deltas[k] as number));
    return { key, rev: (list[0] as BandRow).rev, pods: list.length, peak, ...edges };
  });
}

/**
 * Every segment's start (+1) and end (-1), by time, ends before starts at one time: a pod
 * going Running -> Ready is never counted twice. Times are whole ms, so each edge packs
 * into one number, t * 16 + (start ? 8 : 0) + stage, sorted natively: 1,000 pods rolled 7
 * times are ~100,000 edges, ~80 ms through a comparator of tuples, a few ms so.
 */
function sortedEdges(list: readonly BandRow[]): Pick<Band, 'times' | 'stages' | 'deltas'> {
  const packed: number[] = [];
  let whole = true;
  for (const r of list) {
    for (const s of r.segments) {
      if (s.t1 <= s.t0) continue;
      whole &&= Number.isInteger(s.t0) && Number.isInteger(s.t1);
      packed.push(s.t0 * 16 + 8 + s.stage, s.t1 * 16 + s.stage);
    }
  }
  if (!whole) {
    // A fraction of a ms (none recorded so far): the tuples' sort, as exact.
    const edges: Array<[number, number, number]> = [];
    for (const r of list) for (const s of r.segments) if (s.t1 > s.t0) edges.push([s.t0, s.stage, 1], [s.t1, s.stage, -1]);
    edges.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
    return { times: Float64Array.from(edges, (e) => e[0]), stages: Int8Array.from(edges, (e) => e[1]), deltas: Int8Array.from(edges, (e) => e[2]) };
  }
  const sorted = Float64Array.from(packed).sort();
  const times = new Float64Array(sorted.length);
  const stages = new Int8Array(sorted.length);
  const deltas = new Int8Array(sorted.length);
  for (let k = 0; k < sorted.length; k++) {
    const c = sorted[k] as number;
    const t = Math.floor(c / 16);
    const low = c - t * 16;
    times[k] = t;
    stages[k] = low & 7;
    deltas[k] = low >= 8 ? 1 : -1;
  }
  return { times, stages, deltas };
}

/** Its pods per stage at time t (a scan; for tests and the tooltip, not for drawing). */
export function countsAt(b: Band, t: number): number[] {
  const c = [0, 0, 0, 0, 0, 0, 0];
  for (let k = 0; k < b.times.length && (b.times[k] as number) <= t; k++) c[b.stages[k] as number]! += b.deltas[k] as number;
  return c;
}

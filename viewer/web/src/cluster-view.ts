import type { PodTrack } from '../../shared/model.js';
import { CanvasClusterView } from './cluster-canvas.js';
import { SvgClusterView } from './cluster-svg.js';
import type { ModelIndex } from './model-index.js';

/**
 * Above this many pods at once the cluster view is drawn on a canvas. An SVG chip is a
 * group of 3-5 elements: 1,292 chips are ~6,000 nodes the browser restyles and lays out
 * after every frame of a drag (the benchmark's 10,000 pods: 50,000, and 0.4 s a frame).
 * Every shipped story stays well under it (the largest holds ~60 pods) and keeps the SVG,
 * which tests and screen readers can query element by element.
 */
export const CANVAS_FROM_PODS = 300;

/** The most pods that exist at one moment of the recording. */
export function peakPods(mi: ModelIndex): number {
  const edges: Array<[number, number]> = [];
  for (const p of mi.m.pods) {
    edges.push([p.createdSeq, 1]);
    if (p.deletedSeq !== null) edges.push([p.deletedSeq, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let n = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (n += d));
  return peak;
}

/** Nodes as boxes with their pods as chips at the playhead: SVG for a story's few pods, a canvas for thousands. */
export class ClusterView {
  private readonly impl: { render(seq: number, timeMs: number, animate: boolean): void };

  constructor(el: HTMLElement, mi: ModelIndex, onSelect: (pod: PodTrack, versionSeq: number) => void) {
    this.impl = peakPods(mi) > CANVAS_FROM_PODS ? new CanvasClusterView(el, mi, onSelect) : new SvgClusterView(el, mi, onSelect);
  }

  render(seq: number, timeMs: number, animate: boolean): void {
    this.impl.render(seq, timeMs, animate);
  }
}

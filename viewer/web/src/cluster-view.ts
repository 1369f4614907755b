import type { PodTrack } from '../../shared/model.js';
import { CanvasClusterView } from './cluster-canvas.js';
import { SvgClusterView } from './cluster-svg.js';
import type { ModelIndex } from './model-index.js';
import { CANVAS_FROM_PODS, peakPods } from './pod-states.js';

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

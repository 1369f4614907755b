import * as d3 from 'd3';
import { fit } from '../format.js';

export { fit };

/** [timeMs, value]: a step of a count over time. */
export type Step = [number, number];

/**
 * Every workload chart shares the time range of the pod lifecycles below it (150 px of
 * labels on the left, 14 px on the right), so a moment lines up across all of them.
 */
export const M = { top: 36, right: 14, bottom: 18, left: 150 };

export type Svg = d3.Selection<SVGSVGElement, unknown, null, undefined>;
export type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** One chart of the Workloads panel: drawn again when the width or zoom changes, updated on every frame. */
export interface WorkloadChart {
  /** Draws everything that depends only on width and zoom window. */
  draw(root: HTMLElement, width: number, t0: number, t1: number): void;
  /** What moves with the playhead: the readout, the playhead line, anything drawn "at this moment". */
  update(seq: number, timeMs: number): void;
}

export function timeScale(width: number, t0: number, t1: number): d3.ScaleLinear<number, number> {
  return d3.scaleLinear().domain([t0, t1]).range([M.left, width - M.right]);
}

/** Carries a step series on to `end` (the recording's end, or a deletion set by withEnd). */
export function extend(steps: Step[], end: number): Step[] {
  const last = steps[steps.length - 1];
  return last === undefined ? steps : [...steps, [Math.max(end, last[0]), last[1]]];
}

/** A count that drops to 0 when its object was deleted. */
export function withEnd(steps: Step[], deletedAt: number | null): Step[] {
  return deletedAt === null ? steps : [...steps, [deletedAt, 0]];
}

let clipCount = 0;

/**
 * The frame of a chart: its svg, a clip for the plot area, the title and readout lines.
 * Returns the clipped group to plot into.
 */
export function frame(root: HTMLElement, cls: string, data: Record<string, string>, width: number, height: number, title: string): { svg: Svg; plot: G } {
  const svg = d3.select(root).append('svg').attr('class', `workload ${cls}`).attr('width', width).attr('height', height) as Svg;
  for (const [k, v] of Object.entries(data)) svg.attr(`data-${k}`, v);
  const clipId = `wl-clip-${++clipCount}`;
  svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', 0).attr('width', Math.max(0, width - M.left - M.right)).attr('height', height);
  svg.append('text').attr('class', 'chart-title').attr('x', 4).attr('y', 14).text(title);
  svg.append('text').attr('class', 'readout').attr('x', 4).attr('y', 28);
  const plot = svg.append('g').attr('clip-path', `url(#${clipId})`) as G;
  return { svg, plot };
}

/** A step line in the chart's scales. */
export function stepLine(x: d3.ScaleLinear<number, number>, y: d3.ScaleLinear<number, number>): d3.Line<Step> {
  return d3.line<Step>().x((p) => x(p[0])).y((p) => y(p[1])).curve(d3.curveStepAfter);
}

/** The legend in the label column: a short line in each series' style, then its label. */
export function legend(svg: Svg, top: number, items: Array<{ cls: string; label: string; stroke?: string; title?: string }>): void {
  const g = svg.append('g').attr('class', 'chart-legend').attr('transform', `translate(4,${top})`);
  items.forEach((it, i) => {
    const l = g.append('line').attr('class', it.cls).attr('x1', 0).attr('x2', 18).attr('y1', i * 15).attr('y2', i * 15);
    if (it.stroke !== undefined) l.attr('stroke', it.stroke);
    const t = g.append('text').attr('x', 22).attr('y', i * 15 + 4).text(it.label);
    if (it.title !== undefined) t.append('title').text(it.title);
  });
}

/** Moves the chart's playhead line (hidden outside the zoom window) and sets its readout. */
export function placePlayhead(svg: Svg | undefined, x: d3.ScaleLinear<number, number>, timeMs: number, readout: string): void {
  if (svg === undefined) return;
  const [t0, t1] = x.domain() as [number, number];
  svg.select('line.playhead').attr('x1', x(timeMs)).attr('x2', x(timeMs)).style('display', timeMs >= t0 && timeMs <= t1 ? 'inline' : 'none');
  // A readout longer than the chart is cut with an ellipsis rather than by the svg's edge.
  svg.select('text.readout').text(fit(readout, Number(svg.attr('width')) - 8, 6.4));
}

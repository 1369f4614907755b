import * as d3 from 'd3';
import type { RecoveryStep } from '../../shared/model.js';
import { clock } from './format.js';
import { recoveryCaption, rowLabels, span, type RecoveryTimes } from './recovery-caption.js';

/**
 * The critical path drawn across the rows: from the lost pod's row (a ring where it
 * began, a dashed line to when it was noticed) a cause arrow down to the replacement's row
 * at its creation, then dots at scheduled, started and Ready joined by a line, and
 * "recovered in 2.4 s" after the last (a restart in place stays on its row: drawInPlace). `y(uid)` is the row middle of a pod, undefined
 * when its row is not shown.
 */
export function drawRecoveries(g: d3.Selection<SVGGElement, unknown, null, undefined>, list: readonly RecoveryTimes[], x: (t: number) => number, y: (uid: string) => number | undefined, rowH: number, marker: string, right = Infinity): void {
  for (const rt of list) {
    const y0 = y(rt.lost.uid);
    const y1 = y(rt.pod.uid);
    if (y0 === undefined || y1 === undefined) continue;
    const noticed = rt.hops[0]?.[1] ?? rt.startMs;
    const created = rt.hops[1]?.[1];
    const whole = recoveryCaption(rt, Infinity);
    const gr = g.append('g').attr('class', 'recovery').attr('data-lost', rt.lost.name).attr('data-pod', rt.pod.name);
    gr.append('title').text(whole);
    gr.append('circle').attr('class', 'rc-start').attr('cx', x(rt.startMs)).attr('cy', y0).attr('r', Math.min(5, rowH / 3));
    if (noticed > rt.startMs) gr.append('line').attr('class', 'rc-notice').attr('x1', x(rt.startMs)).attr('x2', x(noticed)).attr('y1', y0).attr('y2', y0);
    if (rt.r.inPlace === true) {
      drawInPlace(gr, rt, x, y0, rowH, noticed, right);
      continue;
    }
    if (created === undefined) continue;
    // An elbow: across the lost row to the creation time, then down to the new row (a 1 ms hop is a straight drop).
    gr.append('path').attr('class', 'rc-cause').attr('marker-end', `url(#${marker})`)
      .attr('d', `M${x(noticed)},${y0} H${x(created)} V${y1 + (y1 > y0 ? -rowH / 2 : rowH / 2)}`);
    const later = rt.hops.slice(1);
    gr.append('polyline').attr('class', 'rc-path').attr('points', later.map(([, t]) => `${x(t)},${y1}`).join(' '));
    // Each hop's length in its dot's title: "started at 0:30.4 (+401 ms)".
    gr.selectAll('circle.rc-hop').data(later).join('circle')
      .attr('class', 'rc-hop').attr('data-step', (h) => h[0]).attr('cx', (h) => x(h[1])).attr('cy', y1).attr('r', Math.min(3.5, rowH / 4))
      .append('title').text((h, i) => `${h[0]} at ${clock(h[1])} (+${span(h[1] - (i === 0 ? noticed : (later[i - 1] as [RecoveryStep, number])[1]))})`);
    const last = rt.hops[rt.hops.length - 1] as [RecoveryStep, number];
    if (last[0] === 'ready') label(gr, rowLabels(rt, last[1]), x(last[1]), x(rt.startMs), y1, right);
  }
}

/**
 * The "recovered in …" label after the last dot: the first of `texts` that ends before the
 * plot's right edge (`right`, where the rows are clipped); when none does, the shortest,
 * ending left of the ring where the recovery began. At 1280x720 pod-loss-recovery's
 * restart is Ready at 1:13.4 and "restarted in place, Ready again in 3.4 s" after it ended
 * at 737 px, past the rows' svg (736 px wide) and their clip: cut; ending left of the
 * ring instead it covered the same row's earlier recovery (the delete's replacement, 0:30
 * to 0:32.4). "restarted in place, 3.4 s" fits after the dot.
 */
function label(gr: d3.Selection<SVGGElement, unknown, null, undefined>, texts: readonly string[], xEnd: number, xStart: number, y: number, right: number): void {
  const t = gr.append('text').attr('class', 'rc-label').attr('x', xEnd + 5).attr('y', y + 3.5);
  for (const text of texts) {
    t.text(text);
    if (xEnd + 5 + (t.node() as SVGTextElement).getComputedTextLength() <= right) return;
  }
  const width = (t.node() as SVGTextElement).getComputedTextLength();
  if (xStart - 8 - width >= 0) t.attr('x', xStart - 8).attr('text-anchor', 'end');
}

/**
 * A restart in place stays on its one row: no cause arrow (nothing was created), the
 * hops after it was noticed (restarted, ready) dotted along the same row, and "restarted
 * in place, Ready again in 3.4 s" after the last.
 */
function drawInPlace(gr: d3.Selection<SVGGElement, unknown, null, undefined>, rt: RecoveryTimes, x: (t: number) => number, y0: number, rowH: number, noticed: number, right: number): void {
  const later = rt.hops.slice(1);
  gr.append('polyline').attr('class', 'rc-path').attr('points', [[null, noticed] as const, ...later].map(([, t]) => `${x(t)},${y0}`).join(' '));
  gr.selectAll('circle.rc-hop').data(later).join('circle')
    .attr('class', 'rc-hop').attr('data-step', (h) => h[0]).attr('cx', (h) => x(h[1])).attr('cy', y0).attr('r', Math.min(3.5, rowH / 4))
    .append('title').text((h, i) => `${h[0]} at ${clock(h[1])} (+${span(h[1] - (i === 0 ? noticed : (later[i - 1] as [RecoveryStep, number])[1]))})`);
  const last = rt.hops[rt.hops.length - 1] as [RecoveryStep, number];
  if (last[0] === 'ready') label(gr, rowLabels(rt, last[1]), x(last[1]), x(rt.startMs), y0, right);
}

/** The arrowhead of the cause arrows; added once per SVG. */
export function addRecoveryMarker(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, id: string): void {
  svg.append('defs').append('marker').attr('id', id).attr('viewBox', '0 0 8 8').attr('refX', 7).attr('refY', 4).attr('markerWidth', 7).attr('markerHeight', 7).attr('orient', 'auto')
    .append('path').attr('d', 'M0,0 L8,4 L0,8 z').attr('class', 'rc-head');
}

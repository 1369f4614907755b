import type * as d3 from 'd3';
import type { ThrottleSpan } from '../../shared/model.js';
import { clock } from './format.js';

export const THROTTLE_HATCH = 'hatch-throttled';

/** The tooltip of a throttled stretch: "CPU throttled: demand 750m over limit 500m". */
export function throttleText(s: ThrottleSpan): string {
  return `CPU throttled: demand ${s[2]}m over limit ${s[3]}m`;
}

/**
 * Dense dark cross-hatching laid over the stage colour: a throttled pod stays Ready (its
 * green shows through), unlike the red diagonal of a preStop hook. Added once per SVG.
 */
export function addThrottleHatch(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>): void {
  const p = svg.append('defs').append('pattern').attr('id', THROTTLE_HATCH).attr('patternUnits', 'userSpaceOnUse').attr('width', 5).attr('height', 5);
  p.append('path').attr('d', 'M0,5 L5,0 M0,0 L5,5').attr('stroke', '#1a1a1a').attr('stroke-width', 1.1).attr('opacity', 0.75);
}

/** Each throttled stretch of a row, over its stage bar (y, h), titled with its demand and limit. */
export function drawThrottles<T>(inner: d3.Selection<SVGGElement, T, SVGGElement, unknown>, spans: (r: T) => ThrottleSpan[], x: (t: number) => number, y: number, h: number): void {
  inner.selectAll<SVGRectElement, ThrottleSpan>('rect.throttle').data(spans).join('rect')
    .attr('class', 'throttle').attr('data-demand', (s) => s[2]).attr('data-limit', (s) => s[3])
    .attr('x', (s) => x(s[0])).attr('width', (s) => Math.max(1, x(s[1]) - x(s[0]))).attr('y', y).attr('height', h)
    .attr('fill', `url(#${THROTTLE_HATCH})`)
    .append('title').text((s) => `${throttleText(s)} (${clock(s[0])} - ${clock(s[1])})`);
}

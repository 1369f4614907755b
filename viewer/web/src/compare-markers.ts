import type * as d3 from 'd3';
import type { MarkerModel } from '../../shared/model.js';
import { clock } from './format.js';

/** A flag in a compact marker row: a marker of the compared recording, or the first divergence. */
export interface RowMark {
  timeMs: number;
  title: string;
  /** marker kind (chapter, action, expectation) or 'divergence' */
  cls: string;
  /** Where a click takes the playhead (A's seq and time). */
  target: MarkerModel;
}

export const ROW_H = 16;

/**
 * The compared recording's markers under A's, 16 px high: chapters as ticks (titles only
 * where A's row does not already say them), actions and expectations as dots, the first
 * divergence as a purple ≠ flag. A click goes there, like a flag of A's row.
 */
export function drawMarkRow(g: d3.Selection<SVGGElement, unknown, null, undefined>, labels: d3.Selection<SVGGElement, unknown, null, undefined>, label: string, marks: readonly RowMark[], x: (t: number) => number, y: number, onMarker: (m: MarkerModel) => void): void {
  labels.append('text').attr('class', 'row-label small').attr('x', 4).attr('y', y + 11).text(`${label} markers`);
  const mg = g.selectAll<SVGGElement, RowMark>('g.cmp-mark').data(marks).join('g')
    .attr('class', (m) => `cmp-mark ${m.cls}`)
    .attr('data-time', (m) => Math.round(m.timeMs))
    .attr('transform', (m) => `translate(${x(m.timeMs)},${y})`)
    .on('click', (_ev, m) => onMarker(m.target));
  mg.append('rect').attr('class', 'hit').attr('x', -5).attr('y', 0).attr('width', 10).attr('height', ROW_H);
  mg.filter((m) => m.cls === 'chapter').append('line').attr('y1', 1).attr('y2', ROW_H);
  mg.filter((m) => m.cls === 'action' || m.cls === 'expectation').append('circle').attr('cy', ROW_H / 2).attr('r', 3);
  const div = mg.filter((m) => m.cls === 'divergence');
  div.append('line').attr('y1', -4).attr('y2', ROW_H);
  div.append('text').attr('x', 3).attr('y', 12).text('≠ first divergence');
  mg.append('title').text((m) => `${clock(m.timeMs)} ${m.cls}: ${m.title}`);
}

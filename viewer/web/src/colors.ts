import type * as d3 from 'd3';
import { Stage } from '../../shared/model.js';
import { REV_DASHES, REV_INK, REV_PAPER, STAGE_COLOR } from './palette.js';

/** The colours themselves live in palette.ts (no DOM there: the palette's unit test reads it in node). */
export * from './palette.js';

export const HATCH = 'hatch-terminating';

/** A PersistentVolumeClaim's phase: Pending, Bound, Lost (ClaimPhase), and no phase / no claim. */
export const CLAIM_COLOR = ['#fdae6b', '#31a354', '#c62828'] as const;
export const CLAIM_NONE = '#bdbdbd';

type Svg = d3.Selection<SVGSVGElement, unknown, null, undefined>;

/** The hatch pattern used for terminating pods and the revision marks; added once per SVG. */
export function addHatch(svg: Svg): void {
  const defs = svg.append('defs');
  const p = defs.append('pattern').attr('id', HATCH).attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)');
  p.append('rect').attr('width', 6).attr('height', 6).attr('fill', STAGE_COLOR[Stage.Terminating]);
  p.append('rect').attr('width', 2.5).attr('height', 6).attr('fill', '#fff').attr('opacity', 0.55);
  addRevMarks(defs);
}

/** The revision marks as patterns: vertical runs of ink, repeating along x, tall enough for any bar. */
export function addRevMarks(defs: d3.Selection<SVGDefsElement, unknown, null, undefined>): void {
  REV_DASHES.forEach((runs, k) => {
    const period = runs.length === 0 ? 4 : runs.reduce((a, b) => a + b, 0);
    const p = defs.append('pattern').attr('id', `rev-${k}`).attr('class', 'rev-mark').attr('patternUnits', 'userSpaceOnUse').attr('width', period).attr('height', 400);
    p.append('rect').attr('width', period).attr('height', 400).attr('fill', runs.length === 0 ? REV_INK : REV_PAPER);
    let x = 0;
    runs.forEach((len, j) => {
      if (j % 2 === 0) p.append('rect').attr('x', x).attr('width', len).attr('height', 400).attr('fill', REV_INK);
      x += len;
    });
  });
}

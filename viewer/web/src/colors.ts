import type * as d3 from 'd3';
import { Stage } from '../../shared/model.js';
import { REV_INK, REV_MARKS, REV_PAPER, STAGE_COLOR } from './palette.js';

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

/** The template marks as svg patterns, drawn as revCss draws them in HTML: ink on paper, in user space so neighbouring chips line up. */
export function addRevMarks(defs: d3.Selection<SVGDefsElement, unknown, null, undefined>): void {
  REV_MARKS.forEach((mark, k) => {
    const size = mark === 'dots' ? 3 : 4;
    const p = defs.append('pattern').attr('id', `rev-${k}`).attr('class', 'rev-mark').attr('data-mark', mark).attr('patternUnits', 'userSpaceOnUse').attr('width', size).attr('height', size);
    p.append('rect').attr('width', size).attr('height', size).attr('fill', mark === 'solid' ? REV_INK : REV_PAPER);
    const ink = (x: number, y: number, w: number, h: number): void => void p.append('rect').attr('x', x).attr('y', y).attr('width', w).attr('height', h).attr('fill', REV_INK);
    if (mark === 'stripes') ink(0, 0, 2, 4);
    else if (mark === 'checks') {
      ink(0, 0, 2, 2);
      ink(2, 2, 2, 2);
    } else if (mark === 'dots') ink(1, 1, 1.2, 1.2);
    else if (mark === 'diagonal') {
      p.attr('patternTransform', 'rotate(45)');
      ink(0, 0, 2, 4);
    }
  });
}

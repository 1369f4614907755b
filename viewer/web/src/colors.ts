import * as d3 from 'd3';
import { Stage } from '../../shared/model.js';

/**
 * Fill of a pod chip or lifecycle segment per stage; Terminating also gets a hatch (see
 * HATCH). A Job's pods end Succeeded (kubectl: Completed) or Failed (Error): a dark slate
 * blue and a purple, apart from the light blue of ContainerCreating, the orange and green
 * of Running and Ready, and the red of Terminating.
 */
export const STAGE_COLOR: Record<Stage, string> = {
  [Stage.Pending]: '#bdbdbd',
  [Stage.Creating]: '#9ecae1',
  [Stage.Running]: '#fdae6b',
  [Stage.Ready]: '#31a354',
  [Stage.Terminating]: '#de2d26',
  [Stage.Succeeded]: '#3b5b92',
  [Stage.Failed]: '#7b3294',
};

/** The part of Terminating after SIGTERM: darker than the preStop part, so the two read apart. */
export const SIGTERM_COLOR = '#99000d';

/** ReplicaSets get categorical colours in creation order: the old and the new of a rollout never share one. */
const PALETTE = d3.schemeTableau10;
export const rsColor = (i: number): string => (i < 0 ? '#777' : (PALETTE[i % PALETTE.length] as string));

export const HATCH = 'hatch-terminating';

/** A PersistentVolumeClaim's phase: Pending, Bound, Lost (ClaimPhase), and no phase / no claim. */
export const CLAIM_COLOR = ['#fdae6b', '#31a354', '#c62828'] as const;
export const CLAIM_NONE = '#bdbdbd';

/** The hatch pattern used for terminating pods; added once per SVG. */
export function addHatch(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>): void {
  const p = svg.append('defs').append('pattern').attr('id', HATCH).attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)');
  p.append('rect').attr('width', 6).attr('height', 6).attr('fill', STAGE_COLOR[Stage.Terminating]);
  p.append('rect').attr('width', 2.5).attr('height', 6).attr('fill', '#fff').attr('opacity', 0.55);
}

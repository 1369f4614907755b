import { Stage } from '../../shared/model.js';

/**
 * Two channels, never mixed: HUE is a pod's phase (this table), a monochrome PATTERN is
 * the template it runs (revMark below). Fill of a pod chip or lifecycle segment per
 * stage; Terminating also gets a hatch (see HATCH). The hues are chosen so every pair
 * stays apart for colour-blind viewers: simulated with Machado et al.'s (2009) matrices,
 * the closest pair is Terminating / after SIGTERM at CIELAB dE 17.6 under protanopia
 * (test/viewer/palette-cvd.test.ts checks >= 15 for normal, protan, deutan and tritan
 * vision). The old purple for Failed was dE 2.3 from Completed's slate blue under
 * deuteranopia, and the old orange 12.3 from Ready's green under protanopia.
 */
export const STAGE_COLOR: Record<Stage, string> = {
  [Stage.Pending]: '#bdbdbd',
  [Stage.Creating]: '#7fb8e0',
  [Stage.Running]: '#fdb863',
  [Stage.Ready]: '#31a354',
  [Stage.Terminating]: '#de2d26',
  [Stage.Succeeded]: '#3b5b92',
  [Stage.Failed]: '#8e0152',
};

/** The part of Terminating after SIGTERM: darker than the preStop part, so the two read apart. */
export const SIGTERM_COLOR = '#99000d';

/**
 * A template's (ReplicaSet's, DaemonSet or StatefulSet revision's, Job's) mark: a dash
 * pattern in ink on white, with no hue at all, so it can never be read as a phase. Five
 * marks by creation order (solid, long dash, dots, dash-dot, sparse), cycling; the
 * same dashes stroke a ReplicaSet's lines in the Deployment chart. Each entry is the
 * on/off run lengths in px ([] = solid).
 */
export const REV_DASHES: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [7, 2, 2, 2], [1, 3]];
export const REV_INK = '#1a1a1a';
export const REV_PAPER = '#ffffff';
/** A pod without a template slot (a bare pod): a flat mid grey. */
export const REV_NONE = '#8a8a8a';

export const revSlot = (i: number): number => (i < 0 ? -1 : i % REV_DASHES.length);
/** The fill of a template's mark: url(#rev-k), a pattern every view's svg defines (addHatch). */
export const revFill = (i: number): string => (i < 0 ? REV_NONE : `url(#rev-${revSlot(i)})`);
/** The same mark as a stroke-dasharray for lines ('' = solid). */
export const revDash = (i: number): string => (i < 0 ? '' : (REV_DASHES[revSlot(i)] as readonly number[]).join(' '));
/** Kept for the views that draw a template's bar: it is the mark, not a colour any more. */
export const rsColor = revFill;

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
 * A template's (ReplicaSet's, DaemonSet or StatefulSet revision's, Job's) mark: a
 * texture in ink on white, with no hue at all, so it can never be read as a phase. Five
 * textures by creation order, cycling; each reads in any 6 x 6 px window, so the same
 * mark works as a chip's 4-9 px high top bar and as a lifecycle row's 6 px wide swatch
 * (a dash pattern along x would not: a 6 px swatch shows one dash of it).
 */
export const REV_MARKS = ['solid', 'stripes', 'diagonal', 'checks', 'dots'] as const;
export type RevMark = (typeof REV_MARKS)[number];
export const REV_INK = '#1a1a1a';
export const REV_PAPER = '#ffffff';
/** A pod without a template slot (a bare pod): a flat light grey, unlike any texture. */
export const REV_NONE = '#b0b0b0';

export const revSlot = (i: number): number => (i < 0 ? -1 : i % REV_MARKS.length);
export const revMark = (i: number): RevMark | null => (i < 0 ? null : (REV_MARKS[revSlot(i)] as RevMark));
/** The fill of a template's mark: url(#rev-k), a pattern every view's svg defines (addHatch). */
export const revFill = (i: number): string => (i < 0 ? REV_NONE : `url(#rev-${revSlot(i)})`);
/** Kept for the views that draw a template's bar: it is the mark, not a colour any more. */
export const rsColor = revFill;

/** The same mark as a CSS background, for keys drawn in HTML. */
export function revCss(i: number): string {
  const [ink, paper] = [REV_INK, REV_PAPER];
  switch (revMark(i)) {
    case null: return REV_NONE;
    case 'solid': return ink;
    case 'stripes': return `repeating-linear-gradient(90deg, ${ink} 0 2px, ${paper} 2px 4px)`;
    case 'diagonal': return `repeating-linear-gradient(45deg, ${ink} 0 1.5px, ${paper} 1.5px 3px)`;
    case 'checks': return `repeating-conic-gradient(${ink} 0 25%, ${paper} 0 50%) 0 0 / 4px 4px`;
    case 'dots': return `radial-gradient(circle, ${ink} 0 1px, ${paper} 1.2px) 0 0 / 3px 3px`;
  }
}

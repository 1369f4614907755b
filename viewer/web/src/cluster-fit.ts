/** A node box's geometry (px): its title lines, padding inside, gap between boxes and chips; chip sizes tried, biggest first. */
export const HEADER = 38;
export const PAD = 6;
export const GAP = 3;
export const CHIP_SIZES = [60, 46, 34, 26, 20, 15, 11, 8, 6, 4];

/**
 * How tall the chips of one node box may be, so the whole cluster view fits the left
 * column without scrolling. Above the boxes the window holds the header (34 px), the
 * narration (~56), the timeline (~145), the column's padding and the cluster panel's
 * title (~45) and the Unscheduled lane with a row of chips (every pod is Pending for a
 * moment, ~80): about 380 px. At 1280x720 that leaves 340 px for the node boxes; with two
 * rows of boxes each may be 170 px, of which a box's title and padding take 44, so 126 px
 * of chips (46 px chips in 2 rows instead of 60 px ones in 4). A tall window keeps the
 * old cap of 240 px.
 */
export const CHIP_AREA_MAX = 240;
const ABOVE_BOXES = 380;
const BOX_FRAME = 44;

export function chipAreaBudget(boxRows: number, windowHeight: number): number {
  const perBox = (windowHeight - ABOVE_BOXES) / Math.max(1, boxRows) - BOX_FRAME;
  return Math.max(40, Math.min(CHIP_AREA_MAX, Math.floor(perBox)));
}

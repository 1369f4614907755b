/**
 * Row heights of the timeline, by window height. At 720 px (a screen recording) every
 * row gives up a little: 14 + 8 + 26 + 24 + 10 + 4 + 18 + 12 = 116 px for one recording
 * instead of 146, which with the transport row above it is ~145 px of the 720 instead
 * of 183. From 900 px up there is room, and the rows keep their roomier sizes.
 */
export interface TimelineRows {
  overview: number;
  marker: number;
  density: number;
  fail: number;
  axis: number;
  cron: number;
}

const ROOMY: TimelineRows = { overview: 22, marker: 34, density: 34, fail: 12, axis: 20, cron: 14 };
const COMPACT: TimelineRows = { overview: 14, marker: 26, density: 24, fail: 10, axis: 18, cron: 12 };

/** Window heights below this get the compact rows. */
export const COMPACT_BELOW = 900;

export function timelineRows(windowHeight: number): TimelineRows {
  return windowHeight < COMPACT_BELOW ? COMPACT : ROOMY;
}

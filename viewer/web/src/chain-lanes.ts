/**
 * Where the causal chain's lanes go: every lane inside the panel's width, whatever the
 * number of components. The lanes share what the time gutter leaves: a 478 px panel (the
 * right column at 1280x720) less a 50 px gutter, over the 9 lanes of rolling-update's
 * widest chains, gives 47 px a lane, too narrow for "deployment-controller" (about 120 px
 * at 10 px bold). So names wrap at their own joints ("deployment-" / "controller"), and
 * when even that does not fit, headers alternate between two rows so each may spread
 * over two lanes' width (94 px); what still does not fit ends in an ellipsis, the full
 * name on hover. No lane is ever pushed off the right edge.
 */
export const GUTTER = 50;
const RIGHT = 2;
const LINE = 11;

export interface LaneHead {
  name: string;
  /** The lane's lifeline. */
  x: number;
  /** The middle of its header box: x, or shifted inwards at the panel's edges. */
  cx: number;
  /** The name cut at its joints, each line keeping its joint so the lines read back as the name. */
  lines: string[];
  /** 0: top row of headers; 1: the second row when headers alternate. */
  level: number;
  boxW: number;
  truncated: boolean;
}

export interface LaneLayout {
  width: number;
  gutter: number;
  laneW: number;
  heads: LaneHead[];
  levels: number;
  /** Height of one row of headers. */
  rowH: number;
  /** Height of the whole header block. */
  height: number;
  x: (name: string) => number;
}

/** Width in px of a header's text: measured in the page, estimated in tests. */
export type TextWidth = (s: string) => number;

/** Lanes for `names` (the API server first) in `width` px, after a time gutter of `gutter` px. */
export function layoutLanes(names: readonly string[], width: number, textW: TextWidth, gutter = GUTTER): LaneLayout {
  const n = Math.max(1, names.length);
  const laneW = Math.max(0, (width - gutter - RIGHT) / n);
  const xs = new Map(names.map((name, i) => [name, gutter + laneW * (i + 0.5)]));
  // Each try is (rows of headers, lines a name may take); the first where every name fits wins.
  const tries: Array<[number, number]> = names.length > 1 ? [[1, 2], [2, 2], [2, 3]] : [[1, 2]];
  let heads: LaneHead[] = [];
  let levels = 1;
  for (const [lv, maxLines] of tries) {
    levels = lv;
    heads = names.map((name, i) => {
      const x = xs.get(name) as number;
      // A header may spread to halfway to the next header of its own row (one lane over with one
      // row, two with two), and never past the gutter or the right edge: the last of 9 lanes at
      // 461 px gets 1.5 lanes (64 px), left of its lifeline, instead of spilling 23 px off the panel.
      const reach = (lv * laneW) / 2 - 3;
      const left = Math.max(gutter + 2, x - reach);
      const right = Math.min(width - RIGHT - 1, x + reach);
      const boxW = Math.max(8, right - left);
      return { name, x, cx: (left + right) / 2, level: i % lv, boxW, ...wrapName(name, boxW - 6, textW, maxLines) };
    });
    if (heads.every((h) => !h.truncated)) break;
  }
  const lines = Math.max(1, ...heads.map((h) => h.lines.length));
  const rowH = lines * LINE + 10;
  return { width, laneW, heads, levels, rowH, height: levels * rowH + 6, gutter, x: (name) => xs.get(name) ?? gutter };
}

/**
 * Greedy wrap at the joints of a component name ("-", "/", " "), at most `maxLines`
 * lines of at most `maxW` px; the rest goes on the last line, cut with an ellipsis.
 */
export function wrapName(name: string, maxW: number, textW: TextWidth, maxLines: number): { lines: string[]; truncated: boolean } {
  const tokens = name.match(/[^-/ ]+[-/ ]*|[-/ ]+/g) ?? [name];
  const lines: string[] = [];
  let cur = '';
  for (const t of tokens) {
    if (cur !== '' && textW((cur + t).trimEnd()) > maxW) {
      lines.push(cur);
      cur = t;
    } else cur += t;
  }
  lines.push(cur);
  if (lines.length <= maxLines && lines.every((l) => textW(l.trimEnd()) <= maxW)) return { lines, truncated: false };
  const kept = lines.slice(0, maxLines - 1).map((l) => (textW(l.trimEnd()) <= maxW ? l : ellipsize(l, maxW, textW)));
  kept.push(ellipsize(lines.slice(maxLines - 1).join(''), maxW, textW));
  return { lines: kept, truncated: true };
}

/** The longest start of `s` that fits `maxW` px with an ellipsis after it. */
export function ellipsize(s: string, maxW: number, textW: TextWidth): string {
  if (textW(s) <= maxW) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textW(`${s.slice(0, mid)}…`) <= maxW) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '…' : `${s.slice(0, lo)}…`;
}

/** A generous estimate for 10 px semibold system-ui (lower case and digits ~5.6 px): for tests and hidden panels. */
export const estimateWidth: TextWidth = (s) => s.length * 6.2;

/**
 * Where the causal chain's lanes go: every lane inside the panel's width, whatever the
 * number of components. The lanes share what the time gutter leaves: a 478 px panel (the
 * right column at 1280x720) is 461 px inside its scroll box, less a 50 px gutter, over the
 * 9 lanes of rolling-update's widest chains: 45 px a lane, too narrow for "deployment-controller" (about 120 px
 * at 10 px bold). So names wrap at their own joints ("deployment-" / "controller"), and
 * when even that does not fit, headers alternate between two rows (or three) so each may
 * spread over two lanes' width (or three); what still does not fit ends in an ellipsis,
 * the full name on hover. No lane is ever pushed off the right edge.
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
  const room = Math.max(0, width - gutter - RIGHT);
  // Each try is (rows of headers, lines a name may take); the first where every name fits wins.
  const all: Array<[number, number]> = [[1, 2], [2, 2], [2, 3], [3, 2], [3, 3]];
  const tries = all.filter(([lv]) => lv === 1 || lv < n);
  let best: LaneLayout | undefined;
  for (const [lv, maxLines] of tries) {
    // With `lv` rows a header may spread to halfway to the next header of its own row, lv lanes
    // over: (lv * laneW) / 2 each side. The last one's right half must stay inside, so the
    // lanes take room / (n - 0.5 + lv / 2) each: 9 lanes in 409 px are 43 px apart with two
    // rows (a header 80 px wide), 41 px with three (117 px).
    const laneW = room / (n - 0.5 + lv / 2);
    const reach = (lv * laneW) / 2 - 3;
    const heads = names.map((name, i) => {
      const x = gutter + laneW * (i + 0.5);
      // The first header (the API server's) would reach into the gutter: it gives up that side.
      const left = Math.max(gutter + 2, x - reach);
      const right = Math.min(width - RIGHT - 1, x + reach);
      const boxW = Math.max(8, right - left);
      return { name, x, cx: (left + right) / 2, level: i % lv, boxW, ...wrapName(name, boxW - 6, textW, maxLines) };
    });
    const lines = Math.max(1, ...heads.map((h) => h.lines.length));
    const rowH = lines * LINE + 10;
    const xs = new Map(heads.map((h) => [h.name, h.x]));
    best = { width, gutter, laneW, heads, levels: lv, rowH, height: lv * rowH + 6, x: (name) => xs.get(name) ?? gutter };
    if (heads.every((h) => !h.truncated)) break;
  }
  return best as LaneLayout;
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

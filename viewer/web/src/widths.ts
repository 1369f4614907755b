/**
 * Element widths, read once and then cached until the window is resized. Reading
 * clientWidth after another view has written to the DOM forces the browser to lay the
 * whole page out again; with 1,000 pod chips that alone cost ~10 ms a frame.
 *
 * The first frame reads every view's width together, before any view draws
 * (`readWantedWidths`): each view asks for its element's width when it is built
 * (`wantWidth`). Read one at a time in the first render, the timeline's read came after the
 * Workloads charts had written their SVG and laid out the whole page again: ~100 ms of a
 * loaded machine's first frame of a 1,000-pod rolled recording, when the bare skeleton's
 * layout costs a few ms. The widths do not depend on what the views draw: the body does
 * not scroll and each column keeps its scrollbar gutter (style.css), so reading them
 * early gives the same numbers.
 */
const cache = new WeakMap<Element, [number, number]>();
let epoch = 0;
const wanted = new Set<HTMLElement>();

export function invalidateWidths(): void {
  epoch++;
}

export function widthOf(el: HTMLElement): number {
  wanted.delete(el);
  const c = cache.get(el);
  if (c !== undefined && c[0] === epoch) return c[1];
  const w = el.clientWidth;
  cache.set(el, [epoch, w]);
  return w;
}

/** `el`'s width will be read by a view's render: read it with the others in `readWantedWidths`. */
export function wantWidth(el: HTMLElement): void {
  wanted.add(el);
}

/** Reads every wanted width at once (one layout), before the first frame writes anything. */
export function readWantedWidths(): void {
  for (const el of [...wanted]) widthOf(el);
}

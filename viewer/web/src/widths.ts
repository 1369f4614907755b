/**
 * Element widths, read once and then cached until the window is resized. Reading
 * clientWidth after another view has written to the DOM forces the browser to lay the
 * whole page out again; with 1,000 pod chips that alone cost ~10 ms a frame.
 */
const cache = new WeakMap<Element, [number, number]>();
let epoch = 0;

export function invalidateWidths(): void {
  epoch++;
}

export function widthOf(el: HTMLElement): number {
  const c = cache.get(el);
  if (c !== undefined && c[0] === epoch) return c[1];
  const w = el.clientWidth;
  cache.set(el, [epoch, w]);
  return w;
}

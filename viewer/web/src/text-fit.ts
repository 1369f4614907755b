/**
 * `text` cut with an ellipsis to fit `px` at `size` px of the page's font (system-ui), as
 * measured by a canvas, not guessed a character at a time. fit()'s 5.6 px a character let
 * "coredns-57bfbb8d98-2jhbm" (24 characters, ~148 px at 10 px: its digits are ~6.4 px)
 * through into a 136 px column at 1280x720, its last letters over the row's bars.
 * Without a canvas (a unit test outside a browser) a character is taken as 0.65 of the size.
 */
export function fitWidth(text: string, px: number, size: number): string {
  const key = `${size}\u0000${px}\u0000${text}`;
  let out = cache.get(key);
  if (out === undefined) {
    out = measure(text, size) <= px ? text : cut(text, px, size);
    if (cache.size > 20_000) cache.clear();
    cache.set(key, out);
  }
  return out;
}

/**
 * Cut in the middle, keeping the name's last part whole: what tells a pod from the others
 * of its ReplicaSet ("coredns-57bf…-2jhbm", not "coredns-57bfbb8d98-2jh…", which left
 * CoreDNS's two rows reading alike); at the end when even that is too wide.
 */
function cut(text: string, px: number, size: number): string {
  const i = text.lastIndexOf('-');
  const tail = i > 0 ? text.slice(i) : '';
  for (let n = i - 1; tail !== '' && n >= 3; n--) {
    const c = `${text.slice(0, n)}…${tail}`;
    if (measure(c, size) <= px) return c;
  }
  for (let n = text.length - 1; n >= 2; n--) {
    const c = `${text.slice(0, n)}…`;
    if (measure(c, size) <= px) return c;
  }
  return '';
}

const cache = new Map<string, string>();
/** What of a canvas's 2D context is used (declared here: the node-side typecheck has no DOM types). */
interface Measure {
  font: string;
  measureText(text: string): { width: number };
}
let ctx: Measure | null | undefined;

function measure(text: string, size: number): number {
  if (ctx === undefined) {
    const doc = (globalThis as { document?: { createElement(tag: 'canvas'): { getContext(kind: '2d'): unknown } } }).document;
    ctx = (doc?.createElement('canvas').getContext('2d') ?? null) as Measure | null;
  }
  if (ctx === null) return text.length * 0.65 * size;
  // style.css :root's family.
  ctx.font = `${size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
  return ctx.measureText(text).width;
}

/**
 * The text on a pod chip: what tells this pod from the others on its node, and fits the chip.
 *
 * A ReplicaSet's pod is told apart by its name's last part ("web-6454d6f499-9hcck" ->
 * "9hcck"); a static pod is named <component>-<node> by the kubelet (upstream v1.32
 * pkg/kubelet/config/common.go, generatePodName: "%s-%s" of the name and the node's name
 * in lower case), so its last
 * part is the node's ("etcd-control-plane" -> "plane", four chips alike on a control-plane
 * node): it reads as its component instead, without the "kube-" every one of them has
 * ("kube-apiserver-control-plane" -> "apiserver").
 *
 * A label wider than its chip ran over the next one ("kdktkb", 6 bold characters at 10 px,
 * is ~38 px, a full node's chips 34 px): it is set smaller, down to 7.5 px, to fit the chip
 * less 4 px (measured: a canvas's measureText, no layout, cached per text), then cut with an
 * ellipsis, or left out when even two characters do not fit; the whole name is in the
 * chip's tooltip either way.
 */
export interface ChipLabel {
  text: string;
  /** Font size in px: 10, or less for a label that would not fit at 10. */
  size: number;
}

export function podLabel(name: string, node: string | null, px: number): ChipLabel {
  const key = `${name}\u0000${node ?? ''}\u0000${px}`;
  let out = cache.get(key);
  if (out === undefined) {
    out = fitText(shortName(name, node), px - 4);
    if (cache.size > 20_000) cache.clear();
    cache.set(key, out);
  }
  return out;
}

/** The part of a pod's name that tells it apart on its node (see podLabel). */
export function shortName(name: string, node: string | null): string {
  if (node !== null && name.length > node.length + 1 && name.endsWith(`-${node.toLowerCase()}`)) {
    const component = name.slice(0, -(node.length + 1));
    return component.startsWith('kube-') && component.length > 5 ? component.slice(5) : component;
  }
  const i = name.lastIndexOf('-');
  return i < 0 ? name : name.slice(i + 1);
}

const cache = new Map<string, ChipLabel>();
const FULL = 10;
const LEAST = 7.5;
/** What of a canvas's 2D context is used (declared here: the node-side typecheck, for the unit test, has no DOM types). */
interface Measure {
  font: string;
  measureText(text: string): { width: number };
}
let ctx: Measure | null | undefined;

/** `text`'s width at 10 px in the chips' label font (style.css `g.pod .label`, canvas-paint.ts). */
function width(text: string): number {
  if (ctx === undefined) {
    const doc = (globalThis as { document?: { createElement(tag: 'canvas'): { getContext(kind: '2d'): unknown } } }).document;
    const made = (doc?.createElement('canvas').getContext('2d') ?? null) as Measure | null;
    if (made !== null) made.font = `650 ${FULL}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
    ctx = made;
  }
  // No canvas (a test outside a browser): a generous 6.5 px a character.
  return ctx === null ? text.length * 6.5 : ctx.measureText(text).width;
}

function fitText(text: string, px: number): ChipLabel {
  const w = width(text);
  if (w <= px) return { text, size: FULL };
  // Widths scale with the font size: 38 px at 10 px is 30 px at 7.9.
  if ((w * LEAST) / FULL <= px) return { text, size: Math.floor((FULL * px * 10) / w) / 10 };
  for (let n = text.length - 1; n >= 2; n--) {
    const cut = `${text.slice(0, n)}…`;
    if ((width(cut) * LEAST) / FULL <= px) return { text: cut, size: LEAST };
  }
  return { text: '', size: FULL };
}

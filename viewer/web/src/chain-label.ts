import type { EventSummary } from '../../shared/model.js';
import { ellipsize, type TextWidth } from './chain-lanes.js';
import { objectName, verbPhrase } from './format.js';

/**
 * A step's label in the chain, "6. update/status Pod/web-6fb8f76555-m7lm5 · ContainerStarted",
 * made to fit the room right of the API server's lane. The reason says most and the end
 * of a pod's name tells it from its siblings, so a label too long loses the middle of the
 * object's name first ("Pod/web-6fb8…-m7lm5"), and is cut at its end only when even that
 * is not enough. The full label stays in data-label and the hover text.
 */
export function stepLabel(n: number, e: EventSummary): { head: string; object: string; tail: string; full: string } {
  const head = `${n}. ${verbPhrase(e)} `;
  const object = objectName(e);
  const tail = e.reason === null ? '' : ` · ${e.reason}`;
  return { head, object, tail, full: head + object + tail };
}

const KEEP_END = 6;
const MIN_OBJECT = 8;

export function fitLabel(l: { head: string; object: string; tail: string; full: string }, maxW: number, textW: TextWidth): string {
  if (textW(l.full) <= maxW) return l.full;
  const cut = (k: number): string => {
    const end = Math.min(KEEP_END, Math.floor(k / 2));
    return `${l.head}${l.object.slice(0, k - end)}…${l.object.slice(l.object.length - end)}${l.tail}`;
  };
  if (l.object.length <= MIN_OBJECT || textW(cut(MIN_OBJECT)) > maxW) return ellipsize(l.full, maxW, textW);
  // The most of the object's name that fits: k characters of it kept, MIN_OBJECT <= k < its length.
  let lo = MIN_OBJECT;
  let hi = l.object.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textW(cut(mid)) <= maxW) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

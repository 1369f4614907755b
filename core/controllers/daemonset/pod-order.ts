import type { KObject } from '../../api/types.js';
import { compareTimestamps } from '../../sim/time.js';

/**
 * podByCreationTimestampAndPhase: scheduled pods first, then the oldest (creation times
 * have whole seconds), then by name. The first of a node's pods is the one the status
 * counts and the one kept when a node has too many.
 */
export function byCreationTimestampAndPhase(a: Readonly<KObject>, b: Readonly<KObject>): number {
  const aBound = (a.spec?.nodeName ?? '') !== '';
  const bBound = (b.spec?.nodeName ?? '') !== '';
  if (aBound !== bBound) return aBound ? -1 : 1;
  const byTime = compareTimestamps(a.metadata.creationTimestamp, b.metadata.creationTimestamp);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime;
  const an = a.metadata.name ?? '';
  const bn = b.metadata.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

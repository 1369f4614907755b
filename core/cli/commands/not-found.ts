import { qualifiedResource, type KindInfo } from '../../api/kinds.js';
import type { Replay } from '../../replay/replay.js';
import { formatClock } from '../../scenario/duration.js';
import { nearNames } from './near-names.js';

/**
 * What `get` and `describe` print to stderr for a name the recording does not have then:
 * kubectl's line first (scripts match it), then the near names as logs gives them (pod
 * names carry generated suffixes people leave off: `web` for `web-7d9f5-abcde`), or, when
 * the kind has no object there at all, that. The names come from the index (viewAt): no
 * row is read.
 */
export function writeNotFound(replay: Replay, info: KindInfo, namespace: string | null, name: string, seq: number, nowMs: number): void {
  process.stderr.write(`Error from server (NotFound): ${qualifiedResource(info)} "${name}" not found (at ${formatClock(nowMs)}, seq ${seq})\n`);
  const view = replay.viewAt(seq, { kinds: [info.kind], namespace });
  const known = Array.from({ length: view.length }, (_, i) => view.name(i));
  const near = nearNames(name, known);
  if (near.length > 0) process.stderr.write(`did you mean: ${near.join(', ')}\n`);
  else if (known.length === 0) process.stderr.write(`the recording has no ${info.resource}${namespace === null ? '' : ` in namespace ${namespace}`} then\n`);
}

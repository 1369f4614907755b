import type { EventRow } from '../record/schema.js';
import type { Replay } from '../replay/replay.js';
import { formatClock } from '../scenario/duration.js';
import { eventObject, eventVerb } from '../printers/event-row.js';
import { escapeText } from './markdown-table.js';

/**
 * A chapter's decisive write: the write reached through the longest causal chain that
 * started inside the chapter (ties: the earliest). In rolling-update's second chapter the
 * `kubectl set image` at seq 260 runs through the deployment controller, the ReplicaSet
 * controller, the scheduler and a kubelet: the chain that ends deepest shows how far the
 * one outside action carried. One pass over the replay index: depth[s] = depth[cause] + 1.
 */
export function decisiveWrites(replay: Replay, chapters: ReadonlyArray<{ fromSeq: number; toSeq: number }>): Array<number | undefined> {
  const n = replay.lastSeq;
  const depth = new Int32Array(n + 1);
  const root = new Int32Array(n + 1);
  for (let s = 1; s <= n; s++) {
    const c = replay.index.causeOf(s);
    const known = c !== null && c >= 1 && c < s;
    depth[s] = known ? (depth[c] as number) + 1 : 0;
    root[s] = known ? (root[c] as number) : s;
  }
  return chapters.map(({ fromSeq, toSeq }) => {
    let best: number | undefined;
    for (let s = Math.max(1, fromSeq); s <= Math.min(n, toSeq); s++) {
      if ((root[s] as number) < fromSeq || (depth[s] as number) === 0) continue;
      if (best === undefined || (depth[s] as number) > (depth[best] as number)) best = s;
    }
    return best;
  });
}

const hop = (from: EventRow, to: EventRow): string => `+${(to.timeMs - from.timeMs).toLocaleString('en-US')} ms`;
const what = (e: EventRow): string => `${eventVerb(e)} ${eventObject(e)}${e.reason ? ` (${e.reason})` : ''}`;

/** The chain from the outside action down to `seq`, one step a nesting level, each with its delay after its cause. */
export function chainList(replay: Replay, seq: number): string {
  const chain = replay.causalChain(seq);
  if (chain === undefined) return '';
  const steps = [...chain.ancestors, chain.event];
  return steps
    .map((e, i) => {
      const after = i === 0 ? '' : ` — ${hop(steps[i - 1] as EventRow, e)} after seq ${(steps[i - 1] as EventRow).seq}`;
      return `${'  '.repeat(i)}- ${formatClock(e.timeMs)} seq ${e.seq} **${escapeText(e.actor)}** ${escapeText(what(e))}${after}`;
    })
    .join('\n');
}

/**
 * The same chain as a mermaid sequenceDiagram (GitHub, GitLab and most wikis draw it):
 * each write an arrow from its actor to the API server, each watch hop a dashed arrow
 * from the API server to the next actor labelled with its delay.
 */
export function chainMermaid(replay: Replay, seq: number): string {
  const chain = replay.causalChain(seq);
  if (chain === undefined) return '';
  const steps = [...chain.ancestors, chain.event];
  const ids = new Map<string, string>();
  const id = (actor: string): string => {
    let v = ids.get(actor);
    if (v === undefined) ids.set(actor, (v = `P${ids.size + 1}`));
    return v;
  };
  for (const e of steps) id(e.actor);
  // Mermaid reads ";" and "#" specially in messages: keep labels to plain words.
  const label = (t: string): string => t.replace(/[;#]/g, ' ').replace(/\s+/g, ' ');
  const lines = ['sequenceDiagram', '  participant API as API server', ...[...ids].map(([actor, v]) => `  participant ${v} as ${label(actor)}`)];
  steps.forEach((e, i) => {
    if (i > 0) lines.push(`  API-->>${id(e.actor)}: watch, ${hop(steps[i - 1] as EventRow, e)}`);
    lines.push(`  ${id(e.actor)}->>API: seq ${e.seq} ${label(what(e))}`);
  });
  return ['```mermaid', ...lines, '```'].join('\n');
}

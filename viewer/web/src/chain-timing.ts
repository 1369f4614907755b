import type { ChainModel, EventSummary } from '../../shared/model.js';

/**
 * Time per hop of a causal chain: how long each component took to react to the write
 * that woke it, in cluster time. A chain is [outside action, ..., selected event], each
 * write caused by the one before it, so hop i is the gap between write i-1 and write i,
 * charged to the actor of write i. In pod-loss-recovery the kubectl delete's replacement
 * reads (seq 149 kubectl Delete at 0:30.0 -> seq 171 at 0:32.4):
 *   replicaset-controller 1 ms, scheduler 1 ms, kubelet/node-1 1 ms (admitted),
 *   kubelet/node-1 400 ms (started), kubelet/node-1 2.0 s (readiness probe), ...
 * total 2.4 s, the readiness probe's 2.0 s the slowest hop.
 * Pure: the diagram draws it, and the lifecycle rows or stepping can reuse it.
 */
export interface Hop {
  /** The write that woke the actor. */
  cause: EventSummary;
  /** The actor's write in reaction. */
  effect: EventSummary;
  delayMs: number;
}

export interface ChainTiming {
  /** The first write of the chain: an outside action, or as far back as the recording goes. */
  start: EventSummary;
  end: EventSummary;
  hops: Hop[];
  totalMs: number;
  /** Index into hops of the longest one (the first of equals); -1 with no hops. */
  slowest: number;
}

/** The ancestors and the selected event as one chain, oldest first, with each hop's delay. */
export function chainTiming(chain: Pick<ChainModel, 'ancestors' | 'event'>): ChainTiming {
  const steps = [...chain.ancestors, chain.event];
  const hops: Hop[] = [];
  let slowest = -1;
  for (let i = 1; i < steps.length; i++) {
    const cause = steps[i - 1] as EventSummary;
    const effect = steps[i] as EventSummary;
    hops.push({ cause, effect, delayMs: effect.timeMs - cause.timeMs });
    if (slowest < 0 || (hops[i - 1] as Hop).delayMs > (hops[slowest] as Hop).delayMs) slowest = i - 1;
  }
  const start = steps[0] as EventSummary;
  return { start, end: chain.event, hops, totalMs: chain.event.timeMs - start.timeMs, slowest };
}

/** How long one effect of a write came after it: for "what it caused". */
export function delayAfter(cause: EventSummary, effect: EventSummary): number {
  return effect.timeMs - cause.timeMs;
}

/**
 * A delay as a person reads it: 0 ms, 400 ms, 2.0 s, 12.3 s, 2 min 05 s (2m 05s compact). Milliseconds
 * below a second because controllers react within 1-2 ms of cluster time and "0.0 s"
 * would hide that they react at all; tenths above, as the clock shows them.
 */
export function formatDelay(ms: number, compact = false): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(Math.round(ms));
  if (a < 1000) return `${sign}${a} ms`;
  const tenths = Math.round(a / 100);
  if (tenths < 600) return `${sign}${(tenths / 10).toFixed(1)} s`;
  const s = Math.round(a / 1000);
  const [m, ss] = [Math.floor(s / 60), String(s % 60).padStart(2, '0')];
  // Compact for the diagram's time gutter: "1m 05s" is 6 characters where "1 min 05 s" is 10.
  return compact ? `${sign}${m}m ${ss}s` : `${sign}${m} min ${ss} s`;
}

/** "kubelet/node-3 (ContainerReady) 2.0 s": one hop, by who reacted with what, the reason telling one actor's hops apart. */
export function hopPhrase(h: Hop): string {
  return `${h.effect.actor}${h.effect.reason === null ? '' : ` (${h.effect.reason})`} ${formatDelay(h.delayMs)}`;
}

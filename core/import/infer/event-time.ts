import { parseEpoch, type EpochMs } from '../../sim/time.js';

/**
 * When an Event says it happened, in epoch ms: its eventTime (microseconds, the
 * events.k8s.io recorder's), else lastTimestamp (the newest occurrence; a count of 2 or
 * more is an update of the same Event), else firstTimestamp, else its creationTimestamp.
 * The last three are whole seconds (metav1.Time serializes RFC 3339 without a fraction),
 * so the Event happened in [own, own + 1 s).
 */
export function eventOwnTime(event: Record<string, unknown>): EpochMs | undefined {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const precise = text(event.eventTime);
  if (precise !== undefined) {
    const at = parseEpoch(precise);
    if (at !== undefined) return at;
  }
  const meta = event.metadata as { creationTimestamp?: unknown } | undefined;
  const whole = text(event.lastTimestamp) ?? text(event.firstTimestamp) ?? text(meta?.creationTimestamp);
  const at = whole === undefined ? undefined : parseEpoch(whole);
  return at;
}

/**
 * An Event written (or seen) after the end of the second it says it happened in was
 * observed late: a k8shark capture polls Events every 5 s, so a poll brings a rollout's
 * "Deleted pod: api-58dd68c5db-r5smx" (lastTimestamp 21:19:18) at 21:19:20.774, after
 * writes the ReplicaSet's sync could not have seen (another pod's delete at 21:19:20.284).
 * The newest enqueuer before the observation is then not the sync's cause, and no cause
 * is better than a wrong one. An Event written live (an audit log, the simulator's
 * export) is written within milliseconds of its timestamp and keeps its cause; one whose
 * write crosses a second boundary after its timestamp's second loses it (the recorder's
 * queue is milliseconds: rare). An eventTime (microseconds) gets the same second of
 * slack: enough for the recorder's queue, and no tighter than the whole-second kinds.
 */
export function observedLate(event: Record<string, unknown>, observedAt: EpochMs): boolean {
  const own = eventOwnTime(event);
  return own !== undefined && observedAt - own > 1000;
}

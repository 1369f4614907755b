/**
 * client-go's EventCorrelator, with its defaults, in virtual time:
 * - spam filter: a token bucket per (source, object) of 25 events, refilled one per
 *   5 minutes; an event beyond it is dropped (so a ReplicaSet creating 500 pods records
 *   its first 25 SuccessfulCreate events, as a real cluster does);
 * - aggregator: events alike but for the message (same source, object, type, reason)
 *   are counted per 10 minutes; from the 10th distinct message on they are folded into
 *   one "(combined from similar events): ..." event;
 * - logger: an event identical to one written within the last 10 minutes bumps that
 *   event's count and lastTimestamp instead of writing a new one.
 */
export type Correlation =
  | { kind: 'drop' }
  | { kind: 'create'; key: string; message: string }
  | { kind: 'bump'; key: string; name: string; count: number; message: string };

import { flat } from '../api/flat-string.js';

const BURST = 25;
const REFILL_MS = 300_000;
const MAX_SIMILAR = 10;
const INTERVAL_MS = 600_000;
const MAX_KEYS = 4096;

/**
 * The distinct messages of one aggregate group: nearly every group has one (a pod's
 * "Created container: web"), so the first is a field and a Set is made only for a
 * second (a Set of one was ~100 of the ~300 bytes a kubelet kept per group).
 */
class Messages {
  private first: string | undefined;
  private more: Set<string> | undefined;

  constructor(public at: number) {}

  get size(): number {
    return (this.first === undefined ? 0 : 1) + (this.more?.size ?? 0);
  }

  add(m: string): void {
    if (m === this.first || this.more?.has(m) === true) return;
    if (this.first === undefined) this.first = m;
    else (this.more ??= new Set()).add(m);
  }

  delete(m: string): void {
    if (m === this.first) this.first = undefined;
    else this.more?.delete(m);
  }
}

export class EventCorrelator {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly similar = new Map<string, Messages>();
  private readonly written = new Map<string, { name: string; count: number; at: number }>();

  /**
   * One correlator serves one recorder, hence one source (component and host): upstream's
   * keys start with the source, which here would be the same ~20 characters in every key
   * of a kubelet's ~10 keys per pod, so they leave it out.
   */
  correlate(nowMs: number, object: string, type: string, reason: string, message: string): Correlation {
    if (!this.take(object, nowMs)) return { kind: 'drop' };
    const aggregateKey = `${object}|${type}|${reason}`;
    let group = this.similar.get(aggregateKey);
    if (group === undefined || nowMs - group.at > INTERVAL_MS) {
      group = new Messages(nowMs);
      this.setBounded(this.similar, aggregateKey, group);
    }
    group.at = nowMs;
    group.add(message);
    let key = `${aggregateKey}|${message}`;
    let text = message;
    if (group.size >= MAX_SIMILAR) {
      group.delete(message);
      key = aggregateKey;
      text = `(combined from similar events): ${message}`;
    }
    const prior = this.written.get(key);
    if (prior !== undefined && nowMs - prior.at <= INTERVAL_MS) {
      prior.count++;
      prior.at = nowMs;
      return { kind: 'bump', key, name: prior.name, count: prior.count, message: text };
    }
    return { kind: 'create', key, message: text };
  }

  created(key: string, name: string, nowMs: number): void {
    this.setBounded(this.written, key, { name, count: 1, at: nowMs });
  }

  private take(key: string, nowMs: number): boolean {
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = { tokens: BURST, at: nowMs };
      this.setBounded(this.buckets, key, b);
    }
    const refill = Math.floor((nowMs - b.at) / REFILL_MS);
    if (refill > 0) {
      b.tokens = Math.min(BURST, b.tokens + refill);
      b.at += refill * REFILL_MS;
    }
    if (b.tokens <= 0) return false;
    b.tokens--;
    return true;
  }

  /**
   * An LRU-ish bound like client-go's caches (4096 entries): oldest insertion goes first.
   * A key is kept flat (flat-string.ts): each kubelet's correlator keeps ~9 keys per pod
   * on its node, built from the object's kind, namespace, name, uid and the message.
   */
  private setBounded<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(flat(key), value);
    if (map.size > MAX_KEYS) map.delete(map.keys().next().value as string);
  }
}

import type { Enqueuer } from './enqueue-log.js';
import type { ObjectIndex, Transition } from './object-index.js';
import { keyOf, regardingOf, type WriteFacts } from './write-facts.js';

/**
 * One controller's reaction pattern (docs/import.md, "Inference rules"): which writes
 * put which key on its work queue (`enqueues`, each named by the rule it stands for:
 * `rs-scale`, `kubelet-binding` ...), and for a write it made, which key it was syncing
 * (`syncKey`). The cause of its write is the newest enqueuer of that key from before the
 * write, within `windowMs`.
 */
export interface Rule {
  queue: string;
  windowMs: number;
  /**
   * the key this write's actor was syncing when it wrote (or several, when more than one
   * kind of event wakes the same sync: the newest of them is the cause), or undefined if
   * the rule does not cover the write
   */
  syncKey(f: WriteFacts, t: Transition, idx: ObjectIndex): string | readonly string[] | undefined;
  /** [key, rule name] pairs this write enqueues on the queue */
  enqueues(f: WriteFacts, t: Transition, idx: ObjectIndex): Array<readonly [string, string]>;
  /** the kubelet's final delete follows its own status write in the same instant */
  sameInstant?(f: WriteFacts): boolean;
  /** a name for the link other than the enqueuer's (kubelet-final-delete) */
  rename?(f: WriteFacts, e: Enqueuer): string;
  /**
   * a cluster event that ends every WAITING key's wait (wake-log.ts): its rule name, or
   * undefined; with `wakeKeepMs`, how long a wait lasts at most
   */
  wakes?(f: WriteFacts, t: Transition): string | undefined;
  wakeKeepMs?: number;
}

/**
 * The object a write is about, for syncKey: the object itself, or for a Kubernetes
 * Event the object it reports on (a ReplicaSet's SuccessfulCreate is part of the sync
 * that created the pod, so it has that sync's cause).
 */
export function subjectOf(f: WriteFacts, t: Transition, idx: ObjectIndex): { kind: string; key: string; owner: string | undefined } | undefined {
  if (f.kind !== 'Event') return { kind: f.kind, key: keyOf(f.kind, f.namespace, f.name), owner: t.after.owner };
  const r = regardingOf(f.object);
  if (r === undefined) return undefined;
  const key = keyOf(r.kind, r.namespace, r.name);
  return { kind: r.kind, key, owner: idx.get(key)?.owner };
}

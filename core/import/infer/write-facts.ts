import type { EpochMs } from '../../sim/time.js';
import type { ObservedVerb } from '../observed-write.js';

/** What the inference sees of one imported write (after redaction, with its actor named). */
export interface WriteFacts {
  seq: number;
  timeMs: number;
  /** when the source says the write happened (an audit line's stageTimestamp, a watch event's capture time) */
  at: EpochMs;
  /** storage effect: create | update | delete */
  verb: string;
  requestVerb: ObservedVerb;
  subresource: string | null;
  kind: string;
  namespace: string | null;
  name: string;
  actor: string;
  object: Record<string, unknown>;
  partial: boolean;
  /**
   * seen by a poll or a list (k8shark's polls, record's first lists and relists), not as
   * it happened: `at` is when it was polled, the write was somewhere before
   */
  polled: boolean;
}

/** kind/namespace/name: one object's key in the index and the queues. */
export function keyOf(kind: string, namespace: string | null, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function metadataOf(object: Record<string, unknown>): {
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind?: string; name?: string; uid?: string; controller?: boolean }>;
  deletionTimestamp?: string;
} {
  const m = object.metadata;
  return m !== null && typeof m === 'object' ? (m as ReturnType<typeof metadataOf>) : {};
}

/** The controlling owner (controller: true), as upstream's GetControllerOf. */
export function controllerOf(object: Record<string, unknown>): { kind: string; name: string; uid: string } | undefined {
  const ref = metadataOf(object).ownerReferences?.find((r) => r.controller === true);
  return ref?.kind !== undefined && ref.name !== undefined ? { kind: ref.kind, name: ref.name, uid: ref.uid ?? '' } : undefined;
}

/** The object an Event is about (core/v1 involvedObject, events.k8s.io/v1 regarding). */
export function regardingOf(object: Record<string, unknown>): { kind: string; namespace: string | null; name: string } | undefined {
  const r = (object.involvedObject ?? object.regarding) as { kind?: string; namespace?: string; name?: string } | undefined;
  return r?.kind !== undefined && r.name !== undefined ? { kind: r.kind, namespace: r.namespace ?? null, name: r.name } : undefined;
}

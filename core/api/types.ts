/**
 * The shapes the API server stores. Objects are plain JSON; the few fields every
 * component touches are typed, the rest stays open like unstructured.Unstructured.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- open like unstructured
  status?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What a watch delivers. `seq` is the write that produced it: the cause of whatever reacts. */
export interface WatchEvent {
  type: WatchEventType;
  object: Readonly<KObject>;
  seq: number;
}

export type Verb = 'create' | 'update' | 'delete';
export type Subresource = 'status' | 'binding' | 'eviction' | 'scale' | 'finalize';

/** The columns every recorded write has, whether in flight (WriteEvent) or stored (EventRow). */
export interface EventColumns {
  seq: number;
  timeMs: number;
  verb: Verb;
  subresource: Subresource | null;
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  uid: string;
  resourceVersion: number;
  actor: string;
  causeSeq: number | null;
  reason: string | null;
  message: string | null;
}

/** One accepted write, as the API server emits it on writes$. */
export interface WriteEvent extends EventColumns {
  /** The object after the write (for delete, its last state), serialized once. */
  objectJson: string;
  object: Readonly<KObject>;
}

/** Who is writing and why: every request carries it so the recording can tell. */
export interface RequestContext {
  actor: string;
  causeSeq?: number | null;
  reason?: string | null;
  message?: string | null;
  /** Server-side dry run: validate and default, store nothing. */
  dryRun?: boolean;
  /** The field manager of the write (managedFields); unset: derived from the actor. */
  fieldManager?: string;
  /** The API version the request spoke when it is not the stored one (autoscaling/v1 HPAs). */
  apiVersion?: string;
  /** Set by server-side apply: the managedFields it computed, stored as they are. */
  appliedManagedFields?: readonly object[];
}

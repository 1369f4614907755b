import type { EpochMs } from '../sim/time.js';

/**
 * What every reader of real cluster history (audit logs, k8shark archives, a live watch)
 * hands the import pipeline: one write the real API server accepted, as the source saw it.
 * The readers know their format; the pipeline (import-writer.ts) knows the recording:
 * it names the actor, infers the cause, puts the write on the recording's time axis and
 * appends it. Nothing here is invented: a field the source did not hold stays null.
 */
export type ObservedVerb = 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

/** Where a write or a failure was read: shown by `why` and the viewer, kept in `provenance`. */
export interface SourceRef {
  /** the file as the user named it (a folder's member: the member's path) */
  file: string;
  /** 1-based line (JSON lines), record index (arrays, archives) or watch event number */
  line: number;
  /** the audit ID, GKE insertId or k8shark record id, when the source has one */
  id: string | null;
}

export interface ObservedWrite {
  /** when the write completed (stageTimestamp, operation.last's timestamp, captured_at) */
  at: EpochMs;
  /** microseconds past `at`'s millisecond (audit timestamps carry µs): orders ties */
  atMicros: number;
  verb: ObservedVerb;
  subresource: string | null;
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  /**
   * The object after the write (for delete, its last known state). Null when the source
   * held no object and none could be folded; the pipeline then stores `{apiVersion, kind,
   * metadata:{name, namespace}}` and marks the row partial.
   */
  object: Record<string, unknown> | null;
  /** true when `object` is not the whole object (a Metadata/Request-level fold, a redaction) */
  partial: boolean;
  /** what made the object partial or redacted, for the provenance note ("request-level fold") */
  note: string | null;
  /** the audit user (username), or null for watch data */
  user: string | null;
  userAgent: string | null;
  /** the object's resourceVersion after the write, as text; null when unknown */
  resourceVersion: string | null;
  /** audit level, or 'watch' / 'poll' for captures */
  level: 'Metadata' | 'Request' | 'RequestResponse' | 'watch' | 'poll';
  source: SourceRef;
}

/** A request the API server refused (4xx/5xx): a marker in the recording, not an event. */
export interface ObservedFailure {
  at: EpochMs;
  atMicros: number;
  verb: string;
  subresource: string | null;
  kind: string | null;
  resource: string;
  namespace: string | null;
  name: string | null;
  user: string | null;
  userAgent: string | null;
  code: number;
  reason: string | null;
  message: string | null;
  source: SourceRef;
}

/** A line or record that could not be read: counted, the first few shown, never fatal alone. */
export interface SkippedInput {
  source: SourceRef;
  why: string;
}

/**
 * Where a reader delivers (the audit reader, the k8shark reader, and the tests' stand-ins):
 * writes in time order, failures, what it skipped, and progress in the reader's own unit
 * (bytes for the audit reader, counted through both of its passes; records for k8shark).
 */
export interface ImportSink {
  write(w: ObservedWrite): void;
  failure(f: ObservedFailure): void;
  skipped(s: SkippedInput): void;
  progress?(done: number, total: number): void;
}

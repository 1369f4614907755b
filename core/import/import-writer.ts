import { STATUS_CODES } from 'node:http';
import { chainHash, GENESIS } from '../record/hash.js';
import { Recording } from '../record/recording.js';
import type { EventRow, InferredCauseRow, MarkerRow, ProvenanceRow } from '../record/schema.js';
import { epochText, virtualSince, type EpochMs } from '../sim/time.js';
import { actorOfAuditUser, actorOfManagedFields } from './actor.js';
import { eventReporterActor } from './event-reporter.js';
import { CauseInference } from './infer/cause-inference.js';
import { narrate } from './narrate.js';
import type { ObservedFailure, ObservedWrite, SkippedInput } from './observed-write.js';
import { redactSecret } from './redact-secret.js';
import { RevisionColumn } from './revision-column.js';
import { storageVerb } from './storage-verb.js';

export interface ImportMeta {
  sources: string[];
  kind: 'audit' | 'k8shark' | 'watch';
  keepSecrets: boolean;
  cluster?: string;
}

export interface ImportSummary {
  events: number;
  failures: number;
  skipped: number;
  skippedShown: SkippedInput[];
  inferred: number;
  partial: number;
  /** RFC 3339 of the first write (time 0); '' when nothing was imported */
  startTime: string;
  endMs: number;
  /** The longest stretch between two writes (or failures) in a row, and the real times either side: '' when fewer than two. */
  widestGap: { ms: number; from: string; to: string };
}

/** How many skipped inputs are kept to show (the summary line and meta.import_skipped). */
const SKIPPED_SHOWN = 5;
/** Rows per transaction, as the Recorder: 2,000 rows of ~2 KB commit in a few ms. */
const BATCH = 2000;

/**
 * Turns what readers observed (audit lines, k8shark records, a live watch) into a
 * schema-4 recording: the same events table, hash chain and seal as a simulated run, so
 * verify, get --at, why, history and the viewer read it unchanged. What the writer adds
 * (docs/import.md): the actor, Secret redaction, the time axis (the first write or
 * failure is 0 ms, its real time in meta.start_time), a resourceVersion column, inferred
 * causes (inferred_causes, never events.cause_seq) and provenance.
 */
export class ImportWriter {
  private rows: EventRow[] = [];
  private markers: MarkerRow[] = [];
  private inferred: InferredCauseRow[] = [];
  private provenanceRows: ProvenanceRow[] = [];
  private seq = 0;
  private prevHash = GENESIS;
  private written = 0;
  private writtenHead = GENESIS;
  private start: EpochMs | undefined;
  private lastTime = 0;
  /** The previous write's real time, for the widest gap (logs of two clusters, or years apart, put in one import). */
  private lastAt: EpochMs | undefined;
  private widest = { ms: 0, from: '', to: '' };
  private readonly revisions = new RevisionColumn();
  private readonly inference = new CauseInference();
  private failures = 0;
  private skippedCount = 0;
  private readonly skippedShown: SkippedInput[] = [];
  private inferredCount = 0;
  private partialCount = 0;
  private closed = false;

  private constructor(
    private readonly recording: Recording,
    private readonly importMeta: ImportMeta,
  ) {}

  /**
   * A new recording at `path` (an older recording there is replaced, any other file
   * refused: Recording.create). meta.source is `record` for a live watch, else `import`.
   */
  static create(path: string, meta: ImportMeta): ImportWriter {
    const rec = Recording.create(path, {
      source: meta.kind === 'watch' ? 'record' : 'import',
      import_kind: meta.kind,
      import_sources: JSON.stringify(meta.sources),
      name: meta.cluster ?? 'imported',
      title: meta.cluster !== undefined ? `${meta.cluster}` : `imported from ${meta.sources.length === 1 ? meta.sources[0] : `${meta.sources.length} files`}`,
      keep_secrets: meta.keepSecrets ? '1' : '0',
      end_time_ms: '0',
      ...(meta.cluster !== undefined ? { cluster: meta.cluster } : {}),
    });
    return new ImportWriter(rec, meta);
  }

  /**
   * The time axis: the first write or failure is 0 ms and its real time goes into
   * meta.start_time (and meta.epoch, so `get --at 12:00:03` and object ages line up).
   * A write that arrives earlier than the one before it (readers sort, so only a clock
   * step between two files) keeps the previous time: events.time_ms never goes back.
   */
  private timeOf(at: EpochMs): number {
    if (this.start === undefined) {
      this.start = at;
      const text = epochText(at);
      this.recording.setMeta({ start_time: text, epoch: text });
    }
    if (this.lastAt !== undefined && at - this.lastAt > this.widest.ms) this.widest = { ms: at - this.lastAt, from: epochText(this.lastAt), to: epochText(at) };
    if (this.lastAt === undefined || at > this.lastAt) this.lastAt = at;
    const t = Math.max(this.lastTime, virtualSince(at, this.start));
    this.lastTime = t;
    return t;
  }

  add(w: ObservedWrite): number {
    if (this.closed) throw new Error('import writer: add after close');
    const timeMs = this.timeOf(w.at);
    const seq = ++this.seq;
    let object: Record<string, unknown> = w.object ?? { apiVersion: w.apiVersion, kind: w.kind, metadata: { name: w.name, ...(w.namespace !== null ? { namespace: w.namespace } : {}) } };
    let partial = w.partial || w.object === null;
    const notes: string[] = w.note !== null ? [w.note] : w.object === null ? ['no object in the source'] : [];
    if (!this.importMeta.keepSecrets) {
      const r = redactSecret(w.kind, object);
      if (r.redacted) {
        object = r.object;
        partial = true;
        notes.push('secret values redacted');
      }
    }
    let actor = w.user !== null ? actorOfAuditUser(w.user, w.userAgent) : actorOfManagedFields(w.kind, w.object, w.subresource, w.verb);
    // kube-controller-manager's shared credentials (no per-controller service account or
    // user agent suffix) name no controller; its Events still name their reporter.
    if (actor === 'kube-controller-manager' && w.kind === 'Event' && w.verb !== 'delete' && w.verb !== 'deletecollection') actor = eventReporterActor(w.object) ?? actor;
    const meta = (object.metadata ?? {}) as { uid?: unknown };
    const objectJson = JSON.stringify(object);
    const verb = storageVerb(w.verb, w.subresource, object);
    const { reason, message } = narrate(w, object, actor);
    const row: EventRow = {
      seq, timeMs, verb, subresource: w.subresource, apiVersion: w.apiVersion, kind: w.kind, namespace: w.namespace, name: w.name,
      uid: typeof meta.uid === 'string' ? meta.uid : '', resourceVersion: this.revisions.next(w.resourceVersion),
      actor, causeSeq: null, reason, message, object: objectJson, hash: '',
    };
    row.hash = chainHash(this.prevHash, row);
    this.prevHash = row.hash;
    this.rows.push(row);
    this.provenanceRows.push({ seq, file: w.source.file, line: w.source.line, sourceId: w.source.id, level: w.level, partial, note: notes.length > 0 ? notes.join('; ') : null });
    if (partial) this.partialCount++;
    const cause = this.inference.observe({ seq, timeMs, at: w.at, verb, requestVerb: w.verb, subresource: w.subresource, kind: w.kind, namespace: w.namespace, name: w.name, actor, object, partial, polled: w.level === 'poll' });
    if (cause !== undefined) {
      this.inferred.push(cause);
      this.inferredCount++;
    }
    if (this.rows.length >= BATCH) this.flush();
    return seq;
  }

  /** A refused request: a marker of kind `failure` titled "403 Forbidden: create pods by bob", at the last event's seq. */
  addFailure(f: ObservedFailure): void {
    const timeMs = this.timeOf(f.at);
    const resource = f.subresource !== null ? `${f.resource}/${f.subresource}` : f.resource;
    const who = f.user !== null ? ` by ${f.user}` : '';
    const title = `${f.code} ${STATUS_CODES[f.code] ?? f.reason ?? 'Error'}: ${f.verb} ${resource}${who}`;
    const target = f.name !== null ? `${f.namespace !== null ? `${f.namespace}/` : ''}${f.name}` : null;
    const body = [f.message, target !== null ? `object: ${target}` : null, `source: ${f.source.file}:${f.source.line}${f.source.id !== null ? ` (${f.source.id})` : ''}`]
      .filter((l): l is string => l !== null && l !== '')
      .join('\n');
    this.markers.push({ timeMs, seq: this.seq > 0 ? this.seq : null, kind: 'failure', title, body });
    this.failures++;
    if (this.markers.length >= BATCH) this.flush();
  }

  skipped(s: SkippedInput): void {
    this.skippedCount++;
    if (this.skippedShown.length < SKIPPED_SHOWN) this.skippedShown.push(s);
  }

  /** The seq the next add() will return minus one: how many writes so far. */
  get count(): number {
    return this.seq;
  }

  flush(): void {
    if (this.rows.length === 0 && this.markers.length === 0) return;
    const rows = this.rows;
    this.recording.appendImported(rows, this.markers, { inferred: this.inferred, provenance: this.provenanceRows });
    this.rows = [];
    this.markers = [];
    this.inferred = [];
    this.provenanceRows = [];
    this.written += rows.length;
    const last = rows[rows.length - 1];
    if (last !== undefined) this.writtenHead = last.hash;
    // `record` mode: a follower (the viewer) sees how far the recording goes.
    this.recording.setMeta({ end_time_ms: String(this.lastTime) });
  }

  /**
   * Flushes and seals like Recorder.close: event_count and head_hash of what is in the
   * file, complete = 1 only on a clean end; the skipped inputs shown in the summary go
   * into meta.import_skipped. The file is folded back into one .db.
   */
  close(opts: { complete: boolean }): ImportSummary {
    if (this.closed) throw new Error('import writer: closed twice');
    this.closed = true;
    let failure: Error | undefined;
    try {
      this.flush();
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
    try {
      this.recording.setMeta({
        complete: opts.complete && failure === undefined ? '1' : '0',
        end_time_ms: String(this.lastTime),
        event_count: String(this.written),
        head_hash: this.writtenHead,
        log_count: '0',
        log_head: GENESIS,
        import_counts: JSON.stringify({ events: this.written, failures: this.failures, skipped: this.skippedCount, inferred: this.inferredCount, partial: this.partialCount }),
        ...(this.skippedShown.length > 0 ? { import_skipped: JSON.stringify(this.skippedShown) } : {}),
        ...(failure !== undefined ? { error: failure.message } : {}),
      });
    } finally {
      this.recording.close();
    }
    if (failure !== undefined) throw failure;
    return {
      events: this.written,
      failures: this.failures,
      skipped: this.skippedCount,
      skippedShown: [...this.skippedShown],
      inferred: this.inferredCount,
      partial: this.partialCount,
      startTime: this.start === undefined ? '' : epochText(this.start),
      endMs: this.lastTime,
      widestGap: { ...this.widest },
    };
  }
}

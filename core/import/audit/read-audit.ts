import fs from 'node:fs';
import type { ImportSink, ObservedFailure, ObservedWrite, SkippedInput } from '../observed-write.js';
import { type AuditRecord, isObject } from './audit-record.js';
import { type EnvelopeItem, readEnvelope } from './envelope.js';
import { type AuditInput, AuditInputError, discoverInputs, gunzipTo, tempDir } from './input-files.js';
import { modeOf, scanDocument, scanLines } from './input-scan.js';
import { LineFetcher } from './line-reader.js';
import { ObjectFolder } from './object-fold.js';
import { emptyCounts } from './scan-counts.js';
import { WriteIndex } from './write-index.js';

/**
 * `kubelapse import`'s audit reader: the named files and folders in, ObservedWrites out
 * in time order, with failures and skipped lines beside them. Two passes keep memory
 * bounded on a log of any length: the first indexes where each write is and when
 * (write-index.ts), the second reads them back sorted and folds each into the object
 * after it (object-fold.ts). Fatal (AuditInputError) only when nothing could be read.
 */

export interface AuditReadSummary {
  inputs: number;
  lines: number;
  entries: number;
  writes: number;
  failures: number;
  skipped: number;
  reads: number;
  incomplete: number;
  other: number;
  /** the same auditID completed twice (overlapping files): the most complete kept */
  duplicates: number;
  partial: number;
  /** one line for the user when the logs held no write ("no writes in 37 lines: 37 reads (get/list/watch)") */
  message: string | null;
}

export { AuditInputError };

const LEVEL_RANK: Record<string, number> = { Metadata: 1, Request: 2, RequestResponse: 3 };

export async function readAuditInputs(paths: string[], sink: ImportSink): Promise<AuditReadSummary> {
  const inputs = discoverInputs(paths);
  const total = 2 * inputs.reduce((sum, i) => sum + i.bytes, 0);
  let done = 0;
  const onBytes = (b: number): void => {
    done += b;
    sink.progress?.(Math.min(done, total), total);
  };
  const counts = emptyCounts();
  let skipped = 0;
  const reasons: string[] = [];
  const skip = (s: SkippedInput): void => {
    skipped++;
    if (reasons.length < 3) reasons.push(`${s.source.file}${s.source.line > 0 ? `:${s.source.line}` : ''}: ${s.why}`);
    sink.skipped(s);
  };
  const index = new WriteIndex();
  const held: EnvelopeItem[][] = [];
  let tmp: string | null = null;
  try {
    for (const [n, input] of inputs.entries()) {
      held[n] = [];
      if (input.bytes === 0) {
        skip({ source: { file: input.name, line: 0, id: null }, why: 'empty file' });
        continue;
      }
      if (input.gzip) {
        tmp ??= tempDir();
        const broken = await gunzipTo(input, tmp, n);
        if (broken !== null) skip({ source: { file: input.name, line: 0, id: null }, why: broken });
      }
      const mode = modeOf(input);
      if (mode === 'lines') await scanLines(input, n, index, counts, skip, input.gzip ? () => undefined : onBytes);
      else held[n] = scanDocument(input, mode, n, index, counts, skip);
      if (input.gzip || mode !== 'lines') onBytes(input.bytes);
    }
    if (counts.entries === 0) {
      throw new AuditInputError(`nothing could be read from ${inputs.map((i) => i.name).join(', ')}${reasons.length > 0 ? `: ${reasons[0]}` : ''}`);
    }
    const rank = rankInputs(inputs, counts.first);
    const summary = emit(inputs, index, rank, held, sink, skip, onBytes);
    // The second pass re-reads only the writes' lines: the bar ends full all the same.
    sink.progress?.(total, total);
    const message = summary.writes + summary.failures > 0 ? null : noWrites(counts.lines, counts.reads, counts.incomplete, counts.other);
    return { inputs: inputs.length, lines: counts.lines, entries: counts.entries, reads: counts.reads, incomplete: counts.incomplete, other: counts.other, skipped, message, ...summary };
  } finally {
    if (tmp !== null) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Inputs by the earliest time inside, then as named: rotated backups before `audit.log`. */
function rankInputs(inputs: AuditInput[], first: number[]): number[] {
  const order = inputs.map((_, n) => n).sort((a, b) => (first[a] ?? Infinity) - (first[b] ?? Infinity) || a - b);
  const rank: number[] = [];
  order.forEach((n, r) => (rank[n] = r));
  return rank;
}

function noWrites(lines: number, reads: number, incomplete: number, other: number): string {
  const n = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
  const parts = [reads > 0 ? `${n(reads, 'read', 'reads')} (get/list/watch)` : null, incomplete > 0 ? n(incomplete, 'unfinished stage', 'unfinished stages') : null, other > 0 ? n(other, 'other request', 'other requests') : null].filter((p) => p !== null);
  return `no writes in ${n(lines, 'line', 'lines')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** Pass 2: the indexed entries in time order, duplicates merged, each folded and handed on. */
function emit(inputs: AuditInput[], index: WriteIndex, rank: number[], held: EnvelopeItem[][], sink: ImportSink, skip: (s: SkippedInput) => void, onBytes: (b: number) => void) {
  const order = index.sorted(rank);
  const fetchers = new Map<number, LineFetcher>();
  const folder = new ObjectFolder();
  const out = { writes: 0, failures: 0, duplicates: 0, partial: 0 };
  let cached = { input: -1, offset: -1, items: [] as EnvelopeItem[] };
  const recordAt = (i: number): AuditRecord => {
    const n = index.input(i);
    const offset = index.offset(i);
    if (offset < 0) return held[n]?.[index.sub(i)] as AuditRecord;
    if (cached.input !== n || cached.offset !== offset) {
      let fetcher = fetchers.get(n);
      if (fetcher === undefined) fetchers.set(n, (fetcher = new LineFetcher((inputs[n] as AuditInput).file)));
      const text = fetcher.text(offset, index.length(i));
      if (!(inputs[n] as AuditInput).gzip) onBytes(index.length(i) + 1);
      cached = { input: n, offset, items: readEnvelope(JSON.parse(text)) };
    }
    return cached.items[index.sub(i)] as AuditRecord;
  };
  try {
    // One completion time at a time: the same auditID twice in it is one request logged
    // twice (overlapping rotated files, two backends); the most complete level is kept.
    for (let g = 0; g < order.length; ) {
      const key = index.key(order[g] as number);
      const group: Array<{ r: AuditRecord; i: number }> = [];
      for (; g < order.length && index.key(order[g] as number) === key; g++) group.push({ r: recordAt(order[g] as number), i: order[g] as number });
      const best = new Map<string, { r: AuditRecord; i: number }>();
      for (const e of group) {
        const id = e.r.id;
        if (id === null) continue;
        const seen = best.get(id);
        if (seen === undefined || (LEVEL_RANK[e.r.level] ?? 0) > (LEVEL_RANK[seen.r.level] ?? 0)) best.set(id, e);
      }
      for (const e of group) {
        if (e.r.id !== null && best.get(e.r.id) !== e) {
          out.duplicates++;
          continue;
        }
        const source = { file: (inputs[index.input(e.i)] as AuditInput).name, line: index.line(e.i), id: e.r.id };
        if (e.r.code >= 400) {
          sink.failure(failureOf(e.r, source));
          out.failures++;
          continue;
        }
        for (const w of writesOf(e.r, source, folder, skip)) {
          sink.write(w);
          out.writes++;
          if (w.partial) out.partial++;
        }
      }
    }
  } finally {
    for (const f of fetchers.values()) f.close();
  }
  return out;
}

function failureOf(r: AuditRecord, source: ObservedFailure['source']): ObservedFailure {
  return {
    at: r.at, atMicros: r.atMicros, verb: r.verb, subresource: r.ref.subresource, kind: null, resource: r.ref.resource,
    namespace: r.ref.namespace, name: r.ref.name, user: r.user, userAgent: r.userAgent, code: r.code, reason: r.reason, message: r.message, source,
  };
}

/** One write; a deletecollection answered with the list it deleted, one delete per item. */
function writesOf(r: AuditRecord, source: ObservedWrite['source'], folder: ObjectFolder, skip: (s: SkippedInput) => void): ObservedWrite[] {
  const where = `${r.ref.resource}${r.ref.namespace !== null ? ` in ${r.ref.namespace}` : ''}`;
  if (r.verb === 'deletecollection') {
    const items = isObject(r.responseObject) && Array.isArray(r.responseObject.items) ? r.responseObject.items : null;
    if (items === null) {
      skip({ source, why: `deletecollection of ${where} at ${r.level} level: which objects went is not in the log` });
      return [];
    }
    return items.flatMap((item) => {
      const name = isObject(item) && isObject(item.metadata) && typeof item.metadata.name === 'string' ? item.metadata.name : null;
      return name === null ? [] : [writeOf({ ...r, verb: 'delete', responseObject: item }, name, source, folder, 'delete')];
    });
  }
  const name = r.ref.name ?? nameIn(r.responseObject) ?? nameIn(r.requestObject);
  if (name === null) {
    skip({ source, why: `${r.verb} of ${where} without a name (generateName at ${r.level} level)` });
    return [];
  }
  return [writeOf(r, name, source, folder, r.verb as ObservedWrite['verb'])];
}

function writeOf(r: AuditRecord, name: string, source: ObservedWrite['source'], folder: ObjectFolder, verb: ObservedWrite['verb']): ObservedWrite {
  const f = folder.fold(r, name);
  return {
    // The simulator records a delete that only sets deletionTimestamp as an update: so here.
    at: r.at, atMicros: r.atMicros, verb: f.graceful ? 'update' : verb, subresource: r.ref.subresource, apiVersion: f.apiVersion, kind: f.kind, namespace: r.ref.namespace, name,
    object: f.object, partial: f.partial, note: f.note, user: r.user, userAgent: r.userAgent, resourceVersion: f.resourceVersion, level: r.level, source,
  };
}

function nameIn(body: unknown): string | null {
  return isObject(body) && isObject(body.metadata) && typeof body.metadata.name === 'string' && body.metadata.name !== '' ? body.metadata.name : null;
}

import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { SkippedInput } from '../observed-write.js';
import { epochMicros } from '../../sim/time.js';
import { type AuditRecord, isObject, READ_VERBS, WRITE_VERBS } from './audit-record.js';
import { type EnvelopeItem, readEnvelope } from './envelope.js';
import type { AuditInput } from './input-files.js';
import { readLines } from './line-reader.js';
import type { ScanCounts } from './scan-counts.js';
import type { WriteIndex } from './write-index.js';

/**
 * The first pass over one input: every entry is read, reads and unfinished stages are
 * counted, bad lines reported, and each completed write or failure goes into the index
 * with its time and position. JSON lines (what the apiserver writes) stream; a JSON
 * document (a GKE export's array, a pretty-printed CloudWatch or Azure export) and YAML
 * documents (KHI's samples) are read whole, so they are capped at WHOLE_DOCUMENT_BYTES.
 */
export const WHOLE_DOCUMENT_BYTES = 256 << 20;

export type InputMode = 'lines' | 'json' | 'yaml';

export function modeOf(input: AuditInput): InputMode {
  const fd = fs.openSync(input.file, 'r');
  const head = Buffer.alloc(65_536);
  const n = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  const first = head
    .toString('utf8', 0, n)
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  if (/\.ya?ml(\.gz)?$/i.test(input.name)) return 'yaml';
  if (first === undefined) return 'lines';
  if (first.startsWith('[') || first === '{') return 'json';
  // A YAML document starts with `---` or a `key: value` line; anything else is JSON lines
  // (with bad lines among them, which pass 1 reports one by one).
  return first === '---' || /^['"]?[\w@$./-]+['"]?:(\s|$)/.test(first) ? 'yaml' : 'lines';
}

/** Pass 1 over a JSON-lines input. */
export async function scanLines(input: AuditInput, n: number, index: WriteIndex, counts: ScanCounts, skipped: (s: SkippedInput) => void, onBytes: (b: number) => void): Promise<void> {
  for await (const l of readLines(input.file, onBytes)) {
    if ('tooLong' in l) {
      skipped({ source: { file: input.name, line: l.tooLong.line, id: null }, why: `line of ${l.tooLong.length} bytes: too long for an audit entry` });
      continue;
    }
    counts.lines++;
    if (l.text.trim() === '') continue;
    if (isPlainRead(l.text)) {
      counts.entries++;
      counts.reads++;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (err) {
      const cut = l.unterminated && /end of JSON|Unterminated/i.test((err as Error).message);
      skipped({ source: { file: input.name, line: l.line, id: null }, why: cut ? 'truncated last line (no newline, JSON cut off)' : `not JSON (${(err as Error).message})` });
      continue;
    }
    readEnvelope(value).forEach((item, sub) => classify(item, input, n, l.line, l.offset, l.length, sub, index, counts, skipped));
  }
}

/** Pass 1 over a whole JSON or YAML document; returns the entries, held for pass 2. */
export function scanDocument(input: AuditInput, mode: 'json' | 'yaml', n: number, index: WriteIndex, counts: ScanCounts, skipped: (s: SkippedInput) => void): EnvelopeItem[] {
  const size = fs.statSync(input.file).size;
  if (size > WHOLE_DOCUMENT_BYTES) {
    skipped({ source: { file: input.name, line: 0, id: null }, why: `a whole ${mode.toUpperCase()} document of ${size} bytes is over the ${WHOLE_DOCUMENT_BYTES >> 20} MB a document may have: write it as JSON lines (jq -c '.[]')` });
    return [];
  }
  const text = fs.readFileSync(input.file, 'utf8');
  counts.lines += text.split('\n').length;
  const items: EnvelopeItem[] = [];
  if (mode === 'json') {
    try {
      items.push(...readEnvelope(JSON.parse(text)));
    } catch (err) {
      skipped({ source: { file: input.name, line: 0, id: null }, why: `not a JSON document (${(err as Error).message})` });
    }
  } else {
    parseAllDocuments(text).forEach((doc, i) => {
      if (!('errors' in doc) || doc.errors.length > 0) {
        const first = 'errors' in doc ? doc.errors[0]?.message.split('\n')[0] : 'empty document';
        skipped({ source: { file: input.name, line: i + 1, id: null }, why: `not a YAML audit entry (${first})` });
        return;
      }
      const value = doc.toJS() as unknown;
      if (value !== null && value !== undefined) items.push(...readEnvelope(value));
    });
  }
  items.forEach((item, sub) => classify(item, input, n, sub + 1, -1, 0, sub, index, counts, skipped));
  return items;
}

function classify(item: EnvelopeItem, input: AuditInput, n: number, line: number, offset: number, length: number, sub: number, index: WriteIndex, counts: ScanCounts, skipped: (s: SkippedInput) => void): void {
  if ('why' in item) {
    skipped({ source: { file: input.name, line, id: null }, why: item.why });
    return;
  }
  counts.entries++;
  counts.first[n] = Math.min(counts.first[n] ?? Infinity, epochMicros(item.at, item.atMicros));
  if (!item.complete) {
    counts.incomplete++;
  } else if (READ_VERBS.has(item.verb)) {
    counts.reads++;
  } else if (!WRITE_VERBS.has(item.verb) || item.ref.resource === '') {
    counts.other++;
  } else {
    index.add(epochMicros(item.at, item.atMicros), rvOf(item), n, line, offset, length, sub);
  }
}

/**
 * Reads are most of a real audit log (kubelets and controllers list and watch far more
 * than they write: 37 of audit2rbac's 37 lines) and are only counted, so a plain v1 line
 * that is plainly a completed read is not parsed. kube-apiserver writes an Event's fields
 * in the Go struct's order (kind, apiVersion, level, auditID, stage, requestURI, verb), so
 * the first `"verb":` within the first 2 KB is the top-level one, before any body where a
 * SubjectAccessReview's own `"verb":"get"` could sit. Anything else takes the full parse.
 */
const READ_PREFIX = /^\{"kind":"Event","apiVersion":"audit\.k8s\.io\/v1","level":"[A-Za-z]+","auditID":"[^"]*","stage":"ResponseComplete","requestURI":"(?:[^"\\]|\\.)*","verb":"(?:get|list|watch)"/;

function isPlainRead(text: string): boolean {
  return text.charCodeAt(text.length - 1) === 125 /* } */ && READ_PREFIX.test(text.slice(0, 2048));
}

/** The resourceVersion after the write, as a number for ordering; -1 when the log has none. */
function rvOf(r: AuditRecord): number {
  const meta = isObject(r.responseObject) && isObject(r.responseObject.metadata) ? r.responseObject.metadata : null;
  const rv = Number(meta?.resourceVersion);
  return typeof meta?.resourceVersion === 'string' && Number.isSafeInteger(rv) ? rv : -1;
}

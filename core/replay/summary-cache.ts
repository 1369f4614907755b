import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { indexCacheFile } from './index-cache.js';

/** Bump when the file's layout changes: older files are then rebuilt, never misread. */
const SUMMARY_CACHE_VERSION = 1;

/**
 * Summaries of object versions (the part of each a table prints, as JSON), by version seq,
 * for one recording and one kind, kept in the cache folder beside the index cache
 * (index-cache.ts: never in or beside the recording). The file holds the versions asked
 * for so far: `get pods -A --at 30s` on the 20,000-pod KWOK recording reads 20,202 rows of
 * 3.8 kB and parses them (~2.6 s of CPU with the GC it causes) the first time, and ~7 MB of
 * summaries the next; `--at 31s` reads only the versions written in between.
 *
 * The first line names what the file was made from: the layout version, the summariser
 * (`fieldsId`: a build with other masks writes another name), the kind, and the
 * recording's last seq and hash (append-only and hash-chained: those two name every row).
 * A recording that grew, an older build's file, a damaged or foreign one: not read, and
 * rewritten whole by the next `save`. A folder that cannot be written costs only the rows.
 */
export class SummaryCache {
  private added = 0;

  private constructor(
    private readonly file: string,
    private readonly head: string,
    private readonly entries: Map<number, string>,
  ) {}

  static open(recordingPath: string, kind: string, fieldsId: string, lastSeq: number, lastHash: string): SummaryCache {
    const file = summaryCacheFile(recordingPath, kind);
    const head = `kubelapse-summary v${SUMMARY_CACHE_VERSION} ${fieldsId} ${kind} ${lastSeq} ${lastHash}`;
    return new SummaryCache(file, head, readEntries(file, head));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The summary JSON of the version written at `seq`, if this file has it. */
  get(seq: number): string | undefined {
    return this.entries.get(seq);
  }

  set(seq: number, json: string): void {
    this.entries.set(seq, json);
    this.added++;
  }

  /** Writes the file again if anything was added: whole or not at all (a temporary file, renamed). */
  save(): void {
    if (this.added === 0) return;
    const lines = [this.head];
    for (const [seq, json] of this.entries) lines.push(`${seq}\t${json}`);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${lines.join('\n')}\n`);
      fs.renameSync(tmp, this.file);
      this.added = 0;
    } catch {
      // a read-only cache folder: the next run reads the rows again
    }
  }
}

/** The summary cache file of one kind of a recording, beside its index cache file. */
export function summaryCacheFile(recordingPath: string, kind: string): string {
  return indexCacheFile(recordingPath).replace(/\.index\.bin$/, `.summary-${kind}.jsonl`);
}

/** seq -> summary JSON, from a file whose first line is `head`; empty for anything else. */
function readEntries(file: string, head: string): Map<number, string> {
  const entries = new Map<number, string>();
  let text: string;
  try {
    // Read as bytes, then decoded: an ASCII file (names and fields of Pods and Nodes always
    // are; an Event's message may not be) as latin1, ~45 ms for the KWOK recording's 15 MB of
    // Pod summaries against ~160 ms for readFileSync(file, 'utf8').
    const bytes = fs.readFileSync(file);
    text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch {
    return entries; // none yet
  }
  let at = text.indexOf('\n');
  if (at < 0 || text.slice(0, at) !== head) return entries;
  // Every line ends in "\n" (the file is written whole); a line without one is not trusted.
  for (let end = text.indexOf('\n', at + 1); end >= 0; end = text.indexOf('\n', at + 1)) {
    const tab = text.indexOf('\t', at + 1);
    if (tab < 0 || tab > end) return new Map(); // not ours: rebuild it all
    const seq = Number(text.slice(at + 1, tab));
    if (!Number.isInteger(seq) || seq <= 0) return new Map();
    entries.set(seq, text.slice(tab + 1, end));
    at = end;
  }
  return entries;
}

import { writePaced, type PacedOut } from '../paced-out.js';
import { kubectlRef, resolveKind } from '../../api/kinds.js';
import { matches, parseSelector } from '../../api/labels.js';
import { Recording } from '../../record/recording.js';
import { Replay } from '../../replay/replay.js';
import { formatRows, parseRow, rowLabels, rowName, rowSummaryId, summarizeRow, SUMMARISED_KINDS, type RowSummary } from '../../printers/row-summary.js';
import { ByteTable } from '../../printers/row-bytes.js';
import { jsonListPieces, yamlListPieces, yamlStringify } from '../../printers/list-text.js';
import { formatTable, toTable } from '../../printers/tables.js';
import { clusterClock, parseEpoch } from '../../sim/time.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';
import { seqOrTime } from '../moment.js';
import { writePartialNote } from './partial-note.js';
import { writeNotFound } from './not-found.js';

const NEWLINE = Buffer.from('\n');

export interface GetOptions {
  at?: string;
  seq?: string;
  namespace?: string;
  allNamespaces?: boolean;
  output?: string;
  selector?: string;
  /** Recordings of this many events or more keep an index and summary cache (tests: 1; 0 never). */
  cacheFrom?: number;
  /** Tests: print tables from whole objects, as before summaries, to compare. */
  wholeObjects?: boolean;
}

function noResources(namespaced: boolean, namespace: string | null): void {
  process.stderr.write(namespaced && namespace !== null ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
}

/**
 * `kubectl get`, against the cluster as it was at a moment of a recording. With `paced`,
 * a whole kind's -o json or -o yaml is written through it and the exit code comes when the
 * last piece was taken; without, everything goes to `out` before it returns.
 */
export function getCommand(file: string, kindWord: string, name: string | undefined, opts: GetOptions, out: (line: string) => void, outBytes?: (chunk: Uint8Array) => boolean): number;
export function getCommand(file: string, kindWord: string, name: string | undefined, opts: GetOptions, out: (line: string) => void, outBytes: ((chunk: Uint8Array) => boolean) | undefined, paced: PacedOut): number | Promise<number>;
export function getCommand(file: string, kindWord: string, name: string | undefined, opts: GetOptions, out: (line: string) => void, outBytes?: (chunk: Uint8Array) => boolean, paced?: PacedOut): number | Promise<number> {
  const info = resolveKind(kindWord);
  if (info === undefined) throw new UsageError(`the recording has no resource type "${kindWord}"`);
  const output = opts.output ?? '';
  if (!['', 'wide', 'json', 'yaml', 'name'].includes(output)) throw new UsageError(`-o: unsupported output format "${output}" (wide, json, yaml, name)`);
  if (opts.at !== undefined && opts.seq !== undefined) throw new UsageError('--at and --seq: give one or the other');
  const selector = opts.selector === undefined ? undefined : parseSelector(opts.selector);
  const rec = Recording.open(file, { readonly: true });
  writePartialNote(file);
  let pacing = false; // the recording is closed by the paced writing, when it ends
  try {
    const replay = Replay.open(rec, opts.cacheFrom === undefined ? {} : { cacheFrom: opts.cacheFrom });
    const meta = rec.meta();
    const { seq, nowMs } = seqOrTime(opts, replay, rec, file);
    const namespace = info.namespaced && !opts.allNamespaces ? (opts.namespace ?? 'default') : null;
    if (opts.wholeObjects !== true && output === 'name' && name === undefined && selector === undefined) {
      // Names are in the index: no row read (viewAt), where summaries or stateAt read every
      // object of the kind (100,000 Pods: their summaries, or ~500 MB of JSON parsed).
      const view = replay.viewAt(seq, { kinds: [info.kind], namespace });
      for (let i = 0; i < view.length; i++) out(kubectlRef(info, view.name(i)));
      return EXIT_OK;
    }
    if (opts.wholeObjects !== true && (output === 'json' || output === 'yaml') && name === undefined && selector === undefined) {
      // The List from the rows' recorded texts (list-text.ts), a piece at a time: 100,000
      // Pods are ~470 MB of JSON, whose parse held ~1.4 GB and whose one indented string
      // would pass V8's longest string. To a pipe each piece waits until the reader took
      // the one before (`| jq`: 955 MB queued in this process failed with ENOBUFS).
      const view = replay.viewAt(seq, { kinds: [info.kind], namespace });
      const pieces = output === 'json' ? jsonListPieces(view) : yamlListPieces(view);
      if (paced === undefined) {
        for (const piece of pieces) out(piece);
        return EXIT_OK;
      }
      pacing = true;
      return writePaced(pieces, paced, () => rec.close());
    }
    // A name reads only that object's row (namedAt), not every object of the kind.
    // A table or -o name of Pods, Nodes or Events prints from row summaries (row-summary.ts), not whole objects.
    if (opts.wholeObjects !== true && name === undefined && output !== 'json' && output !== 'yaml' && SUMMARISED_KINDS.has(info.kind)) {
      const epoch = parseEpoch(meta.epoch ?? '1970-01-01T00:00:00Z');
      const placing = clusterClock(epoch, () => nowMs); // places timestamps; its now is not read
      const id = rowSummaryId(meta.epoch);
      if (selector === undefined && output !== 'name') {
        // The table straight from the summary lines' bytes (row-bytes.ts); formatRows' strings
        // only when a line is not ASCII or kept as JSON.
        const live = replay.liveKindAt(seq, info.kind, namespace);
        if (live.seqs.length === 0) {
          noResources(info.namespaced, namespace);
          return EXIT_OK;
        }
        const table = new ByteTable(info.kind, live.seqs.length, nowMs, output === 'wide', namespace === null && info.namespaced);
        if (replay.summaryBytes(live.seqs, info.kind, { id, summarize: (o) => summarizeRow(o, placing) }, table.take)) {
          if (outBytes === undefined) out(table.text());
          else {
            table.write(outBytes);
            outBytes(NEWLINE);
          }
          return EXIT_OK;
        }
      }
      let rows = replay.summariesAt<RowSummary>(seq, info.kind, namespace, {
        id,
        summarize: (o) => summarizeRow(o, placing),
        parse: (line) => parseRow(info.kind, line),
      });
      if (selector !== undefined) rows = rows.filter((r) => matches(selector, rowLabels(r)));
      if (output === 'name') for (const r of rows) out(kubectlRef(info, rowName(r)));
      else if (rows.length === 0) noResources(info.namespaced, namespace);
      else {
        out(formatRows(info.kind, rows, nowMs, output === 'wide', namespace === null && info.namespaced));
      }
      return EXIT_OK;
    }
    // A selector keeps only the objects it matches alive while the rest are parsed and dropped (StateView.where).
    let objects =
      name !== undefined
        ? replay.namedAt(seq, { kinds: [info.kind], namespace }, name)
        : selector !== undefined && opts.wholeObjects !== true
          ? replay.viewAt(seq, { kinds: [info.kind], namespace }).where((o) => matches(selector, o.metadata.labels))
          : replay.stateAt(seq, { kinds: [info.kind], namespace });
    if (selector !== undefined) objects = objects.filter((o) => matches(selector, o.metadata.labels));
    if (name !== undefined && objects.length === 0) {
      writeNotFound(replay, info, namespace, name, seq, nowMs);
      return EXIT_FAILED;
    }
    if (output === 'json') {
      out(JSON.stringify(name !== undefined ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects }, null, 2));
    } else if (output === 'yaml') {
      out(yamlStringify(name !== undefined ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects }).trimEnd());
    } else if (output === 'name') {
      for (const o of objects) out(kubectlRef(info, o.metadata.name ?? ''));
    } else if (objects.length === 0) {
      noResources(info.namespaced, namespace);
    } else {
      const clock = clusterClock(parseEpoch(meta.epoch ?? '1970-01-01T00:00:00Z'), () => nowMs);
      const table = toTable(info.kind, objects, clock, output === 'wide', namespace === null && info.namespaced);
      out(formatTable(table.columns, table.rows));
    }
    return EXIT_OK;
  } finally {
    if (!pacing) rec.close();
  }
}

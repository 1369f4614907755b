import { resolveKind } from '../../api/kinds.js';
import { Recording, type EventQuery } from '../../record/recording.js';
import { formatClock } from '../../scenario/duration.js';
import { eventObject, eventVerb } from '../../printers/event-row.js';
import { formatTable } from '../../printers/tables.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { limitedEvents } from './events-query.js';
import { intArg, timeArg } from '../time-arg.js';
import { seqWithin, windowWithin } from '../moment.js';
import { writePartialNote } from './partial-note.js';
import { writePaced, type PacedOut } from '../paced-out.js';
import { nearNames } from './near-names.js';

export interface EventsOptions {
  kind?: string;
  name?: string;
  namespace?: string;
  actor?: string;
  reason?: string;
  from?: string;
  to?: string;
  fromSeq?: string;
  toSeq?: string;
  limit?: string;
  json?: boolean;
}

/**
 * A readable timeline of a recording, or NDJSON with --json (one event a line). With
 * `paced` (stdout: paced-out.ts), each page waits until the reader took the one
 * before: a million events are ~400 MB of text, which a slow `| grep` would otherwise
 * leave queued in this process.
 */
export function eventsCommand(file: string, opts: EventsOptions, out: (line: string) => void): number;
export function eventsCommand(file: string, opts: EventsOptions, out: (line: string) => void, paced: PacedOut): number | Promise<number>;
export function eventsCommand(file: string, opts: EventsOptions, out: (line: string) => void, paced?: PacedOut): number | Promise<number> {
  const q: EventQuery = {};
  if (opts.kind !== undefined) {
    const info = resolveKind(opts.kind);
    if (info === undefined) throw new UsageError(`--kind: unknown kind "${opts.kind}"`);
    q.kind = info.kind;
  }
  if (opts.name !== undefined) q.name = opts.name;
  if (opts.namespace !== undefined) q.namespace = opts.namespace;
  if (opts.actor !== undefined) q.actor = opts.actor;
  if (opts.reason !== undefined) q.reason = opts.reason;
  const from = timeArg('--from', opts.from);
  const to = timeArg('--to', opts.to);
  if (from !== undefined) q.fromTime = from;
  if (to !== undefined) q.toTime = to;
  const fromSeq = intArg('--from-seq', opts.fromSeq);
  const toSeq = intArg('--to-seq', opts.toSeq);
  if (fromSeq !== undefined) q.fromSeq = fromSeq;
  if (toSeq !== undefined) q.toSeq = toSeq;
  const limit = intArg('--limit', opts.limit);
  if (limit !== undefined) q.limit = limit;
  const rec = Recording.open(file, { readonly: true });
  writePartialNote(file);
  let pacing = false; // the recording is closed by the paced writing, when it ends
  try {
    const lines = eventLines(rec, q, opts, file, from, fromSeq);
    if (paced === undefined) {
      for (const line of lines) out(line);
      return EXIT_OK;
    }
    pacing = true;
    return writePaced(lines, paced, () => rec.close());
  } finally {
    if (!pacing) rec.close();
  }
}

/** eventsCommand's stdout, a line or a page of table rows at a time; its stderr written as it goes. */
function* eventLines(rec: Recording, q: EventQuery, opts: EventsOptions, file: string, from: number | undefined, fromSeq: number | undefined): Generator<string> {
  // A window that opens past the end holds nothing: say where the recording ends (as export does).
  if (from !== undefined) windowWithin('--from', opts.from as string, from, rec, file);
  if (fromSeq !== undefined) seqWithin('--from-seq', fromSeq, rec.lastSeq());
  // An imported recording's rows say where they were read and what was inferred to cause them.
  const imported = rec.meta().source === 'import' || rec.meta().source === 'record';
  if (opts.json) {
    let any = false;
    for (const e of limitedEvents(rec, q)) {
      any = true;
      // The object's text goes out as recorded (checked to be JSON), not re-stringified:
      // exact, and no depth is too deep for it.
      const { object, hash, ...row } = e;
      try {
        JSON.parse(object);
      } catch {
        throw new UsageError(`cannot read recording ${file}: the object of seq ${e.seq} is not JSON`);
      }
      const extra = imported ? { inferredCause: rec.inferredCause(e.seq) ?? null, provenance: rec.provenance(e.seq) ?? null } : {};
      yield `${JSON.stringify({ ...row, ...extra }).slice(0, -1)},"object":${object},"hash":${JSON.stringify(hash)}}`;
    }
    if (!any) process.stderr.write(`${noMatch(rec, q)}\n`);
    return;
  }
  // Tables need column widths, so print in pages of 500 rows to keep memory flat.
  let page: string[][] = [];
  let first = true;
  const flush = (): string | undefined => {
    if (page.length === 0) return undefined;
    const text = formatTable(imported ? ['TIME', 'SEQ', 'ACTOR', 'VERB', 'OBJECT', 'CAUSE', 'SOURCE', 'MESSAGE'] : ['TIME', 'SEQ', 'ACTOR', 'VERB', 'OBJECT', 'REASON', 'MESSAGE'], page);
    const lines = first ? text : text.split('\n').slice(1).join('\n');
    first = false;
    page = [];
    return lines;
  };
  for (const e of limitedEvents(rec, q)) {
    if (imported) {
      const c = rec.inferredCause(e.seq);
      const p = rec.provenance(e.seq);
      const message = e.kind === 'Event' ? `${e.reason ?? ''}: ${e.message ?? ''}` : (e.message ?? '');
      page.push([formatClock(e.timeMs), String(e.seq), e.actor, eventVerb(e), eventObject(e), c !== undefined ? `#${c.causeSeq} inferred (${c.rule})` : '', p !== undefined ? `${p.file}:${p.line}${p.partial ? ' partial' : ''}` : '', message]);
    } else page.push([formatClock(e.timeMs), String(e.seq), e.actor, eventVerb(e), eventObject(e), e.reason ?? '', e.message ?? '']);
    if (page.length >= 500) yield flush() as string;
  }
  if (first && page.length === 0) process.stderr.write(`${noMatch(rec, q)}\n`);
  const last = flush();
  if (last !== undefined) yield last;
}

/**
 * "no events match", and when an --actor names no actor of the recording, the near ones
 * (near-names.ts, as logs does for pods): `--actor kubctl` finds `kubectl`, `--actor
 * kubelet` the `kubelet/<node>` actors. The actors are read only when nothing matched.
 */
function noMatch(rec: Recording, q: EventQuery): string {
  if (q.actor === undefined) return 'no events match';
  const actors = rec.db.prepare('SELECT DISTINCT actor FROM events').pluck(true).all() as string[];
  if (actors.includes(q.actor)) return 'no events match';
  const near = nearNames(q.actor, actors);
  return `no events match: no actor "${q.actor}" in the recording${near.length > 0 ? `; did you mean: ${near.join(', ')}` : ''}`;
}

import { inferredLabel } from '../../import/infer/rule-labels.js';
import type { EventRow, InferredCauseRow, ProvenanceRow } from '../../record/schema.js';
import { eventObject, eventVerb } from '../../printers/event-row.js';
import { Recording } from '../../record/recording.js';
import { Replay } from '../../replay/replay.js';
import { formatClock } from '../../scenario/duration.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';

function line(e: EventRow): string {
  return `#${e.seq} ${formatClock(e.timeMs)} ${e.actor} ${eventVerb(e)} ${eventObject(e)}${e.reason ? ` (${e.reason})` : ''}${e.message ? `: ${e.message}` : ''}`;
}

/** "from audit.log:17 (4f6a-...), RequestResponse" and, for a partial object, why. */
export function provenanceText(p: ProvenanceRow): string {
  return `from ${p.file}:${p.line}${p.sourceId !== null ? ` (${p.sourceId})` : ''}, ${p.level}${p.partial ? `, partial${p.note !== null ? `: ${p.note}` : ''}` : ''}`;
}

interface Step {
  event: EventRow;
  /** how this step's cause was known: recorded (events.cause_seq) or inferred */
  inferred: InferredCauseRow | undefined;
}

/**
 * The chain back from `seq`: each event's recorded cause, or for an imported write its
 * inferred one (a recorded cause always wins; an imported write never has one).
 */
function chainOf(rec: Recording, event: EventRow, maxDepth = 1000): Step[] {
  const steps: Step[] = [];
  const seen = new Set<number>();
  let e: EventRow | undefined = event;
  while (e !== undefined && steps.length < maxDepth && !seen.has(e.seq)) {
    seen.add(e.seq);
    const inferred: InferredCauseRow | undefined = e.causeSeq === null ? rec.inferredCause(e.seq) : undefined;
    steps.unshift({ event: e, inferred });
    const cause: number | null = e.causeSeq ?? inferred?.causeSeq ?? null;
    e = cause === null ? undefined : rec.event(cause);
  }
  return steps;
}

/**
 * "Why did this happen?": the chain of writes that led to event `seq`, numbered from the
 * outside action down, then what it caused in turn. In an imported recording the links
 * are inferred and say so ("inferred: ReplicaSet scaled 4 ms earlier (rule rs-scale)"),
 * and each write says where it was read.
 */
export function whyCommand(file: string, seqText: string, opts: { json?: boolean }, out: (line: string) => void): number {
  if (!/^\d+$/.test(seqText)) {
    // `why x.db pod/web-1`: an object where an event is asked for; history lists its writes, each with its seq.
    throw new UsageError(`invalid seq "${seqText}": a whole number${seqText.includes('/') ? `; why follows one event: for ${seqText}'s writes and their seqs, kubelapse history ${file} ${seqText}` : ''}`);
  }
  const rec = Recording.open(file, { readonly: true });
  try {
    const replay = Replay.open(rec);
    const seq = Number(seqText);
    const event = rec.event(seq);
    if (event === undefined) {
      process.stderr.write(`no event with seq ${seqText} in ${file} (it has ${replay.lastSeq})\n`);
      return EXIT_FAILED;
    }
    const steps = chainOf(rec, event);
    const recordedEffects = replay.causalChain(seq)?.effects ?? [];
    const inferredEffects = rec.inferredEffects(seq).map((s) => rec.event(s)).filter((e): e is EventRow => e !== undefined);
    if (opts.json) {
      const strip = ({ object: _o, hash: _h, ...rest }: EventRow) => rest;
      const withLink = (s: Step) => ({ ...strip(s.event), ...(s.inferred !== undefined ? { inferredCause: s.inferred } : {}), ...(rec.provenance(s.event.seq) !== undefined ? { provenance: rec.provenance(s.event.seq) } : {}) });
      out(JSON.stringify({
        ancestors: steps.slice(0, -1).map(withLink),
        event: withLink(steps[steps.length - 1] as Step),
        effects: recordedEffects.map(strip),
        ...(inferredEffects.length > 0 ? { inferredEffects: inferredEffects.map((e) => ({ ...strip(e), inferredCause: rec.inferredCause(e.seq) })) } : {}),
      }, null, 2));
      return EXIT_OK;
    }
    steps.forEach((s, i) => {
      const pad = `    ${'   '.repeat(Math.min(i, 8))}`;
      out(`${String(i + 1).padStart(2)}. ${'   '.repeat(Math.min(i, 8))}${line(s.event)}${s.event === event ? '   <- this event' : ''}`);
      const p = rec.provenance(s.event.seq);
      if (p !== undefined) out(`${pad}${provenanceText(p)}`);
      if (s.inferred !== undefined) out(`${pad}${inferredLabel(s.inferred.rule, s.inferred.delayMs)}`);
    });
    const last = steps[steps.length - 1] as Step;
    if (last.event.causeSeq === null && last.inferred === undefined) {
      out(rec.provenance(last.event.seq) !== undefined ? '    (no cause found: an outside action, or one the source did not show)' : '    (an outside action: nothing in the recording caused it)');
    }
    const effects = [...recordedEffects, ...inferredEffects];
    if (effects.length > 0) {
      out('');
      out(`it caused ${effects.length} write${effects.length === 1 ? '' : 's'}${inferredEffects.length > 0 ? ` (${recordedEffects.length === 0 ? 'all' : inferredEffects.length} inferred)` : ''}:`);
      for (const e of recordedEffects) out(`    ${line(e)}`);
      for (const e of inferredEffects) {
        const c = rec.inferredCause(e.seq);
        out(`    ${line(e)}${c !== undefined ? `   [${inferredLabel(c.rule, c.delayMs)}]` : ''}`);
      }
    }
    return EXIT_OK;
  } finally {
    rec.close();
  }
}

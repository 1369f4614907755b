import { inferredLabel } from '../../../core/import/infer/rule-labels.js';
import type { Recording } from '../../../core/record/recording.js';
import type { EventRow } from '../../../core/record/schema.js';
import type { ChainModel, EventSummary } from '../../shared/model.js';

/**
 * The chain of an imported write: its inferred causes back to a write with none (an
 * outside action, or a cause the source did not show), and the writes inferred to
 * follow from it. Each step carries the link's label and where it was read, so the
 * chain diagram can draw an inferred link as one (dashed, "inferred") and never pass
 * it off as recorded. A recorded cause_seq, where a row has one, is followed as is.
 */
export function inferredChain(rec: Recording, seq: number, sum: (e: EventRow) => EventSummary): ChainModel | undefined {
  const event = rec.event(seq);
  if (event === undefined) return undefined;
  const annotate = (e: EventRow): EventSummary => {
    const s = sum(e);
    const c = e.causeSeq === null ? rec.inferredCause(e.seq) : undefined;
    const p = rec.provenance(e.seq);
    return {
      ...s,
      ...(c !== undefined ? { inferredCause: { causeSeq: c.causeSeq, rule: c.rule, delayMs: c.delayMs, label: inferredLabel(c.rule, c.delayMs) } } : {}),
      ...(p !== undefined ? { provenance: `${p.file}:${p.line}` } : {}),
    };
  };
  const ancestors: EventSummary[] = [];
  const seen = new Set<number>([seq]);
  let cause = event.causeSeq ?? rec.inferredCause(seq)?.causeSeq ?? null;
  while (cause !== null && ancestors.length < 1000 && !seen.has(cause)) {
    seen.add(cause);
    const e = rec.event(cause);
    if (e === undefined) break;
    ancestors.unshift(annotate(e));
    cause = e.causeSeq ?? rec.inferredCause(e.seq)?.causeSeq ?? null;
  }
  const effects = rec.inferredEffects(seq).map((s) => rec.event(s)).filter((e): e is EventRow => e !== undefined).map(annotate);
  return { ancestors, event: annotate(event), effects };
}

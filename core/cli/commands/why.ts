import type { EventRow } from '../../record/schema.js';
import { eventObject, eventVerb } from '../../printers/event-row.js';
import { Recording } from '../../record/recording.js';
import { Replay } from '../../replay/replay.js';
import { formatClock } from '../../scenario/duration.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';

function line(e: EventRow): string {
  return `#${e.seq} ${formatClock(e.timeMs)} ${e.actor} ${eventVerb(e)} ${eventObject(e)}${e.reason ? ` (${e.reason})` : ''}${e.message ? `: ${e.message}` : ''}`;
}

/**
 * "Why did this happen?": the chain of writes that led to event `seq`, numbered from the
 * outside action down, then what it caused in turn.
 */
export function whyCommand(file: string, seqText: string, opts: { json?: boolean }, out: (line: string) => void): number {
  if (!/^\d+$/.test(seqText)) throw new UsageError(`invalid seq "${seqText}": a whole number`);
  const rec = Recording.open(file, { readonly: true });
  try {
    const replay = Replay.open(rec);
    const chain = replay.causalChain(Number(seqText));
    if (chain === undefined) {
      process.stderr.write(`no event with seq ${seqText} in ${file} (it has ${replay.lastSeq})\n`);
      return EXIT_FAILED;
    }
    if (opts.json) {
      const strip = ({ object: _o, hash: _h, ...rest }: EventRow) => rest;
      out(JSON.stringify({ ancestors: chain.ancestors.map(strip), event: strip(chain.event), effects: chain.effects.map(strip) }, null, 2));
      return EXIT_OK;
    }
    const steps = [...chain.ancestors, chain.event];
    steps.forEach((e, i) => out(`${String(i + 1).padStart(2)}. ${'   '.repeat(Math.min(i, 8))}${line(e)}${e === chain.event ? '   <- this event' : ''}`));
    if (chain.event.causeSeq === null) out('    (an outside action: nothing in the recording caused it)');
    if (chain.effects.length > 0) {
      out('');
      out(`it caused ${chain.effects.length} write${chain.effects.length === 1 ? '' : 's'}:`);
      for (const e of chain.effects) out(`    ${line(e)}`);
    }
    return EXIT_OK;
  } finally {
    rec.close();
  }
}

import { qualifiedResource, resolveKind } from '../../api/kinds.js';
import { DESCRIBERS } from '../../printers/describe-quota.js';
import { Recording } from '../../record/recording.js';
import { Replay } from '../../replay/replay.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../exit.js';
import { seqOrTime } from '../moment.js';
import { writePartialNote } from './partial-note.js';
import { writeNotFound } from './not-found.js';

export interface DescribeOptions {
  at?: string;
  seq?: string;
  namespace?: string;
}

/** `kubectl describe`, against a moment of a recording, for the kinds that have a describer (quota, limitrange). */
export function describeCommand(file: string, kindWord: string, name: string, opts: DescribeOptions, out: (line: string) => void): number {
  const info = resolveKind(kindWord);
  if (info === undefined) throw new UsageError(`the recording has no resource type "${kindWord}"`);
  const describe = DESCRIBERS[info.kind];
  if (describe === undefined) {
    // One line: what describe covers, and for anything else the two commands that show an object.
    const ns = info.namespaced && opts.namespace !== undefined ? ` -n ${opts.namespace}` : '';
    throw new UsageError(`describe: no describer for ${qualifiedResource(info)} (it describes ${Object.keys(DESCRIBERS).map((k) => resolveKind(k)?.resource).join(' and ')}); for a ${info.kind}: kubelapse get ${file} ${info.resource} ${name}${ns} -o yaml (its state), kubelapse history ${file} ${info.resource} ${name}${ns} (its changes)`);
  }
  if (opts.at !== undefined && opts.seq !== undefined) throw new UsageError('--at and --seq: give one or the other');
  const rec = Recording.open(file, { readonly: true });
  writePartialNote(file);
  try {
    const replay = Replay.open(rec);
    const { seq, nowMs } = seqOrTime(opts, replay, rec, file);
    const namespace = info.namespaced ? (opts.namespace ?? 'default') : null;
    const found = replay.namedAt(seq, { kinds: [info.kind], namespace }, name)[0];
    if (found === undefined) {
      writeNotFound(replay, info, namespace, name, seq, nowMs);
      return EXIT_FAILED;
    }
    out(describe(found).trimEnd());
    return EXIT_OK;
  } finally {
    rec.close();
  }
}

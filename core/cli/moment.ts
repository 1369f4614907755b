import type { Recording } from '../record/recording.js';
import { recordingEndMs } from '../replay/end-time.js';
import type { Replay } from '../replay/replay.js';
import { formatDuration } from '../scenario/duration.js';
import { UsageError } from './exit.js';
import { intArg, timeArg } from './time-arg.js';

/**
 * Where a --seq, --at or --from lands in a recording, refused past its end in one set of
 * words for every command (get, describe, logs, events, export). Unbounded, a seq past the
 * last event read no time (timeOf(99999) is undefined) and printed AGE `NaNyNaNd` and
 * "(at NaN:0NaN, seq 99999)"; a time past the end showed the last state aged by the gap
 * (`get --at 99m` of a 2-minute recording: AGE 98m) as if the cluster had run on.
 */

/** seq 99999 of a recording of 215 events: "--seq: seq 99999 is past the last event (215)". */
export function seqWithin(flag: string, seq: number, lastSeq: number): number {
  if (seq > lastSeq) throw new UsageError(`${flag}: seq ${seq} is past the last event (${lastSeq})`);
  return seq;
}

/**
 * A moment (`--at 2m`): its state is the last event's until the recording's end
 * (recordingEndMs: a 2-minute run whose last write is at 1:58 still has a state at 2m),
 * so only a time after that end is refused.
 */
export function momentWithin(flag: string, text: string, ms: number, rec: Recording, file: string): number {
  const end = recordingEndMs(rec);
  if (ms > end) throw new UsageError(`${flag} ${text} is after the end of ${file} (it ends at ${formatDuration(end)})`);
  return ms;
}

/**
 * The start of a window of events (`--from 10m`): a window that opens after the last
 * event holds none, so it is refused at the last event's time, not at the end.
 */
export function windowWithin(flag: string, text: string, ms: number, rec: Recording, file: string): number {
  const last = rec.lastEvent()?.timeMs ?? 0;
  if (ms > last) throw new UsageError(`${flag} ${text} is after the end of ${file} (its last event is at ${formatDuration(last)})`);
  return ms;
}

/** get's and describe's `--seq N` / `--at T` (neither: the end), bounded; nowMs is the moment's cluster time. */
export function seqOrTime(opts: { at?: string | undefined; seq?: string | undefined }, replay: Replay, rec: Recording, file: string): { seq: number; nowMs: number; atMs?: number } {
  if (opts.at !== undefined && opts.seq !== undefined) throw new UsageError('--at and --seq: give one or the other');
  const atMs = timeArg('--at', opts.at);
  const seqArg = intArg('--seq', opts.seq);
  if (seqArg !== undefined) {
    const seq = seqWithin('--seq', seqArg, replay.lastSeq);
    return { seq, nowMs: replay.index.timeOf(seq) };
  }
  if (atMs !== undefined) return { seq: replay.seqAtTime(momentWithin('--at', opts.at as string, atMs, rec, file)), nowMs: atMs, atMs };
  return { seq: replay.lastSeq, nowMs: recordingEndMs(rec) };
}

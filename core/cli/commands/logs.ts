import type { KObject } from '../../api/types.js';
import { chooseRun, formatLines, LogRequestError } from '../../kubelet/log-request.js';
import { Recording } from '../../record/recording.js';
import type { LogRow } from '../../record/schema.js';
import { recordingEndMs } from '../../replay/end-time.js';
import { Replay } from '../../replay/replay.js';
import { formatClock } from '../../scenario/duration.js';
import { parseEpoch, toLogTimestamp } from '../../sim/time.js';
import { EXIT_OK, UsageError } from '../exit.js';
import { intArg, timeArg } from '../time-arg.js';
import { momentWithin, seqWithin } from '../moment.js';
import { writePartialNote } from './partial-note.js';
import { nearNames } from './near-names.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

export interface LogsOptions {
  container?: string;
  namespace?: string;
  at?: string;
  previous?: boolean;
  tail?: string;
  timestamps?: boolean;
}

/**
 * `kubectl logs`, against a moment of a recording: the lines the pod's container had
 * written by then (lines carry the newest event seq and the time when written: `--at
 * 412` shows those written up to event 412's time, `--at 90s` those up to 90 s). As kubectl: the current run of
 * the container (`--previous`: the one before), the first container when none is
 * named (with kubectl's "Defaulted container" note), and the kubelet's refusals
 * (waiting to start, no previous run). A pod that is gone by then shows the lines of
 * its last run, with a note, since a recording still has them.
 */
export function logsCommand(file: string, podName: string, opts: LogsOptions, out: (line: string) => void, note: (line: string) => void): number {
  const tail = intArg('--tail', opts.tail === '-1' ? undefined : opts.tail);
  const rec = Recording.open(file, { readonly: true });
  writePartialNote(file);
  try {
    const meta = rec.meta();
    if (!rec.hasLogs()) {
      note(`kubelapse logs: ${file} has no logs table (schema_version ${meta.schema_version ?? '?'}: recorded by ${meta.generator ?? 'a kubelapse'} before container logs were kept), so there are no lines to show`);
      return EXIT_OK;
    }
    const replay = Replay.open(rec);
    const { seq, timeMs } = moment(opts.at, replay, rec, meta, file);
    const namespace = opts.namespace ?? 'default';
    const where = `at ${formatClock(timeMs)}, seq ${seq}`;
    const pod = replay.namedAt(seq, { kinds: ['Pod'], namespace }, podName)[0];
    // The moment is a seq and its time: a line written after event N but before N+1 carries
    // seq_after N and a later time, so it is not there yet at N (it is at N+1), as in the viewer.
    const written = rec.logs({ namespace, pod: podName, toSeq: seq, toTime: timeMs });
    if (pod === undefined && written.length === 0) {
      const known = [...new Set([...replay.liveAt(seq, { kinds: ['Pod'], namespace }).map((p) => replay.index.parseKey(p.keyId).name), ...rec.logPods().filter((p) => p.namespace === namespace).map((p) => p.pod)])];
      const near = nearNames(podName, known);
      throw new UsageError(`pod "${podName}" not found in namespace ${namespace} (${where})${near.length > 0 ? `; did you mean: ${near.join(', ')}` : known.length === 0 ? '; the recording has no pods there' : ''}`);
    }
    const uid = pod?.metadata.uid ?? written[written.length - 1]?.podUid;
    const mine = written.filter((l) => l.podUid === uid || pod?.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined);
    const container = opts.container ?? defaultContainer(pod, mine, note);
    const lines = mine.filter((l) => l.container === container);
    const valid = pod !== undefined ? containerNames(pod) : [...new Set(mine.map((l) => l.container))];
    if (!valid.includes(container)) throw new UsageError(`container ${container} is not valid for pod ${podName} (containers: ${valid.join(', ')})`);
    let run: number | undefined;
    const runs = [...new Set(lines.map((l) => l.restart))];
    if (pod === undefined) {
      note(`kubelapse logs: pod ${podName} no longer exists ${where}: its last run's lines`);
      run = opts.previous ? runs.filter((r) => r < Math.max(...runs)).pop() : Math.max(...runs);
    } else {
      try {
        run = chooseRun(pod, container, opts.previous === true, runs);
      } catch (e) {
        if (e instanceof LogRequestError) throw new UsageError(`${e.message} (${where})`);
        throw e;
      }
    }
    const epoch = parseEpoch(meta.epoch ?? '1970-01-01T00:00:00Z');
    const text = formatLines(lines.filter((l) => l.restart === run), {
      ...(tail !== undefined ? { tailLines: tail } : {}),
      ...(opts.timestamps === true && epoch !== undefined ? { timestamp: (ms: number) => toLogTimestamp(ms, epoch) } : {}),
    });
    if (text !== '') out(text.replace(/\n$/, ''));
    return EXIT_OK;
  } finally {
    rec.close();
  }
}

/** `--at 90s` is a time, `--at 412` the moment right after event 412; the default is the end. */
function moment(at: string | undefined, replay: Replay, rec: Recording, meta: Record<string, string>, file: string): { seq: number; timeMs: number } {
  if (at === undefined) return { seq: replay.lastSeq, timeMs: recordingEndMs(rec, meta) };
  if (/^\d+$/.test(at)) {
    const seq = seqWithin('--at', Number(at), replay.lastSeq);
    return { seq, timeMs: replay.index.timeOf(seq) };
  }
  const timeMs = momentWithin('--at', at, timeArg('--at', at) as number, rec, file);
  return { seq: replay.seqAtTime(timeMs), timeMs };
}

function containerNames(pod: Readonly<KObject>): string[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c: any) => c.name as string);
}

/** kubectl's default: the annotated default container, else the first, saying so when there was a choice. */
function defaultContainer(pod: Readonly<KObject> | undefined, lines: readonly LogRow[], note: (line: string) => void): string {
  if (pod === undefined) return lines[lines.length - 1]?.container ?? '';
  const cs: any[] = pod.spec?.containers ?? [];
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated !== undefined && cs.some((c) => c.name === annotated)) return annotated;
  const first: string = cs[0]?.name ?? '';
  if (cs.length + (pod.spec?.initContainers ?? []).length > 1) {
    const all = [...cs.map((c) => c.name), ...(pod.spec?.initContainers ?? []).map((c: any) => `${c.name} (init)`)];
    note(`Defaulted container "${first}" out of: ${all.join(', ')}`);
  }
  return first;
}

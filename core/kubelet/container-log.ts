import { Subject } from 'rxjs';
import type { KObject } from '../api/types.js';

/** One line a simulated process wrote: a row of the recording's `logs` table. */
export interface LogLine {
  /** the newest event seq when the line was written: the line sits after that event */
  seqAfter: number;
  timeMs: number;
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  /** which run of the container wrote it: its restartCount at the time (0 for the first run) */
  restart: number;
  stream: 'stdout' | 'stderr';
  line: string;
}

/** A pod worker as the log writer sees it: whose lines, on which kubelet's log store. */
export interface LoggingWorker {
  readonly uid: string;
  readonly pod: Readonly<KObject>;
  readonly kubelet: { readonly logs: ContainerLogs };
}

/** A container as the log writer sees it: its name and how many times it restarted. */
export interface LoggingContainer {
  readonly name: string;
  readonly restarts: number;
}

/**
 * The one call for a line of a simulated process's output:
 *   emit(worker, container, 'out of memory', 'stderr')
 * stamps it with the virtual time, the newest event seq and the container's restart, and
 * hands it to the store (which the recorder and `kubectl logs -f` follow).
 */
export function emit(w: LoggingWorker, c: LoggingContainer, line: string, stream: LogLine['stream'] = 'stdout'): void {
  w.kubelet.logs.write(w.pod, w.uid, c.name, c.restarts, line, stream);
}

/** One kept line: a LogLine without its pod and container, which are its `Kept`'s (64 bytes, not 96). */
class KeptLine {
  constructor(
    readonly seqAfter: number,
    readonly timeMs: number,
    readonly restart: number,
    readonly stream: LogLine['stream'],
    readonly line: string,
  ) {}
}

/**
 * What the kubelet keeps of one pod: per container the current run's lines and the
 * previous run's (`--previous`). Nearly every pod has one container that said a line or
 * two, so the first container's lines are fields and a Map is made only for a second; a
 * line list starts as `[line]`. Heap snapshot after the 10,000-pod scale-up: a Map of one
 * container (184 bytes), a list grown by push() (152 bytes of room for 17) and a 96-byte
 * LogLine held ~640 bytes a pod for its one line; now ~200.
 */
class Kept {
  private more: Map<string, KeptLine[]> | undefined;

  constructor(
    readonly uid: string,
    private readonly first: string,
    private firstLines: KeptLine[],
  ) {}

  lines(container: string): KeptLine[] | undefined {
    return container === this.first ? this.firstLines : this.more?.get(container);
  }

  set(container: string, lines: KeptLine[]): void {
    if (container === this.first) this.firstLines = lines;
    else (this.more ??= new Map()).set(container, lines);
  }
}

/**
 * The container runtime's log files, for the whole simulated cluster: every line goes
 * out on `lines$` (the recorder stores each one), and the lines of the current and the
 * previous run of each container of a pod that still exists are kept for reads, as a
 * kubelet keeps the log files of a container's last two instances (older runs are
 * removed with their containers: `kubectl logs --previous` goes back one run only).
 */
export class ContainerLogs {
  readonly lines$ = new Subject<LogLine>();
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly now: () => number,
    private readonly lastSeq: () => number,
  ) {}

  write(pod: Readonly<KObject>, uid: string, container: string, restart: number, line: string, stream: LogLine['stream']): void {
    const namespace = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const l: LogLine = { seqAfter: this.lastSeq(), timeMs: this.now(), namespace, pod: name, podUid: uid, container, restart, stream, line };
    const kept = new KeptLine(l.seqAfter, l.timeMs, restart, stream, line);
    const key = `${namespace}/${name}`;
    const k = this.kept.get(key);
    // A pod of the same name with another uid (a StatefulSet's replacement) starts afresh.
    if (k === undefined || k.uid !== uid) this.kept.set(key, new Kept(uid, container, [kept]));
    else {
      const lines = k.lines(container);
      if (lines === undefined) k.set(container, [kept]);
      else {
        lines.push(kept);
        // Keep two runs: a line of run 3 drops the lines of run 1 and before.
        if ((lines[0]?.restart ?? restart) < restart - 1) k.set(container, lines.filter((x) => x.restart >= restart - 1));
      }
    }
    this.lines$.next(l);
  }

  /** The kept lines of one container of the pod `namespace/name` (uid given: only that pod's), optionally one run only. */
  read(namespace: string, name: string, container: string, opts: { uid?: string; restart?: number } = {}): LogLine[] {
    const k = this.kept.get(`${namespace}/${name}`);
    if (k === undefined || (opts.uid !== undefined && k.uid !== opts.uid)) return [];
    const out: LogLine[] = [];
    for (const x of k.lines(container) ?? []) {
      if (opts.restart !== undefined && x.restart !== opts.restart) continue;
      out.push({ seqAfter: x.seqAfter, timeMs: x.timeMs, namespace, pod: name, podUid: k.uid, container, restart: x.restart, stream: x.stream, line: x.line });
    }
    return out;
  }

  /** The pod is gone from its node: its log files go with it. */
  forget(namespace: string, name: string, uid: string): void {
    if (this.kept.get(`${namespace}/${name}`)?.uid === uid) this.kept.delete(`${namespace}/${name}`);
  }
}

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

/** What the kubelet keeps per container: the current run's lines and the previous run's (`--previous`). */
interface Kept {
  uid: string;
  byContainer: Map<string, LogLine[]>;
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
    const key = `${namespace}/${name}`;
    let k = this.kept.get(key);
    // A pod of the same name with another uid (a StatefulSet's replacement) starts afresh.
    if (k === undefined || k.uid !== uid) {
      k = { uid, byContainer: new Map() };
      this.kept.set(key, k);
    }
    let lines = k.byContainer.get(container);
    if (lines === undefined) k.byContainer.set(container, (lines = []));
    lines.push(l);
    // Keep two runs: a line of run 3 drops the lines of run 1 and before.
    if ((lines[0]?.restart ?? restart) < restart - 1) k.byContainer.set(container, lines.filter((x) => x.restart >= restart - 1));
    this.lines$.next(l);
  }

  /** The kept lines of one container of the pod `namespace/name` (uid given: only that pod's), optionally one run only. */
  read(namespace: string, name: string, container: string, opts: { uid?: string; restart?: number } = {}): LogLine[] {
    const k = this.kept.get(`${namespace}/${name}`);
    if (k === undefined || (opts.uid !== undefined && k.uid !== opts.uid)) return [];
    const lines = k.byContainer.get(container) ?? [];
    return opts.restart === undefined ? [...lines] : lines.filter((l) => l.restart === opts.restart);
  }

  /** The pod is gone from its node: its log files go with it. */
  forget(namespace: string, name: string, uid: string): void {
    if (this.kept.get(`${namespace}/${name}`)?.uid === uid) this.kept.delete(`${namespace}/${name}`);
  }
}

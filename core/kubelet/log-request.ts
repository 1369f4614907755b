import type { KObject } from '../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs and statuses are open JSON */

/** A refusal with upstream's words; the API serves it as a 400 BadRequest Status. */
export class LogRequestError extends Error {
  override name = 'LogRequestError';
}

/** A line as the readers see it: which run of the container wrote it, when, and what. */
export interface RunLine {
  restart: number;
  timeMs: number;
  line: string;
}

const names = (list: any[] | undefined): string => (list ?? []).map((c) => c.name).join(' ');

/**
 * Which container a log request is for (the API server's LogLocation): the one named,
 * which must be one of the pod's (init) containers, else the only one. Two containers
 * and none named: "a container name must be specified for pod web, choose one of:
 * [app sidecar] or one of the init containers: [wait]".
 */
export function chooseContainer(pod: Readonly<KObject>, container: string | undefined): string {
  const name = pod.metadata.name ?? '';
  const spec = pod.spec ?? {};
  if (container === undefined || container === '') {
    const cs: any[] = spec.containers ?? [];
    if (cs.length === 1) return cs[0].name;
    if (cs.length === 0) throw new LogRequestError(`a container name must be specified for pod ${name}`);
    const init = names(spec.initContainers);
    throw new LogRequestError(`a container name must be specified for pod ${name}, choose one of: [${names(cs)}]${init === '' ? '' : ` or one of the init containers: [${init}]`}`);
  }
  const all: any[] = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (!all.some((c) => c.name === container)) throw new LogRequestError(`container ${container} is not valid for pod ${name}`);
  return container;
}

/**
 * Which run of the container the lines come from (the kubelet's
 * validateContainerLogStatus), from the pod's reported status and the runs that wrote
 * lines. Running or terminated: its newest run; `previous`: the run before it. Waiting
 * after a failure (CrashLoopBackOff): the run that failed, for both, as upstream serves
 * the last terminated container either way. Waiting with no run yet: "container "app" in
 * pod "web-1" is waiting to start: ContainerCreating".
 */
export function chooseRun(pod: Readonly<KObject>, container: string, previous: boolean, runs: readonly number[]): number | undefined {
  const name = pod.metadata.name ?? '';
  const statuses: any[] = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  const st = statuses.find((s) => s.name === container);
  if (st === undefined) throw new LogRequestError(`container "${container}" in pod "${name}" is not available`);
  const newest = runs.length === 0 ? undefined : Math.max(...runs);
  const waiting = st.state?.waiting;
  const lastTerminated = st.lastState?.terminated;
  if (previous) {
    if (lastTerminated === undefined) throw new LogRequestError(`previous terminated container "${container}" in pod "${name}" not found`);
    if (waiting !== undefined) return newest;
    const before = runs.filter((r) => newest !== undefined && r < newest);
    return before.length === 0 ? undefined : Math.max(...before);
  }
  if (st.state?.running !== undefined || st.state?.terminated !== undefined || lastTerminated !== undefined) return newest;
  const reason: string = waiting?.reason ?? '';
  if (reason === 'ErrImagePull') throw new LogRequestError(`container "${container}" in pod "${name}" is waiting to start: image can't be pulled`);
  if (reason === 'ImagePullBackOff') throw new LogRequestError(`container "${container}" in pod "${name}" is waiting to start: trying and failing to pull image`);
  if (waiting !== undefined) throw new LogRequestError(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  throw new LogRequestError(`container "${container}" in pod "${name}" is waiting to start - no logs yet`);
}

export interface LogSelect {
  /** only lines at or after this virtual time (sinceSeconds / sinceTime) */
  sinceMs?: number;
  /** the last n lines only */
  tailLines?: number;
  /** prefix each line with its timestamp */
  timestamp?: (ms: number) => string;
  /** stop after this many bytes */
  limitBytes?: number;
}

/** The response body: the run's lines after `since`, the last `tail` of them, stamped, cut at `limitBytes`. */
export function formatLines(lines: readonly RunLine[], o: LogSelect): string {
  let chosen = o.sinceMs === undefined ? lines : lines.filter((l) => l.timeMs >= (o.sinceMs as number));
  if (o.tailLines !== undefined) chosen = o.tailLines === 0 ? [] : chosen.slice(-o.tailLines);
  const text = chosen.map((l) => formatLine(l, o.timestamp)).join('');
  return o.limitBytes === undefined ? text : cutBytes(text, o.limitBytes);
}

export function formatLine(l: RunLine, timestamp: ((ms: number) => string) | undefined): string {
  return `${timestamp === undefined ? '' : `${timestamp(l.timeMs)} `}${l.line}\n`;
}

/** The first n bytes of the UTF-8 text (limitBytes may cut a line, as upstream's does). */
export function cutBytes(text: string, n: number): string {
  const b = Buffer.from(text, 'utf8');
  return b.length <= n ? text : b.subarray(0, n).toString('utf8');
}

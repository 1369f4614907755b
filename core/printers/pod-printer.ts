import type { KObject } from '../api/types.js';
import type { ClusterClock } from '../sim/time.js';
import { cellText, sinceCell, type Cell } from './row-cells.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

/** The READY, STATUS and RESTARTS cells of `kubectl get pods`, as upstream's printPod computes them. */
export interface PodCells {
  ready: string;
  status: string;
  restarts: string;
}

/** A native sidecar: an init container with `restartPolicy: Always` (podutil.IsRestartableInitContainer). */
export const isSidecar = (c: any): boolean => c?.restartPolicy === 'Always';

/**
 * printPod (pkg/printers/internalversion, v1.32). Init containers are read first, in order,
 * stopping at the first that is not done: a failed one gives `Init:Error` (or
 * `Init:ExitCode:N` without a reason), a waiting one with a reason other than
 * PodInitializing gives `Init:CrashLoopBackOff`, anything else `Init:i/n`. A started
 * sidecar counts towards READY (one sidecar and one app container, both ready: `2/2`).
 * Once initialized, the app containers are read from the last to the first, so the first
 * container's waiting or terminated reason wins; a pod with one container `Completed` and
 * another running reads `Running` (or `NotReady` without the Ready condition).
 * RESTARTS is the sum with ` (5m ago)` for the newest lastState.terminated.finishedAt;
 * once initialized, restarts of finished regular init containers no longer count.
 */
export function podCells(o: Readonly<KObject>, clock: ClusterClock | undefined): PodCells {
  const cells = podCellsOnClock(o, clock);
  return { ...cells, restarts: clock === undefined ? (cells.restarts as string) : cellText(cells.restarts, clock.now()) };
}

/**
 * podCells with RESTARTS as a Cell: `3 (` + since(last restart) + ` ago)` is kept as the
 * restart's virtual ms, so a row summarised once (Replay.summariesAt) prints at any now.
 * Nothing else here reads the clock's now: `later` only compares two timestamps.
 */
export function podCellsOnClock(o: Readonly<KObject>, clock: ClusterClock | undefined): { ready: string; status: string; restarts: Cell } {
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  const inits: any[] = spec.initContainers ?? [];
  const total = (spec.containers ?? []).length + inits.filter(isSidecar).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = '';
  let lastSidecarRestart = '';
  const later = (a: string, b: string | undefined): string => (b !== undefined && clock !== undefined && (a === '' || clock.virtualOf(b) > clock.virtualOf(a)) ? b : a);
  let reason: string = status.reason || status.phase || '';
  for (const c of status.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';

  const byName = new Map<string, any>(inits.map((c) => [c.name, c]));
  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += restartsOf(c);
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
    const sidecar = isSidecar(byName.get(c.name));
    if (sidecar) {
      sidecarRestarts += restartsOf(c);
      lastSidecarRestart = later(lastSidecarRestart, c.lastState?.terminated?.finishedAt);
    }
    const t = c.state?.terminated;
    const w = c.state?.waiting;
    if (t !== undefined && (t.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (t !== undefined) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    else if (w !== undefined && w.reason && w.reason !== 'PodInitializing') reason = `Init:${w.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some((c: any) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += restartsOf(c);
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      const t = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (t?.reason) reason = t.reason;
      else if (t !== undefined) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
      else if (c.ready && c.state?.running !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (o.metadata.deletionTimestamp !== undefined && status.reason === 'NodeLost') reason = 'Unknown';
  else if (o.metadata.deletionTimestamp !== undefined && !terminal) reason = 'Terminating';
  const restartsCell = restarts !== 0 && lastRestart !== '' && clock !== undefined ? sinceCell(lastRestart, clock, `${restarts} (`, ' ago)') : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsCell };
}

/**
 * A container's restartCount as a number. The API's is an int32, but an imported audit log
 * may carry it as text (KHI's test log: `restartCount: "0"`), and `+=` a string printed
 * RESTARTS as "000": what is not a whole number counts as none.
 */
function restartsOf(c: { restartCount?: unknown }): number {
  const n = Number(c.restartCount ?? 0);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

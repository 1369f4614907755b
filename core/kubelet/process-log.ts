import type { Subscription } from 'rxjs';
import type { AppBehaviour } from './app-behaviour.js';
import { emit, type LoggingContainer, type LoggingWorker } from './container-log.js';
import { ignoresSigterm, onSigterm } from './pid1.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON */

/**
 * What a simulated process writes to its stdout/stderr, from its behaviour. The texts are
 * kubelapse's own (there is no real program behind a container): short lines a person
 * reading `kubectl logs` recognises. Other behaviours add their own lines through
 * `emit()` (container-log.ts).
 */
export interface LogWorker extends LoggingWorker {
  readonly app: AppBehaviour;
  after(ms: number, fn: () => void, label: string): Subscription;
}

export interface LogContainer extends LoggingContainer {
  readonly spec: any;
  track(sub: Subscription): Subscription;
}

/** `:80, :443` for the declared containerPorts, in spec order. */
export function portsText(spec: any): string {
  return [...new Set(((spec?.ports ?? []) as Array<{ containerPort?: number }>).map((p) => `:${p.containerPort}`))].join(', ');
}

/**
 * The start of a run: "starting nginx:1.27" at once, "listening on :80" when the
 * process accepts connections (kubelapse/start-time after the start), and "ready" when
 * its readiness endpoint passes (kubelapse/ready-after later still, when that is set).
 * The timers belong to the run, so a run cut short writes no more.
 */
export function logStart(w: LogWorker, c: LogContainer): void {
  emit(w, c, `starting ${c.spec?.image ?? ''}${c.restarts > 0 ? ` (restart ${c.restarts})` : ''}`);
  const ports = portsText(c.spec);
  if (ports === '') return;
  c.track(w.after(w.app.startMs, () => emit(w, c, `listening on ${ports}`), 'log listening'));
  if (w.app.readyAfterMs > 0) c.track(w.after(w.app.startMs + w.app.readyAfterMs, () => emit(w, c, 'ready: accepting requests'), 'log ready'));
}

/** SIGTERM arrived (a delete, a liveness kill): what the app says it does about it. */
export function logSigterm(w: LogWorker, c: LogContainer): void {
  // A `sleep` or a shell as PID 1 never sees the signal (pid1.ts): it says nothing.
  if (!w.app.onSigtermSet && ignoresSigterm(c.spec)) return;
  const s = onSigterm(w.app, c.spec);
  emit(w, c, 'received SIGTERM');
  if (s.kind === 'exit') emit(w, c, 'shutting down');
  else if (s.kind === 'drain') emit(w, c, `draining connections for ${formatSeconds(s.ms)}`);
  else emit(w, c, 'ignoring SIGTERM');
}

/**
 * The last line of a process that ends by itself. A death by a signal (exit code 128+n:
 * 137 is SIGKILL) writes nothing: the process had no chance to.
 */
export function logExit(w: LogWorker, c: LogContainer, exitCode: number): void {
  if (exitCode >= 128) return;
  emit(w, c, `exiting with code ${exitCode}`, exitCode === 0 ? 'stdout' : 'stderr');
}

/** kubelapse/crash-after or a container-crash fault: the process dies of an error of its own. */
export function logCrash(w: LogWorker, c: LogContainer, why: string): void {
  emit(w, c, `fatal: ${why}`, 'stderr');
}

/** kubelapse/runs-for, a Job's command: the work is over, well or not. */
export function logWorkDone(w: LogWorker, c: LogContainer, exitCode: number): void {
  if (exitCode === 0) emit(w, c, 'work done');
  else emit(w, c, 'work failed', 'stderr');
}

/** A request summary line: "served 40 requests in the last 10s". */
export function logServed(w: LoggingWorker, c: LoggingContainer, served: number, periodMs: number): void {
  emit(w, c, `served ${served} request${served === 1 ? '' : 's'} in the last ${formatSeconds(periodMs)}`);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

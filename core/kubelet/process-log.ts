import type { Subscription } from 'rxjs';
import type { AppBehaviour } from './app-behaviour.js';
import { emit, type LoggingContainer, type LoggingWorker } from './container-log.js';
import { ignoresSigterm, onSigterm } from './pid1.js';
import { commandLoop, commandRun, podHostname, type ScriptLoop } from './command-script.js';
import { entrypointPorts } from './images.js';

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

/**
 * `:80, :443` for the declared containerPorts, in spec order, then the ports the image's
 * own entrypoint opens (images.ts) when the container runs it: an nginx that declares no
 * ports still says `listening on :80`.
 */
export function portsText(spec: any): string {
  const declared = ((spec?.ports ?? []) as Array<{ containerPort?: number }>).map((p) => `:${p.containerPort}`);
  const own = entrypointPorts(spec).map((p) => `:${p}`);
  return [...new Set([...declared, ...own])].join(', ');
}

/**
 * A container whose command kubelapse reads (`sleep 30`, `sh -c 'echo hi; sleep 5'`,
 * command-script.ts) prints what that command prints and nothing of kubelapse's own
 * (no "starting busybox", no "work done", no "exiting with code 0"): printScript writes it.
 */
export function isScript(spec: any): boolean {
  return (Array.isArray(spec?.command) && spec.command.length > 0) || (Array.isArray(spec?.args) && spec.args.length > 0) ? commandRun(spec) !== undefined || commandLoop(spec) !== undefined : false;
}

/**
 * The start of a run: "starting nginx:1.27" at once, "listening on :80" when the
 * process accepts connections (kubelapse/start-time after the start), and "ready" when
 * its readiness endpoint passes (kubelapse/ready-after later still, when that is set).
 * The timers belong to the run, so a run cut short writes no more.
 */
export function logStart(w: LogWorker, c: LogContainer): void {
  if (isScript(c.spec)) return;
  emit(w, c, `starting ${c.spec?.image ?? ''}${c.restarts > 0 ? ` (restart ${c.restarts})` : ''}`);
  const ports = portsText(c.spec);
  if (ports === '') return;
  c.track(w.after(w.app.startMs, () => emit(w, c, `listening on ${ports}`), 'log listening'));
  if (w.app.readyAfterMs > 0) c.track(w.after(w.app.startMs + w.app.readyAfterMs, () => emit(w, c, 'ready: accepting requests'), 'log ready'));
}

/** SIGTERM arrived (a delete, a liveness kill): what the app says it does about it. */
export function logSigterm(w: LogWorker, c: LogContainer): void {
  // A `sleep` or a shell as PID 1 never sees the signal (pid1.ts): it says nothing.
  if (!w.app.onSigtermSet && ignoresSigterm(c.spec, w.pod.spec)) return;
  const s = onSigterm(w.app, c.spec, w.pod.spec);
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
  if (exitCode >= 128 || isScript(c.spec)) return;
  emit(w, c, `exiting with code ${exitCode}`, exitCode === 0 ? 'stdout' : 'stderr');
}

/** kubelapse/crash-after or a container-crash fault: the process dies of an error of its own. */
export function logCrash(w: LogWorker, c: LogContainer, why: string): void {
  emit(w, c, `fatal: ${why}`, 'stderr');
}

/** kubelapse/runs-for, a Job's command: the work is over, well or not. */
export function logWorkDone(w: LogWorker, c: LogContainer, exitCode: number): void {
  if (isScript(c.spec)) return;
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

/** A container's count of script lines written this run, so a kubelet back from an outage does not write one twice. */
export interface PrintingContainer extends LogContainer {
  printed: number;
}

/**
 * What a readable script prints, each line at its virtual time (`echo hello; sleep 5;
 * echo bye`: hello at the start, bye 5 s later). `ranMs`: how long the process has run
 * (0 as it starts; a kubelet back from an outage re-arms the lines not yet written, those
 * that fell due meanwhile at once). `date` prints the virtual time as date(1) does:
 * `Thu Jan  1 00:00:05 UTC 2026`.
 */
export function printScript(w: LogWorker, c: PrintingContainer, ranMs: number, nowIso: () => string): void {
  if (!isScript(c.spec)) return;
  const host = podHostname(w.pod);
  const run = commandRun(c.spec, host);
  if (run === undefined) {
    const loop = commandLoop(c.spec, host);
    if (loop !== undefined) printLoop(w, c, loop, ranMs, nowIso);
    return;
  }
  const prints = run.prints;
  for (let i = c.printed; i < prints.length; i++) {
    const p = prints[i] as (typeof prints)[number];
    const write = (): void => {
      c.printed = i + 1;
      emit(w, c, 'line' in p ? p.line : dateText(nowIso()));
    };
    if (p.atMs <= ranMs && i === c.printed) write();
    else c.track(w.after(Math.max(0, p.atMs - ranMs), write, 'print'));
  }
}

/**
 * A `while true` script's passes, one after another for as long as the container runs:
 * each pass's lines at their offsets, the next pass a period later (`echo tick; sleep 5`:
 * tick at 0 s, 5 s, 10 s). Back from a node outage it goes on from the next pass.
 */
function printLoop(w: LogWorker, c: LogContainer, loop: ScriptLoop, ranMs: number, nowIso: () => string): void {
  const pass = (delay: number): void => {
    for (const p of loop.prints) c.track(w.after(delay + p.atMs, () => emit(w, c, 'line' in p ? p.line : dateText(nowIso())), 'print'));
    c.track(w.after(delay + loop.periodMs, () => pass(0), 'loop'));
  };
  pass(ranMs === 0 ? 0 : loop.periodMs - (ranMs % loop.periodMs));
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `2026-01-01T00:00:05Z` (the API server's timestamp of now) as date(1) prints it in UTC:
 * `Thu Jan  1 00:00:05 UTC 2026`. Read from the text (the clocks are converted only in
 * core/sim/time.ts); the weekday by Sakamoto's method: 2026-01-01 -> 4, Thursday.
 */
function dateText(iso: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  if (m === null) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const yy = mo < 3 ? y - 1 : y;
  const day = (yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) + ([0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4][mo - 1] as number) + d) % 7;
  return `${DAYS[day]} ${MONTHS[mo - 1]} ${String(d).padStart(2, ' ')} ${m[4]} UTC ${y}`;
}

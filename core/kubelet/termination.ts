/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON */
import type { AppBehaviour } from './app-behaviour.js';
import { onSigterm } from './pid1.js';

/** upstream minimumGracePeriodInSeconds: SIGTERM always gets at least 2 s before SIGKILL. */
export const MIN_GRACE_MS = 2000;

/**
 * How long a container's preStop hook runs: `exec: [sh, -c, "sleep 5"]` and the
 * `sleep: {seconds: 5}` action take 5 s; an httpGet hook returns at once.
 */
export function preStopMs(container: any): number {
  const h = container?.lifecycle?.preStop;
  if (h === undefined || h === null) return 0;
  if (h.sleep?.seconds !== undefined) return Number(h.sleep.seconds) * 1000;
  const cmd: string[] = h.exec?.command ?? [];
  const m = /(?:^|\s|;|&)sleep\s+(\d+(?:\.\d+)?)/.exec(cmd.join(' '));
  if (m !== null) return Number(m[1]) * 1000;
  return 0;
}

export interface KillPlan {
  /** when SIGTERM is sent, relative to the start of the kill */
  sigtermMs: number;
  /** when the process is gone, relative to the start */
  exitMs: number;
  exitCode: number;
  /** killed by SIGKILL when the grace period ran out */
  sigkill: boolean;
}

/**
 * killContainer's timeline. Grace 30 s, preStop sleep 5 s, an app that drains 10 s:
 * SIGTERM at 5 s, exit 0 at 15 s. A preStop longer than the grace period is cut at the
 * grace period and SIGTERM still gets 2 s: grace 3 s, preStop 10 s -> SIGTERM at 3 s,
 * SIGKILL at 5 s.
 */
export function killPlan(container: any, app: AppBehaviour, graceMs: number): KillPlan {
  const hook = Math.min(preStopMs(container), graceMs);
  const remaining = Math.max(graceMs - hook, MIN_GRACE_MS);
  const sigtermMs = hook;
  const sig = onSigterm(app, container);
  switch (sig.kind) {
    case 'exit':
      return { sigtermMs, exitMs: sigtermMs, exitCode: 0, sigkill: false };
    case 'drain':
      if (sig.ms < remaining) return { sigtermMs, exitMs: sigtermMs + sig.ms, exitCode: 0, sigkill: false };
      return { sigtermMs, exitMs: sigtermMs + remaining, exitCode: 137, sigkill: true };
    case 'ignore':
      return { sigtermMs, exitMs: sigtermMs + remaining, exitCode: 137, sigkill: true };
  }
}

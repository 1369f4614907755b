import { PV, type PodTrack, type PodVersion } from '../../shared/model.js';

/**
 * The one decision of where a terminating pod is: in its preStop hook, or past SIGTERM.
 * The kubelet runs the hook first and sends SIGTERM when it ends, the whole capped by
 * the grace period (kuberuntime's killContainer): prestop-on's 5 s sleep puts SIGTERM
 * 5 s after the delete; prestop-off has no hook, so SIGTERM comes with the delete.
 * The cluster view's chips and the lifecycle rows both ask this.
 */
export type TerminationPart = 'prestop' | 'sigterm';

/** When SIGTERM comes for `pod` in version `v` (written at `versionMs`): deletion start + min(preStop, grace). */
export function sigtermAt(pod: PodTrack, v: PodVersion, versionMs: number): number {
  const start = v[PV.deletionStart] >= 0 ? v[PV.deletionStart] : versionMs;
  const grace = v[PV.grace] >= 0 ? v[PV.grace] * 1000 : Infinity;
  return start + Math.min(pod.preStopMs, grace);
}

export function terminationPart(pod: PodTrack, v: PodVersion, versionMs: number, t: number): TerminationPart {
  return t < sigtermAt(pod, v, versionMs) ? 'prestop' : 'sigterm';
}

/** What ends the current step of a termination, and when (ms). */
export interface TerminationStep {
  part: TerminationPart;
  /** 'sigterm': the hook ends; 'exit': the process exits; 'kill': the grace period runs out (SIGKILL); 'removed': the kubelet removes the exited pod. */
  next: 'sigterm' | 'exit' | 'kill' | 'removed';
  at: number;
  /** When the whole termination ends: the pod's removal, else its exit, else the end of its grace period. */
  end: number;
  start: number;
}

/**
 * Read from what was recorded, not from the grace period alone: prestop-off's pod has
 * 30 s of grace but exits 0.2 s after the delete and is removed with it, so at 0.19 s
 * its chip says "exit 0.0s", not "29.8s" (of a grace period nothing waits for).
 */
export function terminationStep(pod: PodTrack, v: PodVersion, versionMs: number, t: number, removedMs: number | null): TerminationStep {
  const start = v[PV.deletionStart] >= 0 ? v[PV.deletionStart] : versionMs;
  const graceEnd = v[PV.grace] >= 0 ? start + v[PV.grace] * 1000 : Infinity;
  const sigterm = sigtermAt(pod, v, versionMs);
  const exit = pod.exitMs !== null && pod.exitMs >= start ? pod.exitMs : null;
  const end = removedMs ?? exit ?? graceEnd;
  const part = t < sigterm ? 'prestop' : 'sigterm';
  if (part === 'prestop') return { part, next: 'sigterm', at: sigterm, end, start };
  if (exit !== null && t < exit) return { part, next: exit >= graceEnd ? 'kill' : 'exit', at: exit, end, start };
  if (exit === null && (removedMs === null || removedMs >= graceEnd)) return { part, next: 'kill', at: graceEnd, end, start };
  return { part, next: 'removed', at: end, start, end };
}

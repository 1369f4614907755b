import { NV, PV, Stage, STAGE_NAMES } from '../../shared/model.js';
import { clock } from './format.js';
import type { ModelIndex, NodeAt, PodAt } from './model-index.js';
import { terminationStep, type TerminationStep } from './termination.js';

/*
 * What a pod chip and a node box say, shared by the SVG cluster view (small clusters,
 * cluster-svg.ts) and the canvas one (large clusters, cluster-canvas.ts), so both tell
 * the same story: colour, termination step, countdown, tooltip.
 */

export interface Box {
  key: string;
  title: string;
  status: string;
  taints: string;
  kind: 'node' | 'lane';
  ready: number; // NV ready code; 1 for lanes
  cordoned: boolean;
  /** the node reports MemoryPressure (the kubelet's eviction manager) */
  pressure: boolean;
  /** tainted ToBeDeletedByClusterAutoscaler: the cluster-autoscaler is draining and removing it */
  removing: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Chip {
  pod: PodAt;
  x: number;
  y: number;
  /** Fraction of its termination left (1 -> 0: deletion to removal, as recorded) while terminating, else -1. */
  graceLeft: number;
  /** Seconds to the next step of its termination (SIGTERM, exit, SIGKILL, removal). */
  secondsLeft: number;
  /** Where a terminating pod is (preStop or after SIGTERM) and what ends that; null for others. */
  step: TerminationStep | null;
  /** What kubectl's STATUS would say instead of the phase (CrashLoopBackOff, ImagePullBackOff ...). */
  reason: string | null;
}

/** The cluster-autoscaler's taint on a node it is draining and deleting. */
const TO_BE_DELETED = 'ToBeDeletedByClusterAutoscaler';

export function nodeBox(n: NodeAt, mi: ModelIndex, x: number, y: number, w: number, h: number): Box {
  const ready = n.v[NV.ready];
  const cordoned = n.v[NV.unschedulable] === 1;
  const pressure = n.v[NV.memoryPressure] === 1;
  const status = mi.unrecordedNodes.has(n.track.name) ? 'not in the recording' : (ready === 1 ? 'Ready' : ready === 0 ? 'NotReady' : 'Unknown') + (cordoned ? ',SchedulingDisabled' : '') + (pressure ? ' · MemoryPressure' : '');
  // The autoscaler's hard taint first: the line is cut to the box, and it says the node is on its way out.
  const taints = (mi.str(n.v[NV.taints]) ?? '').split(', ').sort((a, b) => Number(b.startsWith(TO_BE_DELETED)) - Number(a.startsWith(TO_BE_DELETED))).join(', ');
  const removing = taints.startsWith(TO_BE_DELETED);
  return { key: n.track.name, title: removing ? `${n.track.name} (removing)` : n.track.name, status, taints: taints.replace(/node\.kubernetes\.io\//g, ''), kind: 'node', ready, cordoned, pressure, removing, x, y, w, h };
}

export function tooltip(c: Chip): string {
  const v = c.pod.v;
  const lines = [`${c.pod.track.namespace}/${c.pod.track.name}`, `${STAGE_NAMES[v[PV.stage]]}${c.pod.node === null ? ', not scheduled' : ` on ${c.pod.node}`}`];
  if (c.reason !== null) lines.push(c.reason);
  if (c.pod.track.owner !== null) lines.push(`owner ${c.pod.track.owner}`);
  if (c.pod.track.revision !== null) lines.push(`revision ${c.pod.track.revision}`);
  if (c.pod.node === null && c.pod.track.target !== null) lines.push(`made for ${c.pod.track.target}`);
  if (c.pod.track.completionIndex !== null) lines.push(`completion index ${c.pod.track.completionIndex}`);
  if (c.pod.track.claims.length > 0) lines.push(`claims ${c.pod.track.claims.join(', ')}`);
  if (v[PV.restarts] > 0) lines.push(`${v[PV.restarts]} restarts`);
  if (c.step !== null) lines.push(...stepLines(c, c.step));
  lines.push('click: show this version, its diff and its causal chain');
  return lines.join('\n');
}

/** The chip's countdown: what comes next and in how long ("TERM 4.8s", "exit 0.2s", "KILL 12.0s", "gone 0.1s"). */
const NEXT_WORD: Record<TerminationStep['next'], string> = { sigterm: 'TERM', exit: 'exit', kill: 'KILL', removed: 'gone' };
export function countdown(step: TerminationStep, seconds: number): string {
  return `${NEXT_WORD[step.next]} ${seconds.toFixed(1)}s`;
}

/** The tooltip's account of a termination, from what the recording holds. */
function stepLines(c: Chip, step: TerminationStep): string[] {
  const s = c.secondsLeft.toFixed(1);
  const hook = c.pod.track.preStopMs > 0 ? `preStop hook ${(c.pod.track.preStopMs / 1000).toFixed(1)} s` : 'no preStop hook';
  const grace = c.pod.v[PV.grace];
  const lines = [
    step.part === 'prestop' ? `Terminating, preStop hook running: SIGTERM in ${s} s` : `Terminating, after SIGTERM (${hook})`,
  ];
  if (step.next === 'exit') lines.push(`the process exits in ${s} s (recorded)`);
  if (step.next === 'kill') lines.push(`not exited: SIGKILL when the grace period ends, in ${s} s`);
  if (step.next === 'removed') lines.push(`the process exited; the pod is removed in ${s} s`);
  if (Number.isFinite(step.end)) lines.push(`gone at ${clock(step.end)}, ${((step.end - step.start) / 1000).toFixed(1)} s after its deletion${grace >= 0 ? ` (grace period ${grace} s)` : ''}`);
  return lines;
}

/** A pod as its chip shows it at `timeMs` (x, y filled in by the caller). */
export function chipOf(mi: ModelIndex, pod: PodAt, timeMs: number, x: number, y: number): Chip {
  let graceLeft = -1;
  let secondsLeft = 0;
  let step: TerminationStep | null = null;
  if (pod.v[PV.stage] === Stage.Terminating) {
    const gone = pod.track.deletedSeq === null ? null : mi.timeOf(pod.track.deletedSeq);
    step = terminationStep(pod.track, pod.v, mi.timeOf(pod.v[PV.seq]), timeMs, gone);
    const span = step.end - step.start;
    graceLeft = Number.isFinite(span) && span > 0 ? Math.min(1, Math.max(0, (step.end - timeMs) / span)) : 0;
    secondsLeft = Number.isFinite(step.at) ? Math.max(0, step.at - timeMs) / 1000 : 0;
  }
  return { pod, x, y, graceLeft, secondsLeft, step, reason: mi.str(pod.v[PV.reason]) };
}

/** A pod stuck on an error (ImagePullBackOff, CrashLoopBackOff, ErrImagePull...): its chip gets a red outline. */
export const isTrouble = (reason: string | null): boolean => reason !== null && /BackOff|Err|Error|OOM/.test(reason);

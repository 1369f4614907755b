import type { KObject } from '../api/types.js';
import type { Container } from './container.js';
import { imageRefs } from './identifiers.js';
import type { KubeletHost } from './kubelet-host.js';
import { reuse, reuseList } from './reuse-status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- status is open JSON */

const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

/** What the status is built from: a PodWorker's state. */
export interface PodStatusSource {
  readonly kubelet: KubeletHost;
  readonly uid: string;
  readonly containers: readonly Container[];
  readonly initContainers: readonly Container[];
  readonly podIP: string | undefined;
  readonly sandboxReady: boolean;
  readonly startTimeMs: number;
  /** the eviction manager's message when it evicted the pod */
  readonly evicted?: string | undefined;
  phase(): string;
}

/**
 * The pod status the kubelet reports, in a real kubelet's shape and field order. Conditions
 * it does not own (PodScheduled, DisruptionTarget) are kept as the API server has them;
 * a condition whose status did not change keeps its lastTransitionTime.
 */
export function buildStatus(w: PodStatusSource, live: Readonly<KObject>): any {
  // A Running pod's status write changes one or two fields: what is built here only to be
  // compared with the stored value and dropped is kept small (no closures per write, no
  // lists between the containers and the names of the unready ones, a message only when it
  // is written). 167 MB of the 10,000-pod run's allocation was this function's.
  const k = w.kubelet;
  const api = k.client.api;
  const now = api.timestamp();
  const liveConds: any[] = live.status?.conditions ?? NONE;
  const phase = w.phase();
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  // GenerateContainersReadyCondition: sidecars count, listed before the app containers.
  const allReady = w.containers.length > 0 && !terminal && everyReady(w);
  // Ready and ContainersReady (pkg/kubelet/status/generate.go): True with no reason; False
  // with ContainersNotReady and the unready names, or in a terminal phase with PodFailed /
  // PodCompleted and no message (generate*ConditionForTerminalPhase).
  const readyReason = allReady ? undefined : phase === 'Failed' ? 'PodFailed' : phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = terminal || allReady ? undefined : `containers with unready status: [${unreadyNames(w)}]`;
  const built = [
    cond(liveConds, now, 'PodReadyToStartContainers', w.sandboxReady && !terminal),
    initializedCondition(w, phase, liveConds, now),
    cond(liveConds, now, 'Ready', allReady, readyReason, readyMessage),
    cond(liveConds, now, 'ContainersReady', allReady, readyReason, readyMessage),
  ];
  for (let i = 0; i < liveConds.length; i++) if (!KUBELET_CONDITIONS.includes(liveConds[i].type)) built.push(liveConds[i]);
  // An evicted pod says why (eviction_manager.go evictPod): DisruptionTarget, then reason and message.
  if (w.evicted !== undefined && !built.some((c) => c.type === 'DisruptionTarget')) {
    built.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: now, reason: 'TerminationByKubelet', message: w.evicted });
  }
  // Unchanged parts are the stored values themselves (reuse-status.ts: same JSON text).
  const conditions = reuseList(live.status?.conditions, built);
  const hostIP = k.hostIP;
  // Keys in the order they always had: phase, conditions, [message, reason], hostIP, hostIPs.
  const status: any = { phase, conditions };
  if (w.evicted !== undefined) {
    status.message = w.evicted;
    status.reason = 'Evicted';
  }
  status.hostIP = hostIP;
  status.hostIPs = ipList(live.status?.hostIPs, hostIP);
  if (w.podIP !== undefined && !terminal) {
    status.podIP = w.podIP;
    status.podIPs = ipList(live.status?.podIPs, w.podIP);
  } else if (live.status?.podIP !== undefined) {
    status.podIP = live.status.podIP;
    status.podIPs = live.status.podIPs;
  }
  status.startTime = api.timestamp(w.startTimeMs);
  if (w.initContainers.length > 0) status.initContainerStatuses = reuseList(live.status?.initContainerStatuses, w.initContainers.map((c) => containerStatus(w, c)));
  status.containerStatuses = reuseList(live.status?.containerStatuses, w.containers.map((c) => containerStatus(w, c)));
  if (live.status?.qosClass !== undefined) status.qosClass = live.status.qosClass;
  return status;
}

const NONE: readonly any[] = Object.freeze([]);

/** Every sidecar and every app container ready (the ContainersReady condition). */
function everyReady(w: PodStatusSource): boolean {
  for (const c of w.initContainers) if (c.role === 'sidecar' && !c.ready) return false;
  for (const c of w.containers) if (!c.ready) return false;
  return true;
}

/** The unready sidecars' then app containers' names, space-separated. */
function unreadyNames(w: PodStatusSource): string {
  let out = '';
  for (const c of w.initContainers) if (c.role === 'sidecar' && !c.ready) out = out === '' ? c.name : `${out} ${c.name}`;
  for (const c of w.containers) if (!c.ready) out = out === '' ? c.name : `${out} ${c.name}`;
  return out;
}

/**
 * One kubelet-owned condition: a condition whose status did not change keeps its
 * lastTransitionTime, and the stored one itself is handed back when it is the same JSON.
 */
function cond(liveConds: readonly any[], now: string, type: string, status: boolean, reason?: string, message?: string): any {
  const s = status ? 'True' : 'False';
  let prev: any;
  for (let i = 0; i < liveConds.length; i++) {
    if (liveConds[i].type === type) {
      prev = liveConds[i];
      break;
    }
  }
  const c: any = { type, status: s, lastProbeTime: null, lastTransitionTime: prev?.status === s ? prev.lastTransitionTime : now };
  // A reason when one is given (True carries one only for Initialized's PodCompleted); a message only when False.
  if (reason !== undefined) {
    c.reason = reason;
    if (!status && message !== undefined) c.message = message;
  }
  return reuse(prev, c);
}

/**
 * `[{ip}]`: the stored list when it is that (the same JSON text), so nothing is built for
 * it on every write of a pod whose IPs never change; else a new one.
 */
function ipList(stored: unknown, ip: string): any {
  if (Array.isArray(stored) && stored.length === 1) {
    const o = stored[0];
    if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
      let only = true;
      let seen = false;
      for (const key in o) {
        const v = (o as Record<string, unknown>)[key];
        if (v === undefined) continue; // absent from the JSON text, as sameJson reads it
        if (key !== 'ip' || v !== ip) only = false;
        else seen = true;
      }
      if (only && seen) return stored;
    }
  }
  return [{ ip }];
}

/**
 * GeneratePodInitializedCondition: True once every regular init container exited 0 and
 * every sidecar has started (and for good once an app container has started, so a
 * restarting sidecar does not un-initialize the pod); a Succeeded pod reads PodCompleted.
 * Otherwise False, ContainersNotInitialized, `containers with incomplete status: [a b]`.
 */
function initializedCondition(w: PodStatusSource, phase: string, liveConds: readonly any[], now: string): any {
  if (phase === 'Succeeded') return cond(liveConds, now, 'Initialized', true, 'PodCompleted');
  for (const c of w.containers) if (c.everStarted) return cond(liveConds, now, 'Initialized', true);
  const incomplete = w.initContainers.filter((c) => (c.role === 'sidecar' ? !(c.state === 'running' && c.started) : !(c.state === 'terminated' && c.terminated?.exitCode === 0))).map((c) => c.name);
  if (incomplete.length === 0) return cond(liveConds, now, 'Initialized', true);
  return cond(liveConds, now, 'Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`);
}

function containerStatus(w: PodStatusSource, c: Container): any {
  const api = w.kubelet.client.api;
  const ts = (ms: number): string => api.timestamp(ms);
  const refs = imageRefs(c.spec.image ?? '');
  const id = (run: number): string => c.containerID(w.uid, run);
  // No `signal`: v1.32's kubelet fills a terminated state from the CRI's status (exit code,
  // reason, message, times, container ID; kubelet_pods.go convertToAPIContainerStatuses), and
  // the CRI reports no signal, so a SIGKILLed container reads exitCode 137 and no signal.
  const terminated = (t: NonNullable<Container['terminated']>): any => ({
    terminated: { exitCode: t.exitCode, reason: t.reason, startedAt: ts(t.startedAtMs), finishedAt: ts(t.finishedAtMs), containerID: id(c.restarts) },
  });
  let state: any;
  if (c.state === 'running') state = { running: { startedAt: ts(c.startedAtMs) } };
  else if (c.state === 'terminated' && c.terminated !== undefined) state = terminated(c.terminated);
  else state = { waiting: { reason: c.waitingReason, ...(c.waitingMessage !== undefined ? { message: c.waitingMessage } : {}) } };
  const out: any = {
    name: c.name,
    state,
    lastState: c.last === undefined ? {} : { terminated: { ...terminated(c.last).terminated, containerID: id(c.restarts - 1) } },
    // A regular init container that exited 0 reads ready (isInitContainerInitialized checks it).
    ready: c.role === 'init' ? c.state === 'terminated' && c.terminated?.exitCode === 0 : c.ready,
    restartCount: c.restarts,
    image: refs.full,
    imageID: c.everStarted ? refs.imageID : '',
    started: c.state === 'running' && c.started,
  };
  if (c.everStarted) out.containerID = id(c.restarts);
  return out;
}

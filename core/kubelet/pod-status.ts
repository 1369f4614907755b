import type { KObject } from '../api/types.js';
import type { Container } from './container.js';
import { hex, imageRefs } from './identifiers.js';
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
  const k = w.kubelet;
  const now = k.client.api.timestamp();
  const ts = (ms: number): string => k.client.api.timestamp(ms);
  const liveConds: any[] = live.status?.conditions ?? [];
  const cond = (type: string, status: boolean, reason?: string, message?: string): any => {
    const s = status ? 'True' : 'False';
    const prev = liveConds.find((c) => c.type === type);
    const c: any = { type, status: s, lastProbeTime: null, lastTransitionTime: prev?.status === s ? prev.lastTransitionTime : now };
    if (status && reason !== undefined) c.reason = reason;
    else if (!status && reason !== undefined) {
      c.reason = reason;
      if (message !== undefined) c.message = message;
    }
    return reuse(prev, c);
  };
  const phase = w.phase();
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  // GenerateContainersReadyCondition: sidecars count, listed before the app containers.
  const sidecars = w.initContainers.filter((c) => c.role === 'sidecar');
  const unready = [...sidecars, ...w.containers].filter((c) => !c.ready).map((c) => c.name);
  const allReady = unready.length === 0 && w.containers.length > 0 && !terminal;
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const built = [
    cond('PodReadyToStartContainers', w.sandboxReady && !terminal),
    initializedCondition(w, phase, cond),
    cond('Ready', allReady, readyReason, readyMessage),
    cond('ContainersReady', allReady, readyReason, readyMessage),
    ...liveConds.filter((c) => !KUBELET_CONDITIONS.includes(c.type)),
  ];
  // An evicted pod says why (eviction_manager.go evictPod): DisruptionTarget, then reason and message.
  if (w.evicted !== undefined && !built.some((c) => c.type === 'DisruptionTarget')) {
    built.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: now, reason: 'TerminationByKubelet', message: w.evicted });
  }
  // Unchanged parts are the stored values themselves (reuse-status.ts: same JSON text).
  const conditions = reuseList(live.status?.conditions, built);
  const hostIP = k.hostIP;
  const status: any = {
    phase,
    conditions,
    ...(w.evicted !== undefined ? { message: w.evicted, reason: 'Evicted' } : {}),
    hostIP,
    hostIPs: reuse(live.status?.hostIPs, [{ ip: hostIP }]),
  };
  if (w.podIP !== undefined && !terminal) {
    status.podIP = w.podIP;
    status.podIPs = reuse(live.status?.podIPs, [{ ip: w.podIP }]);
  } else if (live.status?.podIP !== undefined) {
    status.podIP = live.status.podIP;
    status.podIPs = live.status.podIPs;
  }
  status.startTime = ts(w.startTimeMs);
  if (w.initContainers.length > 0) status.initContainerStatuses = reuseList(live.status?.initContainerStatuses, w.initContainers.map((c) => containerStatus(w, c, ts)));
  status.containerStatuses = reuseList(live.status?.containerStatuses, w.containers.map((c) => containerStatus(w, c, ts)));
  if (live.status?.qosClass !== undefined) status.qosClass = live.status.qosClass;
  return status;
}

/**
 * GeneratePodInitializedCondition: True once every regular init container exited 0 and
 * every sidecar has started (and for good once an app container has started, so a
 * restarting sidecar does not un-initialize the pod); a Succeeded pod reads PodCompleted.
 * Otherwise False, ContainersNotInitialized, `containers with incomplete status: [a b]`.
 */
function initializedCondition(w: PodStatusSource, phase: string, cond: (type: string, status: boolean, reason?: string, message?: string) => any): any {
  if (phase === 'Succeeded') return cond('Initialized', true, 'PodCompleted');
  if (w.containers.some((c) => c.everStarted)) return cond('Initialized', true);
  const incomplete = w.initContainers.filter((c) => (c.role === 'sidecar' ? !(c.state === 'running' && c.started) : !(c.state === 'terminated' && c.terminated?.exitCode === 0))).map((c) => c.name);
  if (incomplete.length === 0) return cond('Initialized', true);
  return cond('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incomplete.join(' ')}]`);
}

function containerStatus(w: PodStatusSource, c: Container, ts: (ms: number) => string): any {
  const refs = imageRefs(c.spec.image ?? '');
  const id = (run: number): string => `containerd://${hex(`${w.uid}/${c.name}/${run}`, 64)}`;
  const terminated = (t: NonNullable<Container['terminated']>): any => ({
    terminated: { exitCode: t.exitCode, ...(t.signal !== undefined ? { signal: t.signal } : {}), reason: t.reason, startedAt: ts(t.startedAtMs), finishedAt: ts(t.finishedAtMs), containerID: id(c.restarts) },
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

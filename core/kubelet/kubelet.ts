import { Subject } from 'rxjs';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { Informer, type InformerEvent } from '../client/informer.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import type { Container } from './container.js';
import { NodeHeartbeat } from './node-lease.js';
import { PodWorker } from './pod-worker.js';
import type { ProbeKind } from './probes.js';

/** Virtual durations of the runtime's steps (defaults documented in docs/fidelity.md). */
export interface KubeletTimings {
  /** pod sandbox (pause container, network) */
  sandboxMs: number;
  /** pulling an image the node does not have */
  pullMs: number;
  /** imagePullPolicy Always with the image cached: a manifest check */
  cachedPullMs: number;
  /** until a missing image is reported as ErrImagePull */
  failedPullMs: number;
  /** create + start of one container */
  createMs: number;
  /** PLEG relist: how soon the kubelet notices a container that vanished */
  relistMs: number;
  /** the runtime stopping a process that has exited or been killed */
  stopMs: number;
}

export const DEFAULT_TIMINGS: KubeletTimings = { sandboxMs: 300, pullMs: 2000, cachedPullMs: 400, failedPullMs: 1000, createMs: 100, relistMs: 1000, stopMs: 200 };

/** A container's process started or stopped on this node (what `ps` would show change). */
export interface ProcessEvent {
  pod: Readonly<KObject>;
  container: string;
  running: boolean;
}

export interface KubeletOptions {
  node: string;
  /** index of the node, for its InternalIP and podCIDR (10.244.<index>.0/24) */
  index: number;
  hostIP: string;
  missingImages?: ReadonlySet<string>;
  /** images the node's disk image comes with (a kubeadm node has its kube-proxy's) */
  preloadedImages?: readonly string[];
  timings?: Partial<KubeletTimings>;
}

/**
 * A kubelet: watches the pods bound to its node and runs each with a PodWorker, keeps
 * its Lease and Node status fresh, and can be taken down (node-down: no more writes,
 * timers frozen) and brought back (node-up: heartbeats resume, pods are re-synced).
 */
export class Kubelet {
  readonly node: string;
  readonly actor: string;
  readonly hostIP: string;
  readonly timings: KubeletTimings;
  readonly images = new Set<string>();
  readonly workers = new Map<string, PodWorker>();
  /** Container processes starting and stopping: how a node's kube-proxy follows its pod. */
  readonly processes$ = new Subject<ProcessEvent>();
  readonly client: Client;
  down = false;
  private readonly recorder: EventRecorder;
  private informer: Informer | undefined;
  private readonly heartbeat: NodeHeartbeat;
  private readonly ips = new Map<string, string>();
  private readonly freeIPs: number[] = [];
  private nextIP = 2;
  private readonly missing: ReadonlySet<string>;

  constructor(
    client: Client,
    readonly clock: VirtualScheduler,
    private readonly opts: KubeletOptions,
  ) {
    this.node = opts.node;
    this.actor = client.actor;
    this.client = client;
    this.hostIP = opts.hostIP;
    this.timings = { ...DEFAULT_TIMINGS, ...(opts.timings ?? {}) };
    this.missing = opts.missingImages ?? new Set();
    for (const image of opts.preloadedImages ?? []) this.images.add(image);
    this.recorder = new EventRecorder('kubelet', opts.node);
    this.heartbeat = new NodeHeartbeat(this);
  }

  now(): number {
    return this.clock.now();
  }

  start(): this {
    this.down = false;
    this.informer = new Informer(this.client, 'Pod', { fieldSelector: `spec.nodeName=${this.node}` }).on((e) => this.onPod(e));
    this.informer.start();
    this.heartbeat.start();
    return this;
  }

  /** node-down: the kubelet stops (no heartbeats, no status, no reaction); its pods' processes keep running. */
  stop(): void {
    this.down = true;
    this.informer?.stop();
    this.informer = undefined;
    this.heartbeat.stop();
    for (const w of this.workers.values()) w.stopTimers();
  }

  /** node-up: heartbeats and Ready again, then every pod re-synced from a fresh list. */
  restart(): void {
    if (!this.down) return;
    this.start();
    this.heartbeat.postStatus();
    for (const w of [...this.workers.values()]) {
      const live = this.client.api.tryGet('Pod', w.pod.metadata.namespace, w.pod.metadata.name ?? '');
      if (live === undefined || live.metadata.uid !== w.uid) {
        // Deleted while we were away (force-deleted or garbage-collected): just stop it.
        w.stopTimers();
        this.forget(w);
        continue;
      }
      w.pod = live;
      if (live.metadata.deletionTimestamp !== undefined) {
        // A termination cut short by the outage starts over: its timers died with the node.
        w.terminating = false;
        w.terminate();
      }
      else {
        for (const c of w.containers) if (c.state === 'running') this.resumeContainer(w, c);
        w.writeStatus('KubeletRestarted', `kubelet on ${this.node} is back and re-reports ${live.metadata.name}`);
      }
    }
  }

  private resumeContainer(w: PodWorker, c: Container): void {
    // Probes restart from scratch, as a restarted kubelet's probe workers do.
    const ready = c.ready;
    c.stopRun();
    c.resetProbes();
    if (c.probes.readiness !== undefined && ready) c.probes.readiness.result = true;
    c.ready = ready;
    w.startProbes(c);
  }

  private onPod(e: InformerEvent): void {
    const pod = e.object;
    const uid = pod.metadata.uid ?? '';
    let w = this.workers.get(uid);
    if (e.type === 'DELETED') {
      // Gone from the API server (force delete, or our own final delete): stop everything.
      if (w !== undefined) {
        w.stopTimers();
        this.forget(w);
      }
      return;
    }
    if (w === undefined) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      w = new PodWorker(this, pod, e.seq);
      this.workers.set(uid, w);
      if (pod.metadata.deletionTimestamp !== undefined) {
        w.terminate();
        return;
      }
      w.admit();
      return;
    }
    w.pod = pod;
    if (pod.metadata.deletionTimestamp !== undefined && !w.terminating) {
      // A lost pod has nothing left to stop: terminate() confirms the deletion at once.
      w.cause = e.seq;
      w.terminate();
    }
  }

  forget(w: PodWorker): void {
    // A pod forgotten while its processes run (force-deleted): the runtime kills them.
    for (const c of w.containers) if (c.state === 'running') this.processChanged(w, c, false);
    this.workers.delete(w.uid);
    this.releaseIP(w.uid);
  }

  processChanged(w: PodWorker, c: Container, running: boolean): void {
    this.processes$.next({ pod: w.pod, container: c.name, running });
  }

  /** Pod IPs from the node's podCIDR, 10.244.<index>.2 upwards, reused once freed. */
  allocateIP(uid: string): string {
    const existing = this.ips.get(uid);
    if (existing !== undefined) return existing;
    const host = this.freeIPs.length > 0 ? (this.freeIPs.shift() as number) : this.nextIP++;
    const ip = `10.244.${this.opts.index}.${host}`;
    this.ips.set(uid, ip);
    return ip;
  }

  releaseIP(uid: string): void {
    const ip = this.ips.get(uid);
    if (ip === undefined) return;
    this.ips.delete(uid);
    this.freeIPs.push(Number(ip.split('.')[3]));
    this.freeIPs.sort((a, b) => a - b);
  }

  isMissing(image: string): boolean {
    return this.missing.has(image);
  }

  /** Records a v1 Event about a pod (fieldPath names the container) or about the node. */
  event(w: PodWorker | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.down) return;
    const involved: Readonly<KObject> = w?.pod ?? (this.client.api.tryGet('Node', null, this.node) as Readonly<KObject>);
    if (involved === undefined) return;
    this.recorder.record(this.client.withCause(w?.cause ?? null), involved, type, reason, message);
  }

  // ---- faults ----------------------------------------------------------------

  workerFor(namespace: string, name: string): PodWorker | undefined {
    for (const w of this.workers.values()) if (w.pod.metadata.namespace === namespace && w.pod.metadata.name === name) return w;
    return undefined;
  }

  killPod(namespace: string, name: string): boolean {
    const w = this.workerFor(namespace, name);
    if (w === undefined) return false;
    w.kill();
    return true;
  }

  crashContainer(namespace: string, name: string, container: string | undefined): boolean {
    return this.workerFor(namespace, name)?.crash(container) ?? false;
  }

  failProbe(namespace: string, name: string, kind: ProbeKind, untilMs: number): boolean {
    const w = this.workerFor(namespace, name);
    if (w === undefined) return false;
    w.failProbe(kind, untilMs);
    return true;
  }

  /** Is this pod's process accepting connections now (for traffic)? */
  listening(uid: string): boolean {
    const w = this.workers.get(uid);
    if (w === undefined || w.lost || w.finished) return false;
    const now = this.now();
    return w.containers.some((c) => c.state === 'running' && !(c.sigterm && w.app.onSigterm.kind === 'exit') && now >= c.startedAtMs + w.app.startMs);
  }
}

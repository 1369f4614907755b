import { Subject } from 'rxjs';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { Informer, type InformerEvent } from '../client/informer.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import type { Container } from './container.js';
import { ContainerLogs } from './container-log.js';
import { NodeHeartbeat } from './node-lease.js';
import type { KubeletHost } from './kubelet-host.js';
import { PodWorker } from './pod-worker.js';
import type { ProbeKind } from './probes.js';
import { DEFAULT_TIMINGS, type KubeletTimings } from './timings.js';
import { DEFAULT_EVICTION, type EvictionConfig } from './eviction-config.js';
import { EvictionManager } from './eviction-manager.js';
import { workingSet } from './oom.js';
import { createMirrorPod, deleteMirrorPod, isMirrorOf, MIRROR_POD_ANNOTATION, staticPodOf, type StaticPod } from './static-pods.js';

export { DEFAULT_TIMINGS, type KubeletTimings } from './timings.js';

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
  /** the cluster's container log store (default: one of its own) */
  logs?: ContainerLogs;
  /** Manifests in its staticPodPath (kubeadm's control plane): run from files, shown through mirror pods. */
  staticPods?: readonly KObject[];
  /** eviction thresholds (default: upstream's, memory.available<100Mi hard) */
  eviction?: EvictionConfig;
}

/** The working sets of a pod none of whose containers has a memory curve. */
const NO_WORKING_SETS: ReadonlyMap<string, number> = new Map();

/**
 * A kubelet: watches the pods bound to its node and runs each with a PodWorker, keeps
 * its Lease and Node status fresh, and can be taken down (node-down: no more writes,
 * timers frozen) and brought back (node-up: heartbeats resume, pods are re-synced).
 */
export class Kubelet implements KubeletHost {
  readonly node: string;
  readonly actor: string;
  readonly hostIP: string;
  readonly timings: KubeletTimings;
  readonly images = new Set<string>();
  readonly workers = new Map<string, PodWorker>();
  /** Container processes starting and stopping: how a node's kube-proxy follows its pod. */
  readonly processes$ = new Subject<ProcessEvent>();
  readonly client: Client;
  readonly logs: ContainerLogs;
  down = false;
  private readonly recorder: EventRecorder;
  private informer: Informer | undefined;
  private readonly heartbeat: NodeHeartbeat;
  private readonly ips = new Map<string, string>();
  private readonly freeIPs: number[] = [];
  private nextIP = 2;
  private readonly missing: ReadonlySet<string>;
  private readonly statics: StaticPod[];
  readonly eviction: EvictionManager;

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
    this.logs = opts.logs ?? new ContainerLogs(() => clock.now(), () => client.api.lastSeq);
    this.missing = opts.missingImages ?? new Set();
    for (const image of opts.preloadedImages ?? []) this.images.add(image);
    this.recorder = new EventRecorder('kubelet', opts.node);
    this.heartbeat = new NodeHeartbeat(this);
    this.eviction = new EvictionManager(this, opts.eviction ?? DEFAULT_EVICTION);
    const seen = client.api.timestamp();
    this.statics = (opts.staticPods ?? []).map((m) => staticPodOf(m, opts.node, seen));
    // kubeadm pulls the control plane's images before it writes their manifests.
    for (const st of this.statics) for (const c of st.pod.spec?.containers ?? []) this.images.add(c.image);
  }

  now(): number {
    return this.clock.now();
  }

  start(): this {
    this.down = false;
    this.informer = new Informer(this.client, 'Pod', { fieldSelector: `spec.nodeName=${this.node}` }).on((e) => this.onPod(e));
    this.informer.start();
    this.heartbeat.start();
    this.eviction.start();
    this.syncStaticPods();
    return this;
  }

  /**
   * Static pods run whatever the API server holds: each gets its worker once, and a
   * mirror pod whenever the API has none (at start, after a restart).
   */
  private syncStaticPods(): void {
    for (const s of this.statics) {
      const live = this.client.api.tryGet('Pod', s.pod.metadata.namespace, s.pod.metadata.name ?? '');
      if (!isMirrorOf(live, s)) createMirrorPod(this.client, s);
      if (this.workers.has(s.hash)) continue;
      const w = new PodWorker(this, s.pod, this.client.api.lastSeq);
      w.mirrorHash = s.hash;
      this.workers.set(s.hash, w);
      w.admit();
    }
  }

  /**
   * A mirror pod's own events. Deleted through the API (kubectl delete pod
   * etcd-control-plane), its static pod keeps running: the kubelet removes the mirror at
   * once and creates a new one, which shows the containers as they are.
   */
  private onMirrorPod(e: InformerEvent, s: StaticPod): void {
    const client = this.client.withCause(e.seq);
    if (e.type === 'DELETED' || e.object.metadata.deletionTimestamp !== undefined) {
      // syncPod: delete a mirror pod that is going (at once, that one only), then create
      // a fresh one if none is left; a force delete or the garbage collector only needs the create.
      const before = this.client.api.lastSeq;
      if (e.type !== 'DELETED') deleteMirrorPod(client, e.object);
      const live = this.client.api.tryGet('Pod', s.pod.metadata.namespace, s.pod.metadata.name ?? '');
      if (live === undefined) createMirrorPod(this.client.withCause(this.client.api.lastSeq > before ? this.client.api.lastSeq : e.seq), s);
      return;
    }
    const w = this.workers.get(s.hash);
    if (e.type === 'ADDED' && w !== undefined) {
      w.cause = e.seq;
      w.writeStatus('MirrorPodStatus', `kubelet on ${this.node} reports ${s.pod.metadata.name} on its new mirror pod`);
    }
  }

  /** node-down: the kubelet stops (no heartbeats, no status, no reaction); its pods' processes keep running. */
  stop(): void {
    this.down = true;
    this.informer?.stop();
    this.informer = undefined;
    this.heartbeat.stop();
    this.eviction.stop();
    for (const w of this.workers.values()) w.stopTimers();
  }

  /** node-up: heartbeats and Ready again, then every pod re-synced from a fresh list. */
  restart(): void {
    if (!this.down) return;
    this.start();
    this.heartbeat.postStatus();
    for (const w of [...this.workers.values()]) {
      if (w.mirrorHash !== undefined) {
        // A static pod ran on through the outage; start() gave it a mirror pod if it lost its own.
        for (const c of w.allContainers) if (c.state === 'running') this.resumeContainer(w, c);
        w.writeStatus('KubeletRestarted', `kubelet on ${this.node} is back and re-reports ${w.pod.metadata.name}`);
        continue;
      }
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
        for (const c of w.allContainers) if (c.state === 'running') this.resumeContainer(w, c);
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
    // The process ran on while the kubelet was away: its own timers go on from where they were.
    w.armProcess(c, this.now() - c.startedAtMs);
  }

  private onPod(e: InformerEvent): void {
    const pod = e.object;
    if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
      const s = this.statics.find((x) => x.pod.metadata.name === pod.metadata.name && x.pod.metadata.namespace === pod.metadata.namespace);
      // A mirror pod is never run as a pod: its static pod is, or (not ours) nothing is.
      if (s !== undefined) this.onMirrorPod(e, s);
      return;
    }
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

  nodeObject(): Readonly<KObject> | undefined {
    return this.client.api.tryGet('Node', null, this.node);
  }

  /** A pod's working set per container that has a memory curve (what the summary API would report). */
  workingSets(uid: string): ReadonlyMap<string, number> | undefined {
    const w = this.workers.get(uid);
    if (w === undefined) return undefined;
    // metrics-server asks this of every running pod every 15 s: a pod without a memory
    // curve (most) shares one empty map instead of three new arrays and a map each time.
    if (w.app.memory.size === 0) return NO_WORKING_SETS;
    const now = this.now();
    return new Map(w.containers.filter((c) => w.app.memory.has(c.name)).map((c) => [c.name, workingSet(w.app, c, now)]));
  }

  /** Is the eviction manager reporting MemoryPressure (the heartbeat's condition)? */
  memoryPressure(): boolean {
    return this.eviction.pressure;
  }

  pressureChanged(): number | null {
    return this.heartbeat.postStatus();
  }

  forget(w: PodWorker): void {
    // A pod forgotten while its processes run (force-deleted): the runtime kills them.
    for (const c of w.allContainers) if (c.state === 'running') this.processChanged(w, c, false);
    this.workers.delete(w.uid);
    this.releaseIP(w.uid);
    if (w.mirrorHash === undefined) this.logs.forget(w.pod.metadata.namespace ?? 'default', w.pod.metadata.name ?? '', w.uid);
  }

  processChanged(w: { readonly pod: Readonly<KObject> }, c: { readonly name: string }, running: boolean): void {
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

  /**
   * A new sandbox's address for a pod that had one: the next free host is taken before the
   * old one is given back, so it differs (CNI host-local IPAM hands out addresses round
   * robin, not the one just freed): 10.244.1.3, with .2 and .4 taken, becomes 10.244.1.5.
   */
  reallocateIP(uid: string): string {
    const old = this.ips.get(uid);
    this.ips.delete(uid);
    const ip = this.allocateIP(uid);
    if (old !== undefined) {
      this.freeIPs.push(Number(old.split('.')[3]));
      this.freeIPs.sort((a, b) => a - b);
    }
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
    return w.containers.some((c) => c.state === 'running' && w.accepting(c, now));
  }
}

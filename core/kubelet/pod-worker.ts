import type { Subscription } from 'rxjs';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import { appBehaviour, BehaviourError, DEFAULT_BEHAVIOUR, type AppBehaviour } from './app-behaviour.js';
import { armProcessExit, completedPhase, settleAfterExit } from './completion.js';
import { Container } from './container.js';
import { fullImage } from './identifiers.js';
import type { KubeletHost } from './kubelet-host.js';
import { buildStatus } from './pod-status.js';
import type { ProbeKind } from './probes.js';
import { MIRROR_POD_ANNOTATION } from './static-pods.js';
import { killPlan } from './termination.js';
import { logCrash, logExit, logSigterm, logStart } from './process-log.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/**
 * One pod on one node, from admission to the kubelet's final delete: sandbox, image
 * pulls, container start, probes, restarts with CrashLoopBackOff, and graceful
 * termination (preStop, SIGTERM, SIGKILL). Every status write carries as its cause the
 * write that led to it, so "why is this pod Ready?" walks back to the binding.
 */
export class PodWorker {
  readonly uid: string;
  readonly containers: Container[];
  readonly app: AppBehaviour;
  podIP: string | undefined;
  sandboxReady = false;
  startTimeMs: number;
  /** the newest write this pod's story continues from */
  cause: number | null;
  terminating = false;
  lost = false;
  finished = false;
  /** Set for a static pod: its status goes to whichever mirror pod carries this hash. */
  mirrorHash: string | undefined;
  private readonly timers = new Set<Subscription>();

  constructor(
    readonly kubelet: KubeletHost,
    public pod: Readonly<KObject>,
    cause: number,
  ) {
    this.uid = pod.metadata.uid ?? '';
    this.cause = cause;
    this.startTimeMs = kubelet.now();
    this.containers = (pod.spec?.containers ?? []).map((c: any) => new Container(c));
    let app = DEFAULT_BEHAVIOUR;
    try {
      app = appBehaviour(pod);
    } catch (e) {
      if (!(e instanceof BehaviourError)) throw e;
      kubelet.event(this, 'Warning', 'InvalidBehaviour', `${e.message}; running with the defaults`);
    }
    this.app = app;
  }

  get key(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  /** A timer owned by this pod; all of them stop when the node goes down. */
  after(ms: number, fn: () => void, label: string): Subscription {
    const sub = this.kubelet.clock.after(ms, () => {
      this.timers.delete(sub);
      fn();
    }, `${this.kubelet.actor} ${label} ${this.pod.metadata.name}`);
    this.timers.add(sub);
    return sub;
  }

  stopTimers(): void {
    for (const t of this.timers) t.unsubscribe();
    this.timers.clear();
    for (const c of this.containers) c.run = [];
  }

  // ---- start-up ----------------------------------------------------------------

  admit(): void {
    this.writeStatus('PodAdmitted', `kubelet on ${this.kubelet.node} admitted ${this.pod.metadata.name}: creating its sandbox`);
    this.after(this.kubelet.timings.sandboxMs, () => {
      this.sandboxReady = true;
      // A hostNetwork pod (the control plane, kube-proxy) shares the node's address.
      this.podIP = this.pod.spec?.hostNetwork === true ? this.kubelet.hostIP : this.kubelet.allocateIP(this.uid);
      this.pullNext(0);
    }, 'sandbox');
  }

  /** Images are pulled one after another (serializeImagePulls), then each container created and started. */
  private pullNext(i: number): void {
    const c = this.containers[i];
    if (c === undefined || this.terminating || this.lost) return;
    const image: string = c.spec.image ?? '';
    const t = this.kubelet.timings;
    if (this.kubelet.isMissing(image)) {
      this.kubelet.event(this, 'Normal', 'Pulling', `Pulling image "${image}"`);
      this.after(t.failedPullMs, () => this.pullFailed(i, c, image), 'pull failed');
      return;
    }
    const cached = this.kubelet.images.has(image);
    const always = c.spec.imagePullPolicy === 'Always';
    if (cached && !always) {
      this.kubelet.event(this, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      this.after(t.createMs, () => this.startContainer(c, () => this.pullNext(i + 1)), 'create');
      return;
    }
    const pullMs = cached ? t.cachedPullMs : (this.app.imagePullMs ?? t.pullMs);
    this.kubelet.event(this, 'Normal', 'Pulling', `Pulling image "${image}"`);
    this.after(pullMs, () => {
      this.kubelet.images.add(image);
      const secs = (pullMs / 1000).toFixed(pullMs < 1000 ? 3 : 1).replace(/\.?0+$/, '');
      this.kubelet.event(this, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: 0 bytes.`);
      this.after(t.createMs, () => this.startContainer(c, () => this.pullNext(i + 1)), 'create');
    }, 'pull');
  }

  /** ErrImagePull, then ImagePullBackOff with the image backoff (10 s doubling to 300 s). */
  private pullFailed(i: number, c: Container, image: string): void {
    const ref = fullImage(image);
    this.kubelet.event(this, 'Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`);
    this.kubelet.event(this, 'Warning', 'Failed', 'Error: ErrImagePull');
    c.waitingReason = 'ErrImagePull';
    c.waitingMessage = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
    this.writeStatus('ErrImagePull', `${this.pod.metadata.name}: image ${image} cannot be pulled`);
    c.imageBackoffMs = c.imageBackoffMs === 0 ? 10_000 : Math.min(c.imageBackoffMs * 2, 300_000);
    this.after(1000, () => {
      c.waitingReason = 'ImagePullBackOff';
      c.waitingMessage = `Back-off pulling image "${image}"`;
      this.kubelet.event(this, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
      this.kubelet.event(this, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      this.writeStatus('ImagePullBackOff', `${this.pod.metadata.name}: waiting ${c.imageBackoffMs / 1000}s before pulling ${image} again`);
      this.after(c.imageBackoffMs, () => this.pullNext(i), 'pull retry');
    }, 'image backoff');
  }

  private startContainer(c: Container, then?: () => void): void {
    if (this.terminating || this.lost) return;
    const now = this.kubelet.now();
    if (c.everStarted) {
      c.last = c.terminated;
      c.restarts++;
    }
    this.kubelet.event(this, 'Normal', 'Created', `Created container: ${c.name}`);
    this.kubelet.event(this, 'Normal', 'Started', `Started container ${c.name}`);
    c.state = 'running';
    c.terminated = undefined;
    c.everStarted = true;
    c.startedAtMs = now;
    this.kubelet.processChanged(this, c, true);
    c.sigterm = false;
    c.resetProbes();
    c.started = c.probes.startup === undefined;
    c.ready = c.started && c.probes.readiness === undefined;
    this.startProbes(c);
    logStart(this, c);
    if (this.app.crashAfterMs !== undefined) {
      const after = this.app.crashAfterMs;
      c.run.push(this.after(after, () => {
        logCrash(this, c, `crashed after ${after / 1000}s (kubelapse/crash-after)`);
        this.containerExited(c, this.app.exitCode, this.app.exitCode === 0 ? 'Completed' : 'Error', 'the process exited');
      }, 'crash'));
    }
    armProcessExit(this, c);
    this.writeStatus(c.restarts > 0 ? 'ContainerRestarted' : 'ContainerStarted', `${this.pod.metadata.name}: container ${c.name} started${c.restarts > 0 ? ` (restart ${c.restarts})` : ''}${c.ready ? ', ready' : ''}`);
    then?.();
  }

  // ---- probes ----------------------------------------------------------------

  startProbes(c: Container): void {
    const kinds: ProbeKind[] = c.started ? ['readiness', 'liveness'] : ['startup'];
    for (const kind of kinds) {
      const p = c.probes[kind];
      if (p === undefined) continue;
      // The worker ticks from the container's start every period; ticks before initialDelaySeconds do nothing.
      const tick = (elapsed: number): void => {
        c.run.push(this.after(elapsed === 0 ? 0 : p.spec.periodMs, () => {
          const since = this.kubelet.now() - c.startedAtMs;
          if (since >= p.spec.initialDelayMs) this.probe(c, kind);
          if (c.state === 'running' && !this.terminating && (kind !== 'startup' || !c.started)) tick(since + p.spec.periodMs);
        }, `${kind} probe`));
      };
      tick(0);
    }
  }

  /** What the app answers now: alive once listening, ready once past ready-after. */
  private probe(c: Container, kind: ProbeKind): void {
    const p = c.probes[kind];
    if (p === undefined || c.state !== 'running') return;
    const now = this.kubelet.now();
    const listening = !(c.sigterm && this.app.onSigterm.kind === 'exit') && now >= c.startedAtMs + this.app.startMs;
    const readyApp = listening && now >= c.startedAtMs + this.app.startMs + this.app.readyAfterMs;
    const faulted = (c.failing[kind] ?? -1) > now;
    const ok = !faulted && (kind === 'readiness' ? readyApp : listening);
    const label = kind === 'readiness' ? 'Readiness' : kind === 'liveness' ? 'Liveness' : 'Startup';
    if (!ok) this.kubelet.event(this, 'Warning', 'Unhealthy', `${label} probe failed: ${p.spec.describe(this.podIP ?? '', !listening || faulted)}`);
    const changed = p.observe(ok);
    if (!changed) return;
    if (kind === 'readiness') {
      c.ready = p.result;
      this.writeStatus(c.ready ? 'ContainerReady' : 'ContainerNotReady', `${this.pod.metadata.name}: readiness probe of ${c.name} ${c.ready ? 'passed' : `failed ${p.spec.failureThreshold} times`}`);
    } else if (kind === 'startup' && p.result) {
      c.started = true;
      c.ready = c.probes.readiness === undefined;
      this.writeStatus('ContainerStarted', `${this.pod.metadata.name}: startup probe of ${c.name} passed`);
      this.startProbes(c);
    } else if (!p.result) {
      this.kubelet.event(this, 'Normal', 'Killing', `Container ${c.name} failed ${kind} probe, will be restarted`);
      const plan = killPlan(c.spec, this.app, (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000);
      c.stopRun();
      c.sigterm = true;
      c.ready = false;
      c.run.push(this.after(plan.sigtermMs, () => logSigterm(this, c), 'log SIGTERM'));
      c.run.push(this.after(plan.exitMs, () => this.containerExited(c, plan.exitCode, plan.exitCode === 0 ? 'Completed' : 'Error', `${kind} probe failed`), 'liveness kill'));
    }
  }

  // ---- exits and restarts ----------------------------------------------------

  /** The process ended on its own (or by a liveness kill): record it and restart per restartPolicy. */
  containerExited(c: Container, exitCode: number, reason: string, why: string): void {
    if (c.state !== 'running' || this.terminating) return;
    logExit(this, c, exitCode);
    c.stopRun();
    c.state = 'terminated';
    this.kubelet.processChanged(this, c, false);
    c.ready = false;
    c.started = false;
    c.terminated = { exitCode, reason, startedAtMs: c.startedAtMs, finishedAtMs: this.kubelet.now() };
    this.writeStatus('ContainerExited', `${this.pod.metadata.name}: container ${c.name} exited with code ${exitCode} (${why})`);
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) return settleAfterExit(this);
    const delay = c.nextBackoff();
    if (delay === 0) {
      this.after(this.kubelet.timings.createMs, () => this.restart(c), 'restart');
      return;
    }
    this.after(this.kubelet.timings.createMs, () => {
      c.state = 'waiting';
      c.waitingReason = 'CrashLoopBackOff';
      c.waitingMessage = `back-off ${delay / 1000 >= 60 ? `${Math.floor(delay / 60000)}m${(delay % 60000) / 1000}s` : `${delay / 1000}s`} restarting failed container=${c.name} pod=${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`;
      c.last = c.terminated;
      this.kubelet.event(this, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.uid})`);
      this.writeStatus('CrashLoopBackOff', `${this.pod.metadata.name}: waiting ${delay / 1000}s before restarting ${c.name}`);
      this.after(delay, () => this.restart(c), 'backoff restart');
    }, 'backoff');
  }

  private restart(c: Container): void {
    if (this.terminating || this.lost) return;
    this.kubelet.event(this, 'Normal', 'Pulled', `Container image "${c.spec.image}" already present on machine`);
    this.startContainer(c);
  }

  // ---- faults ----------------------------------------------------------------

  crash(containerName: string | undefined): boolean {
    const c = containerName === undefined ? this.containers.find((x) => x.state === 'running') : this.containers.find((x) => x.name === containerName);
    if (c === undefined || c.state !== 'running') return false;
    logCrash(this, c, 'crashed (fault container-crash)');
    this.containerExited(c, this.app.exitCode, this.app.exitCode === 0 ? 'Completed' : 'Error', 'fault container-crash');
    return true;
  }

  failProbe(kind: ProbeKind, untilMs: number): void {
    for (const c of this.containers) c.failing[kind] = untilMs;
  }

  /** The sandbox and every process vanish at once; the kubelet notices at its next relist and reports the pod Failed. */
  kill(): void {
    if (this.lost || this.finished) return;
    const now = this.kubelet.now();
    this.lost = true;
    for (const c of this.containers) {
      c.stopRun();
      if (c.state === 'running') {
        c.terminated = { exitCode: 137, reason: 'Error', startedAtMs: c.startedAtMs, finishedAtMs: now, signal: 9 };
        this.kubelet.processChanged(this, c, false);
      }
      c.state = c.everStarted ? 'terminated' : c.state;
      c.ready = false;
    }
    this.after(this.kubelet.timings.relistMs, () => {
      // Nobody asked for this: the report starts a new story (cause none), as a kubectl command does.
      this.cause = null;
      this.kubelet.releaseIP(this.uid);
      this.writeStatus('PodFailed', `kubelet on ${this.kubelet.node} found the containers of ${this.pod.metadata.name} gone: pod Failed`);
    }, 'relist');
  }

  // ---- termination -----------------------------------------------------------

  /**
   * The pod was deleted (deletionTimestamp set): Killing, preStop, SIGTERM, SIGKILL at
   * the end of the grace period, then the final status and the grace-0 delete that lets
   * the API server forget it.
   */
  terminate(): void {
    if (this.terminating || this.finished) return;
    this.terminating = true;
    const deadline = this.kubelet.client.api.virtualOf(this.pod.metadata.deletionTimestamp);
    const graceMs = Math.max(0, Math.min((this.pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000, deadline - this.kubelet.now()));
    let pending = 0;
    for (const c of this.containers) {
      c.stopRun();
      if (c.state !== 'running') continue;
      pending++;
      this.kubelet.event(this, 'Normal', 'Killing', `Stopping container ${c.name}`);
      const plan = killPlan(c.spec, this.app, graceMs);
      this.after(plan.sigtermMs, () => {
        c.sigterm = true;
        logSigterm(this, c);
      }, 'SIGTERM');
      this.after(plan.exitMs + this.kubelet.timings.stopMs, () => {
        logExit(this, c, plan.exitCode);
        c.state = 'terminated';
        this.kubelet.processChanged(this, c, false);
        c.ready = false;
        c.terminated = { exitCode: plan.exitCode, reason: plan.exitCode === 0 ? 'Completed' : 'Error', startedAtMs: c.startedAtMs, finishedAtMs: this.kubelet.now(), ...(plan.sigkill ? { signal: 9 } : {}) };
        if (--pending === 0) this.finish();
      }, plan.sigkill ? 'SIGKILL' : 'exit');
    }
    if (pending === 0) this.after(0, () => this.finish(), 'no containers running');
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopTimers();
    if (this.containers.some((c) => c.everStarted) && !this.lost) {
      this.writeStatus('PodTerminated', `${this.pod.metadata.name}: all containers stopped on ${this.kubelet.node}`);
    }
    const ns = this.pod.metadata.namespace ?? 'default';
    const name = this.pod.metadata.name ?? '';
    try {
      this.kubelet.client.withCause(this.cause).delete('Pod', ns, name, { gracePeriodSeconds: 0, preconditions: { uid: this.uid } }, {
        reason: 'PodDeleted',
        message: `kubelet on ${this.kubelet.node} confirmed ${name} stopped: the API server removes it`,
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    this.kubelet.forget(this);
  }

  // ---- status ----------------------------------------------------------------

  phase(): string {
    if (this.lost) return 'Failed';
    if (this.finished || (this.terminating && this.containers.every((c) => c.state !== 'running'))) {
      if (!this.containers.some((c) => c.everStarted)) return 'Pending';
      return this.containers.every((c) => c.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
    }
    const done = completedPhase(this);
    if (done !== undefined) return done;
    if (this.containers.some((c) => c.everStarted)) return 'Running';
    return 'Pending';
  }

  /** Writes the status if it differs from what the API server has; the write becomes the next cause. */
  writeStatus(reason: string, message: string): void {
    if (this.kubelet.down) return;
    const live = this.kubelet.client.api.tryGet('Pod', this.pod.metadata.namespace, this.pod.metadata.name ?? '');
    if (live === undefined) return;
    const ours = this.mirrorHash === undefined ? live.metadata.uid === this.uid : live.metadata.annotations?.[MIRROR_POD_ANNOTATION] === this.mirrorHash;
    if (!ours) return;
    const status = buildStatus(this, live);
    const before = live.metadata.resourceVersion;
    try {
      const after = this.kubelet.client.withCause(this.cause).updateStatus({ ...live, metadata: { ...live.metadata, resourceVersion: '' }, status } as KObject, { reason, message });
      if (after.metadata.resourceVersion !== before) {
        this.cause = this.kubelet.client.api.lastSeq;
        // A static pod stays the kubelet's own object (its events name the file's hash as uid).
        if (this.mirrorHash === undefined) this.pod = after;
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}

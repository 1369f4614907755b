import type { Subscription } from 'rxjs';
import type { VirtualAction } from '../sim/virtual-scheduler.js';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import { appBehaviour, BehaviourError, DEFAULT_BEHAVIOUR, type AppBehaviour } from './app-behaviour.js';
import { armProcessExit, completedPhase, settleAfterExit } from './completion.js';
import { isRestartableInitContainer } from '../api/pod-containers.js';
import { Container } from './container.js';
import { fullImage } from './identifiers.js';
import { goDuration, imageSize } from './images.js';
import type { KubeletHost } from './kubelet-host.js';
import { buildStatus } from './pod-status.js';
import type { ProbeKind } from './probes.js';
import { MIRROR_POD_ANNOTATION } from './static-pods.js';
import { armPortBinding } from './port-binding.js';
import { armServiceWait, waitedService } from './service-wait.js';
import { killPlan } from './termination.js';
import { onSigterm } from './pid1.js';
import { armOomKill, oomLine } from './oom.js';
import { emit as writeLog } from './container-log.js';
import { flat as flatten } from '../api/flat-string.js';
import { logCrash, logExit, logSigterm, logStart, printScript } from './process-log.js';

/** A probe kind as prober.go's events print it (probeType's String: "Readiness"). */
const label = (kind: ProbeKind): string => (kind === 'readiness' ? 'Readiness' : kind === 'liveness' ? 'Liveness' : 'Startup');

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/**
 * One pod on one node, from admission to the kubelet's final delete: sandbox, image
 * pulls, container start, probes, restarts with CrashLoopBackOff, and graceful
 * termination (preStop, SIGTERM, SIGKILL). Every status write carries as its cause the
 * write that led to it, so "why is this pod Ready?" walks back to the binding.
 */
export class PodWorker {
  readonly uid: string;
  /** the app containers (spec.containers) */
  readonly containers: Container[];
  /** spec.initContainers: regular ones and native sidecars, in order */
  readonly initContainers: Container[];
  /** every init container has run to completion (a sidecar: has started): the app containers may start */
  initialized: boolean;
  readonly app: AppBehaviour;
  podIP: string | undefined;
  sandboxReady = false;
  startTimeMs: number;
  /** the newest write this pod's story continues from */
  cause: number | null;
  terminating = false;
  lost = false;
  /** the sandbox vanished (pod-kill) and the kubelet has not made a new one yet */
  sandboxGone = false;
  finished = false;
  /** Set when the eviction manager evicted the pod: the status message it reports. */
  evicted: string | undefined;
  /** Set for a static pod: its status goes to whichever mirror pod carries this hash. */
  mirrorHash: string | undefined;
  /**
   * This pod's timers that may still be pending, in the order they were set: one or two at
   * a time (a probe's next tick, a container's exit), so a list, and `[sub]` when none is
   * left: a Set of one was 152 bytes a pod, a list that grew by push() has room for 17
   * (heap snapshot after the 10,000-pod scale-up), `[sub]` is 56 bytes. A timer that ran
   * is dropped when the next one is set (unsubscribing it would do nothing), so a timer
   * needs no closure of its own to remove itself (~100 bytes a probe tick).
   */
  private timers: Subscription[] = [];

  constructor(
    readonly kubelet: KubeletHost,
    public pod: Readonly<KObject>,
    cause: number,
  ) {
    this.uid = pod.metadata.uid ?? '';
    this.cause = cause;
    this.startTimeMs = kubelet.now();
    const inits: any[] = pod.spec?.initContainers ?? [];
    this.initContainers = inits.map((c: any) => new Container(c, isRestartableInitContainer(c) ? 'sidecar' : 'init', true));
    this.containers = (pod.spec?.containers ?? []).map((c: any) => new Container(c, 'app', inits.length > 0));
    this.initialized = inits.length === 0;
    let app = DEFAULT_BEHAVIOUR;
    try {
      app = appBehaviour(pod);
    } catch (e) {
      if (!(e instanceof BehaviourError)) throw e;
      kubelet.event(this, 'Warning', 'InvalidBehaviour', `${e.message}; running with the defaults`);
    }
    this.app = app;
  }

  /** init containers first, then the app containers */
  get allContainers(): Container[] {
    return [...this.initContainers, ...this.containers];
  }

  /**
   * The one place a container's process says something (why it exited, what it waits
   * for): kept as the container's lastLogLine. Per-container logs hook in here.
   */
  emit(c: Container, line: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    c.say(line);
    writeLog(this, c, line, stream);
  }

  get key(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  /** A timer owned by this pod; all of them stop when the node goes down. */
  after(ms: number, fn: () => void, label: string): Subscription {
    return this.afterNamed(ms, fn, `${this.kubelet.actor} ${label} ${this.pod.metadata.name}`);
  }

  /** `after` with the timer's whole name made once by the caller (a probe's, for every tick). */
  private afterNamed(ms: number, fn: () => void, name: string): Subscription {
    const sub = this.kubelet.clock.after(ms, fn, name);
    const timers = this.timers;
    let n = 0;
    for (const t of timers) if (!t.closed) timers[n++] = t;
    timers.length = n;
    // A timer set from a running one (a probe's next tick) finds that one still open: a new
    // list of two, not a push() that makes room for 17.
    if (n === 0) this.timers = [sub];
    else if (n === 1) this.timers = [timers[0] as Subscription, sub];
    else timers.push(sub);
    return sub;
  }

  /** Drops the timers that already ran from this pod's list, in place. */
  private dropRan(): void {
    const timers = this.timers;
    let n = 0;
    for (const t of timers) if (!t.closed) timers[n++] = t;
    if (n < timers.length) timers.length = n;
  }

  stopTimers(): void {
    const timers = this.timers;
    this.timers = [];
    for (const t of timers) t.unsubscribe();
    for (const c of this.allContainers) c.run = [];
  }

  // ---- start-up ----------------------------------------------------------------

  admit(): void {
    this.writeStatus('PodAdmitted', `kubelet on ${this.kubelet.node} admitted ${this.pod.metadata.name}: creating its sandbox`);
    this.after(this.kubelet.timings.sandboxMs, () => {
      this.sandboxReady = true;
      // A hostNetwork pod (the control plane, kube-proxy) shares the node's address.
      this.podIP = this.pod.spec?.hostNetwork === true ? this.kubelet.hostIP : this.kubelet.allocateIP(this.uid);
      this.initNext(0);
    }, 'sandbox');
  }

  /**
   * Init containers one at a time, in order (kuberuntime computeInitContainerActions): a
   * regular one must exit 0 before the next is pulled, a sidecar only has to be started
   * (its startupProbe passed, if it has one). Then the app containers.
   */
  private initNext(i: number): void {
    if (this.terminating || this.lost) return;
    const c = this.initContainers[i];
    if (c === undefined) {
      this.initialized = true;
      this.pullNext(0);
      return;
    }
    if (c.role === 'sidecar') c.onStarted = () => this.initNext(i + 1);
    this.pullAndStart(c);
  }

  /** A regular init container exited 0: the next one starts. */
  private initDone(c: Container): void {
    c.done = true;
    this.initNext(this.initContainers.indexOf(c) + 1);
  }

  /** App containers: images are pulled one after another (serializeImagePulls), then each container created and started. */
  private pullNext(i: number): void {
    const c = this.containers[i];
    if (c === undefined) return;
    // Only after a new sandbox can a container have run already: under OnFailure one that exited 0 stays done (computePodActions).
    if (this.staysDone(c)) return this.pullNext(i + 1);
    this.pullAndStart(c, () => this.pullNext(i + 1));
  }

  private pullAndStart(c: Container, then?: () => void): void {
    if (this.terminating || this.lost) return;
    const image: string = c.spec.image ?? '';
    const t = this.kubelet.timings;
    if (this.kubelet.isMissing(image)) {
      this.kubelet.event(this, 'Normal', 'Pulling', `Pulling image "${image}"`);
      this.after(t.failedPullMs, () => this.pullFailed(c, image, then), 'pull failed');
      return;
    }
    const cached = this.kubelet.images.has(image);
    const always = c.spec.imagePullPolicy === 'Always';
    if (cached && !always) {
      this.kubelet.event(this, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      this.after(t.createMs, () => this.startContainer(c, then), 'create');
      return;
    }
    const pullMs = cached ? t.cachedPullMs : (this.app.imagePullMs ?? t.pullMs);
    this.kubelet.event(this, 'Normal', 'Pulling', `Pulling image "${image}"`);
    this.after(pullMs, () => {
      this.kubelet.images.add(image);
      // image_manager.go EnsureImageExists: the pull's and the wait's durations (Go's Duration text), and the size containerd reports.
      const took = goDuration(pullMs);
      this.kubelet.event(this, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${imageSize(image)} bytes.`);
      this.after(t.createMs, () => this.startContainer(c, then), 'create');
    }, 'pull');
  }

  /** ErrImagePull, then ImagePullBackOff with the image backoff (10 s doubling to 300 s). */
  private pullFailed(c: Container, image: string, then: (() => void) | undefined): void {
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
      this.after(c.imageBackoffMs, () => this.pullAndStart(c, then), 'pull retry');
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
    c.unbind();
    this.kubelet.processChanged(this, c, true);
    c.sigterm = false;
    c.resetProbes();
    c.printed = 0;
    c.started = c.probes.startup === undefined;
    // A regular init container is never ready while it runs (it reads ready once it exited 0).
    c.ready = c.role !== 'init' && c.started && c.probes.readiness === undefined;
    this.startProbes(c);
    logStart(this, c);
    this.armProcess(c, 0);
    this.writeStatus(c.restarts > 0 ? 'ContainerRestarted' : 'ContainerStarted', `${this.pod.metadata.name}: ${c.role === 'app' ? 'container' : c.role === 'sidecar' ? 'sidecar container' : 'init container'} ${c.name} started${c.restarts > 0 ? ` (restart ${c.restarts})` : ''}${c.ready ? ', ready' : ''}`);
    if (c.started) this.sidecarStarted(c);
    then?.();
  }

  /**
   * The timers of the container's own process: a scheduled crash, its exit, its port
   * binding, an OOM kill. `ranMs` is how long it has run already: 0 as it starts. A node
   * outage stops the kubelet, not the process (kubelet.restart), so when the kubelet comes
   * back what fell due meanwhile fires at once: a `sleep 30` started at 10 s on a node down
   * from 20 s to 60 s exited at 40 s and is reported at 60 s with finishedAt 40 s.
   */
  armProcess(c: Container, ranMs: number): void {
    // The pod's behaviour annotations describe its app: init containers and sidecars run their own commands.
    if (this.app.crashAfterMs !== undefined && c.role === 'app') {
      const after = this.app.crashAfterMs;
      c.track(this.after(Math.max(0, after - ranMs), () => {
        logCrash(this, c, `crashed after ${after / 1000}s (kubelapse/crash-after)`);
        this.containerExited(c, this.app.exitCode, this.app.exitCode === 0 ? 'Completed' : 'Error', 'the process exited', Math.min(this.kubelet.now(), c.startedAtMs + after));
      }, 'crash'));
    }
    // Before the exit: a line printed as the script ends (`sleep 5; echo bye`) is written before the process is gone.
    printScript(this, c, ranMs, () => this.kubelet.client.api.timestamp(this.kubelet.now()));
    const waited = c.role === 'init' ? this.waitedService(c) : undefined;
    if (waited !== undefined) armServiceWait(this, c, waited);
    else armProcessExit(this, c, ranMs);
    armPortBinding(this, c, ranMs);
    armOomKill(this, c, ranMs);
  }

  /** A sidecar counts as started: the next init container may go. */
  private sidecarStarted(c: Container): void {
    const next = c.onStarted;
    c.onStarted = undefined;
    next?.();
  }

  private waitedService(c: Container): string | undefined {
    try {
      return waitedService(this.pod, c.name);
    } catch (e) {
      this.kubelet.event(this, 'Warning', 'InvalidBehaviour', `${(e as Error).message}; ${c.name} runs its command`);
      return undefined;
    }
  }

  // ---- probes ----------------------------------------------------------------

  startProbes(c: Container): void {
    const kinds: ProbeKind[] = c.started ? ['readiness', 'liveness'] : ['startup'];
    for (const kind of kinds) {
      const p = c.probes[kind];
      if (p === undefined) continue;
      // The worker ticks from the container's start every period; ticks before initialDelaySeconds do nothing.
      // One closure and one name per probe, not per tick: a Ready pod ticks every 5 s for
      // as long as it lives (100,000 pods over 355 s are 7.1 M ticks), and each tick made
      // a closure and a 60-byte name; the timers, their times and their order are the same.
      // One timer per probe, too: the tick reschedules the action that is running it, so an
      // idle tick (a passing probe, nothing written) allocates nothing, where a new action
      // (~100 bytes), and a new two-timer list in the pod's and the container's lists
      // (~40 bytes each), were made per tick. A reschedule enqueues at the same point as the
      // new timer did, so times and order are the same. When the tick's own timer was
      // cancelled while it ran (a liveness kill stops the run's timers, yet the container
      // still runs until it exits), the next tick is a new timer, as before.
      const name = flatten(`${this.kubelet.actor} ${kind} probe ${this.pod.metadata.name}`);
      let timer: VirtualAction<void>;
      const fire = (): void => {
        const since = this.kubelet.now() - c.startedAtMs;
        if (since >= p.spec.initialDelayMs) this.probe(c, kind);
        if (c.state !== 'running' || this.terminating || (kind === 'startup' && c.started)) return;
        if (timer.closed) timer = c.track(this.afterNamed(p.spec.periodMs, fire, name)) as VirtualAction<void>;
        else {
          timer.schedule(undefined, p.spec.periodMs);
          // A new timer used to compact both lists; without one, timers that ran (the
          // sandbox's, the pull's, the port binding's, with their closures: ~300 bytes a pod
          // at 10,000 pods) would stay listed for the pod's life. In place: no new list.
          this.dropRan();
          c.dropRan();
        }
      };
      timer = c.track(this.afterNamed(0, fire, name)) as VirtualAction<void>;
    }
  }

  /** Under restartPolicy OnFailure a container that exited 0 is done for good: a new sandbox does not run it again (computePodActions). */
  private staysDone(c: Container): boolean {
    return this.pod.spec?.restartPolicy === 'OnFailure' && c.state === 'terminated' && c.terminated?.exitCode === 0;
  }

  /** Is `c`'s process accepting connections at `now`: past its start time, and not one that has exited on the SIGTERM it got (probes and traffic ask). */
  accepting(c: Container, now: number): boolean {
    return !(c.sigterm && onSigterm(this.app, c.spec, this.pod.spec).kind === 'exit') && now >= c.startedAtMs + this.app.startMs;
  }

  /** What the app answers now: alive once listening, ready once past ready-after. */
  private probe(c: Container, kind: ProbeKind): void {
    const p = c.probes[kind];
    if (p === undefined || c.state !== 'running') return;
    const now = this.kubelet.now();
    const listening = this.accepting(c, now);
    const readyApp = listening && now >= c.startedAtMs + this.app.startMs + this.app.readyAfterMs;
    const faulted = (c.failing?.[kind] ?? -1) > now;
    // A probe on a port the container does not listen on is refused however healthy the app is (probes.ts reach).
    const off = p.spec.unreachable;
    if (off !== undefined && 'error' in off) {
      // A port name that does not resolve is a prober error, not a failure: upstream's
      // worker.go doProbe discards the result ("Prober error, throw away the result"), so a
      // liveness probe never restarts the container and readiness keeps its last value
      // (initially not ready). prober.go probe still records the Event, with result Unknown.
      this.kubelet.event(this, 'Warning', 'Unhealthy', `${label(kind)} probe errored and resulted in unknown state: ${off.error}`);
      return;
    }
    const ok = !faulted && off === undefined && (kind === 'readiness' ? readyApp : listening);
    if (!ok) this.kubelet.event(this, 'Warning', 'Unhealthy', `${label(kind)} probe failed: ${p.spec.describe(this.podIP ?? '', !listening || faulted || off !== undefined)}`);
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
      this.sidecarStarted(c);
    } else if (!p.result) {
      this.kubelet.event(this, 'Normal', 'Killing', `Container ${c.name} failed ${kind} probe, will be restarted`);
      const plan = killPlan(c.spec, this.app, (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000, this.pod.spec);
      c.stopRun();
      c.sigterm = true;
      c.ready = false;
      c.track(this.after(plan.sigtermMs, () => logSigterm(this, c), 'log SIGTERM'));
      c.track(this.after(plan.exitMs, () => this.containerExited(c, plan.exitCode, plan.exitCode === 0 ? 'Completed' : 'Error', `${kind} probe failed`), 'liveness kill'));
    }
  }

  // ---- exits and restarts ----------------------------------------------------

  /** The process ended on its own (or by a liveness kill): record it and restart per restartPolicy. */
  containerExited(c: Container, exitCode: number, reason: string, why: string, finishedAtMs: number = this.kubelet.now()): void {
    if (c.state !== 'running' || this.terminating) return;
    logExit(this, c, exitCode);
    c.stopRun();
    c.state = 'terminated';
    this.kubelet.processChanged(this, c, false);
    c.ready = false;
    c.started = false;
    c.terminated = { exitCode, reason, startedAtMs: c.startedAtMs, finishedAtMs };
    // The process's own last words are in its log already (logExit, logCrash, oomKilled); this is the kubelet's account.
    c.say(`exited with code ${exitCode}: ${why}`);
    this.writeStatus('ContainerExited', `${this.pod.metadata.name}: container ${c.name} exited with code ${exitCode} (${why})`);
    const podPolicy = this.pod.spec?.restartPolicy ?? 'Always';
    if (c.role === 'init') {
      // A regular init container: done on exit 0; a failure is retried unless the pod's restartPolicy is Never (the pod fails).
      if (exitCode === 0) return this.initDone(c);
      if (podPolicy === 'Never') return this.kubelet.releaseIP(this.uid);
    } else if (c.role === 'app') {
      if (podPolicy === 'Never' || (podPolicy === 'OnFailure' && exitCode === 0)) {
        settleAfterExit(this);
        if (completedPhase(this) !== undefined) this.stopSidecars(this.kubelet.now() + this.graceMs(), () => this.writeStatus('SidecarsStopped', `${this.pod.metadata.name}: its main containers are done, sidecars stopped`));
        return;
      }
    }
    // A sidecar is restarted whatever the pod's restartPolicy, as an app container under Always.
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

  /**
   * A restart goes through EnsureImageExists as every container start does
   * (kuberuntime_container.go startContainer, images/image_manager.go): with
   * imagePullPolicy Always the image is pulled again (Pulling, then Pulled after the
   * cached-image pull, 0.4 s, then create), otherwise it is already present.
   */
  private restart(c: Container): void {
    if (this.terminating || this.lost) return;
    if (c.spec.imagePullPolicy === 'Always') {
      this.pullAndStart(c);
      return;
    }
    this.kubelet.event(this, 'Normal', 'Pulled', `Container image "${c.spec.image}" already present on machine`);
    this.startContainer(c);
  }

  /**
   * The kernel killed the container for going over its memory limit. The single place a
   * death by OOM is told: its one-line account (oomLine) is the status write's message,
   * and is where a log line for it belongs.
   */
  oomKilled(c: Container, usageBytes: number, limitBytes: number): void {
    this.emit(c, oomLine(usageBytes, limitBytes), 'stderr');
    this.containerExited(c, 137, 'OOMKilled', oomLine(usageBytes, limitBytes));
  }

  /**
   * Evicted by the kubelet's eviction manager: every container stopped within `graceMs`
   * (0 for a hard threshold: SIGKILL at once), then the pod reported Failed with reason
   * Evicted and the message. The pod object stays, as upstream's does, for its owner to replace.
   */
  evict(message: string, graceMs: number): void {
    if (this.lost || this.finished || this.terminating || this.evicted !== undefined) return;
    this.evicted = message;
    let last = 0;
    for (const c of this.containers) {
      c.stopRun();
      if (c.state !== 'running') continue;
      const plan = killPlan(c.spec, this.app, graceMs, this.pod.spec);
      last = Math.max(last, plan.exitMs);
      this.after(plan.exitMs, () => {
        c.terminated = { exitCode: plan.exitCode, reason: plan.exitCode === 0 ? 'Completed' : 'Error', startedAtMs: c.startedAtMs, finishedAtMs: this.kubelet.now() };
        c.state = 'terminated';
        c.ready = false;
        this.kubelet.processChanged(this, c, false);
      }, plan.sigkill ? 'eviction SIGKILL' : 'eviction exit');
    }
    this.after(last, () => {
      this.lost = true;
      this.kubelet.releaseIP(this.uid);
      this.writeStatus('PodEvicted', `kubelet on ${this.kubelet.node} evicted ${this.pod.metadata.name}: ${message}`);
    }, 'evicted');
  }

  // ---- faults ----------------------------------------------------------------

  crash(containerName: string | undefined): boolean {
    const c = containerName === undefined ? this.containers.find((x) => x.state === 'running') : this.allContainers.find((x) => x.name === containerName);
    if (c === undefined || c.state !== 'running') return false;
    logCrash(this, c, 'crashed (fault container-crash)');
    this.containerExited(c, this.app.exitCode, this.app.exitCode === 0 ? 'Completed' : 'Error', 'fault container-crash');
    return true;
  }

  failProbe(kind: ProbeKind, untilMs: number): void {
    for (const c of this.allContainers) (c.failing ??= {})[kind] = untilMs;
  }

  /**
   * The sandbox and every process vanish at once (the `pod-kill` fault). Nothing is
   * written then: the kubelet notices at its next PLEG relist (relistMs, 1 s) and syncs
   * the pod as upstream v1.32 does (pkg/kubelet/kuberuntime/kuberuntime_manager.go,
   * computePodActions: podSandboxChanged finds no ready sandbox, so KillPod and
   * CreateSandbox, with the SandboxChanged event "Pod sandbox changed, it will be killed
   * and re-created."):
   * - restartPolicy Always or OnFailure: the same pod gets a new sandbox (and a new IP, as
   *   CNI's host-local IPAM hands out the next free address) and its containers start
   *   again (restartCount +1), init containers first; readiness is lost until the probe
   *   passes again, so the pod leaves its Services' endpoints for that long and its
   *   owner's available count dips. Nothing replaces it. Under OnFailure a container that
   *   had exited 0 is not started again (computePodActions skips containerSucceeded).
   * - restartPolicy Never: computePodActions' `!shouldRestartOnFailure(pod) && attempt != 0
   *   && len(podStatus.ContainerStatuses) != 0` returns without a new sandbox when the
   *   runtime still holds container records, and the pod is Failed (getPhase: all
   *   terminated, Never). A Never pod killed before any container was created (its image
   *   still pulling) has no records: "we assume that we've never successfully created any
   *   containers", so it gets a new sandbox (SandboxChanged) and runs.
   * The model is that one throughout: the processes were SIGKILLed with the sandbox and
   * their records stay, so each reads what the runtime reports for a killed container,
   * terminated, exit 137, reason Error, with its startedAt/finishedAt and containerID (not
   * ContainerStatusUnknown, which kubelet_pods.go convertToAPIContainerStatuses and
   * status_manager.go TerminatePod infer only when the records are gone).
   * pod-loss-recovery at 70 s: web-x's nginx vanishes, at 71 s SandboxChanged and 0/1,
   * at 71.3 s a new sandbox, 71.4 s nginx restarted (RESTARTS 1), Ready again once its
   * readiness probe passes after the 2 s start-time.
   */
  kill(): void {
    if (this.lost || this.finished || this.sandboxGone) return;
    const now = this.kubelet.now();
    this.sandboxGone = true;
    // Whatever was under way (a pull, a create, a backoff, a probe) went with the sandbox.
    this.stopTimers();
    this.sandboxReady = false;
    for (const c of this.allContainers) {
      if (c.state !== 'running') continue;
      c.terminated = { exitCode: 137, reason: 'Error', startedAtMs: c.startedAtMs, finishedAtMs: now };
      c.state = 'terminated';
      c.ready = false;
      c.started = false;
      c.unbind();
      this.kubelet.processChanged(this, c, false);
    }
    this.after(this.kubelet.timings.relistMs, () => this.sandboxChanged(), 'relist');
  }

  /** The relist after kill(): the kubelet finds the sandbox gone and kills and re-creates it, or (restartPolicy Never) fails the pod. */
  private sandboxChanged(): void {
    // Nobody asked for this: the report starts a new story (cause none), as a kubectl command does.
    this.cause = null;
    const name = this.pod.metadata.name;
    if (this.terminating) {
      // Being deleted: nothing is left to stop, the deletion is confirmed.
      this.finish();
      return;
    }
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    const toStart = this.containers.filter((c) => !this.staysDone(c));
    // Never: no new sandbox once the runtime holds a container record (one ever started).
    const records = this.allContainers.some((c) => c.everStarted);
    if ((policy === 'Never' && records) || toStart.length === 0) {
      this.lost = true;
      this.kubelet.releaseIP(this.uid);
      this.writeStatus('PodFailed', `kubelet on ${this.kubelet.node} found the sandbox of ${name} gone; restartPolicy ${policy}: pod Failed`);
      return;
    }
    this.kubelet.event(this, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    this.writeStatus('SandboxChanged', `kubelet on ${this.kubelet.node} found the sandbox of ${name} gone: killing it and creating a new one`);
    this.after(this.kubelet.timings.sandboxMs, () => {
      this.sandboxGone = false;
      this.sandboxReady = true;
      if (this.pod.spec?.hostNetwork !== true) this.podIP = this.kubelet.reallocateIP(this.uid);
      for (const c of this.initContainers) c.done = false;
      this.initialized = this.initContainers.length === 0;
      this.initNext(0);
    }, 'new sandbox');
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
    const until = this.kubelet.now() + graceMs;
    for (const c of this.allContainers) c.stopRun();
    // The main containers (and an init container still running) stop together; sidecars after them.
    const first = this.allContainers.filter((c) => c.state === 'running' && c.role !== 'sidecar');
    let pending = first.length;
    const then = (): void => this.stopSidecars(until, () => this.finish());
    for (const c of first) this.stopContainer(c, graceMs, () => --pending === 0 && then());
    if (pending === 0) this.after(0, then, 'no containers running');
  }

  /** The grace period a pod's containers get (spec.terminationGracePeriodSeconds, 30 s by default). */
  private graceMs(): number {
    return (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  /**
   * Native sidecars stop after the main containers have exited, in reverse order (the last
   * one first, each after the one behind it is gone), in what is left of the grace period
   * (upstream's termination ordering, 1.29+). Grace 30 s, app drains 10 s: sidecar b gets
   * SIGTERM at 10 s, sidecar a when b has exited.
   */
  private stopSidecars(untilMs: number, done: () => void, from = this.initContainers.length - 1): void {
    for (let i = from; i >= 0; i--) {
      const c = this.initContainers[i] as Container;
      if (c.role !== 'sidecar' || c.state !== 'running') continue;
      c.stopRun();
      this.stopContainer(c, Math.max(0, untilMs - this.kubelet.now()), () => this.stopSidecars(untilMs, done, i - 1));
      return;
    }
    done();
  }

  /** Killing, preStop, SIGTERM, SIGKILL at the end of the grace period. */
  private stopContainer(c: Container, graceMs: number, then: () => void): void {
    this.kubelet.event(this, 'Normal', 'Killing', `Stopping container ${c.name}`);
    const plan = killPlan(c.spec, this.app, graceMs, this.pod.spec);
    this.after(plan.sigtermMs, () => {
      c.sigterm = true;
      logSigterm(this, c);
    }, 'SIGTERM');
    this.after(plan.exitMs + this.kubelet.timings.stopMs, () => {
      logExit(this, c, plan.exitCode);
      c.state = 'terminated';
      this.kubelet.processChanged(this, c, false);
      c.ready = false;
      c.started = false;
      c.terminated = { exitCode: plan.exitCode, reason: plan.exitCode === 0 ? 'Completed' : 'Error', startedAtMs: c.startedAtMs, finishedAtMs: this.kubelet.now() };
      then();
    }, plan.sigkill ? 'SIGKILL' : 'exit');
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
    const policy = this.pod.spec?.restartPolicy ?? 'Always';
    // An init container that failed with restartPolicy Never fails the pod; until all have run, it is Pending.
    if (policy === 'Never' && this.initContainers.some((c) => c.role === 'init' && c.state === 'terminated' && (c.terminated?.exitCode ?? 0) !== 0)) return 'Failed';
    // Init containers that run again in a new sandbox do not send a pod that ran back to Pending (getPhase: HasAnyRegularContainerStarted).
    if (!this.initialized && !this.containers.some((c) => c.everStarted)) return 'Pending';
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

import path from 'node:path';
import { GENERATOR } from '../version.js';
import { ApiError } from '../api/status.js';
import { KubectlError } from '../kubectl/command.js';
import { describeError, executeKubectl } from '../kubectl/execute.js';
import { applyObject } from '../kubectl/apply.js';
import { Recorder } from '../record/recorder.js';
import { Recording } from '../record/recording.js';
import type { MarkerKind } from '../record/schema.js';
import { Simulation } from '../sim/cluster.js';
import { ControlPlane, FaultError } from '../sim/control-plane.js';
import { noNodesReason } from '../sim/no-nodes.js';
import { parseKubectl } from '../kubectl/parse.js';
import { parseSelector } from '../api/labels.js';
import { POD_REF } from './parse-steps.js';
import type { FaultSpec } from './types.js';
import { formatDuration } from './duration.js';
import { evaluate, type ExpectationResult } from './expect.js';
import type { Scenario, Step } from './types.js';

export interface SessionOptions {
  output: string;
  /** Overrides spec.seed. */
  seed?: number;
  /** Overrides spec.epoch (live mode: the wall-clock time the session started). */
  epoch?: string;
  source?: 'simulation' | 'live';
  /** Extra meta rows. */
  meta?: Record<string, string>;
  /** Changes the API server keeps for resuming watches (live mode's tests shrink it). */
  watchHistory?: number;
  /** Hash and insert the rows in a worker thread (record/append-thread.ts): `kubelapse run` does. */
  recordInThread?: boolean;
}

/** A step that failed at run time: `file:line:col: spec.steps[2].kubectl: Error from server (NotFound): ...`. */
export class StepFailedError extends Error {
  override name = 'StepFailedError';
  /** Where the rows before the failure are, when not at the output (a re-run's partial file: `run` sets it). */
  kept: { file: string; earlier: string } | undefined;

  constructor(
    readonly step: Step,
    detail: string,
  ) {
    super(`${step.where}: spec.steps[${step.index}].${step.action.type}: ${detail}`);
  }
}

/**
 * One scenario being recorded: the simulation, its control plane, the recorder, and
 * the scenario's steps and expectations scheduled at their virtual times. `kubelapse
 * run` advances it as fast as it can; `kubelapse live` advances it with the wall clock
 * while people's requests come in between.
 */
export class ScenarioSession {
  readonly sim: Simulation;
  readonly plane: ControlPlane;
  readonly recording: Recording;
  readonly recorder: Recorder;
  readonly results: ExpectationResult[] = [];
  private readonly kubectl;

  constructor(
    readonly scenario: Scenario,
    options: SessionOptions,
  ) {
    const seed = options.seed ?? scenario.seed;
    const epoch = options.epoch ?? scenario.epoch;
    this.recording = Recording.create(options.output, {
      source: options.source ?? 'simulation',
      name: scenario.name,
      title: scenario.title,
      description: scenario.description,
      seed: String(seed),
      epoch,
      end_time_ms: '0',
      // A live session without a scenario file names none.
      ...(scenario.file === '' ? {} : { scenario: path.basename(scenario.file) }),
      generator: GENERATOR,
      ...(options.meta ?? {}),
      // events_object at the seal (4.5x the append rate at 100,000 pods: record/schema.ts),
      // except live: the viewer follows a live session's file while it grows.
    }, { objectIndex: options.source === 'live' ? 'eager' : 'at-seal' });
    this.sim = new Simulation({ seed, epoch, ...(options.watchHistory !== undefined ? { watchHistory: options.watchHistory } : {}), ...(scenario.cluster.eviction !== undefined ? { eviction: scenario.cluster.eviction } : {}) });
    this.recorder = new Recorder(this.recording, { thread: options.recordInThread === true }).attach(this.sim.api.writes$).attachLogs(this.sim.logs.lines$);
    this.plane = new ControlPlane(this.sim, {
      missingImages: scenario.cluster.missingImages,
      ...(scenario.cluster.imagePullMs !== undefined ? { kubeletTimings: { pullMs: scenario.cluster.imagePullMs } } : {}),
      // Unset ones stay undefined: the components fall back to their defaults.
      nodeMonitorGracePeriodMs: scenario.cluster.nodeMonitorGracePeriodMs,
      kubeProxyLagMs: scenario.cluster.kubeProxyLagMs,
      requestLatencyMs: scenario.cluster.requestLatencyMs,
      nodeGroups: scenario.cluster.nodeGroups,
      // Live mode serves requests between two tasks: a long sync is cut into several.
      stepwiseSyncs: options.source === 'live',
    });
    this.kubectl = this.sim.client('kubectl');
  }

  now(): number {
    return this.sim.scheduler.now();
  }

  /** What went wrong without ending the run: refused writes that escaped a component (see Diagnostics). */
  warnings(): string[] {
    return this.sim.diagnostics.warnings();
  }

  marker(kind: MarkerKind, title: string, body: string | null, seq: number | null): void {
    this.recorder.addMarker({ timeMs: this.now(), seq: seq !== null && seq > 0 ? seq : null, kind, title, body });
  }

  /**
   * Bootstraps the cluster and schedules the steps, and the expectations at `endMs`
   * and before (live mode passes Infinity: an open-ended session checks no end).
   */
  start(endMs: number): void {
    const { scenario, sim } = this;
    sim.bootstrap(scenario.nodes);
    this.plane.start(scenario.nodes);
    for (const step of scenario.steps) sim.scheduler.at(step.atMs, () => this.runStep(step), `step ${step.index}`);
    const times = new Set(scenario.expectations.map((e) => (e.at === 'end' ? endMs : e.at)));
    // Expectations run after everything else due at their instant: schedule them last.
    for (const t of [...times].filter(Number.isFinite).sort((a, b) => a - b)) {
      sim.scheduler.at(t, () => sim.scheduler.after(0, () => this.check(endMs), 'expectations'), 'expectations');
    }
  }

  /**
   * Runs everything due up to `timeMs` and stores the traffic counted so far. `stop` (live
   * mode's wall-time budget) may end it between two tasks: then it returns false, and the
   * next call carries on where it stopped.
   */
  advance(timeMs: number, final = false, stop?: () => boolean): boolean {
    const done = this.sim.runUntil(timeMs, stop);
    this.recording.addTraffic(this.plane.traffic.drain(final && done));
    if (this.recorder.error !== undefined) throw this.recorder.error;
    return done;
  }

  /**
   * Ends the recording: complete only after a clean run, every accepted row kept either
   * way. Each part is tried on its own, so a disk that filled up while the last rows went
   * in still gets `complete = 0` and the error in meta (small writes often still fit),
   * and the file is left valid (its WAL folds back once there is room). A clean run
   * whose end could not be written throws that failure.
   */
  finish(complete: boolean, endTimeMs: number, error?: unknown): void {
    let failure = error;
    const attempt = (fn: () => void): void => {
      try {
        fn();
      } catch (e) {
        failure ??= e;
      }
    };
    attempt(() => this.recording.addTraffic(this.plane.traffic.drain(true)));
    const warnings = this.warnings();
    const meta: Record<string, string> = warnings.length > 0 ? { warnings: JSON.stringify(warnings) } : {};
    if (failure !== undefined) meta.error = failure instanceof Error ? failure.message : String(failure);
    attempt(() => this.recorder.close({ complete: complete && failure === undefined, endTimeMs, meta }));
    attempt(() => this.recording.close());
    if (this.recording.db.open) this.recording.db.close();
    if (failure !== undefined && error === undefined) throw failure;
  }

  private runStep(step: Step): void {
    const { sim } = this;
    const before = sim.api.lastSeq;
    const a = step.action;
    const note = step.note ?? null;
    if (a.type === 'chapter') return this.marker('chapter', a.title, note, before);
    if (a.type === 'note') return this.marker('note', note ?? '', null, before);
    if (a.type === 'traffic') {
      const t = a.traffic;
      this.plane.traffic.set(`${t.namespace}/${t.service}`, t.rps, t.durationMs);
      const what = t.rps <= 0 ? `traffic to ${t.service} stops` : `traffic: ${t.rps} rps to ${t.service}${t.durationMs === undefined ? '' : ` for ${formatDuration(t.durationMs)}`}`;
      return this.marker('action', what, note, before);
    }
    if (a.type === 'fault') {
      let what: string;
      try {
        what = runFault(this.plane, a.fault);
      } catch (e) {
        if (e instanceof FaultError) throw new StepFailedError(step, e.message);
        throw e;
      }
      return this.marker('action', what, note, before);
    }
    const title =
      a.type === 'apply'
        ? `kubectl apply: ${a.manifests.map((m) => `${m.kind} ${m.metadata?.name ?? m.metadata?.generateName ?? ''}`).join(', ')}`
        : `kubectl ${a.line.replace(/^kubectl\s+/, '')}`;
    let output: string[] = [];
    try {
      if (a.type === 'apply') output = a.manifests.map((m) => applyObject(this.kubectl, m));
      else {
        const command = a.line.match(POD_REF) === null ? a.command : parseKubectl(resolvePodRefs(this.plane, a.line, a.command.namespace));
        output = executeKubectl(this.kubectl, command, (file) => {
          const objects = a.manifests[file];
          if (objects === undefined) throw new Error(`internal: ${file} was not parsed with the scenario`);
          return objects;
        }, {
          after: (ms, fn, label) => void sim.scheduler.after(ms, fn, label),
          report: (line) => this.marker('action', line, `kubectl ${a.line.replace(/^kubectl\s+/, '')}`, sim.api.lastSeq),
        });
      }
    } catch (err) {
      if (!(err instanceof ApiError || err instanceof KubectlError)) throw err;
      const message = describeError(err);
      if (step.expectError !== undefined && (step.expectError === true || message.includes(step.expectError))) {
        this.marker('action', a.type === 'apply' ? 'kubectl apply (refused)' : title, `${note === null ? '' : note + '\n'}${message}`, before);
        return;
      }
      throw new StepFailedError(step, message);
    }
    if (step.expectError !== undefined) {
      throw new StepFailedError(step, `expected the step to be refused${step.expectError === true ? '' : ` with "${step.expectError}"`}, but it succeeded: ${output.join('; ')}`);
    }
    const first = sim.api.lastSeq > before ? before + 1 : before;
    this.marker('action', title, [note, ...output].filter((x) => x !== null).join('\n'), first);
  }

  private check(endMs: number): void {
    const now = this.now();
    for (const exp of this.scenario.expectations) {
      if (exp.at !== now && !(exp.at === 'end' && now === endMs)) continue;
      this.recorder.flush();
      this.recording.addTraffic(this.plane.traffic.drain());
      const r = evaluate(exp, this.sim.api, () => this.recording.traffic());
      this.results.push(r);
      this.marker('expectation', `${exp.label}: ${r.passed ? 'passed' : 'FAILED'}`, r.details.join('\n'), this.sim.api.lastSeq);
    }
  }
}

/** Carries out a fault step; returns the marker title. */
function runFault(plane: ControlPlane, f: FaultSpec): string {
  const ns = f.namespace;
  switch (f.type) {
    case 'node-down':
      plane.nodeDown(f.node as string);
      return `fault: node ${f.node} down (its kubelet stops; nothing reports from it)`;
    case 'node-up':
      plane.nodeUp(f.node as string);
      return `fault over: node ${f.node} up again`;
    case 'add-node':
      plane.addNode({ name: f.node as string, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] });
      return `node ${f.node} added`;
    case 'remove-node':
      plane.removeNode(f.node as string);
      return `node ${f.node} removed`;
    case 'pod-kill': {
      const pod = plane.resolvePod(ns, f.pod as string);
      plane.killPod(ns, pod);
      return `fault: pod ${pod} killed (its containers vanish)`;
    }
    case 'container-crash': {
      const pod = plane.resolvePod(ns, f.pod as string);
      plane.crashContainer(ns, pod, f.container);
      return `fault: container ${f.container ?? ''} of ${pod} crashed`.replace('  ', ' ');
    }
    case 'probe-fail': {
      const pod = plane.resolvePod(ns, f.pod as string);
      plane.failProbe(ns, pod, f.probe as 'liveness' | 'readiness' | 'startup', f.durationMs ?? 0);
      return `fault: ${f.probe} probe of ${pod} fails for ${(f.durationMs ?? 0) / 1000}s`;
    }
  }
}

/** Replaces each `$(pod -l SELECTOR)` with the first running pod (name order) that matches. */
function resolvePodRefs(plane: ControlPlane, line: string, namespace: string | undefined): string {
  return line.replace(POD_REF, (_m, sel: string) => {
    const pod = plane.firstRunningPod(namespace ?? 'default', { labelSelector: parseSelector(sel.trim()) });
    if (pod === undefined) throw new KubectlError(`no running pod matches -l ${sel.trim()}${whyNoRunningPod(plane, namespace ?? 'default', sel.trim())}`);
    return pod.metadata.name ?? '';
  });
}

/**
 * Why a `$(pod -l ...)` found nothing, when the cluster can tell: with `nodes: 0` no pod
 * is ever scheduled, and the bare "no running pod matches" sent a user to check the
 * labels; pods that match but are not Running yet say their phases (Pending: wait longer).
 */
function whyNoRunningPod(plane: ControlPlane, namespace: string, sel: string): string {
  const noNodes = noNodesReason(plane.sim.api);
  if (noNodes !== '') return noNodes;
  const matching = plane.sim.api.list('Pod', { namespace, labelSelector: parseSelector(sel) }).items;
  if (matching.length === 0) return '';
  const phases = [...new Set(matching.map((p) => (p.metadata.deletionTimestamp !== undefined ? 'Terminating' : String(p.status?.phase ?? 'Pending'))))].join(', ');
  return `: ${matching.length} match${matching.length === 1 ? 'es' : ''}, none Running yet (${phases})`;
}

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
import { parseKubectl } from '../kubectl/parse.js';
import { parseSelector } from '../api/labels.js';
import { POD_REF } from './parse-steps.js';
import type { FaultSpec } from './types.js';
import { formatDuration } from './duration.js';
import { evaluate, type ExpectationResult } from './expect.js';
import type { Scenario, Step } from './types.js';

export interface RunOptions {
  output: string;
  /** Overrides spec.seed. */
  seed?: number;
  /** Called every virtual second with how far the run has got. */
  onProgress?: (p: { timeMs: number; durationMs: number; events: number }) => void;
  /** Extra meta rows (the CLI adds nothing time-dependent, so recordings stay identical). */
  meta?: Record<string, string>;
  /** Virtual time per progress tick. */
  tickMs?: number;
}

export interface RunResult {
  output: string;
  events: number;
  durationMs: number;
  head: string;
  expectations: ExpectationResult[];
  warnings: string[];
}

/** A step that failed at run time: `file:line:col: spec.steps[2].kubectl: Error from server (NotFound): ...`. */
export class StepFailedError extends Error {
  override name = 'StepFailedError';

  constructor(
    readonly step: Step,
    detail: string,
  ) {
    super(`${step.where}: spec.steps[${step.index}].${step.action.type}: ${detail}`);
  }
}

/**
 * Runs a scenario into a recording: bootstraps the cluster, fires each step at its
 * virtual time as the `kubectl` actor, checks expectations, and marks the recording
 * complete only if it got to the end. A failure leaves everything recorded so far.
 */
export function runScenario(scenario: Scenario, options: RunOptions): RunResult {
  const seed = options.seed ?? scenario.seed;
  const recording = Recording.create(options.output, {
    source: 'simulation',
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    seed: String(seed),
    epoch: scenario.epoch,
    end_time_ms: '0',
    scenario: path.basename(scenario.file),
    generator: GENERATOR,
    ...(options.meta ?? {}),
  });
  const sim = new Simulation({ seed, epoch: scenario.epoch });
  const recorder = new Recorder(recording).attach(sim.api.writes$);
  const plane = new ControlPlane(sim, {
    missingImages: scenario.cluster.missingImages,
    ...(scenario.cluster.imagePullMs !== undefined ? { kubeletTimings: { pullMs: scenario.cluster.imagePullMs } } : {}),
    // Unset ones stay undefined: the components fall back to their defaults.
    nodeMonitorGracePeriodMs: scenario.cluster.nodeMonitorGracePeriodMs,
    kubeProxyLagMs: scenario.cluster.kubeProxyLagMs,
    requestLatencyMs: scenario.cluster.requestLatencyMs,
  });
  const traffic = plane.traffic;
  const kubectl = sim.client('kubectl');
  const warnings: string[] = [];
  const results: ExpectationResult[] = [];

  const marker = (kind: MarkerKind, title: string, body: string | null, seq: number | null): void => {
    recorder.addMarker({ timeMs: sim.scheduler.now(), seq: seq !== null && seq > 0 ? seq : null, kind, title, body });
  };

  const runStep = (step: Step): void => {
    const before = sim.api.lastSeq;
    const a = step.action;
    const note = step.note ?? null;
    if (a.type === 'chapter') return marker('chapter', a.title, note, before);
    if (a.type === 'note') return marker('note', note ?? '', null, before);
    if (a.type === 'traffic') {
      const t = a.traffic;
      traffic.set(`${t.namespace}/${t.service}`, t.rps, t.durationMs);
      const what = t.rps <= 0 ? `traffic to ${t.service} stops` : `traffic: ${t.rps} rps to ${t.service}${t.durationMs === undefined ? '' : ` for ${formatDuration(t.durationMs)}`}`;
      return marker('action', what, note, before);
    }
    if (a.type === 'fault') {
      let what: string;
      try {
        what = runFault(plane, a.fault);
      } catch (e) {
        if (e instanceof FaultError) throw new StepFailedError(step, e.message);
        throw e;
      }
      return marker('action', what, note, before);
    }
    const title =
      a.type === 'apply'
        ? `kubectl apply: ${a.manifests.map((m) => `${m.kind} ${m.metadata?.name ?? m.metadata?.generateName ?? ''}`).join(', ')}`
        : `kubectl ${a.line.replace(/^kubectl\s+/, '')}`;
    let output: string[] = [];
    try {
      if (a.type === 'apply') output = a.manifests.map((m) => applyObject(kubectl, m));
      else {
        const command = a.line.match(POD_REF) === null ? a.command : parseKubectl(resolvePodRefs(plane, a.line, a.command.namespace));
        output = executeKubectl(kubectl, command, (file) => {
          const objects = a.manifests[file];
          if (objects === undefined) throw new Error(`internal: ${file} was not parsed with the scenario`);
          return objects;
        }, {
          after: (ms, fn, label) => void sim.scheduler.after(ms, fn, label),
          report: (line) => marker('action', line, `kubectl ${a.line.replace(/^kubectl\s+/, '')}`, sim.api.lastSeq),
        });
      }
    } catch (err) {
      if (!(err instanceof ApiError || err instanceof KubectlError)) throw err;
      const message = describeError(err);
      if (step.expectError !== undefined && (step.expectError === true || message.includes(step.expectError))) {
        marker('action', a.type === 'apply' ? 'kubectl apply (refused)' : title, `${note === null ? '' : note + '\n'}${message}`, before);
        return;
      }
      throw new StepFailedError(step, message);
    }
    if (step.expectError !== undefined) {
      throw new StepFailedError(step, `expected the step to be refused${step.expectError === true ? '' : ` with "${step.expectError}"`}, but it succeeded: ${output.join('; ')}`);
    }
    const first = sim.api.lastSeq > before ? before + 1 : before;
    marker('action', title, [note, ...output].filter((x) => x !== null).join('\n'), first);
  };

  const check = (): void => {
    for (const exp of scenario.expectations) {
      if (exp.at !== sim.scheduler.now() && !(exp.at === 'end' && sim.scheduler.now() === scenario.durationMs)) continue;
      recorder.flush();
      recording.addTraffic(traffic.drain());
      const r = evaluate(exp, sim.api, () => recording.traffic());
      results.push(r);
      marker('expectation', `${exp.label}: ${r.passed ? 'passed' : 'FAILED'}`, r.details.join('\n'), sim.api.lastSeq);
    }
  };

  let failure: unknown;
  try {
    sim.bootstrap(scenario.nodes);
    plane.start(scenario.nodes);
    for (const step of scenario.steps) sim.scheduler.at(step.atMs, () => runStep(step), `step ${step.index}`);
    const times = new Set(scenario.expectations.map((e) => (e.at === 'end' ? scenario.durationMs : e.at)));
    // Expectations run after everything else due at their instant: schedule them last.
    for (const t of [...times].sort((a, b) => a - b)) sim.scheduler.at(t, () => sim.scheduler.after(0, check, 'expectations'), 'expectations');
    const tick = options.tickMs ?? 1000;
    for (let t = 0; ; t = Math.min(t + tick, scenario.durationMs)) {
      sim.runUntil(t);
      recording.addTraffic(traffic.drain(t >= scenario.durationMs));
      if (recorder.error !== undefined) throw recorder.error;
      options.onProgress?.({ timeMs: t, durationMs: scenario.durationMs, events: recorder.count });
      if (t >= scenario.durationMs) break;
    }
  } catch (err) {
    failure = err;
  }
  if (failure !== undefined) {
    // Keep every row already accepted; the file stays a valid, incomplete recording.
    recording.addTraffic(traffic.drain(true));
    recorder.close({ complete: false, endTimeMs: sim.scheduler.now() });
    recording.setMeta({ error: failure instanceof Error ? failure.message : String(failure) });
    recording.close();
    throw failure;
  }
  recorder.close({ complete: true, endTimeMs: scenario.durationMs });
  recording.close();
  return {
    output: options.output,
    events: recorder.count,
    durationMs: scenario.durationMs,
    head: recorder.head,
    expectations: results,
    warnings,
  };
}

export function summarize(r: RunResult, wallMs: number): string {
  const failed = r.expectations.filter((e) => !e.passed).length;
  const exp = r.expectations.length === 0 ? '' : `, expectations ${r.expectations.length - failed}/${r.expectations.length} passed`;
  return `${r.output}: ${r.events} events, ${formatDuration(r.durationMs)} virtual in ${(wallMs / 1000).toFixed(2)}s wall${exp}, final hash ${r.head}`;
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
    if (pod === undefined) throw new KubectlError(`no running pod matches -l ${sel.trim()}`);
    return pod.metadata.name ?? '';
  });
}

import type { Subscription } from 'rxjs';
import type { KObject } from '../api/types.js';
import type { AppBehaviour } from './app-behaviour.js';
import { commandOutcome, type ScriptOutcome } from './command-script.js';
import type { Container } from './container.js';
import type { ContainerLogs } from './container-log.js';
import { logWorkDone } from './process-log.js';

/** How long the process of a Job's container runs when neither an annotation nor its command says. */
export const JOB_DEFAULT_RUN_MS = 5_000;

/** How long a regular init container whose command cannot be read runs before it exits 0. */
export const INIT_DEFAULT_RUN_MS = 5_000;

/** The part of a pod worker that processes which end by themselves need. */
export interface CompletingWorker {
  readonly uid: string;
  readonly pod: Readonly<KObject>;
  readonly app: AppBehaviour;
  readonly containers: readonly Container[];
  after(ms: number, fn: () => void, label: string): Subscription;
  containerExited(c: Container, exitCode: number, reason: string, why: string, finishedAtMs?: number): void;
  readonly kubelet: { releaseIP(uid: string): void; readonly logs: ContainerLogs; now(): number };
}

const ownedByJob = (pod: Readonly<KObject>): boolean => (pod.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.kind === 'Job');

/**
 * How long a container's process runs before it exits by itself, and with which code:
 * `kubelapse/runs-for` first (app containers only), then what a plain command says (`sleep 30`, `sh -c "sleep 5;
 * exit 1"`), then, for a Job's pod, JOB_DEFAULT_RUN_MS and exit 0. Undefined: it runs
 * until it is stopped (a server).
 */
export function processOutcome(w: CompletingWorker, c: Container): ScriptOutcome | undefined {
  // The pod's annotations describe its app; an init container or sidecar runs its own command.
  if (w.app.runsFor !== undefined && c.role === 'app') return { kind: 'exits', ms: w.app.runsFor.ms, exitCode: w.app.runsFor.exitCode };
  const fromCommand = commandOutcome(c.spec);
  if (fromCommand !== undefined) return fromCommand;
  // A regular init container does its job and exits: one whose command is not plain enough to read takes INIT_DEFAULT_RUN_MS.
  if (c.role === 'init') return { kind: 'exits', ms: INIT_DEFAULT_RUN_MS, exitCode: 0 };
  return ownedByJob(w.pod) && c.role === 'app' ? { kind: 'exits', ms: JOB_DEFAULT_RUN_MS, exitCode: 0 } : undefined;
}

/**
 * Called as the container starts (`ranMs` 0), and again as a kubelet comes back from a node
 * outage with how long the process has run: its exit, if it has one, is part of this run's
 * timers, and one that fell due while the kubelet was away keeps its own finish time.
 */
export function armProcessExit(w: CompletingWorker, c: Container, ranMs = 0): void {
  const outcome = processOutcome(w, c);
  if (outcome?.kind !== 'exits') return;
  const reason = outcome.exitCode === 0 ? 'Completed' : 'Error';
  c.track(w.after(Math.max(0, outcome.ms - ranMs), () => {
    logWorkDone(w, c, outcome.exitCode);
    w.containerExited(c, outcome.exitCode, reason, outcome.exitCode === 0 ? 'the process finished its work' : 'the process failed', Math.min(w.kubelet.now(), c.startedAtMs + outcome.ms));
  }, 'process exit'));
}

/**
 * The phase of a pod whose containers all ran to their end (kubelet getPhase): with
 * restartPolicy Never, Succeeded if every one exited 0, else Failed; with OnFailure only a
 * clean finish ends the pod (a failure is restarted); Always never ends by itself.
 */
export function completedPhase(w: CompletingWorker): 'Succeeded' | 'Failed' | undefined {
  const policy = w.pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Always' || w.containers.length === 0) return undefined;
  if (!w.containers.every((c) => c.state === 'terminated' && c.terminated !== undefined)) return undefined;
  const clean = w.containers.every((c) => c.terminated?.exitCode === 0);
  if (clean) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : undefined;
}

/** After an exit that is not restarted: a pod whose every container is done gives its sandbox (and IP) back. */
export function settleAfterExit(w: CompletingWorker): void {
  if (completedPhase(w) !== undefined) w.kubelet.releaseIP(w.uid);
}

import type { KObject } from '../api/types.js';
import { parseDuration } from '../scenario/duration.js';
import { memoryProfiles, type MemoryProfile } from './memory-model.js';

/**
 * What the simulated process in each container does, from `kubelapse/...` annotations on
 * the pod (template). Plain Kubernetes YAML cannot say how an app behaves, and these
 * keep the manifests valid for a real cluster:
 *   kubelapse/start-time: 5s      the process listens 5 s after the container starts (default 1s)
 *   kubelapse/ready-after: 10s    and its readiness endpoint passes 10 s after that (default 0s)
 *   kubelapse/on-sigterm: exit | drain 10s | ignore   (default exit: stop at once, exit code 0;
 *                                 ignore for a `sleep` or a shell without a trap as PID 1, pid1.ts)
 *   kubelapse/crash-after: 30s    the process exits by itself 30 s after each start
 *   kubelapse/exit-code: 1        the exit code of such a crash (default 1)
 *   kubelapse/image-pull-time: 4s how long pulling this pod's images takes on a cold node
 *   kubelapse/runs-for: 20s       the process does its work and exits 0 20 s after each start
 *   kubelapse/runs-for: 5s exit 1 ... or exits 1 after 5 s (a Job's pod that fails)
 *   kubelapse/memory: 50Mi leak 2Mi/s   its working set over time (memory-model.ts has the
 *                                 grammar: a level, a leak rate, a spike at a time); over the
 *                                 container's memory limit the kubelet reports it OOMKilled,
 *                                 and the eviction manager ranks pods by it under pressure
 *   kubelapse/memory.<container>: ... the same for one container, overriding the pod-wide one
 */
export interface AppBehaviour {
  startMs: number;
  readyAfterMs: number;
  onSigterm: { kind: 'exit' } | { kind: 'drain'; ms: number } | { kind: 'ignore' };
  /** the pod's kubelapse/on-sigterm said so (else each container's command decides, pid1.ts) */
  onSigtermSet: boolean;
  crashAfterMs: number | undefined;
  exitCode: number;
  imagePullMs: number | undefined;
  /** kubelapse/runs-for: the process ends by itself, this long after each start, with this code */
  runsFor: { ms: number; exitCode: number } | undefined;
  /** kubelapse/memory[.<container>]: each container's working set over time (none: not modeled) */
  memory: ReadonlyMap<string, MemoryProfile>;
}

export const APP_ANNOTATIONS = ['start-time', 'ready-after', 'on-sigterm', 'crash-after', 'exit-code', 'image-pull-time', 'cpu-per-request', 'runs-for', 'memory'] as const;

export class BehaviourError extends Error {}

export function appBehaviour(pod: Readonly<KObject>): AppBehaviour {
  const a = pod.metadata.annotations ?? {};
  // No kubelapse/ annotation: the defaults, one object for every such pod (nothing
  // changes a behaviour once made; a pod worker kept ~0.3 kB of its own copy).
  if (!Object.keys(a).some((k) => k.startsWith('kubelapse/'))) return DEFAULT_BEHAVIOUR;
  const dur = (key: string, fallback: number | undefined): number | undefined => {
    const v = a[`kubelapse/${key}`];
    if (v === undefined) return fallback;
    const ms = parseDuration(v);
    if (ms === undefined) throw new BehaviourError(`annotation kubelapse/${key}: invalid duration "${v}" (e.g. 5s, 1m30s)`);
    return ms;
  };
  const sig = (a['kubelapse/on-sigterm'] ?? 'exit').trim();
  let onSigterm: AppBehaviour['onSigterm'];
  const drain = /^drain\s+(\S+)$/.exec(sig);
  if (sig === 'exit') onSigterm = { kind: 'exit' };
  else if (sig === 'ignore') onSigterm = { kind: 'ignore' };
  else if (drain !== null && parseDuration(drain[1] as string) !== undefined) onSigterm = { kind: 'drain', ms: parseDuration(drain[1] as string) as number };
  else throw new BehaviourError(`annotation kubelapse/on-sigterm: "${sig}" is not one of: exit, drain <duration>, ignore`);
  const codeText = a['kubelapse/exit-code'] ?? '1';
  const exitCode = Number(codeText);
  if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255) throw new BehaviourError(`annotation kubelapse/exit-code: "${codeText}" is not an exit code (0-255)`);
  let runsFor: AppBehaviour['runsFor'];
  const runs = a['kubelapse/runs-for'];
  if (runs !== undefined) {
    const m = /^\s*(\S+)(?:\s+exit\s+(\d+))?\s*$/.exec(runs);
    const ms = m === null ? undefined : parseDuration(m[1] as string);
    const code = m?.[2] === undefined ? 0 : Number(m[2]);
    if (ms === undefined || code > 255) throw new BehaviourError(`annotation kubelapse/runs-for: "${runs}" is not <duration> [exit <code>] (e.g. 20s, 5s exit 1)`);
    runsFor = { ms, exitCode: code };
  }
  return {
    startMs: dur('start-time', 1000) as number,
    readyAfterMs: dur('ready-after', 0) as number,
    onSigterm,
    onSigtermSet: a['kubelapse/on-sigterm'] !== undefined,
    crashAfterMs: dur('crash-after', undefined),
    exitCode,
    imagePullMs: dur('image-pull-time', undefined),
    runsFor,
    memory: profiles(a, (pod.spec?.containers ?? []).map((c: { name: string }) => c.name)),
  };
}

function profiles(annotations: Record<string, string>, containers: string[]): ReadonlyMap<string, MemoryProfile> {
  try {
    return memoryProfiles(annotations, containers);
  } catch (e) {
    throw new BehaviourError((e as Error).message);
  }
}

/** The default when annotations are malformed: the kubelet reports the problem and runs the defaults. */
/** Shared by every pod without a kubelapse/ annotation: frozen, so no pod can change another's. */
export const DEFAULT_BEHAVIOUR: AppBehaviour = Object.freeze({ startMs: 1000, readyAfterMs: 0, onSigterm: Object.freeze({ kind: 'exit' as const }), onSigtermSet: false, crashAfterMs: undefined, exitCode: 1, imagePullMs: undefined, runsFor: undefined, memory: new Map() });

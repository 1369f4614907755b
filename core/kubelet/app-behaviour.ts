import type { KObject } from '../api/types.js';
import { parseDuration } from '../scenario/duration.js';

/**
 * What the simulated process in each container does, from `kubelapse/...` annotations on
 * the pod (template). Plain Kubernetes YAML cannot say how an app behaves, and these
 * keep the manifests valid for a real cluster:
 *   kubelapse/start-time: 5s      the process listens 5 s after the container starts (default 1s)
 *   kubelapse/ready-after: 10s    and its readiness endpoint passes 10 s after that (default 0s)
 *   kubelapse/on-sigterm: exit | drain 10s | ignore   (default exit: stop at once, exit code 0)
 *   kubelapse/crash-after: 30s    the process exits by itself 30 s after each start
 *   kubelapse/exit-code: 1        the exit code of such a crash (default 1)
 *   kubelapse/image-pull-time: 4s how long pulling this pod's images takes on a cold node
 */
export interface AppBehaviour {
  startMs: number;
  readyAfterMs: number;
  onSigterm: { kind: 'exit' } | { kind: 'drain'; ms: number } | { kind: 'ignore' };
  crashAfterMs: number | undefined;
  exitCode: number;
  imagePullMs: number | undefined;
}

export const APP_ANNOTATIONS = ['start-time', 'ready-after', 'on-sigterm', 'crash-after', 'exit-code', 'image-pull-time', 'cpu-per-request'] as const;

export class BehaviourError extends Error {}

export function appBehaviour(pod: Readonly<KObject>): AppBehaviour {
  const a = pod.metadata.annotations ?? {};
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
  return {
    startMs: dur('start-time', 1000) as number,
    readyAfterMs: dur('ready-after', 0) as number,
    onSigterm,
    crashAfterMs: dur('crash-after', undefined),
    exitCode,
    imagePullMs: dur('image-pull-time', undefined),
  };
}

/** The default when annotations are malformed: the kubelet reports the problem and runs the defaults. */
export const DEFAULT_BEHAVIOUR: AppBehaviour = { startMs: 1000, readyAfterMs: 0, onSigterm: { kind: 'exit' }, crashAfterMs: undefined, exitCode: 1, imagePullMs: undefined };

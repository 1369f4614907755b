/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */
import { matches, fromLabelSelector } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import { controllerOf } from '../controllers/controller-ref.js';
import { isPodTerminal } from '../controllers/pod-util.js';

/** drain.BlockingPodReason, as upstream names them in its logs and metrics. */
export type BlockingReason = 'NotReplicated' | 'UnmovableKubeSystemPod' | 'NotSafeToEvictAnnotation' | 'LocalStorageRequested' | 'NotEnoughPdb';

export type Drainability = { kind: 'skip' } | { kind: 'move' } | { kind: 'blocked'; reason: BlockingReason; message: string };

export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const SAFE_TO_EVICT_LOCAL_VOLUMES = 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes';

/**
 * The PodDisruptionBudgets' remaining disruptions during one simulation
 * (pdb.RemainingPdbTracker): each pod planned to move takes one from every budget that
 * selects it, so two pods under a budget allowing one block the second node.
 */
export class PdbTracker {
  private readonly remaining: Array<{ pdb: Readonly<KObject>; allowed: number }>;

  constructor(pdbs: Iterable<Readonly<KObject>>) {
    this.remaining = [...pdbs].map((pdb) => ({ pdb, allowed: pdb.status?.disruptionsAllowed ?? 0 }));
  }

  matching(pod: Readonly<KObject>): Array<{ pdb: Readonly<KObject>; allowed: number }> {
    return this.remaining.filter(({ pdb }) => {
      if (pdb.metadata.namespace !== pod.metadata.namespace) return false;
      const sel = fromLabelSelector(pdb.spec?.selector);
      return sel !== null && matches(sel, pod.metadata.labels);
    });
  }

  /** CanRemovePods: the first pod that would take a budget below zero, all of the node's pods counted together. */
  blocking(pods: ReadonlyArray<Readonly<KObject>>): Readonly<KObject> | undefined {
    const left = new Map(this.remaining.map((r) => [r, r.allowed]));
    for (const pod of pods) {
      for (const m of this.matching(pod)) {
        const n = (left.get(m) ?? 0) - 1;
        if (n < 0) return pod;
        left.set(m, n);
      }
    }
    return undefined;
  }

  take(pods: ReadonlyArray<Readonly<KObject>>): void {
    for (const pod of pods) for (const m of this.matching(pod)) m.allowed--;
  }
}

/**
 * drainability/rules.Default in upstream's order, with --skip-nodes-with-system-pods and
 * --skip-nodes-with-local-storage at their default true: mirror, long-terminating,
 * DaemonSet and terminal pods are not moved; a safe-to-evict "true" pod is moved; then a
 * pod without a controller, a kube-system pod without a PDB, a safe-to-evict "false"
 * pod, a pod with emptyDir/hostPath volumes, or a pod whose PDB allows no disruption
 * blocks the node, with upstream's message.
 */
export function drainable(pod: Readonly<KObject>, pdbs: PdbTracker, nowMs: number, virtualOf: (ts: string) => number): Drainability {
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return { kind: 'skip' };
  if (pod.metadata.deletionTimestamp !== undefined) {
    // IsPodLongTerminating: deletionTimestamp + grace period + 30 s (PodLongTerminatingExtraThreshold) has passed.
    const grace = (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    if (nowMs > virtualOf(pod.metadata.deletionTimestamp) + grace + 30_000) return { kind: 'skip' };
  }
  const owner = controllerOf(pod);
  if (owner?.kind === 'DaemonSet') return { kind: 'skip' };
  if (pod.metadata.annotations?.[SAFE_TO_EVICT] === 'true') return { kind: 'move' };
  if (isPodTerminal(pod)) return { kind: 'skip' };
  if (owner === undefined) return { kind: 'blocked', reason: 'NotReplicated', message: `${ns}/${name} is not replicated` };
  if (ns === 'kube-system' && pdbs.matching(pod).length === 0) return { kind: 'blocked', reason: 'UnmovableKubeSystemPod', message: `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${name}` };
  if (pod.metadata.annotations?.[SAFE_TO_EVICT] === 'false') return { kind: 'blocked', reason: 'NotSafeToEvictAnnotation', message: `pod annotated as not safe to evict present: ${name}` };
  if (hasBlockingLocalStorage(pod)) return { kind: 'blocked', reason: 'LocalStorageRequested', message: `pod with local storage present: ${name}` };
  if (pdbs.matching(pod).some((m) => m.allowed < 1)) return { kind: 'blocked', reason: 'NotEnoughPdb', message: `not enough pod disruption budget to move ${ns}/${name}` };
  return { kind: 'move' };
}

/** drain.HasBlockingLocalStorage: a hostPath or a disk-backed emptyDir not listed as safe to evict. */
function hasBlockingLocalStorage(pod: Readonly<KObject>): boolean {
  const safe = new Set((pod.metadata.annotations?.[SAFE_TO_EVICT_LOCAL_VOLUMES] ?? '').split(',').map((s: string) => s.trim()).filter((s: string) => s !== ''));
  return (pod.spec?.volumes ?? []).some((v: any) => !safe.has(v.name) && (v.hostPath !== undefined || (v.emptyDir !== undefined && v.emptyDir?.medium !== 'Memory')));
}

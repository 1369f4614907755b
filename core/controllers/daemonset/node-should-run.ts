import type { KObject } from '../../api/types.js';
import { matchesRequiredNodeAffinity } from '../node-affinity.js';
import { toleratesTaint } from '../tolerations.js';
import { addOrUpdateDaemonPodTolerations } from './util/daemonset-util.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

export interface ShouldRun {
  /** a daemon pod should be created on the node if it has none */
  shouldRun: boolean;
  /** a daemon pod already there may stay */
  shouldContinueRunning: boolean;
}

/**
 * NewPod: the pod the DaemonSet would run on a node, as the predicates see it: its
 * template with the daemon tolerations. Built once per sync and asked of every node.
 */
export function newPod(ds: Readonly<KObject>): Readonly<KObject> {
  const spec = structuredClone(ds.spec?.template?.spec ?? {});
  addOrUpdateDaemonPodTolerations(spec);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { ...(ds.spec?.template?.metadata ?? {}), namespace: ds.metadata.namespace }, spec };
}

/**
 * NodeShouldRunDaemonPod (daemon_controller.go): a node named by the template's
 * nodeName, matching its nodeSelector and required node affinity, with no NoSchedule or
 * NoExecute taint the daemon pod does not tolerate, should run it. A node with only an
 * untolerated NoSchedule taint gets no new pod but keeps the one it has (shouldRun
 * false, shouldContinueRunning true); an untolerated NoExecute taint removes it. Node
 * resources are not looked at: the default scheduler decides whether the pod fits.
 */
export function nodeShouldRunDaemonPod(node: Readonly<KObject>, ds: Readonly<KObject>): ShouldRun {
  return shouldRunOn(node, newPod(ds));
}

/** NodeShouldRunDaemonPod for a pod newPod() already built. */
export function shouldRunOn(node: Readonly<KObject>, pod: Readonly<KObject>): ShouldRun {
  const name = node.metadata.name ?? '';
  const nodeName = pod.spec?.nodeName;
  if (nodeName !== undefined && nodeName !== '' && nodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesRequiredNodeAffinity(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations: any[] = pod.spec?.tolerations ?? [];
  const untolerated = (effects: string[]): boolean =>
    (node.spec?.taints ?? []).some((t: any) => effects.includes(t.effect) && !tolerations.some((tol) => toleratesTaint(tol, t)));
  if (untolerated(['NoSchedule', 'NoExecute'])) return { shouldRun: false, shouldContinueRunning: !untolerated(['NoExecute']) };
  return { shouldRun: true, shouldContinueRunning: true };
}

import { compareQuantities, quantity } from '../../api/quantity-value.js';
import { computePodQOS } from '../../api/qos.js';
import type { KObject } from '../../api/types.js';
import { add, fromJson, type ResourceList } from '../resources.js';
import type { Evaluator, ScopeSelector } from './evaluator.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pods are open JSON */

/** podResources: what the pod evaluator accounts for (hugepages and extended resources by prefix). */
const POD_RESOURCES = [
  'cpu', 'requests.cpu', 'limits.cpu', 'memory', 'requests.memory', 'limits.memory',
  'ephemeral-storage', 'requests.ephemeral-storage', 'limits.ephemeral-storage', 'pods', 'count/pods',
];
/** validationSet: quota on these makes every container state them (a backward-compatibility rule). */
const VALIDATION_SET = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'cpu', 'memory'];

/**
 * The pod evaluator (pkg/quota/v1/evaluator/core/pods.go). A pod counts once in
 * `count/pods` while it is stored; `pods` and the compute resources only while it is
 * not terminal and not stuck terminating past its grace period (QuotaV1Pod). Requests
 * and limits add up over containers, and an init container counts when it is larger
 * than what runs after it (PodRequests' sidecar formula).
 */
export const podEvaluator: Evaluator = {
  kind: 'Pod',
  handles: (op) => op === 'create',
  matchingResources: (input) => input.filter((n) => POD_RESOURCES.includes(n) || n.startsWith('requests.hugepages-') || n.startsWith('hugepages-')),
  matchesScope: podMatchesScope,
  constraints: podConstraints,
  usage: (pod, now, virtualOf) => {
    const result: ResourceList = { 'count/pods': quantity(1) };
    if (!countsForQuota(pod, now, virtualOf)) return result;
    return add(result, computeUsage(podRequests(pod, 'requests'), podRequests(pod, 'limits')));
  },
};

/** QuotaV1Pod: terminal pods, and pods past deletionTimestamp + grace, are not charged. */
export function countsForQuota(pod: Readonly<KObject>, now: number, virtualOf: (ts: unknown) => number): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  const grace = pod.metadata.deletionGracePeriodSeconds;
  if (pod.metadata.deletionTimestamp !== undefined && typeof grace === 'number') {
    if (now > virtualOf(pod.metadata.deletionTimestamp) + grace * 1000) return false;
  }
  return true;
}

/**
 * A container's requests, with limits standing in for unset requests: SetDefaults_Pod
 * copies them at create upstream, so a pod that sets only limits.cpu requests as much.
 */
function containerList(c: any, field: 'requests' | 'limits'): ResourceList {
  const limits = fromJson(c?.resources?.limits);
  return field === 'limits' ? limits : { ...limits, ...fromJson(c?.resources?.requests) };
}

function maxInto(list: ResourceList, other: ResourceList): void {
  for (const [k, v] of Object.entries(other)) if (list[k] === undefined || compareQuantities(v, list[k]) > 0) list[k] = v;
}

/** AggregateContainerRequests / Limits: containers summed, restartable init containers too, then the max with each init container's need. */
export function podRequests(pod: Readonly<KObject>, field: 'requests' | 'limits'): ResourceList {
  let reqs: ResourceList = {};
  for (const c of (pod.spec?.containers ?? []) as any[]) reqs = add(reqs, containerList(c, field));
  let restartable: ResourceList = {};
  const init: ResourceList = {};
  for (const c of (pod.spec?.initContainers ?? []) as any[]) {
    const own = containerList(c, field);
    if (c?.restartPolicy === 'Always') {
      reqs = add(reqs, own);
      restartable = add(restartable, own);
      maxInto(init, restartable);
    } else maxInto(init, add(own, restartable));
  }
  maxInto(reqs, init);
  return reqs;
}

/** podComputeUsageHelper: pods=1, cpu and requests.cpu from requests, limits.cpu from limits, likewise memory and ephemeral storage. */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = { pods: quantity(1) };
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests[r];
    if (req !== undefined) {
      out[r] = req;
      out[`requests.${r}`] = req;
    }
    const lim = limits[r];
    if (lim !== undefined) out[`limits.${r}`] = lim;
  }
  for (const [k, v] of Object.entries(requests)) if (k.startsWith('hugepages-')) out[`requests.${k}`] = v;
  return out;
}

function isTerminating(pod: Readonly<KObject>): boolean {
  const d = pod.spec?.activeDeadlineSeconds;
  return typeof d === 'number' && d >= 0;
}

/** podMatchesScopeFunc: Terminating = activeDeadlineSeconds set; BestEffort by QoS class; PriorityClass by the pod's class name. */
function podMatchesScope(selector: ScopeSelector, pod: Readonly<KObject>): boolean {
  switch (selector.scopeName) {
    case 'Terminating':
      return isTerminating(pod);
    case 'NotTerminating':
      return !isTerminating(pod);
    case 'BestEffort':
      return computePodQOS(pod.spec) === 'BestEffort';
    case 'NotBestEffort':
      return computePodQOS(pod.spec) !== 'BestEffort';
    case 'PriorityClass': {
      const name: string = pod.spec?.priorityClassName ?? '';
      if (selector.operator === 'Exists') return name !== '';
      // podMatchesSelector: a label set {PriorityClass: name}, where the key always exists.
      if (selector.operator === 'In') return (selector.values ?? []).includes(name);
      if (selector.operator === 'NotIn') return !(selector.values ?? []).includes(name);
      return false;
    }
    default:
      return false;
  }
}

/**
 * Constraints: with cpu or memory under quota, every container must state each such
 * resource; the message names each missing one with its containers, resources sorted:
 * `must specify limits.cpu for: web; limits.memory for: web`.
 */
function podConstraints(required: readonly string[], pod: Readonly<KObject>): string | undefined {
  const need = required.filter((r) => VALIDATION_SET.includes(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...((pod.spec?.containers ?? []) as any[]), ...((pod.spec?.initContainers ?? []) as any[])]) {
    const has = Object.keys(computeUsage(containerList(c, 'requests'), containerList(c, 'limits')));
    for (const r of need) {
      if (has.includes(r)) continue;
      if (!missing.has(r)) missing.set(r, new Set());
      missing.get(r)?.add(String(c?.name ?? ''));
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...(missing.get(r) ?? [])].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

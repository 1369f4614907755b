import { isNamespaceTerminating } from '../api/namespace-strategy.js';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { controllerOf } from '../api/owner-references.js';
import { KubectlError } from './command.js';

/** kubectl cordon / uncordon: spec.unschedulable, which the node lifecycle controller turns into a NoSchedule taint. */
export function cordon(client: Client, node: string, on: boolean): string {
  const n = client.get('Node', null, node);
  const word = on ? 'cordoned' : 'uncordoned';
  if ((n.spec?.unschedulable === true) === on) return `node/${node} already ${word}`;
  client.patch('Node', null, node, { spec: { unschedulable: on ? true : null } }, 'strategic', { reason: on ? 'Cordon' : 'Uncordon', message: `kubectl ${on ? 'cordon' : 'uncordon'} ${node}` });
  return `node/${node} ${word}`;
}

export interface DrainOptions {
  force: boolean;
  ignoreDaemonsets: boolean;
  gracePeriod?: number;
}

/** Runs later work in virtual time (the runner's scheduler) and reports lines as kubectl prints them. */
export interface DrainHost {
  after(ms: number, fn: () => void, label: string): void;
  report(line: string): void;
}

/**
 * kubectl drain: cordon, then evict every pod on the node through the eviction API.
 * An eviction refused by a PodDisruptionBudget (429) is retried every 5 s, as kubectl
 * does; the drain is done when every evicted pod is gone from the node.
 */
export function drain(client: Client, node: string, opts: DrainOptions, host: DrainHost): string[] {
  const out = [cordon(client, node, true)];
  // drain's mirrorPodFilter comes first: a static pod's mirror is skipped without a word.
  const pods = client
    .list('Pod', { fieldSelector: `spec.nodeName=${node}` })
    .items.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && p.metadata.annotations?.['kubernetes.io/config.mirror'] === undefined);
  const unmanaged = pods.filter((p) => controllerOf(p) === undefined);
  const daemons = pods.filter((p) => controllerOf(p)?.kind === 'DaemonSet');
  if (unmanaged.length > 0 && !opts.force) {
    throw new KubectlError(`unable to drain node "${node}" due to error: cannot delete Pods that declare no controller (use --force to override): ${unmanaged.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}`);
  }
  if (daemons.length > 0 && !opts.ignoreDaemonsets) {
    throw new KubectlError(`unable to drain node "${node}" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemons.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}`);
  }
  const targets = pods.filter((p) => controllerOf(p)?.kind !== 'DaemonSet');
  const evicted = new Map<string, string>(); // name -> uid
  // Returns true when done with the pod. `later`: a retry in its own task, where an
  // error can only be reported (the command has printed its first lines already).
  const evictOne = (pod: Readonly<KObject>, later: boolean): boolean => {
    const name = pod.metadata.name ?? '';
    const ns = pod.metadata.namespace ?? 'default';
    try {
      client.evict(ns, name, opts.gracePeriod === undefined ? {} : { gracePeriodSeconds: opts.gracePeriod }, { reason: 'Eviction', message: `kubectl drain ${node}: evicting pod ${ns}/${name}` });
      evicted.set(`${ns}/${name}`, pod.metadata.uid ?? '');
      host.report(`pod/${name} evicted`);
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status.code === 404) return true;
      if (e.status.code === 429) {
        host.report(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${e.message}`);
        return false;
      }
      if (isNamespaceTerminating(e)) {
        // drain.go: a terminating namespace refuses evictions; a pod already being deleted
        // is just waited for, any other is tried again until it is.
        const live = client.api.tryGet('Pod', ns, name);
        if (live === undefined || live.metadata.uid !== pod.metadata.uid) return true;
        if (live.metadata.deletionTimestamp !== undefined) {
          evicted.set(`${ns}/${name}`, pod.metadata.uid ?? '');
          return true;
        }
        host.report(`error when evicting pod "${name}" from terminating namespace "${ns}" (will retry after 5s): ${e.message}`);
        return false;
      }
      if (!later) throw e;
      host.report(`error when evicting pods/"${name}" -n "${ns}": ${e.message}`);
      return true;
    }
  };
  let pending = targets;
  for (const p of targets) out.push(`evicting pod ${p.metadata.namespace}/${p.metadata.name}`);
  pending = pending.filter((p) => !evictOne(p, false));
  const retry = (): void => {
    pending = pending.filter((p) => !evictOne(p, true));
    if (pending.length > 0) host.after(5000, retry, `kubectl drain ${node}: retry evictions`);
    else waitGone();
  };
  const waitGone = (): void => {
    for (const [key, uid] of evicted) {
      const [ns, name] = key.split('/') as [string, string];
      const live = client.api.tryGet('Pod', ns, name);
      if (live !== undefined && live.metadata.uid === uid) {
        host.after(1000, waitGone, `kubectl drain ${node}: wait for pods to go`);
        return;
      }
    }
    host.report(`node/${node} drained`);
  };
  if (pending.length > 0) host.after(5000, retry, `kubectl drain ${node}: retry evictions`);
  else if (evicted.size > 0) host.after(1000, waitGone, `kubectl drain ${node}: wait for pods to go`);
  else out.push(`node/${node} drained`);
  return out;
}

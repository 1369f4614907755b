/* eslint-disable @typescript-eslint/no-explicit-any -- taints are open JSON */
import { ApiError, errorText } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import type { EventRecorder } from '../client/event-recorder.js';
import { unixMsAt } from '../sim/time.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import type { SimulatedCloud } from './cloud-provider.js';
import { DRAIN_POLL_MS, EVICTION_RETRY_MS, POD_EVICTION_HEADROOM_MS, TO_BE_DELETED_TAINT, type AutoscalerConfig } from './config.js';
import type { Unneeded } from './scale-down-planner.js';
import { utilizationText } from './utilization.js';

export interface ActuatorHost {
  client: Client;
  clock: VirtualScheduler;
  cloud: SimulatedCloud;
  events: EventRecorder;
  config: AutoscalerConfig;
  /** An event on the status ConfigMap (upstream's LogRecorder). */
  logEvent(client: Client, type: 'Normal' | 'Warning', reason: string, message: string): boolean;
  /** A deletion ended: the loop counts drains in flight and the failure cooldown. */
  finished(node: string, ok: boolean): void;
}

/**
 * core/scaledown/actuation: a node chosen for removal gets the ToBeDeletedByClusterAutoscaler
 * NoSchedule taint (its value the Unix time, as upstream writes it) and a ScaleDown event;
 * 5 s later (--node-delete-delay-after-taint) an empty node is deleted from its group, a
 * non-empty one is drained first: every pod to move gets a ScaleDown event and an eviction
 * through the Eviction API (so PodDisruptionBudgets hold; a refused one is retried every
 * 10 s for up to 2 min), then the drain waits up to the longest grace period (capped at
 * 600 s) plus 30 s for the pods to be gone. A failure untaints the node.
 */
export class ScaleDownActuator {
  constructor(private readonly host: ActuatorHost) {}

  start(target: Unneeded, drain: boolean, cause: number | null): void {
    const { client, events, clock, config } = this.host;
    const name = target.node.metadata.name ?? '';
    const c = client.withCause(cause);
    let tainted: Readonly<KObject>;
    try {
      tainted = this.taint(c, name);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      events.record(c, target.node, 'Warning', 'ScaleDownFailed', `failed to mark the node as toBeDeleted/unschedulable: ${errorText(e)}`);
      this.host.finished(name, false);
      return;
    }
    const after = c.withCause(client.api.lastSeq);
    events.record(after, tainted, 'Normal', 'ScaleDown', 'marked the node as toBeDeleted/unschedulable');
    if (drain) {
      const pods = target.podsToMove.map((p) => p.metadata.name ?? '').join(',');
      this.host.logEvent(after, 'Normal', 'ScaleDown', `Scale-down: removing node ${name}, utilization: ${utilizationText(target.util)}, pods to reschedule: ${pods}`);
    } else this.host.logEvent(after, 'Normal', 'ScaleDownEmpty', `Scale-down: removing empty node "${name}"`);
    clock.after(config.nodeDeleteDelayAfterTaintMs, () => (drain ? this.drain(after, target, tainted) : this.remove(after, tainted, false)), `cluster-autoscaler: scale down ${name}`);
  }

  private taint(c: Client, name: string): Readonly<KObject> {
    const node = c.get('Node', null, name);
    const taints = (node.spec?.taints ?? []).filter((t: any) => t.key !== TO_BE_DELETED_TAINT);
    const value = String(Math.floor(unixMsAt(c.api, c.api.now()) / 1000));
    taints.push({ key: TO_BE_DELETED_TAINT, value, effect: 'NoSchedule' });
    return c.update({ ...(node as KObject), spec: { ...node.spec, taints } }, { reason: 'ScaleDown', message: `cluster-autoscaler: ${name} marked ToBeDeletedByClusterAutoscaler before its removal` });
  }

  /** Evictor.DrainNode: evictions with retries, then the wait for the pods to disappear. */
  private drain(c: Client, target: Unneeded, node: Readonly<KObject>): void {
    const { clock, config, events } = this.host;
    const name = node.metadata.name ?? '';
    const retryUntil = clock.now() + config.maxPodEvictionTimeMs;
    const pods = target.podsToMove;
    const pending = new Set(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
    const failures: string[] = [];
    let maxGrace = 0;
    // The node goes when its last pod went: the last eviction is what its deletion follows from.
    let lastEviction = c.causeSeq;
    const settle = (key: string, err?: string): void => {
      pending.delete(key);
      if (err !== undefined) failures.push(err);
      if (pending.size > 0) return;
      if (failures.length > 0) return this.fail(c, node, true, `Failed to drain node /${name}, due to following errors: [${failures.join(' ')}]`);
      this.waitGone(c.withCause(lastEviction), target, node, clock.now() + maxGrace * 1000 + POD_EVICTION_HEADROOM_MS);
    };
    for (const pod of pods) {
      const ns = pod.metadata.namespace ?? '';
      const podName = pod.metadata.name ?? '';
      const grace = Math.min(pod.spec?.terminationGracePeriodSeconds ?? 30, config.maxGracefulTerminationSec);
      maxGrace = Math.max(maxGrace, grace);
      events.record(c, pod, 'Normal', 'ScaleDown', 'deleting pod for node scale down');
      const attempt = (): void => {
        try {
          c.evict(ns, podName, { gracePeriodSeconds: grace }, { reason: 'ScaleDown', message: `cluster-autoscaler: evicting ${ns}/${podName} to remove node ${name}` });
          lastEviction = c.api.lastSeq;
          return settle(`${ns}/${podName}`);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          if (e.status.reason === 'NotFound') return settle(`${ns}/${podName}`);
          if (clock.now() + EVICTION_RETRY_MS <= retryUntil) {
            clock.after(EVICTION_RETRY_MS, attempt, `cluster-autoscaler: evict ${ns}/${podName} again`);
            return;
          }
          events.record(c, pod, 'Warning', 'ScaleDownFailed', 'failed to delete pod for ScaleDown');
          settle(`${ns}/${podName}`, `failed to evict pod ${ns}/${podName} within allowed timeout (last error: ${errorText(e)})`);
        }
      };
      attempt();
    }
    if (pods.length === 0) this.waitGone(c, target, node, clock.now());
  }

  /** waitPodsToDisappear: polled every 5 s; a pod is gone when no pod of its name is on the node. */
  private waitGone(c: Client, target: Unneeded, node: Readonly<KObject>, deadline: number): void {
    const name = node.metadata.name ?? '';
    const left = target.podsToMove.filter((p) => c.api.tryGet('Pod', p.metadata.namespace, p.metadata.name ?? '')?.spec?.nodeName === name);
    if (left.length === 0) return this.remove(c, node, true);
    if (this.host.clock.now() >= deadline) return this.fail(c, node, true, `Failed to drain node /${name}: pods remaining after timeout`);
    this.host.clock.after(DRAIN_POLL_MS, () => this.waitGone(c, target, node, deadline), `cluster-autoscaler: wait for ${name} to drain`);
  }

  /** DeleteNodes on the node's group, then the events upstream writes after a successful deletion. */
  private remove(c: Client, node: Readonly<KObject>, drained: boolean): void {
    const name = node.metadata.name ?? '';
    try {
      this.host.cloud.deleteNode(name, c.causeSeq);
    } catch (e) {
      return this.fail(c, node, drained, errorText(e));
    }
    this.host.events.record(c, node, 'Normal', 'ScaleDown', 'nodes removed by cluster autoscaler');
    if (drained) this.host.logEvent(c, 'Normal', 'ScaleDown', `Scale-down: node ${name} removed with drain`);
    else this.host.logEvent(c, 'Normal', 'ScaleDownEmpty', `Scale-down: empty node ${name} removed`);
    this.host.finished(name, true);
  }

  /** CleanUpAndRecordFailedScaleDownEvent: the event, and the taint taken off again. */
  private fail(c: Client, node: Readonly<KObject>, drained: boolean, err: string): void {
    const name = node.metadata.name ?? '';
    this.host.events.record(c, node, 'Warning', 'ScaleDownFailed', drained ? `failed to drain and delete node: ${err}` : `failed to delete empty node: ${err}`);
    try {
      const fresh = c.get('Node', null, name);
      const taints = (fresh.spec?.taints ?? []).filter((t: any) => t.key !== TO_BE_DELETED_TAINT);
      const spec: any = { ...fresh.spec };
      if (taints.length > 0) spec.taints = taints;
      else delete spec.taints;
      c.update({ ...(fresh as KObject), spec }, { reason: 'ScaleDownFailed', message: `cluster-autoscaler: ${name} untainted after a failed scale-down` });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    this.host.finished(name, false);
  }
}

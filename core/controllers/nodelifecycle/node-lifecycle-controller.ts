import type { Subscription } from 'rxjs';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { ControllerContext } from '../controller.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- node status is open JSON */

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';

/**
 * kube-controller-manager's --node-monitor-grace-period default: 50 s since v1.32
 * (kubernetes#126287; 40 s before). Longer than the ~45 s a kubelet can take to drop a dead
 * connection to the API server (HTTP/2 read-idle 30 s + ping 15 s, kubernetes#121793), so
 * one broken connection no longer marks the node Unknown.
 */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;

export interface NodeLifecycleOptions {
  /** node-monitor-grace-period: 50 s by default since v1.32 (kubernetes#126287; 40 s before) */
  gracePeriodMs?: number;
  /** node-monitor-period */
  monitorPeriodMs?: number;
}

/**
 * The node lifecycle controller: every 5 s it checks each node's heartbeats (Lease
 * renewals and Ready condition). A node silent for more than node-monitor-grace-period
 * (50 s: last renewal seen at 20 s, so Unknown at the 75 s check, the first after 70 s)
 * gets its conditions set to Unknown, the unreachable NoSchedule and NoExecute taints,
 * and its pods marked not Ready; the taint eviction controller then evicts pods as
 * their tolerationSeconds (300 s by default) run out. It also keeps the NoSchedule
 * taints in line with Ready=False and spec.unschedulable (cordon), as upstream's
 * TaintNodesByCondition does, and lifts them when the node is back.
 */
export class NodeLifecycleController {
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private readonly events = new EventRecorder('node-controller');
  /** when this controller last saw each node's heartbeat move, in its own clock (probeTimestamp) */
  private readonly probe = new Map<string, { at: number; renew: string; heartbeat: string; cause: number }>();
  private timer: Subscription | undefined;
  private readonly graceMs: number;
  private readonly periodMs: number;

  constructor(private readonly ctx: ControllerContext, options: NodeLifecycleOptions = {}) {
    this.graceMs = options.gracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS;
    this.periodMs = options.monitorPeriodMs ?? 5_000;
    this.nodes = ctx.informers.get('Node').on((e) => this.onNode(e));
    ctx.informers.get('Lease').on((e) => this.onLease(e));
    this.pods = ctx.informers.get('Pod').addIndex('node', (p) => [p.spec?.nodeName ?? '']);
  }

  start(): this {
    this.timer = this.ctx.scheduler.every(this.periodMs, () => this.monitor(), 'node-lifecycle monitor');
    return this;
  }

  stop(): void {
    this.timer?.unsubscribe();
  }

  private onLease(e: InformerEvent): void {
    if (e.object.metadata.namespace !== 'kube-node-lease' || e.type === 'DELETED') return;
    const name = e.object.metadata.name ?? '';
    const p = this.probe.get(name);
    const renew = e.object.spec?.renewTime ?? '';
    if (p === undefined) this.probe.set(name, { at: this.ctx.scheduler.now(), renew, heartbeat: '', cause: e.seq });
    else if (p.renew !== renew) Object.assign(p, { at: this.ctx.scheduler.now(), renew, cause: e.seq });
  }

  private onNode(e: InformerEvent): void {
    const name = e.object.metadata.name ?? '';
    if (e.type === 'DELETED') {
      this.probe.delete(name);
      return;
    }
    const hb = readyCondition(e.object)?.lastHeartbeatTime ?? '';
    const p = this.probe.get(name);
    if (p === undefined) this.probe.set(name, { at: this.ctx.scheduler.now(), renew: '', heartbeat: hb, cause: e.seq });
    else if (p.heartbeat !== hb) Object.assign(p, { at: this.ctx.scheduler.now(), heartbeat: hb, cause: e.seq });
    this.syncTaints(e.object, e.seq);
  }

  private monitor(): void {
    const now = this.ctx.scheduler.now();
    for (const node of this.nodes.values()) {
      const name = node.metadata.name ?? '';
      const p = this.probe.get(name);
      if (p === undefined) continue;
      const ready = readyCondition(node);
      if (now - p.at > this.graceMs && ready?.status !== 'Unknown') this.markUnknown(node, p.cause);
    }
  }

  /** tryUpdateNodeHealth: every condition the kubelet owns becomes Unknown, "Kubelet stopped posting node status." */
  private markUnknown(node: Readonly<KObject>, cause: number): void {
    const client = this.ctx.client.withCause(cause);
    const nowText = client.api.timestamp();
    const name = node.metadata.name ?? '';
    const conditions = (node.status?.conditions ?? []).map((c: any) =>
      c.status === 'Unknown' ? c : { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowText },
    );
    try {
      client.updateStatus({ ...node, metadata: { ...node.metadata, resourceVersion: '' }, status: { ...node.status, conditions } } as KObject, {
        reason: 'NodeNotReady',
        message: `no heartbeat from ${name} for ${this.graceMs / 1000}s (node-monitor-grace-period): Ready=Unknown`,
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return;
    }
    const statusSeq = client.api.lastSeq;
    this.events.record(client.withCause(statusSeq), node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    this.markPodsNotReady(name, statusSeq);
  }

  /** MarkPodsNotReady: the pods of an unreachable node are no longer Ready, so Services stop sending them traffic. */
  private markPodsNotReady(node: string, cause: number): void {
    const client = this.ctx.client.withCause(cause);
    for (const pod of this.pods.byIndex('node', node)) {
      const conds: any[] = pod.status?.conditions ?? [];
      if (!conds.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      const nowText = client.api.timestamp();
      const next = conds.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: nowText } : c));
      try {
        client.patchStatus('Pod', pod.metadata.namespace, pod.metadata.name ?? '', { status: { conditions: next } }, 'merge', {
          reason: 'NodeNotReady',
          message: `${pod.metadata.name} is on ${node}, which stopped reporting: marked not Ready`,
        });
        this.events.record(client, pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    }
  }

  /**
   * The taints that follow the node's state: Ready Unknown -> unreachable, Ready False ->
   * not-ready (both NoSchedule and NoExecute), spec.unschedulable -> unschedulable
   * NoSchedule, MemoryPressure True -> memory-pressure NoSchedule. Taints the user set are left alone.
   */
  private syncTaints(node: Readonly<KObject>, cause: number): void {
    const ready = readyCondition(node)?.status;
    const want = new Map<string, string>();
    if (ready === 'Unknown') {
      want.set(`${UNREACHABLE}:NoSchedule`, UNREACHABLE);
      want.set(`${UNREACHABLE}:NoExecute`, UNREACHABLE);
    } else if (ready === 'False') {
      want.set(`${NOT_READY}:NoSchedule`, NOT_READY);
      want.set(`${NOT_READY}:NoExecute`, NOT_READY);
    }
    if (node.spec?.unschedulable === true) want.set(`${UNSCHEDULABLE}:NoSchedule`, UNSCHEDULABLE);
    // TaintNodesByCondition: MemoryPressure=True -> memory-pressure:NoSchedule (the kubelet sets the condition).
    if ((node.status?.conditions ?? []).some((c: any) => c.type === 'MemoryPressure' && c.status === 'True')) want.set(`${MEMORY_PRESSURE}:NoSchedule`, MEMORY_PRESSURE);
    const managed = new Set([UNREACHABLE, NOT_READY, UNSCHEDULABLE, MEMORY_PRESSURE]);
    const current: any[] = node.spec?.taints ?? [];
    const kept = current.filter((t) => !managed.has(t.key) || want.has(`${t.key}:${t.effect}`));
    const nowText = this.ctx.client.api.timestamp();
    const added: any[] = [];
    for (const [ke, key] of want) {
      const effect = ke.slice(key.length + 1);
      if (!current.some((t) => t.key === key && t.effect === effect)) added.push({ key, effect, ...(effect === 'NoExecute' ? { timeAdded: nowText } : {}) });
    }
    if (added.length === 0 && kept.length === current.length) return;
    const taints = [...kept, ...added];
    const name = node.metadata.name ?? '';
    const what = added.length > 0 ? `tainted ${name} ${added.map((t) => `${t.key}:${t.effect}`).join(', ')}` : `lifted ${current.filter((t) => !kept.includes(t)).map((t) => `${t.key}:${t.effect}`).join(', ')} from ${name}`;
    try {
      this.ctx.client.withCause(cause).patch('Node', null, name, { spec: { taints: taints.length > 0 ? taints : null } }, 'merge', { reason: added.length > 0 ? 'TaintNode' : 'UntaintNode', message: what });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}

export function readyCondition(node: Readonly<KObject>): any | undefined {
  return (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
}

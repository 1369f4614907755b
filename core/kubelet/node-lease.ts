import type { Subscription } from 'rxjs';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { KubeletHost } from './kubelet-host.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- node status is open JSON */

/** upstream: the lease is renewed every 10 s (a quarter of its 40 s duration). */
export const LEASE_RENEW_MS = 10_000;
export const LEASE_DURATION_SECONDS = 40;
/** nodeStatusReportFrequency: an unchanged node status is re-posted every 5 minutes. */
export const NODE_STATUS_REPORT_MS = 300_000;

/**
 * The kubelet's heartbeats: its Lease in kube-node-lease renewed every 10 s, and the
 * Node's conditions re-posted every 5 minutes or when they change (Ready=True after a
 * restart). The node lifecycle controller reads both to decide if the node is alive.
 */
export class NodeHeartbeat {
  private subs: Subscription[] = [];
  private renewCause: number | null = null;

  constructor(private readonly kubelet: KubeletHost) {}

  start(): void {
    this.renew();
    this.subs.push(this.kubelet.clock.every(LEASE_RENEW_MS, () => this.renew(), `${this.kubelet.actor} lease`));
    this.subs.push(this.kubelet.clock.every(NODE_STATUS_REPORT_MS, () => this.postStatus(), `${this.kubelet.actor} node status`));
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }

  private renew(): void {
    const k = this.kubelet;
    const client = k.client.withCause(this.renewCause);
    const now = k.client.api.timestamp().replace('Z', '.000000Z');
    const existing = k.client.api.tryGet('Lease', 'kube-node-lease', k.node);
    try {
      if (existing === undefined) {
        const node = k.client.api.tryGet('Node', null, k.node);
        client.create(
          {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: {
              name: k.node,
              namespace: 'kube-node-lease',
              ...(node !== undefined ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: k.node, uid: node.metadata.uid ?? '' }] } : {}),
            },
            spec: { holderIdentity: k.node, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now },
          },
          { reason: 'LeaseCreated', message: `kubelet on ${k.node} holds its node lease` },
        );
      } else {
        client.update({ ...existing, spec: { ...existing.spec, renewTime: now } } as KObject, { reason: 'LeaseRenewed', message: `kubelet on ${k.node} renewed its lease` });
      }
      this.renewCause = k.client.api.lastSeq;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  /** Node status with fresh heartbeats; Ready=True with KubeletReady as a healthy kubelet reports it. Returns the write's seq. */
  postStatus(): number | null {
    const k = this.kubelet;
    const node = k.client.api.tryGet('Node', null, k.node);
    if (node === undefined) return null;
    const now = k.client.api.timestamp();
    const memoryPressure = k.memoryPressure?.() ?? false;
    const healthy: Record<string, [string, string, string]> = {
      // setters.go MemoryPressureCondition, from the eviction manager
      MemoryPressure: memoryPressure ? ['True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available'] : ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
    };
    let changed = false;
    let memoryChanged = false;
    const conditions = (node.status?.conditions ?? []).map((c: any) => {
      const want = healthy[c.type];
      if (want === undefined) return c;
      const [status, reason, message] = want;
      if (c.status !== status && c.type === 'MemoryPressure') memoryChanged = true;
      else if (c.status !== status) changed = true;
      return { type: c.type, status, lastHeartbeatTime: now, lastTransitionTime: c.status === status ? c.lastTransitionTime : now, reason, message };
    });
    try {
      const memoryEvent = memoryPressure ? 'NodeHasInsufficientMemory' : 'NodeHasSufficientMemory';
      k.client.updateStatus({ ...node, metadata: { ...node.metadata, resourceVersion: '' }, status: { ...node.status, conditions } } as KObject, {
        reason: changed ? 'NodeReady' : memoryChanged ? memoryEvent : 'NodeStatus',
        message: changed ? `kubelet on ${k.node} reports the node Ready again` : memoryChanged ? `kubelet on ${k.node} reports MemoryPressure ${memoryPressure ? 'True' : 'False'}` : `kubelet on ${k.node} posted node status`,
      });
      const seq = k.client.api.lastSeq;
      // recordNodeStatusEvent: "Node node-1 status is now: NodeHasInsufficientMemory"
      if (memoryChanged) k.event(undefined, 'Normal', memoryEvent, `Node ${k.node} status is now: ${memoryEvent}`);
      if (changed) k.event(undefined, 'Normal', 'NodeReady', `Node ${k.node} status is now: NodeReady`);
      return seq;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return null;
    }
  }
}

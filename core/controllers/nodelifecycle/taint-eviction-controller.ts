import type { Subscription } from 'rxjs';
import { jsonEqual } from '../../api/equal.js';
import { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { ControllerContext } from '../controller.js';
import { toleratesTaint } from '../tolerations.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON */

/**
 * The taint eviction controller (the "taint manager"): a pod on a node with a NoExecute
 * taint it does not tolerate is deleted at once; one that tolerates it for N seconds
 * (every pod gets 300 s for not-ready and unreachable by default) is deleted when N
 * seconds have passed since the taint was added. Before deleting it marks the pod with
 * DisruptionTarget, as upstream does since 1.26.
 */
export class TaintEvictionController {
  private readonly nodes: Informer;
  private readonly pods: Informer;
  private readonly events = new EventRecorder('taint-eviction-controller');
  private readonly pending = new Map<string, Subscription>();

  constructor(private readonly ctx: ControllerContext) {
    this.nodes = ctx.informers.get('Node').on((e) => this.onNode(e));
    this.pods = ctx.informers.get('Pod').addIndex('node', (p) => [p.spec?.nodeName ?? '']).on((e) => this.onPod(e));
  }

  private onNode(e: InformerEvent): void {
    if (e.type === 'DELETED') return;
    if (jsonEqual(noExecute(e.old), noExecute(e.object))) return;
    for (const pod of this.pods.byIndex('node', e.object.metadata.name ?? '')) this.plan(pod, e.object, e.seq);
  }

  private onPod(e: InformerEvent): void {
    if (e.type === 'DELETED' || e.object.metadata.deletionTimestamp !== undefined) {
      this.cancel(e.object.metadata.uid ?? '');
      return;
    }
    if (e.old !== undefined && e.old.spec?.nodeName === e.object.spec?.nodeName) return;
    const node = this.nodes.get(null, e.object.spec?.nodeName ?? '');
    if (node !== undefined) this.plan(e.object, node, e.seq);
  }

  private cancel(uid: string): void {
    this.pending.get(uid)?.unsubscribe();
    this.pending.delete(uid);
  }

  private plan(pod: Readonly<KObject>, node: Readonly<KObject>, cause: number): void {
    const uid = pod.metadata.uid ?? '';
    this.cancel(uid);
    const taints = noExecute(node);
    if (taints.length === 0 || pod.metadata.deletionTimestamp !== undefined) return;
    const tolerations: any[] = pod.spec?.tolerations ?? [];
    let evictAt = Infinity;
    const nowMs = this.ctx.scheduler.now();
    for (const taint of taints) {
      const matching = tolerations.filter((t) => toleratesTaint(t, taint));
      if (matching.length === 0) {
        evictAt = nowMs;
        break;
      }
      // The shortest tolerationSeconds wins; none means tolerate forever.
      const secs = matching.map((t) => t.tolerationSeconds).filter((s) => typeof s === 'number') as number[];
      if (secs.length === 0) continue;
      // Counted from the taint's timeAdded, which keeps whole seconds: added at 85.003 s it
      // reads back as 85 s, so 300 s of toleration end at 385 s. No timeAdded: from now.
      const added = this.ctx.client.api.virtualOf(taint.timeAdded);
      const base = Number.isNaN(added) ? nowMs : added;
      evictAt = Math.min(evictAt, base + Math.max(0, Math.min(...secs)) * 1000);
    }
    if (evictAt === Infinity) return;
    this.pending.set(uid, this.ctx.scheduler.at(Math.max(nowMs, evictAt), () => this.evict(pod, node, cause), 'taint eviction'));
  }

  private evict(pod: Readonly<KObject>, node: Readonly<KObject>, cause: number): void {
    this.pending.delete(pod.metadata.uid ?? '');
    const client = this.ctx.client.withCause(cause);
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name ?? '';
    const live = client.api.tryGet('Pod', ns, name);
    if (live === undefined || live.metadata.uid !== pod.metadata.uid || live.metadata.deletionTimestamp !== undefined) return;
    const taint = noExecute(node).map((t: any) => t.key).join(', ');
    try {
      const conditions = [...(live.status?.conditions ?? []).filter((c: any) => c.type !== 'DisruptionTarget'), { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: client.api.timestamp(), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }];
      client.patchStatus('Pod', ns, name, { status: { conditions } }, 'merge', { reason: 'DisruptionTarget', message: `${name} is about to be evicted from ${node.metadata.name} (${taint})` });
      this.events.record(client, live, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`);
      client.delete('Pod', ns, name, { preconditions: { uid: pod.metadata.uid ?? '' } }, { reason: 'TaintManagerEviction', message: `${name} no longer tolerates ${taint} on ${node.metadata.name}: deleted` });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}

function noExecute(node: Readonly<KObject> | undefined): any[] {
  return (node?.spec?.taints ?? []).filter((t: any) => t.effect === 'NoExecute');
}

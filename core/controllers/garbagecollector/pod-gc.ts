import { ApiError } from '../../api/status.js';
import type { ControllerContext } from '../controller.js';

/** upstream quarantine before an orphaned pod is collected */
const QUARANTINE_MS = 40_000;
const PERIOD_MS = 20_000;
/** The pod informer's index by spec.nodeName (the node lifecycle and taint eviction controllers add it under the same name). */
const NODE_INDEX = 'node';

/**
 * PodGC, the part that matters here: pods bound to a Node that no longer exists are
 * force-deleted (grace 0) once the node has been gone for 40 s, since no kubelet will
 * ever confirm their end.
 */
export class PodGarbageCollector {
  private readonly seenMissing = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {
    ctx.informers.get('Pod').addIndex(NODE_INDEX, (p) => [p.spec?.nodeName ?? '']);
    ctx.informers.get('Node');
  }

  start(): this {
    this.ctx.scheduler.every(PERIOD_MS, () => this.gcOrphaned(), 'pod-gc');
    return this;
  }

  private gcOrphaned(): void {
    const pods = this.ctx.informers.get('Pod');
    const nodes = this.ctx.informers.get('Node');
    const now = this.ctx.scheduler.now();
    // Only a pod bound to a node the Node informer lacks is acted on: when every node
    // named in the pod informer's node index is known, the walk over every pod (100,000
    // every 20 s, 0.36 s of the 100,000-pod run's node failure) would change nothing. The
    // index has the node names of the pods the informer holds, so this asks ~1,000 names.
    // With one missing, the same walk in the same order as before.
    if (!pods.someIndexValue(NODE_INDEX, (node) => node !== '' && nodes.get(null, node) === undefined)) return;
    for (const pod of pods.values()) {
      const node = pod.spec?.nodeName ?? '';
      if (node === '' || nodes.get(null, node) !== undefined) continue;
      const since = this.seenMissing.get(node) ?? now;
      this.seenMissing.set(node, since);
      if (now - since < QUARANTINE_MS) continue;
      try {
        this.ctx.client.delete('Pod', pod.metadata.namespace, pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid ?? '' } }, {
          reason: 'PodGC',
          message: `${pod.metadata.name} was bound to ${node}, which no longer exists: force-deleted`,
        });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    }
  }
}

import type { Client } from '../client/client.js';
import { matches, type Selector } from '../api/labels.js';
import { Informer, type InformerEvent, type InformerHandler } from '../client/informer.js';
import { WorkQueue, type Reconcile } from '../client/work-queue.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';

/**
 * The informers a controller manager shares: one list+watch per kind however many
 * controllers read it, as SharedInformerFactory does.
 */
export class SharedInformers {
  private readonly informers = new Map<string, Informer>();

  constructor(private readonly client: Client) {}

  get(kind: string): Informer {
    let inf = this.informers.get(kind);
    if (inf === undefined) {
      inf = new Informer(this.client, kind);
      this.informers.set(kind, inf);
    }
    return inf;
  }

  start(): void {
    for (const inf of this.informers.values()) inf.start();
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }
}

/** What every controller is built from: its client (actor), the clock, shared caches. */
export interface ControllerContext {
  client: Client;
  scheduler: VirtualScheduler;
  informers: SharedInformers;
}

export function queueFor(ctx: ControllerContext, name: string, reconcile: Reconcile, pickupDelayMs = 0, maxBackoffMs?: number, baseBackoffMs?: number): WorkQueue {
  return new WorkQueue(ctx.scheduler, name, reconcile, pickupDelayMs, maxBackoffMs, baseBackoffMs);
}

/**
 * Whether a selector picks the object of a watch event now, or picked it before the
 * change: a pod relabelled out of a Service matters to that Service as much as one
 * relabelled in.
 */
export function selectsEither(sel: Selector, e: InformerEvent): boolean {
  return matches(sel, e.object.metadata.labels) || (e.old !== undefined && matches(sel, e.old.metadata.labels));
}

export type { InformerHandler };

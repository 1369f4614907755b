import type { Subscription } from 'rxjs';
import { ApiError } from '../../../api/status.js';
import type { KObject } from '../../../api/types.js';
import { EventRecorder } from '../../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../../client/informer.js';
import type { WorkQueue } from '../../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../../controller.js';
import { isPodTerminal } from '../../pod-util.js';
import { PV_RESYNC_PERIOD_MS } from './annotations.js';
import type { BinderWrites } from './bind.js';
import { syncClaim, type ClaimView } from './sync-claim.js';
import { syncVolume, type VolumeView } from './sync-volume.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod volumes are open JSON */

export const PVC_INDEX = 'pvc';

/** The claims a pod mounts, as `namespace/name` keys (the binder's and protection controller's pod index). */
export function podClaimKeys(pod: Readonly<KObject>): string[] {
  // The shared pod informer indexes every pod event by this (old and new version): a pod
  // that mounts no claim (most) shares one empty list instead of two new ones each time.
  const volumes: readonly any[] = pod.spec?.volumes ?? NO_CLAIMS;
  let keys: string[] | undefined;
  for (let i = 0; i < volumes.length; i++) {
    const claimName = volumes[i]?.persistentVolumeClaim?.claimName;
    if (typeof claimName === 'string') (keys ??= []).push(`${pod.metadata.namespace}/${claimName}`);
  }
  return keys ?? (NO_CLAIMS as string[]);
}

const NO_CLAIMS: readonly string[] = Object.freeze([]);

/**
 * The PersistentVolume binder (pkg/controller/volume/persistentvolume, actor
 * `persistentvolume-binder`, Events from `persistentvolume-controller`): one queue of
 * claims and one of volumes, fed by their watches and by a full resync every 15 s
 * (pvClaimBinderSyncPeriod), which is also what repeats the WaitForFirstConsumer and
 * ExternalProvisioning Events of a claim that stays Pending ("x4 over 45s").
 */
export class PersistentVolumeController {
  readonly claimQueue: WorkQueue;
  readonly volumeQueue: WorkQueue;
  readonly events = new EventRecorder('persistentvolume-controller');
  private readonly volumes: Informer;
  private readonly claims: Informer;
  private readonly classes: Informer;
  private readonly pods: Informer;
  /** The binder's own writes, newer than the caches until the watch brings them back. */
  private readonly written = new Map<string, Readonly<KObject>>();
  private timer: Subscription | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.claimQueue = queueFor(ctx, 'persistentvolume-binder claims', (key, cause) => this.syncClaimKey(key, cause));
    this.volumeQueue = queueFor(ctx, 'persistentvolume-binder volumes', (key, cause) => this.syncVolumeKey(key, cause));
    this.volumes = ctx.informers.get('PersistentVolume');
    this.claims = ctx.informers.get('PersistentVolumeClaim');
    this.classes = ctx.informers.get('StorageClass');
    this.pods = ctx.informers.get('Pod').addIndex(PVC_INDEX, podClaimKeys);
    this.volumes.on((e) => this.onVolume(e));
    this.claims.on((e) => this.onClaim(e));
  }

  start(): this {
    this.timer ??= this.ctx.scheduler.every(PV_RESYNC_PERIOD_MS, () => this.resync(), 'persistentvolume-binder resync');
    return this;
  }

  stop(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
  }

  private onVolume(e: InformerEvent): void {
    const name = e.object.metadata.name ?? '';
    if (e.type === 'DELETED') {
      this.written.delete(`PersistentVolume/${name}`);
      // A claim bound to a deleted volume is Lost: let its sync say so.
      const ref = e.object.spec?.claimRef;
      if (ref?.namespace !== undefined) this.claimQueue.add(`${ref.namespace}/${ref.name}`, e.seq);
      return;
    }
    this.volumeQueue.add(name, e.seq);
  }

  private onClaim(e: InformerEvent): void {
    const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
    if (e.type === 'DELETED') {
      this.written.delete(`PersistentVolumeClaim/${key}`);
      // Its volume is released: sync it now rather than at the next resync.
      const volumeName = e.object.spec?.volumeName;
      if (typeof volumeName === 'string' && volumeName !== '') this.volumeQueue.add(volumeName, e.seq);
      return;
    }
    this.claimQueue.add(key, e.seq);
  }

  private resync(): void {
    for (const c of this.claims.values()) this.claimQueue.add(`${c.metadata.namespace}/${c.metadata.name}`);
    for (const v of this.volumes.values()) this.volumeQueue.add(v.metadata.name ?? '');
  }

  /**
   * The newer of the cached object and the binder's own last write of it (the binder
   * creates nothing, so an object the cache does not have is gone).
   */
  private fresh(kind: string, key: string, cached: Readonly<KObject> | undefined): Readonly<KObject> | undefined {
    const mine = this.written.get(`${kind}/${key}`);
    if (cached === undefined || mine === undefined || mine.metadata.uid !== cached.metadata.uid) return cached;
    return Number(mine.metadata.resourceVersion) > Number(cached.metadata.resourceVersion) ? mine : cached;
  }

  private writes(cause: number | null): BinderWrites {
    return {
      client: this.ctx.client.withCause(cause),
      events: this.events,
      remember: (obj) => {
        const key = obj.kind === 'PersistentVolume' ? `PersistentVolume/${obj.metadata.name}` : `PersistentVolumeClaim/${obj.metadata.namespace}/${obj.metadata.name}`;
        this.written.set(key, obj);
        return obj;
      },
    };
  }

  private claimView(): ClaimView {
    return {
      volume: (name) => this.fresh('PersistentVolume', name, this.volumes.get(null, name)),
      volumes: () => [...this.volumes.values()].map((v) => this.fresh('PersistentVolume', v.metadata.name ?? '', v) as Readonly<KObject>),
      storageClass: (name) => (name === '' ? undefined : this.classes.get(null, name)),
      storageClasses: () => [...this.classes.values()],
      unscheduledPodsUsing: (claim) =>
        this.pods
          .byIndex(PVC_INDEX, `${claim.metadata.namespace}/${claim.metadata.name}`)
          .filter((p) => (p.spec?.nodeName ?? '') === '' && !isPodTerminal(p))
          .map((p) => p.metadata.name ?? '')
          .sort(),
    };
  }

  private syncClaimKey(key: string, cause: number | null): void {
    const i = key.indexOf('/');
    const claim = this.fresh('PersistentVolumeClaim', key, this.claims.get(key.slice(0, i), key.slice(i + 1)));
    if (claim === undefined) return;
    syncClaim(this.writes(cause), this.claimView(), claim);
  }

  private syncVolumeKey(name: string, cause: number | null): void {
    const volume = this.fresh('PersistentVolume', name, this.volumes.get(null, name));
    if (volume === undefined) return;
    const view: VolumeView = {
      claim: (ns, n) => this.fresh('PersistentVolumeClaim', `${ns}/${n}`, this.claims.get(ns, n)),
      liveClaim: (ns, n) => {
        try {
          return this.ctx.client.api.get('PersistentVolumeClaim', ns, n);
        } catch (e) {
          if (e instanceof ApiError && e.status.code === 404) return undefined;
          throw e;
        }
      },
      enqueueClaim: (claim) => this.claimQueue.add(`${claim.metadata.namespace}/${claim.metadata.name}`, cause),
    };
    syncVolume(this.writes(cause), view, volume);
  }
}

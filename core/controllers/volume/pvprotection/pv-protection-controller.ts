import { PV_PROTECTION_FINALIZER } from '../../../api/admission-storage.js';
import type { Informer } from '../../../client/informer.js';
import type { WorkQueue } from '../../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../../controller.js';
import { isDeletionCandidate, needsFinalizer, patchFinalizer } from '../protection.js';

/**
 * The PV protection controller (pkg/controller/volume/pvprotection, actor
 * `pv-protection-controller`): a deleted volume keeps its `kubernetes.io/pv-protection`
 * finalizer while it is Bound to a claim; once it is not (Released, Available, Failed)
 * the finalizer comes off and the volume goes.
 */
export class PvProtectionController {
  readonly queue: WorkQueue;
  private readonly volumes: Informer;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'pv-protection-controller', (key, cause) => this.process(key, cause));
    this.volumes = ctx.informers.get('PersistentVolume');
    this.volumes.on((e) => {
      if (e.type === 'DELETED') return;
      if (needsFinalizer(e.object, PV_PROTECTION_FINALIZER) || isDeletionCandidate(e.object, PV_PROTECTION_FINALIZER)) this.queue.add(e.object.metadata.name ?? '', e.seq);
    });
  }

  private process(name: string, cause: number | null): void {
    const volume = this.volumes.get(null, name);
    if (volume === undefined) return;
    const client = this.ctx.client.withCause(cause);
    if (needsFinalizer(volume, PV_PROTECTION_FINALIZER)) {
      patchFinalizer(client, volume, PV_PROTECTION_FINALIZER, true, `volume ${name} protected while bound`);
      return;
    }
    if (!isDeletionCandidate(volume, PV_PROTECTION_FINALIZER) || volume.status?.phase === 'Bound') return;
    patchFinalizer(client, volume, PV_PROTECTION_FINALIZER, false, `volume ${name} is not bound: its deletion completes`);
  }
}

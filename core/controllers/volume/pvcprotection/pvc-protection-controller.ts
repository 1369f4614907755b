import { PVC_PROTECTION_FINALIZER } from '../../../api/admission-storage.js';
import type { KObject } from '../../../api/types.js';
import type { Informer, InformerEvent } from '../../../client/informer.js';
import type { WorkQueue } from '../../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../../controller.js';
import { isPodTerminal } from '../../pod-util.js';
import { PVC_INDEX, podClaimKeys } from '../persistentvolume/pv-controller.js';
import { isDeletionCandidate, needsFinalizer, patchFinalizer } from '../protection.js';

/**
 * The PVC protection controller (pkg/controller/volume/pvcprotection, actor
 * `pvc-protection-controller`): a deleted claim keeps its `kubernetes.io/pvc-protection`
 * finalizer, and so stays Terminating, while a scheduled pod that is not finished uses
 * it; when the last such pod is gone the finalizer comes off and the API server removes
 * the claim. The cache's answer "not in use" is checked against the API server first,
 * as upstream does, since a pod created a moment ago may not be cached yet.
 */
export class PvcProtectionController {
  readonly queue: WorkQueue;
  private readonly claims: Informer;
  private readonly pods: Informer;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'pvc-protection-controller', (key, cause) => this.process(key, cause));
    this.claims = ctx.informers.get('PersistentVolumeClaim');
    this.pods = ctx.informers.get('Pod').addIndex(PVC_INDEX, podClaimKeys);
    this.claims.on((e) => {
      if (e.type === 'DELETED') return;
      if (needsFinalizer(e.object, PVC_PROTECTION_FINALIZER) || isDeletionCandidate(e.object, PVC_PROTECTION_FINALIZER)) this.queue.add(keyOf(e.object), e.seq);
    });
    this.pods.on((e) => this.onPod(e));
  }

  /** A pod that went away or finished may free its claims. */
  private onPod(e: InformerEvent): void {
    const gone = e.type === 'DELETED' || (isPodTerminal(e.object) && (e.old === undefined || !isPodTerminal(e.old)));
    if (!gone) return;
    for (const key of podClaimKeys(e.object)) {
      const [ns, name] = split(key);
      const claim = this.claims.get(ns, name);
      if (claim !== undefined && isDeletionCandidate(claim, PVC_PROTECTION_FINALIZER)) this.queue.add(key, e.seq);
    }
  }

  private process(key: string, cause: number | null): void {
    const [ns, name] = split(key);
    const claim = this.claims.get(ns, name);
    if (claim === undefined) return;
    const client = this.ctx.client.withCause(cause);
    if (needsFinalizer(claim, PVC_PROTECTION_FINALIZER)) {
      patchFinalizer(client, claim, PVC_PROTECTION_FINALIZER, true, `claim ${key} protected while pods use it`);
      return;
    }
    if (!isDeletionCandidate(claim, PVC_PROTECTION_FINALIZER)) return;
    const users = (pods: ReadonlyArray<Readonly<KObject>>): string[] => pods.filter((p) => usesClaim(p, name)).map((p) => p.metadata.name ?? '');
    if (users(this.pods.byIndex(PVC_INDEX, key)).length > 0) return;
    if (users(client.api.list('Pod', { namespace: ns }).items).length > 0) return;
    patchFinalizer(client, claim, PVC_PROTECTION_FINALIZER, false, `claim ${key} is no longer used by any pod: its deletion completes`);
  }
}

/** podUsesPVC: only a scheduled pod counts (a kubelet never starts a pod whose claim is being deleted), until it has finished. */
function usesClaim(pod: Readonly<KObject>, claim: string): boolean {
  if ((pod.spec?.nodeName ?? '') === '' || isPodTerminal(pod)) return false;
  return (pod.spec?.volumes ?? []).some((v: { persistentVolumeClaim?: { claimName?: string } }) => v.persistentVolumeClaim?.claimName === claim);
}

function keyOf(obj: Readonly<KObject>): string {
  return `${obj.metadata.namespace}/${obj.metadata.name}`;
}

function split(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

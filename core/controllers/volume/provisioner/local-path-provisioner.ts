import type { Subscription } from 'rxjs';
import { ApiError } from '../../../api/status.js';
import type { KObject } from '../../../api/types.js';
import type { Client } from '../../../client/client.js';
import { EventRecorder } from '../../../client/event-recorder.js';
import { Informer, type InformerEvent } from '../../../client/informer.js';
import type { VirtualScheduler } from '../../../sim/virtual-scheduler.js';
import { ANN_BETA_STORAGE_PROVISIONER, ANN_DYNAMICALLY_PROVISIONED, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER } from '../persistentvolume/annotations.js';
import { claimReference } from '../persistentvolume/bind.js';
import { claimClass } from '../persistentvolume/volume-util.js';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
/**
 * local-path-provisioner runs a helper pod on the node to create (or remove) the
 * volume's directory; in a kind cluster's Events, Provisioning and ProvisioningSucceeded
 * are about 2 s apart. The helper pods themselves are not simulated.
 */
export const HELPER_POD_MS = 2000;

/**
 * A simulated external provisioner (sig-storage-lib-external-provisioner driving kind's
 * local-path-provisioner, actor `local-path-provisioner`): it takes the claims the binder
 * annotated with its name, makes each a hostPath volume `pvc-<claim uid>` on the node the
 * scheduler selected (node affinity to that node, so the pod and its data stay
 * together), pre-bound to the claim, with the class's reclaim policy; and it deletes the
 * volumes it made once they are Released with policy Delete.
 */
export class LocalPathProvisioner {
  private readonly claims: Informer;
  private readonly volumes: Informer;
  private readonly classes: Informer;
  private readonly events = new EventRecorder(`${LOCAL_PATH_PROVISIONER}_local-path-provisioner`);
  private readonly busy = new Map<string, Subscription>();

  constructor(
    private readonly client: Client,
    private readonly clock: VirtualScheduler,
    readonly name = LOCAL_PATH_PROVISIONER,
  ) {
    this.claims = new Informer(client, 'PersistentVolumeClaim').on((e) => this.onClaim(e));
    this.volumes = new Informer(client, 'PersistentVolume').on((e) => this.onVolume(e));
    this.classes = new Informer(client, 'StorageClass');
  }

  start(): this {
    this.classes.start();
    this.volumes.start();
    this.claims.start();
    return this;
  }

  stop(): void {
    for (const s of this.busy.values()) s.unsubscribe();
    this.busy.clear();
    this.claims.stop();
    this.volumes.stop();
    this.classes.stop();
  }

  /** shouldProvision: unbound, annotated for us, of one of our classes, and (WaitForFirstConsumer) placed on a node. */
  private onClaim(e: InformerEvent): void {
    const claim = e.object;
    if (e.type === 'DELETED' || claim.metadata.deletionTimestamp !== undefined) return;
    if ((claim.spec?.volumeName ?? '') !== '') return;
    const annotated = claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER] ?? claim.metadata.annotations?.[ANN_BETA_STORAGE_PROVISIONER];
    if (annotated !== this.name) return;
    const cls = this.classes.get(null, claimClass(claim));
    if (cls === undefined || cls.provisioner !== this.name) return;
    const node = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (cls.volumeBindingMode === 'WaitForFirstConsumer' && node === undefined) return;
    const uid = claim.metadata.uid ?? '';
    if (this.busy.has(uid) || this.volumes.get(null, `pvc-${uid}`) !== undefined) return;
    const client = this.client.withCause(e.seq);
    const key = `${claim.metadata.namespace}/${claim.metadata.name}`;
    if (node === undefined) {
      // local-path has no node to put an Immediate claim's directory on.
      this.events.record(client, claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${cls.metadata.name}": configuration error, no node was specified`);
      return;
    }
    this.events.record(client, claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${key}"`);
    this.busy.set(uid, this.clock.after(HELPER_POD_MS, () => this.provision(client, claim, cls, node), `local-path-provisioner provision ${key}`));
  }

  private provision(client: Client, claim: Readonly<KObject>, cls: Readonly<KObject>, node: string): void {
    const uid = claim.metadata.uid ?? '';
    this.busy.delete(uid);
    const live = this.claims.get(claim.metadata.namespace, claim.metadata.name ?? '');
    if (live === undefined || live.metadata.uid !== uid || (live.spec?.volumeName ?? '') !== '') return;
    const name = `pvc-${uid}`;
    const volume: KObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { 'local.path.provisioner/selected-node': node, [ANN_DYNAMICALLY_PROVISIONED]: this.name } },
      spec: {
        accessModes: [...(live.spec?.accessModes ?? [])],
        capacity: { storage: live.spec?.resources?.requests?.storage },
        claimRef: claimReference(live),
        hostPath: { path: `/var/local-path-provisioner/${name}_${live.metadata.namespace}_${live.metadata.name}`, type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
        persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
        storageClassName: cls.metadata.name,
        volumeMode: live.spec?.volumeMode ?? 'Filesystem',
      },
    };
    try {
      client.create(volume, { reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${name} on ${node} for claim ${live.metadata.namespace}/${live.metadata.name}` });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason !== 'AlreadyExists') this.events.record(client, live, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${cls.metadata.name}": ${e.message}`);
      return;
    }
    this.events.record(client, live, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
  }

  /** shouldDelete: a volume of ours, Released, with policy Delete: its directory is removed, then the object. */
  private onVolume(e: InformerEvent): void {
    const v = e.object;
    if (e.type === 'DELETED' || v.metadata.deletionTimestamp !== undefined) return;
    if (v.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED] !== this.name) return;
    if (v.status?.phase !== 'Released' || v.spec?.persistentVolumeReclaimPolicy !== 'Delete') return;
    const key = `delete/${v.metadata.name}`;
    if (this.busy.has(key)) return;
    const client = this.client.withCause(e.seq);
    this.busy.set(key, this.clock.after(HELPER_POD_MS, () => {
      this.busy.delete(key);
      try {
        client.delete('PersistentVolume', null, v.metadata.name ?? '', { preconditions: { uid: v.metadata.uid ?? '' } }, { reason: 'VolumeDeleted', message: `volume ${v.metadata.name} deleted: its claim is gone and its reclaim policy is Delete` });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
    }, `local-path-provisioner delete ${v.metadata.name}`));
  }
}

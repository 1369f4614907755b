import { generateSelector } from './batch/job-strategy.js';
import { prepareDaemonSetForCreate, prepareDaemonSetForUpdate } from './daemonset-strategy.js';
import { jsonEqual } from './equal.js';
import type { KindInfo } from './kinds.js';
import { computePodQOS } from './qos.js';
import { prepareNamespaceForCreate, prepareNamespaceForUpdate } from './namespace-strategy.js';
import { dropDisabledStatefulSetFields } from './statefulset-strategy.js';
import { prepareStorageForCreate, prepareStorageForUpdate } from './storage-strategy.js';
import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- strategies edit open JSON */

/**
 * Per-kind PrepareForCreate / PrepareForUpdate, as upstream's registry strategies do:
 * what a client may set on create, and which half of an object an update may touch.
 */
export function prepareForCreate(obj: KObject, info: KindInfo, now: string): void {
  switch (obj.kind) {
    case 'PersistentVolume':
    case 'PersistentVolumeClaim':
      prepareStorageForCreate(obj, now);
      break;
    case 'StatefulSet':
      // Go writes the status fields without omitempty even when zero; clients (the Python
      // client) refuse a StatefulSet without them until the controller's first status.
      obj.status = { replicas: 0, availableReplicas: 0 };
      dropDisabledStatefulSetFields(obj);
      break;
    case 'Pod':
      // A new pod is Pending whatever the client sent; its QoS class is derived.
      obj.status = { phase: 'Pending', qosClass: computePodQOS(obj.spec) };
      break;
    case 'Namespace':
      prepareNamespaceForCreate(obj);
      break;
    case 'Service':
      obj.status = { loadBalancer: {} };
      break;
    case 'Node':
      break; // the kubelet registers its node with status
    case 'Job':
      generateSelector(obj);
      obj.status = {};
      break;
    case 'DaemonSet':
      // The four counts DaemonSetStatus has without omitempty, as Go writes them.
      obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      prepareDaemonSetForCreate(obj);
      break;
    default:
      if (info.subresources.includes('status')) obj.status = {};
  }
  if (info.tracksGeneration) obj.metadata.generation = 1;
}

/**
 * The main resource ignores status; /status ignores everything but status. That split
 * is why a kubelet's status write never races a user's spec edit.
 */
export function prepareForUpdate(next: KObject, old: Readonly<KObject>, info: KindInfo, subresource: 'status' | 'finalize' | null, now: string): KObject {
  if (info.kind === 'Namespace') prepareNamespaceForUpdate(next, old, subresource);
  if (subresource === 'finalize') return next;
  if (subresource === 'status') prepareStorageForUpdate(next, old, now);
  const hasStatus = info.subresources.includes('status');
  // The kept half is shared with the stored (frozen) object rather than copied: it is
  // never written to, and a write that copied a 2 KB spec just to keep it would pay
  // for it on every kubelet status update.
  if (subresource === 'status') {
    // A new object in the stored one's member order, not the body emptied and refilled:
    // deleting its members put the body in V8's dictionary mode, and every later read of
    // the write (validation, the field manager's walk, the equality check, the commit's
    // JSON) then looked its members up in a hash table (7,261 of 30,734 writes of a
    // 1,000-pod run had such a root: every status write).
    const out: KObject = { ...old };
    if (next.status === undefined) delete out.status;
    else out.status = next.status;
    out.metadata = { ...old.metadata };
    // deploymentStatusStrategy resets only spec and labels: the deployment controller
    // records the revision annotation with its status write, as upstream does.
    if (info.kind === 'Deployment') {
      const annotations = next.metadata.annotations;
      if (annotations === undefined) delete out.metadata.annotations;
      else out.metadata.annotations = annotations;
    }
    return out;
  }
  dropDisabledStatefulSetFields(next, old);
  if (hasStatus && next.kind !== 'Node') {
    if (old.status === undefined) delete next.status;
    else next.status = old.status;
  }
  if (info.tracksGeneration) {
    const changed = !jsonEqual(next.spec, old.spec);
    const gen = old.metadata.generation ?? 1;
    next.metadata.generation = changed ? gen + 1 : gen;
  }
  if (info.kind === 'DaemonSet') prepareDaemonSetForUpdate(next, old);
  return next;
}

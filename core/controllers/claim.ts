import { ApiError } from '../api/status.js';
import { matches, type Selector } from '../api/labels.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { controllerOf, controllerRef } from './controller-ref.js';

/**
 * ControllerRefManager.Claim: of the candidates, keep those this owner controls and
 * whose labels still match; adopt orphans that match (unless the owner is being
 * deleted); release those it controls that no longer match. Relabel a pod out of a
 * ReplicaSet's selector and it is released here, so the next count is one short.
 * `finalizers` are added with the adoption in the same patch (a Job's tracking finalizer).
 */
export function claim(
  client: Client,
  owner: Readonly<KObject>,
  selector: Selector,
  candidates: ReadonlyArray<Readonly<KObject>>,
  canAdopt: () => boolean,
  finalizers: readonly string[] = [],
  /** Further conditions a match must meet (a StatefulSet claims only pods named after it). */
  filter: (obj: Readonly<KObject>) => boolean = () => true,
): Array<Readonly<KObject>> {
  const claimed: Array<Readonly<KObject>> = [];
  const uid = owner.metadata.uid;
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    const match = matches(selector, obj.metadata.labels) && filter(obj);
    if (ref !== undefined) {
      if (ref.uid !== uid) continue;
      if (match) {
        claimed.push(obj);
        continue;
      }
      if (owner.metadata.deletionTimestamp !== undefined) continue;
      release(client, owner, obj);
      continue;
    }
    if (!match || owner.metadata.deletionTimestamp !== undefined || obj.metadata.deletionTimestamp !== undefined) continue;
    if (!canAdopt()) continue;
    const adopted = adopt(client, owner, obj, finalizers);
    if (adopted !== undefined) claimed.push(adopted);
  }
  return claimed;
}

function adopt(client: Client, owner: Readonly<KObject>, obj: Readonly<KObject>, finalizers: readonly string[]): Readonly<KObject> | undefined {
  try {
    const refs = [...(obj.metadata.ownerReferences ?? []), controllerRef(owner)];
    const missing = finalizers.filter((f) => !(obj.metadata.finalizers ?? []).includes(f));
    const meta = { ownerReferences: refs, uid: obj.metadata.uid, ...(missing.length > 0 ? { finalizers: [...(obj.metadata.finalizers ?? []), ...missing] } : {}) };
    return client.patch(obj.kind, obj.metadata.namespace, obj.metadata.name ?? '', { metadata: meta }, 'merge', {
      reason: 'Adopted',
      message: `${owner.kind} ${owner.metadata.name} adopted ${obj.kind.toLowerCase()} ${obj.metadata.name}: its labels match the selector`,
    });
  } catch (e) {
    if (e instanceof ApiError && (e.status.code === 404 || e.status.code === 409)) return undefined;
    throw e;
  }
}

function release(client: Client, owner: Readonly<KObject>, obj: Readonly<KObject>): void {
  try {
    const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
    client.patch(obj.kind, obj.metadata.namespace, obj.metadata.name ?? '', { metadata: { ownerReferences: refs.length > 0 ? refs : null, uid: obj.metadata.uid } }, 'merge', {
      reason: 'Released',
      message: `${owner.kind} ${owner.metadata.name} released ${obj.kind.toLowerCase()} ${obj.metadata.name}: its labels no longer match the selector`,
    });
  } catch (e) {
    if (e instanceof ApiError && (e.status.code === 404 || e.status.code === 409)) return;
    throw e;
  }
}

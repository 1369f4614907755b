import type { KObject } from './types.js';

const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** Metadata in the order kubectl prints it, so recorded JSON reads like `kubectl get -o json`. */
export function orderMeta(meta: KObject['metadata']): KObject['metadata'] {
  const out: KObject['metadata'] = {};
  for (const k of META_ORDER) if (meta[k] !== undefined) out[k] = meta[k];
  for (const k of Object.keys(meta)) if (!(k in out) && meta[k] !== undefined) out[k] = meta[k];
  return out;
}

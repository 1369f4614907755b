import { clone } from '../patch.js';
import type { KObject } from '../types.js';

/*
 * managedFields are the bulk of many objects and nobody edits them in place: the field
 * manager replaces them whole. So the copies a write starts from share the stored
 * (frozen) entries instead of copying them, and the field manager then sees by
 * reference that the request carried the live entries unchanged.
 */

const storedEntries = (obj: Readonly<KObject>): readonly unknown[] | undefined => {
  const e = obj.metadata?.managedFields;
  return Array.isArray(e) && Object.isFrozen(e) ? e : undefined;
};

/** A deep copy of `obj` whose metadata.managedFields is the same frozen array. */
export function cloneSharingEntries(obj: Readonly<KObject>): KObject {
  const entries = storedEntries(obj);
  if (entries === undefined) return clone(obj as KObject);
  const out = clone({ ...obj, metadata: { ...obj.metadata, managedFields: undefined } }) as KObject;
  out.metadata.managedFields = entries;
  return out;
}

const touches = (p: unknown): boolean => typeof p === 'string' && (p === '' || p === '/metadata' || p.startsWith('/metadata/managedFields'));

/**
 * Whether a patch may touch managedFields (then it gets a copy of them to work on): a
 * JSON patch operation on them, on metadata or on the root; a merge or strategic patch
 * that names them (also in $setElementOrder/$deleteFromPrimitiveList keys) or nulls metadata.
 */
function mentionsEntries(patch: unknown): boolean {
  if (Array.isArray(patch)) return patch.some((op) => op !== null && typeof op === 'object' && (touches(op.path) || touches(op.from)));
  if (patch === null || typeof patch !== 'object') return false;
  const meta = (patch as { metadata?: unknown }).metadata;
  if (meta === undefined) return false;
  if (meta === null || typeof meta !== 'object') return true;
  return Object.keys(meta).some((k) => k.includes('managedFields') || k === '$patch');
}

/** `current` for a patch to apply to: without its stored entries unless the patch names them. */
export function patchBase(current: Readonly<KObject>, patch: unknown): Readonly<KObject> {
  if (storedEntries(current) === undefined || mentionsEntries(patch)) return current;
  return { ...current, metadata: { ...current.metadata, managedFields: undefined } } as Readonly<KObject>;
}

/** Puts the stored entries back on a patched copy made from patchBase. */
export function restoreEntries(patched: KObject, current: Readonly<KObject>, patch: unknown): void {
  const entries = storedEntries(current);
  if (entries === undefined || mentionsEntries(patch) || patched.metadata === null || typeof patched.metadata !== 'object') return;
  if (patched.metadata.managedFields === undefined) patched.metadata.managedFields = entries;
}

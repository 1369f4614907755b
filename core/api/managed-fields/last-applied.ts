import type { KObject } from '../types.js';
import { compareObjects } from './compare.js';
import { FieldSet } from './field-set.js';
import type { SchemaNode } from './schema.js';
import { toFieldSet } from './to-field-set.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function lastAppliedOf(obj: Record<string, unknown>): string | undefined {
  const text = (obj.metadata as KObject['metadata'] | undefined)?.annotations?.[LAST_APPLIED];
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/**
 * lastAppliedManager.allowedConflictsFromLastApplied: the fields a client-side apply
 * last set and that still hold that value. `kubectl apply --server-side` may take them
 * over without a conflict, which is how an object moves from client-side to server-side
 * apply. Anything unreadable allows nothing.
 */
export function allowedByLastApplied(schema: SchemaNode, live: Record<string, unknown>): FieldSet {
  const text = lastAppliedOf(live);
  if (text === undefined) return FieldSet.EMPTY;
  try {
    const last = JSON.parse(text) as Record<string, unknown>;
    if (last.apiVersion !== live.apiVersion) return FieldSet.EMPTY;
    const cmp = compareObjects(schema, last, live);
    return toFieldSet(schema, last).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
  } catch {
    return FieldSet.EMPTY;
  }
}

import { viewable } from './deep-json.js';
import { keyedDiff, type Change } from './merge-key-diff.js';

export type { Change } from './merge-key-diff.js';

/** Fields that change on every write and say nothing about what the writer did. */
const NOISE = new Set(['metadata.resourceVersion']);

/**
 * The object without metadata.managedFields: field ownership changes with every write
 * (each entry carries its writer's time) and would drown what the write did. The full
 * object still shows it.
 */
function withoutManagedFields(obj: unknown): Record<string, unknown> {
  const o = (obj ?? {}) as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta === undefined || meta === null || typeof meta !== 'object' || !('managedFields' in meta)) return o;
  const { managedFields: _, ...rest } = meta;
  return { ...o, metadata: rest };
}

/**
 * What changed between two versions of an object, field by field, in document order,
 * list items named by their merge key (merge-key-diff.ts).
 * resourceVersion is left out: it changes on every write and is shown separately; so
 * is metadata.managedFields. Below MAX_VIEW_DEPTH a change shows as one field whose
 * too-deep note changed (the diff recurses, and a 3,000-deep object would overflow the stack).
 */
export function diffObjects(before: unknown, after: unknown): Change[] {
  const a = viewable(before === undefined ? {} : withoutManagedFields(before)) as Record<string, unknown>;
  const b = viewable(withoutManagedFields(after ?? {})) as Record<string, unknown>;
  const out: Change[] = [];
  for (const d of keyedDiff(a, b)) {
    const path = d.path;
    if (NOISE.has(path) || [...NOISE].some((n) => path.startsWith(n + '.') || path.startsWith(n + '['))) continue;
    out.push(d);
  }
  return out;
}

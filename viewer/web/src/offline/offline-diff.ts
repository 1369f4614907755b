import { keyedDiff, type Change } from '../../../../core/replay/merge-key-diff.js';

/**
 * core/replay/diff.ts's diffObjects for the browser: the same merge-key diff, with
 * metadata.managedFields and metadata.resourceVersion left out. diff.ts itself cannot be
 * bundled (its depth cap hashes with node:crypto); the bundle's objects are depth-capped
 * at export time already, so only the two filters are repeated here.
 */
export function diffVersions(before: unknown, after: unknown): Change[] {
  const a = before === undefined ? {} : withoutManagedFields(before);
  const b = withoutManagedFields(after ?? {});
  return keyedDiff(a, b).filter((d) => d.path !== 'metadata.resourceVersion');
}

function withoutManagedFields(obj: unknown): Record<string, unknown> {
  const o = (obj ?? {}) as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta === undefined || meta === null || typeof meta !== 'object' || !('managedFields' in meta)) return o;
  const { managedFields: _, ...rest } = meta;
  return { ...o, metadata: rest };
}

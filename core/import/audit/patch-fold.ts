import { applyPatch, clone, type PatchType } from '../../api/patch.js';
import { isObject } from './audit-record.js';

/**
 * A PATCH body applied to the object as last known, for Request-level logs, whose
 * entries hold the patch but not the result. An audit Event carries no Content-Type, so
 * the body's shape names the type:
 * - a JSON array: a JSON patch (RFC 6902);
 * - top-level apiVersion and kind: a server-side apply configuration (it is a whole intent);
 * - `$setElementOrder/`, `$patch`, `$retainKeys`, `$deleteFromPrimitiveList/` anywhere: a
 *   strategic merge patch (only strategic patches have directives);
 * - otherwise strategic for a built-in kind (what kubectl and the controllers send) and a
 *   merge patch for anything else (custom resources take no strategic patches).
 */
export type FoldPatchType = PatchType | 'apply';

export function patchTypeOf(body: unknown, builtin: boolean): FoldPatchType {
  if (Array.isArray(body)) return 'json';
  if (isObject(body) && typeof body.apiVersion === 'string' && typeof body.kind === 'string') return 'apply';
  if (hasDirective(body)) return 'strategic';
  return builtin ? 'strategic' : 'merge';
}

function hasDirective(v: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (Array.isArray(v)) return v.some((item) => hasDirective(item, depth + 1));
  if (!isObject(v)) return false;
  for (const [key, value] of Object.entries(v)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/')) return true;
    if (hasDirective(value, depth + 1)) return true;
  }
  return false;
}

export interface PatchFold {
  object: Record<string, unknown>;
  /** what the fold could not know, for the provenance note */
  note: string;
}

/**
 * `previous` is the last known object, or null: then the result holds what the patch
 * says and nothing else. A JSON patch needs the paths it names: without the previous
 * state, or when it does not apply, the result is the bare skeleton.
 */
export function foldPatch(previous: Record<string, unknown> | null, body: unknown, type: FoldPatchType, skeleton: Record<string, unknown>): PatchFold {
  const base = previous ?? skeleton;
  const what = previous === null ? 'request-level patch without a known previous state: only the patched fields' : 'request-level patch folded onto the previous state';
  try {
    if (type === 'apply') {
      // Server-side apply also drops fields this manager applied before and left out
      // now; that needs its managedFields, which a Request-level log does not hold.
      return { object: withIdentity(applyPatch(base, body, 'strategic'), skeleton), note: `${what}; apply folded as a strategic merge (fields the manager dropped may remain)` };
    }
    if (type === 'json' && previous === null) return { object: clone(skeleton), note: 'request-level json patch without a known previous state: object unknown' };
    return { object: withIdentity(applyPatch(base, body, type), skeleton), note: `${what} (${type} patch)` };
  } catch (err) {
    return { object: clone(skeleton), note: `request-level ${type} patch did not apply to the previous state (${(err as Error).message}): object unknown` };
  }
}

/** The identity the log names wins over whatever the body says (a patch cannot rename). */
function withIdentity(object: unknown, skeleton: Record<string, unknown>): Record<string, unknown> {
  const out = isObject(object) ? object : {};
  const meta = isObject(out.metadata) ? out.metadata : {};
  const id = skeleton.metadata as Record<string, unknown>;
  out.apiVersion ??= skeleton.apiVersion;
  out.kind ??= skeleton.kind;
  out.metadata = { ...meta, name: id.name, ...(id.namespace !== undefined ? { namespace: id.namespace } : {}) };
  // A fold's resourceVersion and managedFields would be the previous write's: stale, so gone.
  delete (out.metadata as Record<string, unknown>).resourceVersion;
  delete (out.metadata as Record<string, unknown>).managedFields;
  return out;
}

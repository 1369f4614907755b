import type { KObject } from '../../api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- templates are open JSON */

/**
 * getPatch (pkg/controller/daemon/update.go): what a DaemonSet's ControllerRevision
 * stores as `data`, the strategic merge patch that puts this pod template back:
 *
 *   {"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,...},"spec":{...}}}}
 *
 * Upstream marshals the DaemonSet, unmarshals it into a map and marshals that map
 * again, so every level's keys come out sorted ("$patch" first: '$' sorts before
 * letters) and the template's metadata carries Go's zero creationTimestamp as null.
 * `kubectl rollout undo daemonset/x` sends exactly this data as its patch.
 */
export function revisionData(ds: Readonly<KObject>): Record<string, unknown> {
  const template = withoutNulls(ds.spec?.template ?? {}) as Record<string, any>;
  template.metadata = { ...(template.metadata ?? {}), creationTimestamp: null };
  template.$patch = 'replace';
  return sortKeys({ spec: { template } }) as Record<string, unknown>;
}

/** Match: the revision holds this DaemonSet's template (the same bytes, as upstream compares them). */
export function revisionMatches(ds: Readonly<KObject>, revision: Readonly<KObject>): boolean {
  return JSON.stringify(sortKeys(revision.data ?? null)) === JSON.stringify(revisionData(ds));
}

/** Go's json.Marshal of a map[string]interface{}: keys in byte order, at every level. */
function sortKeys(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sortKeys);
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) if (o[k] !== undefined) out[k] = sortKeys(o[k]);
  return out;
}

/** null is Go's zero value: a field the template sets to null is no field (but creationTimestamp, added back). */
function withoutNulls(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(withoutNulls);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== null && x !== undefined) out[k] = withoutNulls(x);
  return out;
}

import { SERVED_VERSIONS } from '../rest/versions.js';
import type { KObject } from '../types.js';
import { compareObjects, type Comparison } from './compare.js';
import { schemaFor, type SchemaNode } from './schema.js';

/** `obj` as `apiVersion` shows it (the stored version, or a served one such as autoscaling/v1). */
export function asVersion(obj: unknown, apiVersion: string): Record<string, unknown> | undefined {
  const o = obj as KObject;
  if (o.apiVersion === apiVersion || o.apiVersion === undefined) return o as Record<string, unknown>;
  const served = SERVED_VERSIONS.find((v) => `${v.group}/${v.version}` === apiVersion && v.kind === o.kind);
  return served === undefined ? undefined : (served.toServed(o) as Record<string, unknown>);
}

/**
 * The comparison for a manager that speaks another version (kubectl autoscale's
 * autoscaling/v1 entry on a v2-stored HPA), as upstream's versionConverter gives it;
 * undefined for a version the server does not serve, which drops that manager.
 */
export function comparisonIn(kind: string, apiVersion: string, live: unknown, next: unknown): Comparison | undefined {
  const schema: SchemaNode | undefined = schemaFor(apiVersion, kind);
  const l = asVersion(live, apiVersion);
  const r = asVersion(next, apiVersion);
  if (schema === undefined || l === undefined || r === undefined) return undefined;
  return compareObjects(schema, l, r, skipManagedFields);
}

/** metadata.managedFields is never part of any field set. */
export function skipManagedFields(path: readonly string[]): boolean {
  return path.length === 2 && path[0] === 'f:metadata' && path[1] === 'f:managedFields';
}

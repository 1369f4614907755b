import { jsonEqual } from '../equal.js';
import type { KObject } from '../types.js';
import { compareObjects, type Comparison } from './compare.js';
import { conflictError } from './conflicts.js';
import { FieldSet } from './field-set.js';
import { allowedByLastApplied, LAST_APPLIED, lastAppliedOf } from './last-applied.js';
import { managerId, type Managed } from './managed.js';
import { mergeObjects } from './merge.js';
import { removeItems } from './remove.js';
import { STRIPPED } from './reset-fields.js';
import type { SchemaNode } from './schema.js';
import { ensureNamedFieldsAreMembers, toFieldSet } from './to-field-set.js';
import { filterComparison, takeOver, type ConflictMap } from './update.js';

export interface ApplyInput {
  schema: SchemaNode;
  version: string;
  /** The live object without managedFields, or the kind's zero object when creating. */
  live: Record<string, unknown>;
  config: Record<string, unknown>;
  managed: Managed;
  manager: string;
  force: boolean;
  now: string;
  ignore: FieldSet;
  compareIn: (apiVersion: string, live: unknown, merged: unknown) => Comparison | undefined;
}

export interface ApplyResult {
  /** The merged object, or undefined when it equals the live one. */
  object: Record<string, unknown> | undefined;
  managed: Managed;
}

/**
 * Updater.Apply with upstream's wrappers around it: merge the configuration into the
 * live object, give the applier exactly the fields its configuration sets, remove what
 * it applied last time and no longer does (unless another manager owns it), then take
 * over from other managers, refusing with 409 where they own a field whose value this
 * apply changes, unless forced. `kubectl` (kubectl apply --server-side) may take over
 * what its last client-side apply set, as upstream's lastAppliedManager lets it.
 */
export function applyConfig(input: ApplyInput): ApplyResult {
  const { schema, version, live, config, managed, manager, ignore } = input;
  const id = managerId({ manager, operation: 'Apply' });
  let merged = mergeObjects(schema, live, config) as Record<string, unknown>;
  const lastSet = managed.fields.get(id)?.set;
  managed.fields.set(id, { set: toFieldSet(schema, config).recursiveDifference(ignore), apiVersion: version, applied: true });
  if (lastSet !== undefined && !lastSet.empty) merged = prune(schema, merged, managed, lastSet);
  const cmp = filterComparison(compareObjects(schema, live, merged), ignore);
  const compareIn = (v: string): Comparison | undefined => input.compareIn(v, live, merged);
  let force = input.force;
  if (!force) {
    const conflicts = takeOver(managed, id, version, cmp, compareIn, true);
    if (conflicts.size > 0) {
      const left = manager === 'kubectl' ? withoutAllowed(conflicts, allowedByLastApplied(schema, live)) : conflicts;
      if (left.size > 0) throw conflictError(left);
      force = true;
    }
  }
  takeOver(managed, id, version, cmp, compareIn);
  const own = managed.fields.get(id);
  if (own !== undefined) {
    const set = own.set.difference(STRIPPED);
    if (set.empty) managed.fields.delete(id);
    else managed.fields.set(id, { ...own, set });
  }
  const changed = !jsonEqual(live, merged);
  if (changed) managed.times.set(id, input.now);
  let object = changed ? merged : undefined;
  // lastAppliedUpdater: kubectl's client-side annotation follows its server-side applies.
  if (manager === 'kubectl' && lastAppliedOf(live) !== undefined) {
    const base = object ?? structuredClone(live);
    const meta = (base.metadata ??= {}) as KObject['metadata'];
    const annotation = lastAppliedJson(config);
    if (meta.annotations?.[LAST_APPLIED] !== annotation) {
      meta.annotations = { ...(meta.annotations ?? {}), [LAST_APPLIED]: annotation };
      object = base;
    }
  }
  return { object, managed };
}

/** prune: what the applier set last time and no longer sets goes, unless someone owns it. */
function prune(schema: SchemaNode, merged: Record<string, unknown>, managed: Managed, lastSet: FieldSet): Record<string, unknown> {
  const ensure = (s: FieldSet): FieldSet => ensureNamedFieldsAreMembers(s, schema);
  const last = ensure(lastSet);
  const mergedSet = ensure(toFieldSet(schema, merged));
  const pruned0 = removeItems(schema, merged, last);
  let owned = FieldSet.EMPTY;
  for (const vs of managed.fields.values()) owned = owned.union(vs.set);
  // addBackOwnedItems: anything still owned by anyone, the applier's new set included, stays.
  const pruned1 = removeItems(schema, merged, mergedSet.difference(ensure(toFieldSet(schema, pruned0)).union(ensure(owned))));
  // addBackDanglingItems: only what the applier itself had applied may go.
  const kept = ensure(toFieldSet(schema, pruned1));
  return removeItems(schema, merged, mergedSet.difference(kept).intersection(last)) as Record<string, unknown>;
}

function withoutAllowed(conflicts: ConflictMap, allowed: FieldSet): ConflictMap {
  const out: ConflictMap = new Map();
  for (const [id, set] of conflicts) {
    const left = set.difference(allowed);
    if (!left.empty) out.set(id, left);
  }
  return out;
}

/** The annotation as upstream's buildLastApplied encodes the applied object: sorted keys, a newline. */
function lastAppliedJson(config: Record<string, unknown>): string {
  const copy = structuredClone(config) as KObject;
  if (copy.metadata?.annotations !== undefined) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  return `${JSON.stringify(sortKeys(copy))}\n`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
}

import { orderTimestamps } from '../../sim/time.js';
import type { Comparison } from './compare.js';
import { FieldSet } from './field-set.js';
import { managerId, type Managed } from './managed.js';

/** DefaultMaxUpdateManagers: more Update entries than this are merged, oldest first. */
export const MAX_UPDATE_MANAGERS = 10;

export type ConflictMap = Map<string, FieldSet>;

export function filterComparison(c: Comparison, ignore: FieldSet): Comparison {
  if (ignore.empty) return c;
  return { added: c.added.recursiveDifference(ignore), modified: c.modified.recursiveDifference(ignore), removed: c.removed.recursiveDifference(ignore) };
}

/**
 * The heart of SMD's Updater.update: every manager but `self` loses the fields this
 * write changed (a conflict, taken over) or removed. The comparison of a manager that
 * speaks another version comes from `compareIn`; a version it cannot give drops the
 * manager, as upstream drops managers of versions no longer served. Returns the
 * conflicts, which an apply without force refuses instead.
 */
export function takeOver(managed: Managed, self: string, version: string, cmp: Comparison, compareIn: (apiVersion: string) => Comparison | undefined, dryConflicts = false): ConflictMap {
  const conflicts: ConflictMap = new Map();
  const changed = cmp.modified.union(cmp.added);
  const byVersion = new Map<string, Comparison | undefined>([[version, cmp]]);
  for (const [id, vs] of managed.fields) {
    if (id === self) continue;
    if (!byVersion.has(vs.apiVersion)) byVersion.set(vs.apiVersion, compareIn(vs.apiVersion));
    const c = byVersion.get(vs.apiVersion);
    if (c === undefined) {
      managed.fields.delete(id);
      continue;
    }
    const conflict = vs.set.intersection(c === cmp ? changed : c.modified.union(c.added));
    if (!conflict.empty) conflicts.set(id, conflict);
    if (dryConflicts) continue;
    const set = vs.set.difference(conflict).difference(c.removed);
    if (set.empty) managed.fields.delete(id);
    else if (set !== vs.set) managed.fields.set(id, { ...vs, set });
  }
  return conflicts;
}

/** capManagersManager: the oldest Update entries merge into `ancient-changes`, one per version. */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort((a, b) => orderTimestamps(managed.times.get(a), managed.times.get(b)) || (a < b ? -1 : a > b ? 1 : 0));
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i] as string;
    const vs = managed.fields.get(id);
    if (vs === undefined) continue;
    const bucket = managerId({ manager: 'ancient-changes', operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      const s = managed.fields.get(first);
      managed.fields.delete(first);
      if (s !== undefined) managed.fields.set(bucket, s);
    }
    const b = managed.fields.get(bucket);
    managed.fields.set(bucket, { set: vs.set.union(b?.set ?? FieldSet.EMPTY), apiVersion: vs.apiVersion, applied: vs.applied });
    managed.fields.delete(id);
    length--;
    managed.times.set(bucket, managed.times.get(id));
  }
}


import { orderTimestamps } from '../../sim/time.js';
import type { Comparison } from './compare.js';
import type { FieldSet } from './field-set.js';
import { addFields, intersectFields, isEmptyFields, removeFields } from './fields-v1-ops.js';
import { decodeManaged, encodeManaged, managerId, type ManagedFieldsEntry } from './managed.js';
import { STRIPPED } from './reset-fields.js';
import { sharedFields } from './shared-fields.js';
import { capUpdateManagers, MAX_UPDATE_MANAGERS } from './update.js';

/** Entries are immutable and reused from write to write, so their identifiers are too. */
const ids = new WeakMap<ManagedFieldsEntry, string>();
function idOf(e: ManagedFieldsEntry): string {
  let id = ids.get(e);
  if (id === undefined) {
    id = managerId({ manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion, ...(e.subresource !== undefined ? { subresource: e.subresource } : {}) });
    ids.set(e, id);
  }
  return id;
}

const cmpStr = (a: string | undefined, b: string | undefined): number => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

/** Upstream's order of entries: operation, time, manager, apiVersion, subresource. */
export function sortEntries(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  return entries.sort(
    (p, q) => cmpStr(p.operation, q.operation) || orderTimestamps(p.time, q.time) || cmpStr(p.manager, q.manager) || cmpStr(p.apiVersion, q.apiVersion) || cmpStr(p.subresource, q.subresource),
  );
}

/**
 * Every manager but the writer loses the fields this write changed or removed (the
 * structured Update's take-over), worked on the entries' fieldsV1 as they are. An
 * entry of a version `compareIn` cannot give is dropped, as upstream drops managers of
 * versions it no longer serves. Returns the entries, the same array when none changed.
 */
export function takeOverEntries(
  entries: readonly ManagedFieldsEntry[],
  selfId: string,
  version: string,
  cmp: Comparison,
  compareIn: (apiVersion: string) => Comparison | undefined,
  changed: FieldSet = cmp.modified.union(cmp.added),
): ManagedFieldsEntry[] {
  const others = new Map<string, Comparison | undefined>([[version, cmp]]);
  const out: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (idOf(e) === selfId) {
      out.push(e);
      continue;
    }
    if (!others.has(e.apiVersion)) others.set(e.apiVersion, compareIn(e.apiVersion));
    const c = others.get(e.apiVersion);
    if (c === undefined) continue;
    const taken = intersectFields(e.fieldsV1, c === cmp ? changed : c.modified.union(c.added));
    const fields = removeFields(removeFields(e.fieldsV1, taken), c.removed);
    if (isEmptyFields(fields)) continue;
    out.push(fields === e.fieldsV1 ? e : { ...e, fieldsV1: fields });
  }
  return out;
}

/**
 * FieldManager.Update on the entries: others lose what the write changed, the writer's
 * entry (manager, Update, version, subresource) gains it with the write's time. A write
 * that changed nothing any manager can own leaves the entries as they were (same array).
 */
export function updateEntries(
  entries: readonly ManagedFieldsEntry[],
  writer: { name: string; subresource?: string | null },
  version: string,
  cmp: Comparison,
  now: () => string,
  compareIn: (apiVersion: string) => Comparison | undefined,
): readonly ManagedFieldsEntry[] {
  const selfId = managerId({ manager: writer.name, operation: 'Update', apiVersion: version, ...(writer.subresource ? { subresource: writer.subresource } : {}) });
  // The changed set once: the writer's own fields and what the others lose are both made of it.
  const changed = cmp.modified.union(cmp.added);
  const own = changed.difference(STRIPPED);
  if (own.empty && cmp.removed.empty) return entries;
  const out = takeOverEntries(entries, selfId, version, cmp, compareIn, changed);
  const at = out.findIndex((e) => idOf(e) === selfId);
  if (!own.empty) {
    if (at >= 0) {
      const prev = out[at] as ManagedFieldsEntry;
      // The writer's own removed fields go too, as for any manager.
      const kept = removeFields(prev.fieldsV1, cmp.removed);
      out[at] = { ...prev, apiVersion: version, time: now(), fieldsV1: addFields(kept, own) };
    } else {
      out.push({
        manager: writer.name,
        operation: 'Update',
        apiVersion: version,
        time: now(),
        fieldsType: 'FieldsV1',
        fieldsV1: sharedFields(own),
        ...(writer.subresource ? { subresource: writer.subresource } : {}),
      });
    }
  } else if (at >= 0) {
    const prev = out[at] as ManagedFieldsEntry;
    const kept = removeFields(prev.fieldsV1, cmp.removed);
    if (isEmptyFields(kept)) out.splice(at, 1);
    else if (kept !== prev.fieldsV1) out[at] = { ...prev, fieldsV1: kept };
  }
  const result = sortEntries(out);
  if (result.filter((e) => e.operation === 'Update').length <= MAX_UPDATE_MANAGERS) return result;
  // Rare: past the cap, the oldest entries merge into ancient-changes on decoded sets.
  const managed = decodeManaged(result);
  capUpdateManagers(managed);
  return encodeManaged(managed) ?? [];
}

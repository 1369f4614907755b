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

/**
 * A writer's Update identifier by manager, version and subresource, made once: every
 * write through the field manager needs its own (a JSON text) to find its entry.
 * Managers are the components' few names and the clients'; bounded all the same.
 */
const updateIds = new Map<string, Map<string, Map<string, string>>>();
let updateIdCount = 0;
function updateId(manager: string, version: string, subresource: string): string {
  let id = updateIds.get(manager)?.get(version)?.get(subresource);
  if (id !== undefined) return id;
  if (updateIdCount >= 1024) {
    updateIds.clear();
    updateIdCount = 0;
  }
  id = managerId({ manager, operation: 'Update', apiVersion: version, ...(subresource !== '' ? { subresource } : {}) });
  let byVersion = updateIds.get(manager);
  if (byVersion === undefined) updateIds.set(manager, (byVersion = new Map()));
  let bySub = byVersion.get(version);
  if (bySub === undefined) byVersion.set(version, (bySub = new Map()));
  bySub.set(subresource, id);
  updateIdCount++;
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
  // Other versions' comparisons, made when an entry of one comes up (rare: most entries
  // speak the write's version, and the Map was made for every write).
  let others: Map<string, Comparison | undefined> | undefined;
  const out: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (idOf(e) === selfId) {
      out.push(e);
      continue;
    }
    let c: Comparison | undefined = cmp;
    if (e.apiVersion !== version) {
      others ??= new Map();
      if (!others.has(e.apiVersion)) others.set(e.apiVersion, compareIn(e.apiVersion));
      c = others.get(e.apiVersion);
    }
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
  const selfId = updateId(writer.name, version, writer.subresource ?? '');
  // The changed set once: the writer's own fields and what the others lose are both made of it.
  const changed = cmp.modified.union(cmp.added);
  const own = changed.difference(STRIPPED);
  if (own.empty && cmp.removed.empty) return entries;
  const out = takeOverEntries(entries, selfId, version, cmp, compareIn, changed);
  let at = -1;
  for (let i = 0; i < out.length && at < 0; i++) if (idOf(out[i] as ManagedFieldsEntry) === selfId) at = i;
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
  let updates = 0;
  for (const e of result) if (e.operation === 'Update') updates++;
  if (updates <= MAX_UPDATE_MANAGERS) return result;
  // Rare: past the cap, the oldest entries merge into ancient-changes on decoded sets.
  const managed = decodeManaged(result);
  capUpdateManagers(managed);
  return encodeManaged(managed) ?? [];
}

import { orderTimestamps } from '../../sim/time.js';
import { FieldSet } from './field-set.js';
import { decodeFields, encodeFields, type FieldsV1 } from './fields-v1.js';

/** One entry of metadata.managedFields, fields in metav1.ManagedFieldsEntry's JSON order. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/**
 * Decoded managed fields, keyed like upstream by a manager identifier: the JSON of the
 * entry without time and fields, and for appliers without apiVersion, so that
 * `kubectl` applying and `kubectl` scaling are two managers.
 */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
  /** The entries as decoded, reused when their set and time did not change. */
  source: Map<string, ManagedFieldsEntry>;
}

export interface ManagerInfo {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  subresource?: string;
}

/** BuildManagerIdentifier: `{"manager":"kubectl","operation":"Apply"}`. */
export function managerId(m: ManagerInfo): string {
  const o: Record<string, string> = {};
  if (m.manager !== '') o.manager = m.manager;
  o.operation = m.operation;
  if (m.operation === 'Update' && m.apiVersion !== undefined && m.apiVersion !== '') o.apiVersion = m.apiVersion;
  if (m.subresource !== undefined && m.subresource !== '') o.subresource = m.subresource;
  return JSON.stringify(o);
}

export function parseManagerId(id: string): ManagerInfo {
  return JSON.parse(id) as ManagerInfo;
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map(), source: new Map() };
}

/** DecodeManagedFields, with upstream's checks; throws on an entry it would refuse. */
export function decodeManaged(entries: unknown): Managed {
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  const m = emptyManaged();
  entries.forEach((raw: unknown, i) => {
    const e = raw as Partial<ManagedFieldsEntry> | null;
    if (e === null || typeof e !== 'object') throw new Error(`managed fields entry ${i} must be an object`);
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (typeof e.apiVersion !== 'string' || e.apiVersion === '') throw new Error('apiVersion must not be empty');
    if (e.fieldsType === undefined || (e.fieldsType as string) === '') throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType "${String(e.fieldsType)}" in managed fields entry ${i}`);
    const id = managerId({ manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion, ...(e.subresource !== undefined ? { subresource: e.subresource } : {}) });
    const set = decodeFields(e.fieldsV1 ?? {});
    decodedSets.set(e as ManagedFieldsEntry, set);
    m.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    m.times.set(id, e.time);
    m.source.set(id, e as ManagedFieldsEntry);
  });
  return m;
}


/** encodeManagedFields: entries sorted by operation, time, manager, apiVersion, subresource. */
export function encodeManaged(m: Managed): ManagedFieldsEntry[] | undefined {
  if (m.fields.size === 0) return undefined;
  const out: ManagedFieldsEntry[] = [];
  for (const [id, vs] of m.fields) {
    const time = m.times.get(id);
    const src = m.source.get(id);
    if (src !== undefined && src.time === time && src.apiVersion === vs.apiVersion && (src.operation === 'Apply') === vs.applied && decodedSets.get(src) === vs.set) {
      out.push(src);
      continue;
    }
    const info = parseManagerId(id);
    const e: ManagedFieldsEntry = {
      ...(info.manager !== undefined ? { manager: info.manager } : {}),
      operation: vs.applied ? 'Apply' : 'Update',
      apiVersion: vs.apiVersion,
      ...(time !== undefined ? { time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: encodeFields(vs.set),
      ...(info.subresource !== undefined ? { subresource: info.subresource } : {}),
    };
    out.push(e);
  }
  const cmp = (a: string | undefined, b: string | undefined): number => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
  out.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      orderTimestamps(p.time, q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource, q.subresource),
  );
  return out;
}

/** The set each entry had when decoded, so an unchanged entry keeps its encoded object. */
const decodedSets = new WeakMap<ManagedFieldsEntry, FieldSet>();

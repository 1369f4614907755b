import { FieldSet } from './field-set.js';
import { comparePe } from './path-element.js';

/** The JSON form of fieldsV1: `{"f:spec": {"f:replicas": {}}, "f:metadata": {"f:labels": {".": {}, "f:app": {}}}}`. */
export type FieldsV1 = { [pe: string]: FieldsV1 };

/**
 * Encodes a set as upstream's Set.ToJSON does: keys in SMD order, a member without
 * children as `{}`, a member with children as `{".": {}, ...children}`, a path that
 * only leads to members as its children alone.
 */
export function encodeFields(set: FieldSet): FieldsV1 {
  const out: FieldsV1 = {};
  const pes = [...new Set([...set.members, ...set.children.keys()])].sort(comparePe);
  for (const pe of pes) {
    const child = set.children.get(pe);
    if (child === undefined) {
      out[pe] = {};
      continue;
    }
    const inner = encodeFields(child);
    out[pe] = set.members.has(pe) ? { '.': {}, ...inner } : inner;
  }
  return out;
}

/** Decodes fieldsV1 (readIterV1): `{}` and `.` mark members; unknown element types are skipped. */
export function decodeFields(fields: unknown): FieldSet {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new Error('fieldsV1 must be an object');
  const members = new Set<string>();
  const children = new Map<string, FieldSet>();
  for (const [pe, value] of Object.entries(fields as Record<string, unknown>)) {
    if (pe === '.') continue;
    if (!/^[fkvi]:/.test(pe)) continue;
    const v = value as Record<string, unknown>;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`fieldsV1: ${pe} must map to an object`);
    const keys = Object.keys(v);
    if (keys.length === 0 || '.' in v) members.add(pe);
    if (keys.some((k) => k !== '.')) {
      const child = decodeFields(v);
      if (!child.empty) children.set(pe, child);
    }
  }
  return members.size === 0 && children.size === 0 ? FieldSet.EMPTY : new FieldSet(members, children);
}

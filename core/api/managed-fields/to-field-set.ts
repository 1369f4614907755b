import { FieldSet, SetBuilder } from './field-set.js';
import { listItemPe } from './list-items.js';
import { fieldPe } from './path-element.js';
import { deduce, fieldType, type SchemaNode } from './schema.js';

/**
 * SMD's TypedValue.ToFieldSet: the paths an applied configuration sets. Scalars and
 * atomic lists or maps are members; an associative-list item is a member and its
 * fields below it; a null or empty map, and a key of a map the schema does not name as
 * a field, is a member too. An empty associative list sets nothing.
 */
export function toFieldSet(node: SchemaNode, value: unknown): FieldSet {
  const out = new SetBuilder();
  const path: string[] = [];

  function walk(node: SchemaNode, v: unknown): void {
    const a = deduce(node, v);
    if (a.kind === 'list') {
      if (a.relationship === 'atomic') {
        out.insert(path);
        return;
      }
      if (!Array.isArray(v)) return;
      const seen = new Set<string>();
      const dup = new Set<string>();
      v.forEach((item, i) => {
        const pe = listItemPe(a, item, path, i);
        if (seen.has(pe)) dup.add(pe);
        seen.add(pe);
      });
      for (const pe of dup) out.insert([...path, pe]);
      v.forEach((item, i) => {
        const pe = listItemPe(a, item, path, i);
        if (dup.has(pe)) return;
        path.push(pe);
        walk(a.elem, item);
        out.insert(path);
        path.pop();
      });
      return;
    }
    if (a.kind === 'struct' || a.kind === 'map') {
      if (a.atomic) {
        out.insert(path);
        return;
      }
      if (v === null || typeof v !== 'object') return;
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (child === undefined) continue;
        path.push(fieldPe(k));
        walk(fieldType(a, k), child);
        const emptyMap = child !== null && typeof child === 'object' && !Array.isArray(child) && Object.keys(child).length === 0;
        if (child === null || emptyMap || a.kind === 'map' || !a.fields.has(k)) out.insert(path);
        path.pop();
      }
      return;
    }
    out.insert(path);
  }

  walk(node, value);
  return out.build();
}

/** SMD's Set.EnsureNamedFieldsAreMembers: every struct field on the way to a member is a member too. */
export function ensureNamedFieldsAreMembers(set: FieldSet, node: SchemaNode): FieldSet {
  if (set.empty) return set;
  const members = new Set(set.members);
  const children = new Map<string, FieldSet>();
  for (const [pe, c] of set.children) {
    let childNode: SchemaNode;
    if (pe.startsWith('f:') && (node.kind === 'struct' || node.kind === 'map')) {
      const name = pe.slice(2);
      if (node.kind === 'struct' && node.fields.has(name)) members.add(pe);
      childNode = fieldType(node, name);
    } else childNode = node.kind === 'list' ? node.elem : node;
    children.set(pe, ensureNamedFieldsAreMembers(c, childNode));
  }
  return new FieldSet(members, children);
}

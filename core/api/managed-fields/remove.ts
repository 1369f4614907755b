import type { FieldSet } from './field-set.js';
import { listItemPe } from './list-items.js';
import { fieldPe } from './path-element.js';
import { deduce, fieldType, type SchemaNode } from './schema.js';

/**
 * SMD's TypedValue.RemoveItems: the value without the member paths of `set` (a field,
 * a list item, and all below it). A map or list left empty by the removal goes too.
 */
export function removeItems(node: SchemaNode, value: unknown, set: FieldSet): unknown {
  if (set.empty) return value;
  const path: string[] = [];

  function remove(node: SchemaNode, v: unknown, s: FieldSet): unknown {
    const a = deduce(node, v);
    if (a.kind === 'list') {
      if (!Array.isArray(v) || v.length === 0 || a.relationship === 'atomic') return undefined;
      const out: unknown[] = [];
      v.forEach((item, i) => {
        const pe = listItemPe(a, item, path, i);
        if (s.members.has(pe)) return;
        const sub = s.withPrefix(pe);
        if (sub.empty) out.push(item);
        else {
          path.push(pe);
          const kept = remove(a.elem, item, sub);
          path.pop();
          if (kept !== undefined) out.push(kept);
        }
      });
      return out.length > 0 ? out : undefined;
    }
    if (a.kind === 'struct' || a.kind === 'map') {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0 || a.atomic) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const pe = fieldPe(k);
        if (s.members.has(pe)) continue;
        const sub = s.withPrefix(pe);
        if (sub.empty) out[k] = child;
        else {
          path.push(pe);
          const kept = remove(fieldType(a, k), child, sub);
          path.pop();
          if (kept !== undefined) out[k] = kept;
        }
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    return v;
  }

  return remove(node, value, set) ?? {};
}

import { listItemPe, SchemaMismatch, where } from './list-items.js';
import { fieldPe } from './path-element.js';
import { deduce, fieldType, type ListNode, type MapNode, type SchemaNode, type StructNode } from './schema.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * SMD's TypedValue.Merge(live, config) with the keep-right rule: the applied
 * configuration wins on every leaf it sets, atomic lists and maps are replaced whole,
 * granular maps and structs merge key by key, and associative lists merge item by item
 * on their keys, keeping the live items the configuration does not mention in place
 * around the ones it orders (upstream's sharedOrder walk).
 */
export function mergeObjects(node: SchemaNode, live: unknown, config: unknown): unknown {
  const path: string[] = [];

  function merge(node: SchemaNode, l: unknown, r: unknown): unknown {
    const al = deduce(node, l);
    const ar = deduce(node, r);
    if (r === undefined) return handle(al, l, undefined);
    if (l === undefined || al === ar) return handle(ar, l, r);
    return handle(ar, undefined, r);
  }

  function handle(a: SchemaNode, l: unknown, r: unknown): unknown {
    if (a.kind === 'list') return doList(a, l, r);
    if (a.kind === 'struct' || a.kind === 'map') return doMap(a, l, r);
    return r !== undefined ? r : l;
  }

  function doMap(a: StructNode | MapNode, l: unknown, r: unknown): unknown {
    const lm = isObj(l) ? l : undefined;
    const rm = isObj(r) ? r : undefined;
    const lEmpty = lm === undefined || Object.keys(lm).length === 0;
    const rEmpty = rm === undefined || Object.keys(rm).length === 0;
    if (a.atomic || (lEmpty && rEmpty)) return r !== undefined ? r : l;
    if (lm === undefined && rm === undefined) return undefined;
    const out: Obj = {};
    for (const k of new Set([...Object.keys(lm ?? {}), ...Object.keys(rm ?? {})])) {
      const lv = lm?.[k];
      const rv = rm?.[k];
      if (lv === undefined && rv === undefined) continue;
      path.push(fieldPe(k));
      const v = merge(fieldType(a, k), lv, rv);
      path.pop();
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  function doList(a: ListNode, l: unknown, r: unknown): unknown {
    const ll = Array.isArray(l) ? l : undefined;
    const rl = Array.isArray(r) ? r : undefined;
    if (a.relationship === 'atomic' || ((ll === undefined || ll.length === 0) && (rl === undefined || rl.length === 0))) return r !== undefined ? r : l;
    const rhsPEs: string[] = [];
    const observedR = new Map<string, unknown>();
    (rl ?? []).forEach((item, i) => {
      const pe = listItemPe(a, item, path, i);
      if (observedR.has(pe)) throw new SchemaMismatch(`${where(path)}: duplicate entries for key ${pe}`);
      observedR.set(pe, item);
      rhsPEs.push(pe);
    });
    const lhsPEs: string[] = [];
    const observedL = new Map<string, unknown>();
    (ll ?? []).forEach((item, i) => {
      const pe = listItemPe(a, item, path, i);
      observedL.set(pe, observedL.has(pe) ? null : item);
      lhsPEs.push(pe);
    });
    const shared = rhsPEs.filter((pe) => observedL.has(pe));
    let nextShared = shared.shift();
    const mergedR = new Set<string>();
    const out: unknown[] = [];
    const item = (pe: string, lv: unknown, rv: unknown): void => {
      path.push(pe);
      const v = merge(a.elem, lv, rv);
      path.pop();
      if (v !== undefined) out.push(v);
    };
    let lI = 0;
    let rI = 0;
    while (lI < lhsPEs.length || rI < rhsPEs.length) {
      if (lI < lhsPEs.length && rI < rhsPEs.length) {
        const pe = lhsPEs[lI] as string;
        if (pe === rhsPEs[rI]) {
          mergedR.add(pe);
          item(pe, observedL.get(pe) ?? undefined, observedR.get(pe));
          lI++;
          rI++;
          nextShared = shared.shift();
          continue;
        }
        if (observedR.has(pe) && nextShared !== undefined && nextShared !== pe) {
          lI++;
          continue;
        }
      }
      if (lI < lhsPEs.length) {
        const pe = lhsPEs[lI] as string;
        if (!observedR.has(pe)) {
          item(pe, (ll as unknown[])[lI], undefined);
          lI++;
          continue;
        } else if (mergedR.has(pe)) lI++;
      }
      if (rI < rhsPEs.length) {
        const pe = rhsPEs[rI] as string;
        mergedR.add(pe);
        item(pe, observedL.get(pe) ?? undefined, observedR.get(pe));
        rI++;
        if (nextShared === pe) nextShared = shared.shift();
      }
    }
    return out.length > 0 ? out : undefined;
  }

  return merge(node, live, config);
}

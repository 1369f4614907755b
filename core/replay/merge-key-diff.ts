import { deduce, fieldType, schemaFor, UNTYPED, type ListNode, type SchemaNode } from '../api/managed-fields/schema.js';

export interface Change {
  /** `status.conditions[type=Ready].status`, `spec.template.spec.containers[name=app].image` */
  path: string;
  type: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Field changes between two versions of one object, with the items of a list named the
 * way upstream merges them rather than by position: `status.conditions[type=Ready].status`
 * instead of `status.conditions[2].status`. The keys come from the schema server-side
 * apply uses (x-kubernetes-list-map-keys of Kubernetes v1.32's OpenAPI): containers and
 * env by name, conditions by type, ownerReferences by uid, container ports by
 * containerPort and protocol. A key at its schema default is left out of the name
 * (`ports[containerPort=80]` is the TCP one; a UDP port reads `ports[containerPort=53,protocol=UDP]`).
 * An item matched by key is diffed field by field wherever it moved in the list, so a
 * condition inserted in front does not show every later condition as changed.
 *
 * Lists the schema calls atomic (`args`, `tolerations`, and `status.containerStatuses`,
 * which upstream marks atomic) and kinds it does not know (custom resources) keep the
 * index, as does a list whose items repeat a key or lack one (a recording may hold what
 * the API server would refuse today). A list of scalars with set semantics
 * (`metadata.finalizers`) names an item by its value: `finalizers[=foregroundDeletion]`.
 */
export function keyedDiff(before: Obj, after: Obj): Change[] {
  const apiVersion = (after.apiVersion ?? before.apiVersion) as unknown;
  const kind = (after.kind ?? before.kind) as unknown;
  const root = typeof apiVersion === 'string' && typeof kind === 'string' ? (schemaFor(apiVersion, kind) ?? UNTYPED) : UNTYPED;
  const out: Change[] = [];
  walk(root, before, after, '', out);
  return out;
}

function walk(node: SchemaNode, a: unknown, b: unknown, path: string, out: Change[]): void {
  if (a === b) return;
  if (isObj(a) && isObj(b)) {
    const t = deduce(node, a);
    const child = (k: string): SchemaNode => (t.kind === 'struct' || t.kind === 'map' ? fieldType(t, k) : UNTYPED);
    for (const k of Object.keys(a)) {
      const p = field(path, k);
      if (!(k in b)) wholeList(child(k), a[k], 'removed', p, out);
      else walk(child(k), a[k], b[k], p, out);
    }
    for (const k of Object.keys(b)) if (!(k in a)) wholeList(child(k), b[k], 'added', field(path, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const t = deduce(node, a);
    if (t.kind === 'list' && (listByKey(t, a, b, path, out) || listBySet(t, a, b, path, out))) return;
    const elem = t.kind === 'list' ? t.elem : UNTYPED;
    for (let i = 0; i < a.length; i++) {
      if (i >= b.length) out.push({ path: `${path}[${i}]`, type: 'removed', from: a[i] });
      else walk(elem, a[i], b[i], `${path}[${i}]`, out);
    }
    for (let i = a.length; i < b.length; i++) out.push({ path: `${path}[${i}]`, type: 'added', to: b[i] });
    return;
  }
  if (!sameScalar(a, b)) out.push({ path, type: 'changed', from: a, to: b });
}

/**
 * A field added or removed as a whole. A keyed list is told item by item, each named
 * (`status.conditions[type=Ready]` added), so a first status write reads as the
 * conditions it brought rather than one long JSON array; anything else is one change.
 */
function wholeList(node: SchemaNode, v: unknown, type: 'added' | 'removed', path: string, out: Change[]): void {
  const t = deduce(node, v);
  const keyedList = Array.isArray(v) && v.length > 0 && t.kind === 'list' && t.relationship === 'map' && t.keys.length > 0 && keyed(t, v) !== undefined;
  if (keyedList) walk(node, type === 'added' ? [] : v, type === 'added' ? v : [], path, out);
  else out.push(type === 'added' ? { path, type, to: v } : { path, type, from: v });
}

/** Two values that are not both objects or both lists: equal only when they are the same scalar. */
function sameScalar(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** A map-list: items matched by their key fields. False (fall back to the index) when a key is missing or repeated. */
function listByKey(list: ListNode, a: unknown[], b: unknown[], path: string, out: Change[]): boolean {
  if (list.relationship !== 'map' || list.keys.length === 0) return false;
  const ka = keyed(list, a);
  const kb = keyed(list, b);
  if (ka === undefined || kb === undefined) return false;
  for (const [id, [label, item]] of ka) {
    const other = kb.get(id);
    if (other === undefined) out.push({ path: `${path}${label}`, type: 'removed', from: item });
    else walk(list.elem, item, other[1], `${path}${label}`, out);
  }
  for (const [id, [label, item]] of kb) if (!ka.has(id)) out.push({ path: `${path}${label}`, type: 'added', to: item });
  return true;
}

/** Items by identity (the key values with defaults filled in) -> [`[type=Ready]`, item]; undefined when keys are missing or repeat. */
function keyed(list: ListNode, items: unknown[]): Map<string, [string, unknown]> | undefined {
  const m = new Map<string, [string, unknown]>();
  for (const item of items) {
    if (!isObj(item)) return undefined;
    const values = list.keys.map((k) => item[k] ?? list.keyDefaults[k]);
    if (values.some((v) => v === undefined || isObj(v) || Array.isArray(v))) return undefined;
    const id = JSON.stringify(values);
    if (m.has(id)) return undefined;
    // The name leaves out keys at their default; the first key always stays.
    const shown = list.keys
      .map((k, i) => [k, values[i]] as const)
      .filter(([k, v], i) => i === 0 || v !== list.keyDefaults[k])
      .map(([k, v]) => `${k}=${keyValue(v)}`);
    m.set(id, [`[${shown.join(',')}]`, item]);
  }
  return m;
}

/** A set of scalars (`finalizers`): an item is there or not, named by its value. */
function listBySet(list: ListNode, a: unknown[], b: unknown[], path: string, out: Change[]): boolean {
  if (list.relationship !== 'set') return false;
  const scalar = (xs: unknown[]): boolean => xs.every((x) => x === null || typeof x !== 'object') && new Set(xs.map((x) => JSON.stringify(x))).size === xs.length;
  if (!scalar(a) || !scalar(b)) return false;
  const sa = new Set(a.map((x) => JSON.stringify(x)));
  const sb = new Set(b.map((x) => JSON.stringify(x)));
  for (const x of a) if (!sb.has(JSON.stringify(x))) out.push({ path: `${path}[=${keyValue(x)}]`, type: 'removed', from: x });
  for (const x of b) if (!sa.has(JSON.stringify(x))) out.push({ path: `${path}[=${keyValue(x)}]`, type: 'added', to: x });
  return true;
}

/** A key value as written in a name: bare when it cannot be misread, else quoted (`name="a b"`). */
function keyValue(v: unknown): string {
  if (typeof v === 'string') return /^[A-Za-z0-9_.:/-]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

function field(path: string, k: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) return path === '' ? k : `${path}.${k}`;
  return `${path}[${JSON.stringify(k)}]`;
}

import { SCHEMA } from './schema-data.js';
import type { TypeDef, TypeRef } from './schema-types.js';

/**
 * Upstream's schema of the served kinds, resolved into linked nodes once: what decides
 * how server-side apply merges (containers by name, ports by containerPort+protocol,
 * an atomic label selector) and how field sets are keyed. Fields the schema does not
 * name are untyped and deduced from their value, as SMD does for unknown content.
 */
export type SchemaNode = ScalarNode | UntypedNode | StructNode | MapNode | ListNode;
export interface ScalarNode {
  kind: 'scalar';
}
export interface UntypedNode {
  kind: 'untyped';
}
export interface StructNode {
  kind: 'struct';
  fields: Map<string, SchemaNode>;
  atomic: boolean;
  /** upstream's type, e.g. core.v1.Container (inline structs have none) */
  name?: string;
}
export interface MapNode {
  kind: 'map';
  elem: SchemaNode;
  atomic: boolean;
}
export interface ListNode {
  kind: 'list';
  elem: SchemaNode;
  relationship: 'atomic' | 'set' | 'map';
  keys: readonly string[];
  keyDefaults: Readonly<Record<string, unknown>>;
}

export const SCALAR: ScalarNode = { kind: 'scalar' };
export const UNTYPED: UntypedNode = { kind: 'untyped' };
/** What an untyped value that is an object or a list is treated as (SMD's deduced type). */
export const DEDUCED_MAP: MapNode = { kind: 'map', elem: UNTYPED, atomic: false };
export const DEDUCED_LIST: ListNode = { kind: 'list', elem: UNTYPED, relationship: 'atomic', keys: [], keyDefaults: {} };

const named = new Map<string, SchemaNode>();

function resolve(ref: TypeRef): SchemaNode {
  if (ref === 's') return SCALAR;
  if (ref === 'u') return UNTYPED;
  if (typeof ref === 'string') {
    const known = named.get(ref);
    if (known !== undefined) return known;
    const def = SCHEMA.types[ref];
    if (def === undefined) return UNTYPED;
    return build(def, ref);
  }
  return build(ref);
}

function build(def: TypeDef, name?: string): SchemaNode {
  if (def === 's' || def === 'u') return resolve(def);
  if ('f' in def) {
    const node: StructNode = { kind: 'struct', fields: new Map(), atomic: def.a === 1, ...(name !== undefined ? { name } : {}) };
    // Registered before its fields resolve, so recursive types end in the same node.
    if (name !== undefined) named.set(name, node);
    for (const [k, v] of Object.entries(def.f)) node.fields.set(k, resolve(v));
    return node;
  }
  if ('m' in def) {
    const node: MapNode = { kind: 'map', elem: UNTYPED, atomic: def.a === 1 };
    if (name !== undefined) named.set(name, node);
    node.elem = resolve(def.m);
    return node;
  }
  const node: ListNode = { kind: 'list', elem: UNTYPED, relationship: def.t, keys: def.k ?? [], keyDefaults: def.d ?? {} };
  if (name !== undefined) named.set(name, node);
  node.elem = resolve(def.l);
  return node;
}

/** The schema of `apiVersion` `kind`, or undefined for a kind upstream's schema lacks. */
export function schemaFor(apiVersion: string, kind: string): SchemaNode | undefined {
  const name = SCHEMA.roots[`${apiVersion}/${kind}`];
  return name === undefined ? undefined : resolve(name);
}

/** The type of field `key` of a struct or map node; unknown struct fields are untyped. */
export function fieldType(node: StructNode | MapNode, key: string): SchemaNode {
  if (node.kind === 'map') return node.elem;
  return node.fields.get(key) ?? UNTYPED;
}

/** A node as SMD's deduceAtom sees it for `value`: untyped objects are maps, untyped arrays atomic lists. */
export function deduce(node: SchemaNode, value: unknown): SchemaNode {
  if (node.kind !== 'untyped') return node;
  if (Array.isArray(value)) return DEDUCED_LIST;
  if (value !== null && typeof value === 'object') return DEDUCED_MAP;
  return SCALAR;
}

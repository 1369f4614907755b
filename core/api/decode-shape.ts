import { apiVersionOf, type KindInfo } from './kinds.js';
import { schemaFor, type SchemaNode } from './managed-fields/schema.js';
import { badRequest } from './status.js';
import type { KObject } from './types.js';

/*
 * What Go's JSON decoding refuses before any defaulting or validation runs: an object,
 * list or map field given a value of another shape (a truncated manifest's `spec: r` is
 * the string "r"; `livenessProbe: h`; `containers: {}`). Upstream answers 400 with the
 * decoder's text, naming the innermost struct, the path from the root and the Go type:
 *   Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal
 *   string into Go struct field Container.spec.template.spec.containers.livenessProbe of
 *   type v1.Probe
 * JSON null decodes to the zero value and is accepted, as in Go. Scalars are not checked
 * here (the schema does not say which scalar; validation names a wrong one), and fields
 * the schema does not know are ignored, as Go's decoder ignores them.
 */
const JSON_TYPE: Record<string, string> = { string: 'string', number: 'number', boolean: 'bool' };

class NotDecodable extends Error {
  constructor(readonly jsonType: string, readonly struct: string, readonly path: string, readonly goType: string) {
    super('not decodable');
  }
}

/**
 * `stored`: the object as the server stores it now (an update). A value of the body that
 * is the stored value at the same path (by identity: a kubelet's status PUT carries the
 * stored pod's frozen spec, ~3 kB of a 4.7 kB body) was checked when it was written, so
 * it is not walked again.
 */
export function checkDecodable(obj: KObject, info: KindInfo, stored?: Readonly<KObject>): void {
  const root = schemaFor(apiVersionOf(info), info.kind);
  if (root === undefined) return;
  try {
    at.length = 0;
    walk(obj, root, info.kind, stored);
  } catch (e) {
    if (!(e instanceof NotDecodable)) throw e;
    throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: json: cannot unmarshal ${e.jsonType} into Go struct field ${e.struct}.${e.path} of type ${e.goType}`);
  }
}

/**
 * The names of the struct fields the walk is in, pushed and popped: the path an error
 * names (`spec.template.spec`) is joined from them when one is thrown, not made as a
 * text for every field walked (~0.35 kB of each write's garbage, 10,000-pod run).
 */
const at: string[] = [];

function walk(v: unknown, node: SchemaNode, struct: string, same?: unknown): void {
  if (v === null || v === undefined || v === same) return;
  const isObject = typeof v === 'object' && !Array.isArray(v);
  switch (node.kind) {
    case 'struct': {
      if (!isObject) throw new NotDecodable(jsonType(v), shortName(struct), at.join('.'), goType(node));
      // The innermost named struct, shortened (core.v1.Container -> Container) only for an error.
      const inner = node.name ?? struct;
      const o = v as Record<string, unknown>;
      for (const k in o) {
        const f = node.fields.get(k);
        if (f === undefined || f.kind === 'scalar' || f.kind === 'untyped') continue;
        at.push(k);
        walk(o[k], f, inner, sameOf(same, k));
        at.pop();
      }
      return;
    }
    case 'map':
      if (!isObject) throw new NotDecodable(jsonType(v), shortName(struct), at.join('.'), goType(node));
      if (node.elem.kind !== 'scalar' && node.elem.kind !== 'untyped') {
        const o = v as Record<string, unknown>;
        for (const k in o) walk(o[k], node.elem, struct);
      }
      return;
    case 'list':
      if (!Array.isArray(v)) throw new NotDecodable(jsonType(v), shortName(struct), at.join('.'), goType(node));
      if (node.elem.kind !== 'scalar' && node.elem.kind !== 'untyped') for (const item of v) walk(item, node.elem, struct);
      return;
    default:
      return;
  }
}

/** The stored value's field `k`, when the stored value is an object. */
function sameOf(same: unknown, k: string): unknown {
  return same !== null && typeof same === 'object' && !Array.isArray(same) ? (same as Record<string, unknown>)[k] : undefined;
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return JSON_TYPE[typeof v] ?? typeof v;
}

/** core.v1.Container -> Container */
function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Go's reflect type text: v1.Probe, []v1.Container, map[string]string. */
function goType(node: SchemaNode): string {
  switch (node.kind) {
    case 'struct':
      return node.name === undefined ? 'struct' : node.name.split('.').slice(-2).join('.');
    case 'map':
      return `map[string]${goType(node.elem)}`;
    case 'list':
      return `[]${goType(node.elem)}`;
    default:
      return 'string';
  }
}

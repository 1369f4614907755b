import { SCHEMA_FACTS } from './openapi-facts.js';
import { MESSAGE_OF_KIND, MESSAGES } from './protobuf-schema.js';

/*
 * Upstream's OpenAPI definitions for the served kinds, built from the same facts as the
 * protobuf decoder (field names and types of every message, from the v1.32 generated.proto
 * and Go types) and SCHEMA_FACTS (required fields, list and map semantics, patch strategies
 * and merge keys). Names are upstream's (`io.k8s.api.apps.v1.Deployment`); refs are v2
 * style (`#/definitions/...`), openapi.ts rewrites them for v3. Field descriptions are
 * not carried (the facts do not include upstream's prose), so `kubectl explain` shows
 * the structure and types without the text.
 */

export type Schema = Record<string, unknown>;

export function definitionName(message: string): string {
  const [group, version, name] = message.split('.') as [string, string, string];
  return group === 'meta' ? `io.k8s.apimachinery.pkg.apis.meta.${version}.${name}` : `io.k8s.api.${group}.${version}.${name}`;
}

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

/** Definitions of the special types, as upstream defines them. */
const SPECIAL: Record<string, [string, Schema]> = {
  Time: ['io.k8s.apimachinery.pkg.apis.meta.v1.Time', { type: 'string', format: 'date-time' }],
  MicroTime: ['io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime', { type: 'string', format: 'date-time' }],
  Quantity: ['io.k8s.apimachinery.pkg.api.resource.Quantity', { type: 'string' }],
  IntOrString: ['io.k8s.apimachinery.pkg.util.intstr.IntOrString', { type: 'string', format: 'int-or-string' }],
  RawExtension: ['io.k8s.apimachinery.pkg.runtime.RawExtension', { type: 'object' }],
  Skip: ['io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry', { type: 'object' }],
};

const SCALARS: Record<string, Schema> = {
  string: { type: 'string' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  bool: { type: 'boolean' },
  bytes: { type: 'string', format: 'byte' },
  base64: { type: 'string', format: 'byte' },
  double: { type: 'number', format: 'double' },
  float: { type: 'number', format: 'float' },
  Duration: { type: 'string' },
};

/** `apps/v1 Deployment` -> its group, version and kind, for x-kubernetes-group-version-kind. */
export const TOP_LEVEL: ReadonlyMap<string, { group: string; version: string; kind: string }> = new Map(
  Object.entries(MESSAGE_OF_KIND).map(([key, message]) => {
    const [apiVersion, kind] = key.split(' ') as [string, string];
    const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
    return [message, { group: group === 'meta.k8s.io' ? '' : group, version, kind }];
  }),
);

function fieldSchema(type: string, flags: string, defs: Map<string, Schema>): Schema {
  let item: Schema;
  if (SCALARS[type] !== undefined) item = { ...SCALARS[type] };
  else if (SPECIAL[type] !== undefined) {
    const [name, schema] = SPECIAL[type] as [string, Schema];
    defs.set(name, schema);
    item = ref(name);
  } else {
    addDefinition(type, defs);
    item = ref(definitionName(type));
  }
  if (flags.includes('m')) return { type: 'object', additionalProperties: item };
  if (flags.includes('r')) return { type: 'array', items: item };
  return item;
}

/** Properties of a message, inlined structs flattened in as JSON shows them. */
function properties(message: string, defs: Map<string, Schema>): Record<string, Schema> {
  const props: Record<string, Schema> = {};
  const facts = SCHEMA_FACTS[message]?.fields ?? {};
  for (const [, [name, type, flags = '']] of Object.entries(MESSAGES[message] ?? {})) {
    if (flags.includes('i')) {
      Object.assign(props, properties(type, defs));
      continue;
    }
    const schema = fieldSchema(type, flags, defs);
    const f = facts[name];
    if (f?.listType !== undefined) schema['x-kubernetes-list-type'] = f.listType;
    if (f?.listMapKeys !== undefined) schema['x-kubernetes-list-map-keys'] = f.listMapKeys;
    if (f?.mapType !== undefined) schema['x-kubernetes-map-type'] = f.mapType;
    if (f?.patchMergeKey !== undefined) schema['x-kubernetes-patch-merge-key'] = f.patchMergeKey;
    if (f?.patchStrategy !== undefined) schema['x-kubernetes-patch-strategy'] = f.patchStrategy;
    props[name] = schema;
  }
  return props;
}

/** Required fields, an inlined struct's among them (an ephemeral container's `name`). */
function requiredOf(message: string): string[] {
  const inlined = Object.values(MESSAGES[message] ?? {}).filter(([, , flags = '']) => flags.includes('i'));
  return [...(SCHEMA_FACTS[message]?.required ?? []), ...inlined.flatMap(([, type]) => requiredOf(type))];
}

export function addDefinition(message: string, defs: Map<string, Schema>): void {
  const name = definitionName(message);
  if (defs.has(name)) return;
  const schema: Schema = { type: 'object' };
  defs.set(name, schema); // before the fields: messages refer to themselves (JSONSchemaProps does not occur here, but be safe)
  const top = TOP_LEVEL.get(message);
  const props: Record<string, Schema> = top === undefined ? {} : { apiVersion: { type: 'string' }, kind: { type: 'string' } };
  Object.assign(props, properties(message, defs));
  schema.properties = props;
  const required = requiredOf(message).filter((r) => r in props);
  if (required.length > 0) schema.required = required;
  if (top !== undefined) {
    // metav1.DeleteOptions is registered in every group version; one entry is enough for kubectl.
    schema['x-kubernetes-group-version-kind'] = [...TOP_LEVEL.entries()].filter(([m]) => m === message).map(([, gvk]) => gvk);
  }
}

/** Every definition reachable from the given messages. */
export function definitionsFor(messages: readonly string[]): Map<string, Schema> {
  const defs = new Map<string, Schema>();
  for (const m of messages) addDefinition(m, defs);
  return defs;
}

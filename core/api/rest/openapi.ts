import { apiVersionOf } from '../kinds.js';
import { definitionsFor, definitionName, type Schema } from './openapi-schemas.js';
import { encodeOpenApiV2 } from './openapi-v2-proto.js';
import { GROUP_VERSIONS, kindsServed } from './paths.js';
import { MESSAGE_OF_KIND } from './protobuf-schema.js';

/*
 * OpenAPI v3 (`/openapi/v3`, one document per group version) and v2 (`/openapi/v2`, one
 * document, as JSON or as the gnostic protobuf kubectl asks for) of the served kinds.
 * kubectl reads them for `explain`, for `--validate=strict` (a kind whose PATCH lists
 * `fieldValidation` is validated by the server; others fall back to the v2 schemas, and
 * a kind in none of them is left to the REST mapping, which says "no matches for kind")
 * and for `apply`'s strategic merge patches (the patch strategies and merge keys below
 * are upstream's, so patches come out as with kubectl's built-in types).
 */

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** A short stable hash of a document, for the `?hash=` cache key kubectl keeps. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0');
}

/** v2 refs (`#/definitions/X`) as v3 writes them (`allOf` of `#/components/schemas/X`). */
function toV3(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toV3);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  if (typeof s.$ref === 'string') {
    const { $ref, ...rest } = s;
    return { ...rest, allOf: [{ $ref: ($ref as string).replace('#/definitions/', '#/components/schemas/') }], default: {} };
  }
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, toV3(v)]));
}

function messageOf(apiVersion: string, kind: string): string | undefined {
  return MESSAGE_OF_KIND[`${apiVersion} ${kind}`];
}

function operations(group: string, version: string, kind: string, body: Schema): object {
  const gvk = { group, version, kind };
  const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
  const common = [{ name: 'dryRun', in: 'query', schema: { type: 'string' } }, { name: 'fieldManager', in: 'query', schema: { type: 'string' } }, { name: 'fieldValidation', in: 'query', schema: { type: 'string' } }];
  return {
    get: { operationId: `read${kind}`, 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': gvk, responses: { '200': { description: 'OK', ...json(body) } } },
    put: { operationId: `replace${kind}`, 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': gvk, parameters: common, requestBody: json(body), responses: { '200': { description: 'OK', ...json(body) } } },
    patch: {
      operationId: `patch${kind}`,
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': gvk,
      parameters: [...common, { name: 'force', in: 'query', schema: { type: 'boolean' } }],
      requestBody: { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, { schema: { type: 'object' } }])), required: true },
      responses: { '200': { description: 'OK', ...json(body) } },
    },
    delete: { operationId: `delete${kind}`, 'x-kubernetes-action': 'delete', 'x-kubernetes-group-version-kind': gvk, responses: { '200': { description: 'OK' } } },
  };
}

function buildV3(): { root: string; docs: Map<string, string> } {
  const docs = new Map<string, string>();
  for (const { group, version } of GROUP_VERSIONS) {
    const paths: Record<string, object> = {};
    const messages: string[] = [];
    for (const info of kindsServed(group, version)) {
      const message = messageOf(apiVersionOf({ ...info, version }), info.kind);
      if (message === undefined) continue;
      messages.push(message);
      const base = `/${gvPath(group, version)}${info.namespaced ? '/namespaces/{namespace}' : ''}/${info.resource}/{name}`;
      paths[base] = operations(group, version, info.kind, { $ref: `#/components/schemas/${definitionName(message)}` });
    }
    if (messages.length === 0) continue;
    const schemas = Object.fromEntries([...definitionsFor(messages)].map(([name, schema]) => [name, toV3(schema)]));
    const doc = JSON.stringify({ openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } });
    docs.set(gvPath(group, version), doc);
  }
  const root = JSON.stringify({ paths: Object.fromEntries([...docs].map(([p, doc]) => [p, { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(doc)}` }])) });
  return { root, docs };
}

function buildV2(): object {
  const definitions = definitionsFor([...new Set(Object.values(MESSAGE_OF_KIND))]);
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions: Object.fromEntries(definitions) };
}

let v3: ReturnType<typeof buildV3> | undefined;
let v2: { json: string; proto: Buffer } | undefined;

/** `/openapi/v3` or `/openapi/v3/apis/apps/v1`: the document, or undefined for a 404. Built on first use. */
export function openApiV3(pathname: string): string | undefined {
  v3 ??= buildV3();
  const rest = pathname.replace(/^\/openapi\/v3\/?/, '');
  return rest === '' ? v3.root : v3.docs.get(rest);
}

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** What upstream's kube-openapi handler answers it with: '@' is no token character, so `.v1.0` (Go's mime parser refuses the other). */
const OPENAPI_V2_PROTOBUF_RESPONSE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** `/openapi/v2`: the gnostic protobuf when the client asks for it (kubectl does), JSON otherwise. */
export function openApiV2(accept: string | undefined): { body: string | Buffer; contentType: string } {
  if (v2 === undefined) {
    const doc = buildV2();
    v2 = { json: JSON.stringify(doc), proto: encodeOpenApiV2(doc as Schema) };
  }
  return (accept ?? '').includes(OPENAPI_V2_PROTOBUF) ? { body: v2.proto, contentType: OPENAPI_V2_PROTOBUF_RESPONSE } : { body: v2.json, contentType: 'application/json' };
}

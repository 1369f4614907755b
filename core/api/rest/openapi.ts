import { GROUP_VERSIONS, kindsServed } from './paths.js';

/*
 * Just enough OpenAPI v3 for kubectl 1.32's default `--validate=strict`: kubectl looks
 * up the PATCH operation of each kind in /openapi/v3/<group-version> and, when it
 * lists a `fieldValidation` query parameter, leaves validation to the server instead
 * of validating against full schemas on the client. The operations carry no request
 * body schemas on purpose: `kubectl apply` then computes strategic merge patches from
 * its built-in Go types (patchMergeKey and friends), exactly as upstream types define
 * them, rather than from schemas this server would have to reproduce in full.
 */

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** A short stable hash of a document, for the `?hash=` cache key kubectl keeps. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0');
}

const docs = new Map<string, string>();
for (const { group, version } of GROUP_VERSIONS) {
  const paths: Record<string, object> = {};
  for (const info of kindsServed(group, version)) {
    const base = `/${gvPath(group, version)}${info.namespaced ? '/namespaces/{namespace}' : ''}/${info.resource}/{name}`;
    paths[base] = {
      patch: {
        operationId: `patch${info.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: info.kind },
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string' } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  const doc = JSON.stringify({ openapi: '3.0.0', info: { title: 'Kubernetes (kubelapse)', version: 'v1.32.0' }, paths, components: { schemas: {} } });
  docs.set(gvPath(group, version), doc);
}

const root = JSON.stringify({
  paths: Object.fromEntries([...docs].map(([p, doc]) => [p, { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(doc)}` }])),
});

/** `/openapi/v3` or `/openapi/v3/apis/apps/v1`: the document, or undefined for a 404. */
export function openApiV3(pathname: string): string | undefined {
  const rest = pathname.replace(/^\/openapi\/v3\/?/, '');
  return rest === '' ? root : docs.get(rest);
}

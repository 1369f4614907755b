/*
 * Resources served without being stored: they answer from what the server knows at the
 * moment of the request, as upstream's review APIs and the aggregated metrics-server
 * do. None of them is ever written, so none is in the recording.
 */

export interface VirtualResource {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

export const VIRTUAL_RESOURCES: readonly VirtualResource[] = [
  // authorization.k8s.io lists the other review kinds too; these are the two a client asks about itself.
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', singular: 'selfsubjectaccessreview', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews', singular: 'selfsubjectrulesreview', kind: 'SelfSubjectRulesReview', namespaced: false, verbs: ['create'] },
  // metrics-server registers exactly these two, with verbs get and list.
  { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', singular: '', kind: 'NodeMetrics', namespaced: false, verbs: ['get', 'list'] },
  { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', singular: '', kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'] },
];

/** A request for a virtual resource: `/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-1`. */
export interface VirtualTarget {
  resource: VirtualResource;
  namespace: string | undefined;
  name: string | undefined;
}

export function virtualGroupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of VIRTUAL_RESOURCES) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}

/** Resolves `[namespaces, NS,] RESOURCE [, NAME]` in a virtual group version, or undefined. */
export function virtualTarget(group: string, version: string, segs: readonly string[]): VirtualTarget | undefined {
  let rest = segs;
  let namespace: string | undefined;
  const find = (resource: string | undefined, namespaced: boolean) =>
    VIRTUAL_RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource && (!namespaced || r.namespaced));
  if (rest[0] === 'namespaces' && rest.length >= 3 && find(rest[2], true) !== undefined) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, ...more] = rest;
  const r = find(resource, false);
  if (r === undefined || more.length > 0) return undefined;
  return { resource: r, namespace, name };
}

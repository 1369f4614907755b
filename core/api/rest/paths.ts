import { KINDS, type KindInfo } from '../kinds.js';
import { servedVersion, SERVED_VERSIONS, type ServedVersion } from './versions.js';
import { badRequest, resourceNotFound } from '../status.js';
import { virtualGroupVersions, virtualTarget, type VirtualTarget } from './virtual-resources.js';

/**
 * A pod's subresources that need a process to talk to: kubectl exec, attach,
 * port-forward, proxy. (`log` is served: the simulated processes write log lines.)
 */
const PROCESS_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/** The group versions served, in discovery order: the core group first, as upstream lists it. */
export const GROUP_VERSIONS: ReadonlyArray<{ group: string; version: string }> = (() => {
  const seen = new Map<string, { group: string; version: string }>();
  // Storage versions first: a group's first version is its preferred one (autoscaling/v2).
  for (const k of [...KINDS, ...SERVED_VERSIONS, ...virtualGroupVersions()]) seen.set(`${k.group}/${k.version}`, { group: k.group, version: k.version });
  return [...seen.values()];
})();

export type ApiPath =
  | { type: 'discovery'; what: 'api' | 'apis' }
  | { type: 'group'; group: string }
  | { type: 'resources'; group: string; version: string }
  | { type: 'resource'; target: ResourceTarget }
  | { type: 'virtual'; target: VirtualTarget };

/** A request for objects: `/apis/apps/v1/namespaces/default/deployments/web/scale`. */
export interface ResourceTarget {
  info: KindInfo;
  /** undefined: across namespaces (or a cluster-scoped kind). */
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  /** The deprecated `/watch/` path prefix. */
  watchPrefix: boolean;
  /** Set when the request is for another version than the stored one (autoscaling/v1 HPAs). */
  served?: ServedVersion;
}

/**
 * Parses a REST path the way the kube-apiserver's request-info resolver does:
 * prefix (`/api/v1` or `/apis/GROUP/VERSION`), an optional `watch/`, an optional
 * `namespaces/NS/`, then RESOURCE[/NAME[/SUBRESOURCE]]. `namespaces/NAME` itself (and
 * `namespaces/NAME/status`) is the Namespace object. Anything else is a 404.
 */
export function parseApiPath(pathname: string): ApiPath {
  let segs: string[];
  // `//api/v1/pods` names no route upstream serves.
  if (pathname.includes('//')) throw resourceNotFound();
  try {
    segs = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    throw badRequest(`malformed path ${JSON.stringify(pathname)}: bad %-escape`);
  }
  // Upstream's route miss: no resource named in the message, empty details.
  const notFound = () => resourceNotFound();
  if (segs[0] === 'api') {
    if (segs.length === 1) return { type: 'discovery', what: 'api' };
    if (segs[1] !== 'v1') throw notFound();
    if (segs.length === 2) return { type: 'resources', group: '', version: 'v1' };
    return { type: 'resource', target: resourceTarget('', 'v1', segs.slice(2), notFound) };
  }
  if (segs[0] === 'apis') {
    if (segs.length === 1) return { type: 'discovery', what: 'apis' };
    const group = segs[1] as string;
    if (!GROUP_VERSIONS.some((gv) => gv.group === group && group !== '')) throw notFound();
    if (segs.length === 2) return { type: 'group', group };
    const version = segs[2] as string;
    if (!GROUP_VERSIONS.some((gv) => gv.group === group && gv.version === version)) throw notFound();
    if (segs.length === 3) return { type: 'resources', group, version };
    const virtual = virtualTarget(group, version, segs.slice(3));
    if (virtual !== undefined) return { type: 'virtual', target: virtual };
    return { type: 'resource', target: resourceTarget(group, version, segs.slice(3), notFound) };
  }
  throw notFound();
}

function resourceTarget(group: string, version: string, input: string[], notFound: () => Error): ResourceTarget {
  let segs = input;
  const lookup = (resource: string | undefined): KindInfo | undefined =>
    KINDS.find((k) => k.group === group && k.version === version && k.resource === resource) ?? servedVersion(group, version, resource)?.storage;
  let watchPrefix = false;
  if (segs[0] === 'watch') {
    watchPrefix = true;
    segs = segs.slice(1);
  }
  let namespace: string | undefined;
  // namespaces/NS/RESOURCE...: a namespaced request; namespaces/NAME[/status]: the Namespace.
  if (segs[0] === 'namespaces' && segs.length >= 3 && lookup(segs[2])?.namespaced === true) {
    namespace = segs[1];
    segs = segs.slice(2);
  }
  const [resource, name, subresource, ...rest] = segs;
  const info = lookup(resource);
  if (info === undefined || rest.length > 0) throw notFound();
  if (namespace !== undefined && !info.namespaced) throw notFound();
  if (subresource !== undefined && info.kind === 'Pod' && PROCESS_SUBRESOURCES.has(subresource)) {
    throw badRequest(`pods "${name}": ${subresource} is not available: kubelapse simulates containers without processes (no exec, attach or port-forward; kubectl logs works)`);
  }
  // pods/log is served by its own handler (pod-log.ts), outside the object subresources.
  if (subresource === 'log' && info.kind === 'Pod' && name !== undefined && namespace !== undefined) return { info, namespace, name, subresource, watchPrefix };
  const served = KINDS.includes(info) && info.version === version ? undefined : servedVersion(group, version, resource);
  const subresources: readonly string[] = served?.subresources ?? info.subresources;
  if (subresource !== undefined && !subresources.includes(subresource)) throw notFound();
  return { info, namespace, name, subresource, watchPrefix, ...(served !== undefined ? { served } : {}) };
}

/** The kinds one group version serves, stored ones and converted ones alike. */
export function kindsServed(group: string, version: string): Array<KindInfo & { subresources: KindInfo['subresources'] }> {
  return [
    ...KINDS.filter((k) => k.group === group && k.version === version),
    ...SERVED_VERSIONS.filter((v) => v.group === group && v.version === version).map((v) => ({
      ...v.storage,
      version: v.version,
      subresources: v.subresources as KindInfo['subresources'],
    })),
  ];
}

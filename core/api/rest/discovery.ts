import type { KindInfo } from '../kinds.js';
import { GROUP_VERSIONS, kindsServed } from './paths.js';
import { VIRTUAL_RESOURCES } from './virtual-resources.js';

/* Legacy discovery documents (/api, /apis, /api/v1, /apis/G/V). kubectl 1.32 asks for
   aggregated discovery first and falls back to these when the answer is plain JSON. */

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/**
 * Kinds in kubectl's `all` category (`kubectl get all`): upstream's REST storages whose
 * Categories() is ["all"] (pods, services, replicationcontrollers, deployments,
 * replicasets, daemonsets, statefulsets, jobs, cronjobs, horizontalpodautoscalers).
 * ControllerRevisions, volumes, claims and classes are not in it.
 */
const ALL_CATEGORY = new Set(['Pod', 'Service', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler']);

export function apiVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupOf(group: string): object {
  const versions = GROUP_VERSIONS.filter((gv) => gv.group === group).map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(): object {
  const groups = [...new Set(GROUP_VERSIONS.map((gv) => gv.group).filter((g) => g !== ''))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupOf) };
}

export function apiGroup(group: string): object {
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupOf(group) };
}

function subresourceEntries(info: KindInfo): object[] {
  return info.subresources.map((sub) => {
    const base = { name: `${info.resource}/${sub}`, singularName: '', namespaced: info.namespaced };
    switch (sub) {
      case 'status':
        return { ...base, kind: info.kind, verbs: ['get', 'patch', 'update'] };
      case 'scale':
        // kubectl scale finds the Scale kind's group here.
        return { ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
      case 'eviction':
        // kubectl drain checks for pods/eviction and takes policy/v1 from it.
        return { ...base, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
      case 'binding':
        return { ...base, kind: 'Binding', verbs: ['create'] };
      case 'finalize':
        return { ...base, kind: 'Namespace', verbs: ['update'] };
    }
  });
}

export function apiResourceList(group: string, version: string): object {
  const virtual = VIRTUAL_RESOURCES.filter((r) => r.group === group && r.version === version).map((r) => ({
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  }));
  const resources = kindsServed(group, version).flatMap((info) => [
    {
      name: info.resource,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: VERBS,
      ...(info.shortNames.length > 0 ? { shortNames: info.shortNames } : {}),
      ...(ALL_CATEGORY.has(info.kind) ? { categories: ['all'] } : {}),
    },
    ...subresourceEntries(info),
  ]).concat(virtual);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
}

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kubelapse',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

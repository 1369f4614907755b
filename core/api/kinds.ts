/**
 * The kinds the simulator models, with the REST facts upstream registers for them:
 * group/version, plural resource, scope, short names and which subresources exist.
 */
export interface KindInfo {
  kind: string;
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, as in URLs and error messages
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  subresources: ReadonlyArray<'status' | 'scale' | 'binding' | 'eviction' | 'finalize'>;
  /** Spec changes bump metadata.generation (upstream: apps, policy, autoscaling). */
  tracksGeneration: boolean;
}

function k(
  kind: string,
  group: string,
  version: string,
  resource: string,
  namespaced: boolean,
  shortNames: string[],
  subresources: KindInfo['subresources'],
  tracksGeneration = false,
): KindInfo {
  return {
    kind,
    group,
    version,
    resource,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    subresources,
    tracksGeneration,
  };
}

export const KINDS: readonly KindInfo[] = [
  k('Namespace', '', 'v1', 'namespaces', false, ['ns'], ['status', 'finalize']),
  k('Node', '', 'v1', 'nodes', false, ['no'], ['status']),
  k('Pod', '', 'v1', 'pods', true, ['po'], ['status', 'binding', 'eviction']),
  k('Service', '', 'v1', 'services', true, ['svc'], ['status']),
  k('Event', '', 'v1', 'events', true, ['ev'], []),
  // Written by the endpoint-controller for Services with a selector, by hand for the
  // others; served as v1.32 serves it (deprecated only from v1.33).
  k('Endpoints', '', 'v1', 'endpoints', true, ['ep'], []),
  // Stored and served, read by no simulated component: so that manifests and tutorials
  // that carry them apply whole (a pod's configMap volume still mounts nothing).
  k('ConfigMap', '', 'v1', 'configmaps', true, ['cm'], []),
  k('Secret', '', 'v1', 'secrets', true, [], []),
  k('ServiceAccount', '', 'v1', 'serviceaccounts', true, ['sa'], []),
  k('Lease', 'coordination.k8s.io', 'v1', 'leases', true, [], []),
  k('Deployment', 'apps', 'v1', 'deployments', true, ['deploy'], ['status', 'scale'], true),
  k('ReplicaSet', 'apps', 'v1', 'replicasets', true, ['rs'], ['status', 'scale'], true),
  k('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices', true, [], []),
  k('PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', true, ['pdb'], ['status'], true),
  k('HorizontalPodAutoscaler', 'autoscaling', 'v2', 'horizontalpodautoscalers', true, ['hpa'], ['status'], true),
  k('DaemonSet', 'apps', 'v1', 'daemonsets', true, ['ds'], ['status'], true),
  k('StatefulSet', 'apps', 'v1', 'statefulsets', true, ['sts'], ['status', 'scale'], true),
  k('ControllerRevision', 'apps', 'v1', 'controllerrevisions', true, [], []),
  k('Job', 'batch', 'v1', 'jobs', true, [], ['status'], true),
  k('CronJob', 'batch', 'v1', 'cronjobs', true, ['cj'], ['status'], true),
  k('PersistentVolume', '', 'v1', 'persistentvolumes', false, ['pv'], ['status']),
  k('PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', true, ['pvc'], ['status']),
  k('StorageClass', 'storage.k8s.io', 'v1', 'storageclasses', false, ['sc'], []),
  k('ResourceQuota', '', 'v1', 'resourcequotas', true, ['quota'], ['status']),
  k('LimitRange', '', 'v1', 'limitranges', true, ['limits'], []),
  k('PriorityClass', 'scheduling.k8s.io', 'v1', 'priorityclasses', false, ['pc'], []),
];

const byKind = new Map(KINDS.map((info) => [info.kind, info]));
const byAlias = new Map<string, KindInfo>();
for (const info of KINDS) {
  for (const alias of [info.kind.toLowerCase(), info.resource, info.singular, ...info.shortNames]) {
    byAlias.set(alias, info);
  }
  if (info.group !== '') {
    byAlias.set(`${info.resource}.${info.group}`, info);
    byAlias.set(`${info.singular}.${info.group}`, info);
  }
}

export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** Resolves what people type: `deploy`, `deployments`, `Deployment`, `deployments.apps`. */
export function resolveKind(nameOrAlias: string): KindInfo | undefined {
  return byKind.get(nameOrAlias) ?? byAlias.get(nameOrAlias.toLowerCase());
}

export function apiVersionOf(info: KindInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** `deployments.apps` or `pods`: the qualified resource upstream puts in error messages. */
export function qualifiedResource(info: KindInfo): string {
  return info.group === '' ? info.resource : `${info.resource}.${info.group}`;
}

/** `Deployment.apps` or `Pod`: the qualified kind of Invalid errors. */
export function qualifiedKind(info: KindInfo): string {
  return info.group === '' ? info.kind : `${info.kind}.${info.group}`;
}

/** `deployment.apps/web`, `pod/debug`: how kubectl names an object in its output. */
export function kubectlRef(info: KindInfo, name: string): string {
  return `${info.singular}${info.group === '' ? '' : '.' + info.group}/${name}`;
}

/**
 * What `kubelapse record` watches. The default set is what the simulator's stories are
 * made of (workloads, pods, nodes, Services and their EndpointSlices, Events), and not
 * Leases: a node renews its Lease every 10 s (kubelet's nodeLeaseDurationSeconds 40 /
 * renew fraction 0.25), 100 nodes make 10 writes a second of little interest; ask for
 * them with --resources leases. Secrets are left out by default too (they are redacted
 * when asked for).
 */
export interface WatchedResource {
  /** plural resource name as in the URL: pods, deployments */
  resource: string;
  /** '' for the core group */
  group: string;
  version: string;
  namespaced: boolean;
}

const R = (resource: string, group: string, version: string, namespaced = true): WatchedResource => ({ resource, group, version, namespaced });

export const KNOWN_RESOURCES: readonly WatchedResource[] = [
  R('namespaces', '', 'v1', false),
  R('nodes', '', 'v1', false),
  R('pods', '', 'v1'),
  R('services', '', 'v1'),
  R('events', '', 'v1'),
  R('configmaps', '', 'v1'),
  R('persistentvolumeclaims', '', 'v1'),
  R('persistentvolumes', '', 'v1', false),
  R('deployments', 'apps', 'v1'),
  R('replicasets', 'apps', 'v1'),
  R('statefulsets', 'apps', 'v1'),
  R('daemonsets', 'apps', 'v1'),
  R('jobs', 'batch', 'v1'),
  R('cronjobs', 'batch', 'v1'),
  R('endpoints', '', 'v1'),
  R('endpointslices', 'discovery.k8s.io', 'v1'),
  R('horizontalpodautoscalers', 'autoscaling', 'v2'),
  R('poddisruptionbudgets', 'policy', 'v1'),
  R('leases', 'coordination.k8s.io', 'v1'),
  R('secrets', '', 'v1'),
  R('serviceaccounts', '', 'v1'),
  R('resourcequotas', '', 'v1'),
  R('limitranges', '', 'v1'),
  R('priorityclasses', 'scheduling.k8s.io', 'v1', false),
];

export const DEFAULT_RESOURCES = [
  'namespaces', 'nodes', 'pods', 'services', 'events', 'configmaps', 'persistentvolumeclaims', 'persistentvolumes', 'deployments', 'replicasets',
  'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'endpoints', 'endpointslices', 'horizontalpodautoscalers', 'poddisruptionbudgets',
];

/** kubectl's short names for the flag: po, deploy, rs, sts, ds, svc, ep... */
const SHORT: Record<string, string> = {
  po: 'pods', pod: 'pods', no: 'nodes', node: 'nodes', ns: 'namespaces', svc: 'services', ev: 'events', cm: 'configmaps', pvc: 'persistentvolumeclaims',
  pv: 'persistentvolumes', deploy: 'deployments', deployment: 'deployments', rs: 'replicasets', sts: 'statefulsets', ds: 'daemonsets', job: 'jobs',
  cj: 'cronjobs', ep: 'endpoints', endpointslice: 'endpointslices', hpa: 'horizontalpodautoscalers', pdb: 'poddisruptionbudgets', lease: 'leases', secret: 'secrets',
  sa: 'serviceaccounts', quota: 'resourcequotas', limits: 'limitranges', pc: 'priorityclasses',
};

/** `--resources pods,deploy,rs` -> the resources; throws naming the one it does not know. */
export function parseResources(text: string | undefined): WatchedResource[] {
  const names = text === undefined ? DEFAULT_RESOURCES : text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (names.length === 0) throw new Error('--resources: empty list');
  const out: WatchedResource[] = [];
  for (const n of names) {
    const plural = SHORT[n] ?? n;
    const r = KNOWN_RESOURCES.find((k) => k.resource === plural);
    if (r === undefined) throw new Error(`--resources: unknown resource "${n}" (known: ${KNOWN_RESOURCES.map((k) => k.resource).join(', ')})`);
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

/** The LIST/WATCH path: /api/v1/pods, /apis/apps/v1/namespaces/web/deployments. */
export function resourcePath(r: WatchedResource, namespace: string | undefined): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return r.namespaced && namespace !== undefined ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.resource}` : `${base}/${r.resource}`;
}

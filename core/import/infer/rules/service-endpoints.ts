import { UNSURE } from '../enqueue-log.js';
import type { Rule } from '../rule.js';
import { subjectOf } from '../rule.js';
import { keyOf, metadataOf } from '../write-facts.js';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * endpointslice-controller: syncs a Service when the Service changes or a pod it selects
 * changes in what an endpoint shows (upstream's podEndpointsChanged: readiness, IP,
 * deletion, labels), and writes the Service's EndpointSlices (found by their
 * kubernetes.io/service-name label).
 *   endpoints-pod-ready: a selected pod became ready or unready, got an IP, or is terminating
 *   endpoints-service: the Service itself was written
 * Any other change of a selected pod (a status write that leaves readiness and IP as
 * they were: the kubelet's PodAdmitted) is UNSURE: upstream's podEndpointsChanged drops
 * it, the simulator's controller queues the Service on every pod event, so the sync's
 * recorded cause may be either. Before, the rule then named the older change: 50 wrong
 * of 182 over the shipped scenarios (the kube-dns slice's create caused by a coredns
 * pod's create instead of its PodAdmitted status).
 */
export const endpointSliceRule: Rule = {
  queue: 'endpointslice',
  windowMs: 30_000,
  syncKey(f, t, idx) {
    if (f.actor !== 'endpointslice-controller') return undefined;
    if (f.kind === 'EndpointSlice') {
      const service = metadataOf(f.object).labels?.[SERVICE_NAME_LABEL];
      return service !== undefined ? keyOf('Service', f.namespace, service) : undefined;
    }
    const s = subjectOf(f, t, idx);
    return s?.kind === 'Service' ? s.key : undefined;
  },
  enqueues(f, t, idx) {
    if (f.kind === 'Service') return [[keyOf(f.kind, f.namespace, f.name), 'endpoints-service']];
    if (f.kind !== 'Pod') return [];
    const b = t.before;
    const a = t.after;
    const changed = b === undefined || a.gone || b.ready !== a.ready || b.podIP !== a.podIP || b.deleting !== a.deleting || JSON.stringify(b.labels) !== JSON.stringify(a.labels);
    const out: Array<readonly [string, string]> = [];
    for (const s of idx.servicesSelecting(f.namespace, a.labels)) out.push([keyOf('Service', s.namespace, s.name), changed ? 'endpoints-pod-ready' : UNSURE]);
    return out;
  },
};

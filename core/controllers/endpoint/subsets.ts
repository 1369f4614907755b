/* eslint-disable @typescript-eslint/no-explicit-any -- pod, Service and Endpoints are open JSON */
import type { KObject } from '../../api/types.js';
import { isRestartableInitContainer } from '../../api/pod-containers.js';
import { isPodReady, isPodTerminal } from '../pod-util.js';

/**
 * endpointsliceutil.ShouldPodBeInEndpoints (staging/src/k8s.io/endpointslice/util/
 * controller_utils.go): not Succeeded/Failed, has an IP, and not terminating unless the
 * Service publishes not-ready addresses (the endpoints controller passes
 * spec.publishNotReadyAddresses as includeTerminating). A pod deleted with a 30 s grace
 * period leaves Endpoints at once, while its EndpointSlice entry stays, terminating.
 */
export function shouldPodBeInEndpoints(pod: Readonly<KObject>, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  const ip = pod.status?.podIP;
  if (typeof ip !== 'string' || ip === '') return false;
  return includeTerminating || pod.metadata.deletionTimestamp === undefined;
}

/**
 * podToEndpointAddressForService (pkg/controller/endpoint/endpoints_controller.go): the
 * pod's IP with its node and a targetRef to the pod; the hostname only when the pod asks
 * for it under this Service (endpointsliceutil.ShouldSetHostname: spec.hostname set and
 * spec.subdomain naming the Service, as a StatefulSet's pods do for their headless one).
 */
export function addressOf(pod: Readonly<KObject>, service: Readonly<KObject>): any {
  const hostname = pod.spec?.hostname;
  const setHostname = typeof hostname === 'string' && hostname !== '' && pod.spec?.subdomain === service.metadata.name;
  return {
    ip: pod.status.podIP,
    ...(setHostname ? { hostname } : {}),
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
}

/**
 * podutil.FindPort (pkg/api/v1/pod/util.go): a number targetPort is taken as is; a name
 * is looked up among the containers' ports (and restartable init containers', sidecars)
 * with the same protocol. Undefined when no container names it: that pod is left out of
 * this port, as upstream logs "Failed to find port for service" and skips it.
 */
export function findPort(pod: Readonly<KObject>, servicePort: any): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const protocol = servicePort.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter(isRestartableInitContainer)];
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** endpointPortFromServicePort: name, resolved port, protocol, appProtocol when the Service port has one. */
export function endpointPortOf(servicePort: any, port: number): any {
  return {
    ...(servicePort.name ? { name: servicePort.name } : {}),
    port,
    protocol: servicePort.protocol ?? 'TCP',
    ...(servicePort.appProtocol ? { appProtocol: servicePort.appProtocol } : {}),
  };
}

/** One pod's contribution before repacking: its address, ready or not, behind one port (none for a port-less headless Service). */
export interface AddressEntry {
  address: any;
  ready: boolean;
  port: any | undefined;
}

const addressKey = (a: any): string => `${a.ip}\u0000${a.targetRef?.uid ?? ''}`;
const portKey = (p: any): string => JSON.stringify([p.name ?? '', p.port, p.protocol, p.appProtocol ?? '']);

/**
 * LessEndpointAddress (pkg/api/v1/endpoints/util.go): by IP as bytes, then by the
 * target's UID. 10.244.1.10 sorts before 10.244.1.9, as Go's bytes.Compare does.
 */
function lessAddress(a: any, b: any): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * endpoints.RepackSubsets (pkg/api/v1/endpoints/util.go): one subset per distinct set of
 * addresses, carrying every port those addresses serve. Three ready pods behind ports 80
 * and 443 give one subset with 3 addresses and 2 ports, not six one-address subsets. An
 * address not ready on any port is not ready on that port's subset ("not ready always
 * trumps ready"). Upstream then orders subsets and ports by an md5 of their Go dump,
 * which cannot be reproduced outside Go: here they are ordered by their first address
 * and by port name and number, so the order is stable but may differ from a real
 * cluster's when a Service has several subsets (kubectl and clients do not rely on it).
 */
export function repackSubsets(entries: readonly AddressEntry[]): any[] {
  const byPort = new Map<string, { port: any; addrs: Map<string, { address: any; ready: boolean }> }>();
  for (const e of entries) {
    const pk = e.port === undefined ? '' : portKey(e.port);
    let group = byPort.get(pk);
    if (group === undefined) {
      group = { port: e.port, addrs: new Map() };
      byPort.set(pk, group);
    }
    const ak = addressKey(e.address);
    const seen = group.addrs.get(ak);
    if (seen === undefined || seen.ready) group.addrs.set(ak, { address: e.address, ready: e.ready });
  }
  // Ports whose (address, ready) sets are equal share a subset.
  const bySet = new Map<string, { addrs: Array<{ address: any; ready: boolean }>; ports: any[] }>();
  for (const g of byPort.values()) {
    const addrs = [...g.addrs.values()].sort((x, y) => lessAddress(x.address, y.address));
    const key = addrs.map((a) => `${addressKey(a.address)}:${a.ready ? 1 : 0}`).join(',');
    let s = bySet.get(key);
    if (s === undefined) {
      s = { addrs, ports: [] };
      bySet.set(key, s);
    }
    if (g.port !== undefined) s.ports.push(g.port);
  }
  const subsets = [...bySet.values()].map((s) => {
    const ready = s.addrs.filter((a) => a.ready).map((a) => a.address);
    const notReady = s.addrs.filter((a) => !a.ready).map((a) => a.address);
    const ports = s.ports.slice().sort((a, b) => (portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0));
    return { ...(ready.length > 0 ? { addresses: ready } : {}), ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}), ...(ports.length > 0 ? { ports } : {}) };
  });
  const first = (s: any): any => (s.addresses ?? s.notReadyAddresses)[0];
  return subsets.sort((a, b) => lessAddress(first(a), first(b)) || (portKey(a.ports?.[0] ?? {}) < portKey(b.ports?.[0] ?? {}) ? -1 : 1));
}

/** One pod's entries for every Service port it serves (syncService's loop over spec.ports). */
export function entriesOf(pod: Readonly<KObject>, service: Readonly<KObject>): AddressEntry[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  if (!shouldPodBeInEndpoints(pod, publishNotReady)) return [];
  const address = addressOf(pod, service);
  const ready = publishNotReady || isPodReady(pod);
  const ports: any[] = service.spec?.ports ?? [];
  if (ports.length === 0) {
    // A headless Service may have no ports; a Service with a cluster IP and none gets no addresses.
    return service.spec?.clusterIP === 'None' ? [{ address, ready, port: undefined }] : [];
  }
  const out: AddressEntry[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port !== undefined) out.push({ address, ready, port: endpointPortOf(sp, port) });
  }
  return out;
}

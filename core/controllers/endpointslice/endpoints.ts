/* eslint-disable @typescript-eslint/no-explicit-any -- pod and service specs are open JSON */
import type { KObject } from '../../api/types.js';
import { isPodReady, isPodTerminal } from '../pod-util.js';

/**
 * One pod as an endpoint, with upstream's conditions (discovery/v1, GA since 1.26):
 * a terminating pod is ready=false, serving=its readiness, terminating=true; a pod that
 * is not Ready is ready=false, serving=false. kube-proxy routes to ready endpoints and,
 * when a Service has none, to serving terminating ones.
 */
export function endpointOf(pod: Readonly<KObject>): any | undefined {
  const ip = pod.status?.podIP;
  if (typeof ip !== 'string' || ip === '' || !pod.spec?.nodeName || isPodTerminal(pod)) return undefined;
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const ready = isPodReady(pod);
  return {
    addresses: [ip],
    conditions: { ready: ready && !terminating, serving: ready, terminating },
    nodeName: pod.spec.nodeName,
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
}

/**
 * The slice's ports: each Service port with its targetPort resolved to a number, by name
 * from the pod's container ports when it is a name. 80 -> 8080 gives port 8080.
 */
export function portsOf(service: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): any[] {
  const out: any[] = [];
  for (const p of service.spec?.ports ?? []) {
    let port = p.targetPort ?? p.port;
    if (typeof port === 'string') {
      const named = pods.flatMap((pod) => pod.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []).find((cp: any) => cp.name === port);
      if (named === undefined) continue;
      port = named.containerPort;
    }
    // Upstream always sets the name, "" for an unnamed Service port (kubectl describe
    // dereferences it), and appProtocol only when the Service port has one.
    out.push({ name: p.name ?? '', port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) });
  }
  return out;
}

import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/** Where each kind keeps its pod spec, as upstream's strategies pass it to GetWarningsForPod(Template). */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

interface PortAt {
  field: string;
  hostIP: string;
  hostPort: number;
}

/**
 * The container-port part of pkg/api/pod/warnings.go: ports across init, regular and
 * ephemeral containers (VisitContainersWithPath order), keyed `80/TCP`. Two with the
 * same hostIP and hostPort (usually none) are a "duplicate port definition"; one without
 * a hostPort beside one with it "overlapping"; the same hostPort with one hostIP unset
 * "dangerously ambiguous". The API server accepts the object and sends these as
 * `Warning: 299 - "..."` headers, which kubectl prints as `Warning: <text>`:
 *   spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]
 */
export function podWarnings(obj: Readonly<KObject>): string[] {
  const at = POD_SPEC_PATH[obj.kind ?? ''];
  if (at === undefined) return [];
  let spec: any = obj;
  for (const k of at) spec = spec?.[k];
  if (spec === undefined || spec === null || typeof spec !== 'object') return [];
  const base = at.join('.');
  const warnings: string[] = [];
  const all = new Map<string, PortAt[]>();
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = Array.isArray(spec[list]) ? spec[list] : [];
    containers.forEach((c: any, i: number) => {
      (Array.isArray(c?.ports) ? c.ports : []).forEach((p: any, j: number) => {
        const field = `${base}.${list}[${i}].ports[${j}]`;
        const port: PortAt = { field, hostIP: p?.hostIP ?? '', hostPort: p?.hostPort ?? 0 };
        const key = `${p?.containerPort}/${p?.protocol ?? 'TCP'}`;
        const others = all.get(key) ?? [];
        for (const o of others) {
          if (port.hostIP === o.hostIP && port.hostPort === o.hostPort) warnings.push(`${field}: duplicate port definition with ${o.field}`);
          else if (port.hostPort === 0 || o.hostPort === 0) warnings.push(`${field}: overlapping port definition with ${o.field}`);
          else if (port.hostPort === o.hostPort && (port.hostIP === '') !== (o.hostIP === '')) warnings.push(`${field}: dangerously ambiguous port definition with ${o.field}`);
        }
        all.set(key, [...others, port]);
      });
    });
  }
  return warnings;
}

/** One `Warning` header value (RFC 7234 warn-code 299, agent "-"), as apiserver's warning recorder writes it. */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

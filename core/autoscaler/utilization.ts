import type { KObject } from '../api/types.js';
import { isPodTerminal } from '../controllers/pod-util.js';
import { parseQuantity } from '../api/quantity.js';
import { podResources } from '../scheduler/node-info.js';

/** utilization.Info */
export interface Utilization {
  cpu: number;
  memory: number;
  /** the higher of the two, and which it is */
  utilization: number;
  resource: 'cpu' | 'memory';
}

/**
 * utilization.Calculate: per resource, the pods' requests over the node's allocatable,
 * the node's utilization the higher of cpu and memory. DaemonSet and mirror pods count
 * (--ignore-daemonsets-utilization and --ignore-mirror-pods-utilization default false).
 * A 4-cpu node with six 250m pods and a 100m kube-proxy: cpu 1.6 / 4 = 0.4, below 0.5.
 */
export function nodeUtilization(node: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): Utilization {
  const alloc = node.status?.allocatable ?? {};
  const allocCpu = (parseQuantity(alloc.cpu) ?? 0) * 1000;
  const allocMem = parseQuantity(alloc.memory) ?? 0;
  let cpu = 0;
  let mem = 0;
  for (const p of pods) {
    if (isPodTerminal(p)) continue;
    const r = podResources(p);
    cpu += r.milliCpu;
    mem += r.memory;
  }
  const cu = allocCpu > 0 ? cpu / allocCpu : 0;
  const mu = allocMem > 0 ? mem / allocMem : 0;
  return cu > mu ? { cpu: cu, memory: mu, utilization: cu, resource: 'cpu' } : { cpu: cu, memory: mu, utilization: mu, resource: 'memory' };
}

/** fmt's %v of utilization.Info: `{CpuUtil MemUtil GpuUtil DynamicResourceUtil ResourceName Utilization}`. */
export function utilizationText(u: Utilization): string {
  return `{${u.cpu} ${u.memory} 0 0 ${u.resource} ${u.utilization}}`;
}

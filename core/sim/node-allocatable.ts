import { parseQuantity } from '../api/quantity.js';
import { formatOf, formatQuantity } from '../api/quantity-format.js';
import { DEFAULT_EVICTION, type EvictionConfig } from '../kubelet/eviction-config.js';

/** Node status capacity and allocatable, as quantity strings. */
export interface NodeResources {
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
}

/** The node's disk, as the simulator gives every node. */
export const NODE_EPHEMERAL_STORAGE = '100Gi';

/**
 * What a kubeadm node's kubelet reports (GetNodeAllocatableAbsolute): allocatable =
 * capacity - kubeReserved - systemReserved - the hard eviction threshold. kubeadm sets no
 * reservations, so only the thresholds count:
 *   memory 8Gi - memory.available 100Mi = "8092Mi";
 *   ephemeral-storage 100Gi - nodefs.available 10% = "96636764000" (10% of
 *   107,374,182,400 taken through float32(0.1), as the kubelet does: 10,737,418,400);
 *   cpu and pods unchanged (no reservation); hugepages 0 on a node without them.
 */
export function nodeResources(cpu: string, memory: string, pods: number, eviction: EvictionConfig = DEFAULT_EVICTION): NodeResources {
  const mem = parseQuantity(memory) ?? 0;
  const disk = parseQuantity(NODE_EPHEMERAL_STORAGE) ?? 0;
  const diskThreshold = Math.trunc(disk * Math.fround(eviction.hardNodefsFraction));
  const capacity = { cpu, 'ephemeral-storage': NODE_EPHEMERAL_STORAGE, 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory, pods: String(pods) };
  const allocatable = {
    ...capacity,
    'ephemeral-storage': formatQuantity(Math.max(0, disk - diskThreshold), 'BinarySI'),
    memory: formatQuantity(Math.max(0, mem - eviction.hardMemoryBytes), formatOf(memory) === 'BinarySI' || /^\d+$/.test(memory) ? 'BinarySI' : 'DecimalSI'),
  };
  return { capacity, allocatable };
}

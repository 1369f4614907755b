import type { KObject } from '../api/types.js';
import { shouldRunOn, newPod } from '../controllers/daemonset/node-should-run.js';
import type { NodeGroupSpec } from '../scenario/types.js';
import type { Snapshot } from './snapshot.js';

/**
 * TemplateNodeInfoFromNodeGroupTemplate: the Node a group's next machine will register,
 * built from the group's machine shape (capacity as allocatable, labels, taints), named
 * `template-node-for-<group>-<n>` as upstream's sanitized copies are.
 */
export function templateNode(group: NodeGroupSpec, name: string): KObject {
  const s = group.shape;
  const resources = { cpu: s.cpu, memory: s.memory, pods: String(s.pods) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name, ...s.labels } },
    spec: s.taints.length > 0 ? { taints: s.taints.map((t) => ({ ...t })) } : {},
    status: { capacity: resources, allocatable: resources },
  };
}

/**
 * Adds a template node to the snapshot with the DaemonSet pods that would run on it
 * (upstream adds them to the template so a new node's kube-proxy and friends take their
 * share before any pending pod is counted).
 */
export function addTemplateNode(snapshot: Snapshot, node: Readonly<KObject>, daemonSets: Iterable<Readonly<KObject>>): void {
  snapshot.addNode(node);
  const name = node.metadata.name ?? '';
  for (const ds of daemonSets) {
    if (ds.metadata.deletionTimestamp !== undefined) continue;
    const pod = newPod(ds);
    if (shouldRunOn(node, pod).shouldRun) snapshot.addPod({ ...pod, metadata: { ...pod.metadata, name: `${ds.metadata.name ?? ''}-${name}` } } as KObject, name);
  }
}

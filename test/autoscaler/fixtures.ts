import type { KObject } from '../../core/api/types.js';

/** BuildTestPod(name, cpu millis, memory bytes): requests only, like upstream's test helper. */
export function testPod(name: string, milliCpu: number, memory: number, extra: Partial<KObject> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    ...extra,
    metadata: { name, namespace: 'universe', uid: `uid-${name}`, labels: { app: 'estimatee' }, ...(extra.metadata ?? {}) },
    spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: `${milliCpu}m`, memory: String(memory) } } }], ...(extra.spec ?? {}) },
  };
}

/** makeNode(cpu millis, memory MiB, pods, name): capacity = allocatable, Ready. */
export function testNode(name: string, milliCpu: number, memoryMiB: number, pods = 110, extra: { taints?: unknown[]; labels?: Record<string, string> } = {}): KObject {
  const r = { cpu: `${milliCpu}m`, memory: `${memoryMiB}Mi`, pods: String(pods) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } },
    spec: extra.taints === undefined ? {} : { taints: extra.taints },
    status: { capacity: r, allocatable: r, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export const owned = (kind: string, name = 'owner'): Partial<KObject> => ({
  metadata: { name: '', ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${kind}-${name}`, controller: true }] },
});

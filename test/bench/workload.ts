import type { KObject } from '../../core/api/types.js';

/** A pod shaped like a real one (~1.5 KB of JSON): what most recorded writes carry. */
export function benchPod(i: number, nodes = 100): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `web-7d4b9c6f8-${i.toString(36).padStart(5, 'x')}`,
      labels: { app: 'web', 'pod-template-hash': '7d4b9c6f8' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c6f8', uid: '3f1c2a9e-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: `node-${(i % nodes) + 1}`,
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 80 } },
        },
      ],
    },
  };
}

/** A status patch that changes on every call, like a kubelet's condition updates. */
export function statusPatch(round: number): unknown {
  const ready = round % 2 === 0 ? 'True' : 'False';
  // The probe time moves every round, so no patch is ever a no-op.
  const probed = new Date(Date.UTC(2026, 0, 1) + round * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    status: {
      phase: 'Running',
      podIP: `10.244.${round % 200}.${(round * 7) % 250}`,
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: ready, lastProbeTime: probed },
        { type: 'ContainersReady', status: ready },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [{ name: 'web', ready: ready === 'True', restartCount: round % 5, image: 'nginx:1.27', started: true }],
    },
  };
}

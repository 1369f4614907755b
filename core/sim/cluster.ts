import { ApiServer } from '../api/api-server.js';
import type { KObject } from '../api/types.js';
import { Client } from '../client/client.js';
import { ContainerLogs } from '../kubelet/container-log.js';
import { nodeSystemInfo, type NodeSystemInfo } from './node-info.js';
import { nodeResources } from './node-allocatable.js';
import { DEFAULT_EVICTION, type EvictionConfig } from '../kubelet/eviction-config.js';
import { defaultStorageClass } from './default-storage-class.js';
import { Diagnostics } from './diagnostics.js';
import { bootstrapKubeSystem, createSystemPriorityClasses } from './kube-system.js';
import { kubeProxyAddon } from './kube-proxy-addon.js';
import { RngStreams } from './rng.js';
import { parseEpoch, type EpochMs } from './time.js';
import { VirtualScheduler } from './virtual-scheduler.js';

export interface NodeShape {
  name: string;
  cpu: string;
  memory: string;
  pods: number;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  /** kubeadm's control-plane node: marked and tainted, running the control plane as static pods. */
  controlPlane?: boolean;
  /** A machine of this cloud node group (the cluster-autoscaler may remove it). */
  nodeGroup?: string;
}

export interface SimulationOptions {
  seed: number;
  /** RFC 3339 time that virtual time 0 stands for. */
  epoch: string;
  /** Virtual delay from a write to the watch events it causes (default 1 ms). */
  watchLatencyMs?: number;
  watchHistory?: number;
  maxTasksPerInstant?: number;
  /** every kubelet's eviction thresholds (they also set each node's allocatable) */
  eviction?: EvictionConfig;
}

/** What every simulated component is made from: one clock, seeded streams, one API server. */
export class Simulation {
  readonly scheduler: VirtualScheduler;
  readonly rng: RngStreams;
  readonly api: ApiServer;
  readonly epochMs: EpochMs;
  /** Refused writes that escaped a component's task: counted and reported, never fatal. */
  readonly diagnostics: Diagnostics;
  /** Every container's output, stamped with virtual time and the newest seq (the recording's logs table). */
  readonly logs: ContainerLogs;

  constructor(readonly options: SimulationOptions) {
    this.diagnostics = new Diagnostics(() => this.scheduler.now());
    this.scheduler = new VirtualScheduler({
      onTaskError: this.diagnostics.handle,
      ...(options.maxTasksPerInstant === undefined ? {} : { maxTasksPerInstant: options.maxTasksPerInstant }),
    });
    this.rng = new RngStreams(options.seed);
    const epoch = parseEpoch(options.epoch);
    if (epoch === undefined) throw new Error(`invalid epoch "${options.epoch}"`);
    this.epochMs = epoch;
    this.api = new ApiServer({
      scheduler: this.scheduler,
      rng: this.rng.get('kube-apiserver'),
      admissionRng: this.rng.get('serviceaccount-admission'),
      endpointsRng: this.rng.get('endpoints-uids'),
      epochMs: this.epochMs,
      watchLatencyMs: options.watchLatencyMs ?? 1,
      ...(options.watchHistory !== undefined ? { watchHistory: options.watchHistory } : {}),
    });
    this.logs = new ContainerLogs(() => this.scheduler.now(), () => this.api.lastSeq);
  }

  client(actor: string): Client {
    return new Client(this.api, actor);
  }

  /**
   * What exists before the first step, written like a fresh cluster writes it: the API
   * server's bootstrap namespaces, `kubernetes` Service and system priority classes, then
   * each kubelet registering its Node, then kube-system (core/sim/kube-system.ts). These
   * are the first rows of every recording.
   */
  bootstrap(nodes: readonly NodeShape[]): void {
    const apiserver = this.client('kube-apiserver');
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      apiserver.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { reason: 'Bootstrap', message: `namespace ${name} created by the API server` });
    }
    apiserver.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: { type: 'ClusterIP', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
      },
      { reason: 'Bootstrap', message: 'the kubernetes Service points at the API server' },
    );
    createSystemPriorityClasses(apiserver);
    nodes.forEach((n, i) => this.registerNode(n, i));
    this.client('kind').create(defaultStorageClass(), { reason: 'Bootstrap', message: 'the default StorageClass standard: local-path volumes, made on the node of their first pod (as kind installs it)', fieldManager: 'kubectl-client-side-apply' });
    bootstrapKubeSystem((actor) => this.client(actor), nodes.filter((n) => n.controlPlane === true).map((n) => n.name));
    this.installKubeProxy();
  }

  /** kubeadm's kube-proxy addon: a DaemonSet whose pods are the nodes' kube-proxies (see ControlPlane). */
  private installKubeProxy(): void {
    const kubeadm = this.client('kubeadm');
    for (const obj of kubeProxyAddon()) {
      kubeadm.create(obj, { reason: 'Bootstrap', message: `kubeadm's kube-proxy addon: ${obj.kind} kube-system/kube-proxy` });
    }
  }

  /** `cause`: the write that made the machine (a cluster-autoscaler's scale-up), null for the bootstrap's nodes. */
  registerNode(n: NodeShape, index: number, cause: number | null = null): Readonly<KObject> {
    const kubelet = this.client(`kubelet/${n.name}`).withCause(cause);
    return kubelet.create(nodeObject(n, index, this.api.timestamp(), nodeSystemInfo(this.rng.get(`node-info/${n.name}`)), this.options.eviction), { reason: 'RegisteredNode', message: `Node ${n.name} registered with the API server` });
  }

  /** False when `stop` ended it early (virtual-scheduler.ts). */
  runUntil(timeMs: number, stop?: () => boolean): boolean {
    return this.scheduler.runUntil(timeMs, stop);
  }
}

/** A Node as a kubelet registers it: capacity, Ready condition, addresses, version. */
export function nodeObject(n: NodeShape, index: number, now: string, nodeInfo: NodeSystemInfo, eviction: EvictionConfig = DEFAULT_EVICTION): KObject {
  const { capacity, allocatable } = nodeResources(n.cpu, n.memory, n.pods, eviction);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        ...n.labels,
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      ...(n.taints.length > 0 ? { taints: n.taints.map((t) => ({ ...t })) } : {}),
    },
    status: {
      capacity,
      allocatable,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: `10.0.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}` },
        { type: 'Hostname', address: n.name },
      ],
      nodeInfo: { ...nodeInfo },
    },
  };
}

import type { KObject } from '../api/types.js';
import type { KubectlCommand } from '../kubectl/command.js';
import type { EvictionConfig } from '../kubelet/eviction-config.js';

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodeSpec {
  name: string;
  cpu: string;
  memory: string;
  pods: number;
  labels: Record<string, string>;
  taints: Taint[];
  /** spec.cluster.controlPlane: kubeadm's control-plane node, listed first */
  controlPlane?: boolean;
  /** spec.cluster.nodeGroups: the node group (cloud instance group) this node is a machine of */
  nodeGroup?: string;
}

/** spec.cluster.nodeGroups[]: an autoscaled group of identical machines (core/autoscaler). */
export interface NodeGroupSpec {
  name: string;
  min: number;
  max: number;
  /** The machine shape every node of the group has (its `name` is the group's). */
  shape: Omit<NodeSpec, 'name' | 'controlPlane' | 'nodeGroup'>;
  /** cloud API call -> Node registered (default 60 s) */
  provisioningDelayMs: number;
}

export interface ClusterOptions {
  /** images no registry has: pulls fail with ErrImagePull, then ImagePullBackOff */
  missingImages: string[];
  /** how long pulling an image takes on a node that does not have it (default 2 s) */
  imagePullMs?: number;
  /** node-monitor-grace-period (default 50 s, as upstream since v1.32) */
  nodeMonitorGracePeriodMs?: number;
  /** EndpointSlice write -> every node's forwarding rules (default 1 s) */
  kubeProxyLagMs?: number;
  /** how long a simulated request takes (default 50 ms) */
  requestLatencyMs?: number;
  /** spec.cluster.kubelet: eviction thresholds (default upstream's) */
  eviction?: EvictionConfig;
  /** spec.cluster.nodeGroups: a cluster-autoscaler runs when there is at least one */
  nodeGroups: NodeGroupSpec[];
}

export interface TrafficSpec {
  service: string;
  namespace: string;
  rps: number;
  durationMs?: number;
}

export const FAULT_TYPES = ['node-down', 'node-up', 'pod-kill', 'container-crash', 'probe-fail', 'add-node', 'remove-node'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export interface FaultSpec {
  type: FaultType;
  node?: string;
  pod?: string;
  namespace: string;
  container?: string;
  probe?: 'liveness' | 'readiness' | 'startup';
  durationMs?: number;
}

export type StepAction =
  | { type: 'apply'; manifests: KObject[] }
  | { type: 'kubectl'; line: string; command: KubectlCommand; /** Objects of each `-f` file, parsed with the scenario. */ manifests: Record<string, KObject[]> }
  | { type: 'chapter'; title: string }
  | { type: 'note' }
  | { type: 'traffic'; traffic: TrafficSpec }
  | { type: 'fault'; fault: FaultSpec };

export interface Step {
  index: number;
  atMs: number;
  /** file:line:col of the step, for runtime errors. */
  where: string;
  note?: string;
  /** The step is meant to be refused; the text must appear in the error (true: any error). */
  expectError?: string | true;
  action: StepAction;
}

export interface ObjectTarget {
  kind: string;
  namespace: string | null;
  name: string;
}

export interface Expectation {
  index: number;
  /** 'end' or a virtual time. */
  at: number | 'end';
  where: string;
  label: string;
  target: { object: ObjectTarget } | { traffic: string };
  fields: Record<string, unknown>;
}

export interface Scenario {
  file: string;
  dir: string;
  name: string;
  title: string;
  description: string;
  seed: number;
  durationMs: number;
  /** RFC 3339 time that virtual time 0 stands for. */
  epoch: string;
  nodes: NodeSpec[];
  cluster: ClusterOptions;
  steps: Step[];
  expectations: Expectation[];
  /** The manifests files a scenario read ({file: ...}, apply -f): a recording is stale when one changes. */
  inputs: string[];
}

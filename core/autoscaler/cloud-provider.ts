import type { NodeGroupSpec } from '../scenario/types.js';
import type { NodeShape } from '../sim/cluster.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';

/** What a cloud does with machines: the control plane starts a kubelet that registers a Node, or stops it and deletes the Node. */
export interface Machines {
  addNode(shape: NodeShape, cause: number | null): void;
  removeNode(name: string, cause: number | null): void;
}

/**
 * A machine being shut down takes this long before its Node object is deleted (the
 * instance stops, then the cloud node-lifecycle controller notices it is gone). Real
 * clouds take tens of seconds; 10 s keeps the story readable.
 */
export const MACHINE_DELETION_DELAY_MS = 10_000;

interface Group {
  spec: NodeGroupSpec;
  target: number;
  /** Machines of the group, created or being created, in creation order. */
  instances: string[];
  next: number;
}

/**
 * The cloud provider behind the node groups (cloudprovider.NodeGroup: TargetSize,
 * IncreaseSize, DeleteNodes): not part of the cluster, so it talks to the control plane's
 * machines rather than the API server. A resize is immediate in the cloud's books; the
 * machine's Node registers after the group's provisioning delay. Machines are named
 * <group>-<n> with n counting up and never reused, so names are stable for a seed.
 */
export class SimulatedCloud {
  private readonly groups = new Map<string, Group>();
  private readonly groupOf = new Map<string, string>();
  /** Every machine name handed out, so a new one never takes an old one's. */
  private readonly used = new Set<string>();

  constructor(
    specs: readonly NodeGroupSpec[],
    private readonly clock: VirtualScheduler,
    private readonly machines: Machines,
  ) {
    for (const spec of specs) this.groups.set(spec.name, { spec, target: 0, instances: [], next: 1 });
  }

  /** A machine the cluster started with (a scenario's group starts with `min` of them, <group>-1 ...). */
  adopt(node: string, group: string): void {
    const g = this.group(group);
    g.instances.push(node);
    g.target++;
    this.groupOf.set(node, group);
    this.used.add(node);
  }

  /** The groups in the order the scenario lists them. */
  nodeGroups(): NodeGroupSpec[] {
    return [...this.groups.values()].map((g) => g.spec);
  }

  nodeGroupForNode(node: string): NodeGroupSpec | undefined {
    const name = this.groupOf.get(node);
    return name === undefined ? undefined : this.groups.get(name)?.spec;
  }

  targetSize(group: string): number {
    return this.group(group).target;
  }

  instances(group: string): readonly string[] {
    return this.group(group).instances;
  }

  /** IncreaseSize: `delta` new machines, each registering its Node after the provisioning delay. */
  increaseSize(group: string, delta: number, cause: number | null): string[] {
    const g = this.group(group);
    if (delta <= 0) throw new Error(`size increase must be positive, got ${delta}`);
    if (g.target + delta > g.spec.max) throw new Error(`size increase too large: desired ${g.target + delta} max ${g.spec.max}`);
    g.target += delta;
    const names: string[] = [];
    for (let i = 0; i < delta; i++) {
      let name = `${g.spec.name}-${g.next++}`;
      while (this.used.has(name)) name = `${g.spec.name}-${g.next++}`;
      this.used.add(name);
      g.instances.push(name);
      this.groupOf.set(name, g.spec.name);
      names.push(name);
      const shape: NodeShape = { name, ...g.spec.shape, labels: { ...g.spec.shape.labels }, taints: g.spec.shape.taints.map((t) => ({ ...t })) };
      this.clock.after(g.spec.provisioningDelayMs, () => this.machines.addNode(shape, cause), `cloud: machine ${name} up`);
    }
    return names;
  }

  /** DeleteNodes: the group shrinks by one now; the machine is gone, and its Node deleted, a little later. */
  deleteNode(node: string, cause: number | null): void {
    const groupName = this.groupOf.get(node);
    if (groupName === undefined) throw new Error(`node ${node} belongs to no node group`);
    const g = this.group(groupName);
    if (g.target - 1 < g.spec.min) throw new Error(`min size reached, nodes will not be deleted`);
    g.target -= 1;
    g.instances = g.instances.filter((n) => n !== node);
    this.groupOf.delete(node);
    this.clock.after(MACHINE_DELETION_DELAY_MS, () => this.machines.removeNode(node, cause), `cloud: machine ${node} gone`);
  }

  private group(name: string): Group {
    const g = this.groups.get(name);
    if (g === undefined) throw new Error(`no node group "${name}"`);
    return g;
  }
}

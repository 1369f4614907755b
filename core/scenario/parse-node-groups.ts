import { isDns1123Label } from '../api/names.js';
import { MAX_NODES } from './limits.js';
import { parseShape } from './parse-cluster.js';
import { describe, type ParseContext } from './parse-context.js';
import type { PathPart } from './source.js';
import type { NodeGroupSpec, NodeSpec } from './types.js';

/**
 * How long a cloud takes from the autoscaler's resize call to the new machine's kubelet
 * registering its Node. Real clouds take one to three minutes (GCE and EKS managed groups
 * are typically 60-120 s); a minute keeps stories short while staying in that range.
 */
export const DEFAULT_PROVISIONING_DELAY_MS = 60_000;

/**
 * upstream --max-node-provision-time (15 min): a node that has not registered by then is
 * treated as a failed scale-up. Failed provisioning is not simulated, so a longer delay is
 * refused rather than silently turned into something the autoscaler would give up on.
 */
export const MAX_NODE_PROVISION_TIME_MS = 15 * 60_000;

/**
 * spec.cluster.nodeGroups: the cloud's instance groups the cluster-autoscaler may resize,
 * each {name, min, max, cpu, memory, pods, labels, taints, provisioningDelay}.
 */
export function parseNodeGroups(ctx: ParseContext, cluster: unknown): NodeGroupSpec[] {
  if (cluster === null || typeof cluster !== 'object' || Array.isArray(cluster)) return [];
  const value = (cluster as Record<string, unknown>).nodeGroups;
  const at: PathPart[] = ['spec', 'cluster', 'nodeGroups'];
  const seen = new Set<string>();
  return ctx.list(value, at, 'node groups').flatMap((g, i) => {
    const p: PathPart[] = [...at, i];
    const group = ctx.map(g, p, 'a node group mapping ({name, min, max, cpu, memory, pods, labels, taints, provisioningDelay})');
    if (group === undefined) return [];
    ctx.keys(group, p, ['name', 'min', 'max', 'cpu', 'memory', 'pods', 'labels', 'taints', 'provisioningDelay']);
    const name = ctx.str(group.name, [...p, 'name'], true) ?? '';
    // Its machines are named <group>-<n>: the group name leaves room for the suffix in a 63-character label.
    if (name !== '' && (!isDns1123Label(name) || name.length > 56)) ctx.problem([...p, 'name'], `invalid node group name "${name}" (lowercase letters, digits and '-', at most 56 characters)`);
    if (seen.has(name)) ctx.problem([...p, 'name'], `duplicate node group name "${name}"`);
    seen.add(name);
    const min = count(ctx, group.min, [...p, 'min'], 0);
    const max = count(ctx, group.max, [...p, 'max'], undefined);
    if (min !== undefined && max !== undefined && min > max) ctx.problem([...p, 'min'], `min ${min} is above max ${max}`);
    let provisioningDelayMs = DEFAULT_PROVISIONING_DELAY_MS;
    if (group.provisioningDelay !== undefined) {
      const ms = ctx.duration(group.provisioningDelay, [...p, 'provisioningDelay']);
      if (ms !== undefined && ms > MAX_NODE_PROVISION_TIME_MS) ctx.problem([...p, 'provisioningDelay'], `provisioning delay ${String(group.provisioningDelay)} is over the autoscaler's max-node-provision-time of 15m`);
      else if (ms !== undefined) provisioningDelayMs = ms;
    }
    return [{ name, min: min ?? 0, max: max ?? 0, shape: parseShape(ctx, group, p), provisioningDelayMs }];
  });
}

function count(ctx: ParseContext, v: unknown, at: PathPart[], fallback: number | undefined): number | undefined {
  if (v === undefined) {
    if (fallback === undefined) ctx.problem(at, 'required (the most nodes the group may have, e.g. 10)');
    return fallback;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_NODES) {
    ctx.problem(at, `invalid node count ${describe(v)}: 0 to ${MAX_NODES}`);
    return undefined;
  }
  return v;
}

/** The listed nodes, then each group's first `min` machines (<group>-1, <group>-2, ...), which exist from the start. */
export function withGroupNodes(ctx: ParseContext, listed: NodeSpec[], groups: readonly NodeGroupSpec[]): NodeSpec[] {
  const names = new Set(listed.map((n) => n.name));
  const out = [...listed];
  groups.forEach((g, i) => {
    for (let n = 1; n <= g.min; n++) {
      const name = `${g.name}-${n}`;
      if (names.has(name)) ctx.problem(['spec', 'cluster', 'nodeGroups', i, 'name'], `node group ${g.name}'s machine "${name}" has the name of a listed node`);
      names.add(name);
      out.push({ name, ...g.shape, labels: { ...g.shape.labels }, taints: g.shape.taints.map((t) => ({ ...t })), nodeGroup: g.name });
    }
  });
  if (out.length > MAX_NODES) ctx.problem(['spec', 'cluster', 'nodeGroups'], `${out.length} nodes with the groups' minimums: at most ${MAX_NODES}`);
  return out;
}

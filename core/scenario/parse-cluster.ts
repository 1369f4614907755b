import { isDns1123Subdomain } from '../api/names.js';
import { CONTROL_PLANE_NODE } from '../sim/kubeadm/control-plane-node.js';
import { parseQuantity } from '../api/quantity.js';
import { MAX_NODES } from './limits.js';
import { describe, type ParseContext } from './parse-context.js';
import type { PathPart } from './source.js';
import type { ClusterOptions, NodeSpec, Taint } from './types.js';
import { parseKubeletConfig } from './parse-kubelet-config.js';

/** spec.cluster keys that are durations, and the ClusterOptions field each sets (in ms). */
const DURATION_OPTIONS: ReadonlyArray<[string, 'imagePullMs' | 'nodeMonitorGracePeriodMs' | 'kubeProxyLagMs' | 'requestLatencyMs']> = [
  ['imagePullTime', 'imagePullMs'],
  ['nodeMonitorGracePeriod', 'nodeMonitorGracePeriodMs'],
  ['kubeProxyLag', 'kubeProxyLagMs'],
  ['requestLatency', 'requestLatencyMs'],
];

/**
 * spec.cluster: a node count or a list of nodes with capacity, labels and taints, and
 * with `controlPlane: true` a kubeadm control-plane node in front of them.
 */
export function parseCluster(ctx: ParseContext, value: unknown): NodeSpec[] {
  const at: PathPart[] = ['spec', 'cluster'];
  if (value === undefined) return defaultNodes(3);
  const cluster = ctx.map(value, at, 'a mapping') ?? {};
  ctx.keys(cluster, at, ['nodes', 'controlPlane', 'missingImages', 'kubelet', 'nodeGroups', ...DURATION_OPTIONS.map(([key]) => key)]);
  if (cluster.controlPlane !== undefined && typeof cluster.controlPlane !== 'boolean') {
    ctx.problem([...at, 'controlPlane'], `expected true or false, got ${describe(cluster.controlPlane)}`);
  }
  const workers = parseNodes(ctx, cluster.nodes, at);
  if (cluster.controlPlane !== true) return workers;
  const clash = workers.findIndex((n) => n.name === CONTROL_PLANE_NODE);
  if (clash >= 0) ctx.problem([...at, 'nodes', clash, 'name'], `duplicate node name "${CONTROL_PLANE_NODE}": controlPlane: true adds a node of that name`);
  return [{ name: CONTROL_PLANE_NODE, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [], controlPlane: true }, ...workers];
}

function parseNodes(ctx: ParseContext, nodes: unknown, at: PathPart[]): NodeSpec[] {
  if (nodes === undefined) return defaultNodes(3);
  if (typeof nodes === 'number') {
    if (!Number.isInteger(nodes) || nodes < 0 || nodes > MAX_NODES) {
      ctx.problem([...at, 'nodes'], `invalid node count ${nodes}: 0 to ${MAX_NODES}`);
      return [];
    }
    return defaultNodes(nodes);
  }
  if (!Array.isArray(nodes)) {
    ctx.problem([...at, 'nodes'], `expected a count or a list of nodes, got ${describe(nodes)}`);
    return [];
  }
  if (nodes.length > MAX_NODES) {
    ctx.problem([...at, 'nodes'], `${nodes.length} nodes listed: at most ${MAX_NODES}`);
    return [];
  }
  const seen = new Set<string>();
  return nodes.flatMap((n, i) => {
    const p: PathPart[] = [...at, 'nodes', i];
    const node = ctx.map(n, p, 'a node mapping ({name, cpu, memory, pods, labels, taints})');
    if (node === undefined) return [];
    ctx.keys(node, p, ['name', 'cpu', 'memory', 'pods', 'labels', 'taints']);
    const name = ctx.str(node.name, [...p, 'name'], false) ?? `node-${i + 1}`;
    if (!isDns1123Subdomain(name)) ctx.problem([...p, 'name'], `invalid node name "${name}"`);
    if (seen.has(name)) ctx.problem([...p, 'name'], `duplicate node name "${name}"`);
    seen.add(name);
    return [{ name, ...parseShape(ctx, node, p) }];
  });
}

/** A machine's shape: cpu, memory and pod capacity, labels and taints (a listed node's or a node group's). */
export function parseShape(ctx: ParseContext, node: Record<string, unknown>, p: PathPart[]): Omit<NodeSpec, 'name'> {
  const cpu = node.cpu === undefined ? '4' : String(node.cpu);
  if (parseQuantity(cpu) === undefined) ctx.problem([...p, 'cpu'], `invalid quantity ${JSON.stringify(node.cpu)} (e.g. "4", "3500m")`);
  const memory = node.memory === undefined ? '8Gi' : String(node.memory);
  if (parseQuantity(memory) === undefined) ctx.problem([...p, 'memory'], `invalid quantity ${JSON.stringify(node.memory)} (e.g. 8Gi)`);
  const pods = node.pods === undefined ? 110 : node.pods;
  if (typeof pods !== 'number' || !Number.isInteger(pods) || pods < 0) ctx.problem([...p, 'pods'], `invalid pod capacity ${JSON.stringify(pods)}`);
  const labels = parseLabels(ctx, node.labels, [...p, 'labels']);
  const taints = parseTaints(ctx, node.taints, [...p, 'taints']);
  return { cpu, memory, pods: typeof pods === 'number' ? pods : 110, labels, taints };
}

/** spec.cluster's knobs besides nodes: images that cannot be pulled, and the durations above. */
export function parseClusterOptions(ctx: ParseContext, value: unknown): ClusterOptions {
  const at: PathPart[] = ['spec', 'cluster'];
  const out: ClusterOptions = { missingImages: [], nodeGroups: [] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  const c = value as Record<string, unknown>;
  out.missingImages = ctx.list(c.missingImages, [...at, 'missingImages'], 'images').flatMap((v, i) => {
    const s = ctx.str(v, [...at, 'missingImages', i], true);
    return s === undefined ? [] : [s];
  });
  for (const [key, field] of DURATION_OPTIONS) {
    if (c[key] === undefined) continue;
    const ms = ctx.duration(c[key], [...at, key]);
    if (ms !== undefined) out[field] = ms;
  }
  const eviction = parseKubeletConfig(ctx, c.kubelet);
  if (eviction !== undefined) out.eviction = eviction;
  return out;
}

function parseLabels(ctx: ParseContext, value: unknown, at: PathPart[]): Record<string, string> {
  if (value === undefined) return {};
  const m = ctx.map(value, at, 'a mapping of label keys to values');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m ?? {})) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') ctx.problem([...at, k], `label values are strings, got ${describe(v)}`);
    else out[k] = String(v);
  }
  return out;
}

function parseTaints(ctx: ParseContext, value: unknown, at: PathPart[]): Taint[] {
  const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
  return ctx.list(value, at, 'taints').flatMap((t, i) => {
    const p = [...at, i];
    const taint = ctx.map(t, p, 'a taint {key, value, effect}');
    if (taint === undefined) return [];
    ctx.keys(taint, p, ['key', 'value', 'effect']);
    const key = ctx.str(taint.key, [...p, 'key'], true) ?? '';
    if (!effects.includes(String(taint.effect))) {
      ctx.problem([...p, 'effect'], `unsupported effect ${describe(taint.effect)}: NoSchedule, PreferNoSchedule or NoExecute`);
      return [];
    }
    return [{ key, ...(taint.value !== undefined ? { value: String(taint.value) } : {}), effect: taint.effect as Taint['effect'] }];
  });
}

export function defaultNodes(n: number): NodeSpec[] {
  return Array.from({ length: n }, (_, i) => ({ name: `node-${i + 1}`, cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] }));
}

import type { KObject } from '../api/types.js';
import type { KubectlCommand } from '../kubectl/command.js';
import { MAX_REPLICAS } from './limits.js';

/** The replica counts a manifest asks for, each with the field that says it. */
function replicaFields(obj: KObject): Array<{ field: string; value: unknown }> {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
      return spec.replicas === undefined ? [] : [{ field: 'spec.replicas', value: spec.replicas }];
    case 'HorizontalPodAutoscaler':
      return spec.maxReplicas === undefined ? [] : [{ field: 'spec.maxReplicas', value: spec.maxReplicas }];
    default:
      return [];
  }
}

/** What is over MAX_REPLICAS in these manifests, one message each. */
export function replicaProblems(objects: readonly KObject[]): string[] {
  const out: string[] = [];
  for (const obj of objects) {
    for (const { field, value } of replicaFields(obj)) {
      if (typeof value === 'number' && value > MAX_REPLICAS) {
        out.push(`${obj.kind} ${obj.metadata?.name ?? obj.metadata?.generateName ?? ''}: ${field} ${value} is over the limit of ${MAX_REPLICAS.toLocaleString('en-US')} replicas`);
      }
    }
  }
  return out;
}

/** The replica count a kubectl line sets, if any (create deployment, scale). */
export function commandReplicas(command: KubectlCommand): number | undefined {
  return command.verb === 'create-deployment' || command.verb === 'scale' ? command.replicas : undefined;
}

/**
 * Replicas per workload (namespace/name) the manifests ask for, merged into `into` keeping
 * the largest: what the run estimate counts pods from. A bare Pod counts as one.
 */
export function collectReplicas(objects: readonly KObject[], into: Map<string, number>): void {
  for (const obj of objects) {
    const key = `${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name ?? obj.metadata?.generateName ?? ''}`;
    let n: number | undefined;
    if (obj.kind === 'Pod') n = 1;
    else if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet') {
      const r = (obj.spec as Record<string, unknown> | undefined)?.replicas;
      n = typeof r === 'number' && Number.isFinite(r) ? Math.max(0, r) : 1;
    }
    if (n !== undefined) into.set(key, Math.max(into.get(key) ?? 0, n));
  }
}

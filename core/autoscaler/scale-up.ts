import type { KObject } from '../api/types.js';
import { controllerOf } from '../controllers/controller-ref.js';
import type { NodeGroupSpec } from '../scenario/types.js';
import type { Rng } from '../sim/rng.js';
import { estimate } from './binpacking-estimator.js';
import { Snapshot } from './snapshot.js';

/** skippedreasons.go */
export const MAX_LIMIT_REACHED = 'max node group size reached';

/** nodegroupset.ScaleUpInfo; String() is `{<group> <current>-><new> (max: <max>)}`. */
export interface ScaleUpInfo {
  group: string;
  currentSize: number;
  newSize: number;
  maxSize: number;
}

export function scaleUpInfoText(infos: readonly ScaleUpInfo[]): string {
  return `[${infos.map((s) => `{${s.group} ${s.currentSize}->${s.newSize} (max: ${s.maxSize})}`).join(' ')}]`;
}

export interface NoScaleUp {
  pod: Readonly<KObject>;
  /** group -> the filter reasons its template node gave */
  rejected: Map<string, string[]>;
  /** group -> why it was not considered */
  skipped: Map<string, string[]>;
}

export interface ScaleUpResult {
  result: 'Successful' | 'NoOptionsAvailable' | 'NotNeeded';
  infos: ScaleUpInfo[];
  triggered: Array<Readonly<KObject>>;
  remaining: NoScaleUp[];
}

export interface ScaleUpInput {
  groups: readonly NodeGroupSpec[];
  targetSize: (group: string) => number;
  /** adds the group's template node, with its DaemonSet pods, under `name` */
  addTemplate: (group: NodeGroupSpec, snapshot: Snapshot, name: string) => void;
  maxNodesPerScaleUp: number;
  rng: Rng;
}

/**
 * ScaleUpOrchestrator.ScaleUp (core/scaleup/orchestrator): the pending pods in
 * equivalence groups; node groups at their max skipped; for each other group, which
 * pods its template node could take (the rest get the template's filter reasons) and
 * the binpacking estimate of how many nodes; the `random` expander (upstream's default,
 * here drawn from the autoscaler's seeded stream) picks one option; its count is capped
 * at the group's max. What it does not decide is executed by the caller.
 */
export function planScaleUp(pending: ReadonlyArray<Readonly<KObject>>, input: ScaleUpInput): ScaleUpResult {
  if (pending.length === 0) return { result: 'NotNeeded', infos: [], triggered: [], remaining: [] };
  const egs = equivalenceGroups(pending).map((pods) => ({ pods, schedulable: false, errors: new Map<string, string[]>() }));
  const skipped = new Map<string, string[]>();
  const options: Array<{ group: NodeGroupSpec; nodeCount: number; pods: Array<Readonly<KObject>> }> = [];
  for (const group of input.groups) {
    const target = input.targetSize(group.name);
    if (target >= group.max) {
      skipped.set(group.name, [MAX_LIMIT_REACHED]);
      continue;
    }
    const probe = new Snapshot();
    const templateName = `template-node-for-${group.name}`;
    input.addTemplate(group, probe, templateName);
    const fitting: Array<ReadonlyArray<Readonly<KObject>>> = [];
    for (const eg of egs) {
      const err = probe.check(eg.pods[0] as KObject, templateName);
      if (err === undefined) {
        eg.schedulable = true;
        fitting.push(eg.pods);
      } else eg.errors.set(group.name, err.reasons);
    }
    if (fitting.length === 0) continue;
    const est = estimate(fitting, (s, name) => input.addTemplate(group, s, name), Math.min(input.maxNodesPerScaleUp, group.max - target));
    if (est.nodeCount > 0 && est.pods.length > 0) options.push({ group, ...est });
  }
  const remaining = (): NoScaleUp[] => egs.filter((eg) => !eg.schedulable).flatMap((eg) => eg.pods.map((pod) => ({ pod, rejected: eg.errors, skipped })));
  if (options.length === 0) return { result: 'NoOptionsAvailable', infos: [], triggered: [], remaining: remaining() };
  const best = input.rng.pick(options);
  const current = input.targetSize(best.group.name);
  const newSize = Math.min(best.group.max, current + best.nodeCount);
  return { result: 'Successful', infos: [{ group: best.group.name, currentSize: current, newSize, maxSize: best.group.max }], triggered: best.pods, remaining: remaining() };
}

/**
 * ReasonsMessage: each reason counted over the node groups that gave it, "1 max node
 * group size reached, 2 Insufficient cpu". Upstream joins them in Go map order (random);
 * here they are sorted so a recording is the same for a seed.
 */
export function reasonsMessage(info: NoScaleUp): string {
  const counts = new Map<string, number>();
  for (const reasons of [...info.rejected.values(), ...info.skipped.values()]) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

/** equivalence.BuildPodGroups: pods of one controller with the same spec are tried once. */
export function equivalenceGroups(pods: ReadonlyArray<Readonly<KObject>>): Array<Array<Readonly<KObject>>> {
  const groups = new Map<string, Array<Readonly<KObject>>>();
  for (const pod of pods) {
    const owner = controllerOf(pod)?.uid;
    const { nodeName: _n, ...spec } = pod.spec ?? {};
    const key = owner === undefined ? `pod:${pod.metadata.uid ?? pod.metadata.name ?? ''}` : `${owner}:${JSON.stringify(spec)}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    g.push(pod);
  }
  return [...groups.values()];
}

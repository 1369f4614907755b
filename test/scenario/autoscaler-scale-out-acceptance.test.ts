import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers.js';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: autoscaler-scale-out grows the pool for pods that do not fit, then removes the unneeded nodes', () => {
  const story = recordStory('autoscaler-scale-out');
  const { rows, obj, bySeq } = story;
  const events = (reason: string): Row[] => rows.filter((r) => r.kind === 'Event' && r.verb === 'create' && r.reason === reason);
  const nodeRows = (verb: string): Row[] => rows.filter((r) => r.kind === 'Node' && r.verb === verb && r.name.startsWith('pool-'));
  const scaledTo30 = rows.find((r) => r.kind === 'Event' && r.reason === 'ScalingReplicaSet' && /to 30 from 3/.test(r.message ?? ''))!;

  it('passes its expectations: 30 ready at 3m, 6 at the end', () => {
    expect(story.result.expectations.every((e) => e.passed)).toBe(true);
    expect(story.result.warnings).toEqual([]);
  });

  it('the next 10 s scan after the pods went Unschedulable scales the pool 1 -> 4: 23 pods binpacked 8 to a 4-cpu node', () => {
    const triggered = events('TriggeredScaleUp');
    // pool-1 takes 7 more web pods (3 were there, a 100m CoreDNS too): 30 - 7 = 23 pending; 8 x 500m fit a template node, so ceil(23 / 8) = 3 new nodes.
    expect(triggered.length).toBe(23);
    for (const t of triggered) expect(t.message).toBe('pod triggered scale-up: [{pool 1->4 (max: 10)}]');
    const firstUnschedulable = rows.find((r) => r.kind === 'Pod' && r.reason === 'FailedScheduling' && r.time_ms > scaledTo30.time_ms)!;
    const at = triggered[0]!.time_ms;
    expect(new Set(triggered.map((t) => t.time_ms))).toEqual(new Set([at]));
    expect(at % 10_000).toBe(0);
    expect(at).toBeGreaterThan(firstUnschedulable.time_ms);
    expect(at - firstUnschedulable.time_ms).toBeLessThanOrEqual(10_000);
    // Each event is caused by a write to its pod (the scheduler's Unschedulable condition or later).
    for (const t of triggered) expect(bySeq.get(t.cause_seq ?? -1)?.kind).toBe('Pod');
    const log = events('ScaledUpGroup').map((r) => r.message);
    expect(log).toEqual(['Scale-up: setting group pool size to 4 instead of 1 (max: 10)', 'Scale-up: group pool size set to 4 instead of 1 (max: 10)']);
  });

  it('the three machines register 60 s (the provisioning delay) later, caused by the scale-up, and every pod runs', () => {
    const up = events('TriggeredScaleUp')[0]!.time_ms;
    const created = nodeRows('create').filter((r) => r.time_ms > 0);
    expect(created.map((r) => r.name)).toEqual(['pool-2', 'pool-3', 'pool-4']);
    for (const n of created) {
      expect(n.time_ms).toBe(up + 60_000);
      expect(bySeq.get(n.cause_seq ?? -1)?.reason).toBe('ScaledUpGroup');
    }
    const ready30 = rows.find((r) => r.kind === 'Deployment' && r.subresource === 'status' && obj(r).status?.readyReplicas === 30)!;
    expect(ready30.time_ms).toBeGreaterThan(up + 60_000);
    expect(ready30.time_ms).toBeLessThan(up + 60_000 + 30_000);
  });

  it('a pod bigger than the machine shape gets NotTriggerScaleUp with the template filter reason', () => {
    const not = rows.filter((r) => r.kind === 'Event' && r.reason === 'NotTriggerScaleUp');
    expect(not.length).toBeGreaterThan(0);
    for (const r of not) expect(obj(r).involvedObject.name).toBe('too-big');
    expect(not[0]!.message).toBe("pod didn't trigger scale-up: 1 Insufficient cpu");
  });

  it('nodes left under 50% after the scale-in are soft-tainted, then after 10 min unneeded tainted ToBeDeleted and removed', () => {
    const scaledIn = rows.find((r) => r.kind === 'Event' && r.reason === 'ScalingReplicaSet' && /to 6 from 30/.test(r.message ?? ''))!;
    const soft = rows.filter((r) => r.kind === 'Node' && r.reason === 'ScaleDownCandidate' && (obj(r).spec.taints ?? []).some((t: any) => t.key === 'DeletionCandidateOfClusterAutoscaler' && t.effect === 'PreferNoSchedule'));
    expect(soft.map((r) => r.name).sort()).toEqual(['pool-2', 'pool-3', 'pool-4']);
    const unneededAt = soft[0]!.time_ms;
    expect(unneededAt - scaledIn.time_ms).toBeLessThanOrEqual(10_000);
    const hard = rows.filter((r) => r.kind === 'Node' && r.verb === 'update' && r.reason === 'ScaleDown');
    expect(hard.map((r) => r.name)).toEqual(['pool-2', 'pool-3', 'pool-4']);
    for (const h of hard) {
      const taint = obj(h).spec.taints.find((t: any) => t.key === 'ToBeDeletedByClusterAutoscaler');
      expect(taint.effect).toBe('NoSchedule');
      expect(Number(taint.value)).toBe(Date.UTC(2026, 0, 1) / 1000 + h.time_ms / 1000);
      // scale-down-unneeded-time: 10 minutes unneeded, removed at the first scan after.
      expect(h.time_ms - unneededAt).toBeGreaterThanOrEqual(600_000);
      expect(h.time_ms - unneededAt).toBeLessThan(610_000);
    }
    const marked = events('ScaleDown').filter((r) => r.message === 'marked the node as toBeDeleted/unschedulable');
    expect(marked.map((r) => obj(r).involvedObject.name)).toEqual(['pool-2', 'pool-3', 'pool-4']);
    expect(nodeRows('delete').map((r) => r.name).sort()).toEqual(['pool-2', 'pool-3', 'pool-4']);
    const removed = events('ScaleDown').filter((r) => r.message === 'nodes removed by cluster autoscaler');
    expect(removed.length).toBe(3);
  });

  it('the node with a pod on it is drained through the Eviction API within the PodDisruptionBudget before it goes', () => {
    const evictions = rows.filter((r) => r.kind === 'Pod' && r.subresource === 'eviction');
    expect(evictions.length).toBe(1);
    const ev = evictions[0]!;
    expect(ev.actor).toBe('cluster-autoscaler');
    const pod = ev.name;
    const deleting = rows.find((r) => r.kind === 'Event' && r.reason === 'ScaleDown' && r.message === 'deleting pod for node scale down')!;
    expect(obj(deleting).involvedObject.name).toBe(pod);
    // 5 s after the taint (node-delete-delay-after-taint).
    const taint = rows.find((r) => r.kind === 'Node' && r.reason === 'ScaleDown' && r.name === 'pool-3')!;
    expect(ev.time_ms - taint.time_ms).toBe(5_000);
    const pdb = rows.find((r) => r.kind === 'PodDisruptionBudget' && r.time_ms === ev.time_ms && r.actor === 'cluster-autoscaler')!;
    expect(pdb.reason).toBe('Eviction');
    const log = rows.filter((r) => r.kind === 'Event' && r.reason === 'ScaleDown' && (r.message ?? '').startsWith('Scale-down:')).map((r) => r.message);
    // Utilization is requests over allocatable: 500m of 4 cpu, 256Mi of 8Gi - 100Mi (the hard eviction threshold) = 8092Mi.
    expect(log).toEqual([`Scale-down: removing node pool-3, utilization: {0.125 ${256 / 8092} 0 0 cpu 0.125}, pods to reschedule: ${pod}`, 'Scale-down: node pool-3 removed with drain']);
    const gone = nodeRows('delete').find((r) => r.name === 'pool-3')!;
    expect(gone.time_ms).toBeGreaterThan(ev.time_ms);
  });

  it('the status ConfigMap is v1.32 YAML: InProgress while the machines come, counts and target as the cloud has them', () => {
    const cms = rows.filter((r) => r.kind === 'ConfigMap' && r.name === 'cluster-autoscaler-status');
    expect(cms[0]!.namespace).toBe('kube-system');
    const statuses = cms.map((r) => ({ t: r.time_ms, s: parse(obj(r).data.status), ann: obj(r).metadata.annotations['cluster-autoscaler.kubernetes.io/last-updated'] }));
    expect(statuses[0]!.s.autoscalerStatus).toBe('Initializing');
    const up = events('TriggeredScaleUp')[0]!.time_ms;
    const during = statuses.find((s) => s.t === up)!;
    expect(during.s.clusterWide.scaleUp.status).toBe('InProgress');
    expect(during.s.nodeGroups[0]).toMatchObject({ name: 'pool', health: { cloudProviderTarget: 4, minSize: 1, maxSize: 10, nodeCounts: { unregistered: 3, registered: { total: 1 } } } });
    expect(during.ann).toBe(during.s.time);
    expect(during.s.time).toBe(`2026-01-01 00:00:${String(up / 1000).padStart(2, '0')} +0000 UTC`);
    const last = statuses[statuses.length - 1]!.s;
    expect(last.autoscalerStatus).toBe('Running');
    expect(last.nodeGroups[0].health.cloudProviderTarget).toBe(1);
    expect(last.clusterWide.scaleDown.status).toBe('NoCandidates');
    // Keys as sigs.k8s.io/yaml writes them: alphabetical.
    expect(Object.keys(last)).toEqual(['autoscalerStatus', 'clusterWide', 'nodeGroups', 'time']);
  });

  it('records the same bytes for the same seed', () => {
    const again = runScenario(loadScenario(path.join(ROOT, 'recordings', 'autoscaler-scale-out.yaml')), { output: path.join(tmpDir(), 'again.db') });
    expect(again.head).toBe(story.result.head);
  });
});

import { describe, expect, it } from 'vitest';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: daemonset-rollout', () => {
  const { result, rows, obj, bySeq } = recordStory('daemonset-rollout');
  const agentPods = rows.filter((r) => r.kind === 'Pod' && r.namespace === 'default');
  const nodeOf = (r: Row): string => obj(r).spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0];
  const isReady = (o: any): boolean => (o.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
  const stepAt = (ms: number): Row => rows.find((r) => r.actor === 'kubectl' && r.time_ms === ms) as Row;

  it('passes its expectations', () => {
    expect(result.expectations.length).toBe(5);
    for (const e of result.expectations) expect(e.passed, `${e.expectation.label}: ${e.details.join('; ')}`).toBe(true);
  });

  it('node-4 joins and gets its node-agent pod and its kube-proxy pod, each caused by the Node registering', () => {
    const registered = rows.find((r) => r.kind === 'Node' && r.name === 'node-4' && r.verb === 'create') as Row;
    expect(registered.time_ms).toBe(30_000);
    const created = rows.filter((r) => r.kind === 'Pod' && r.verb === 'create' && r.cause_seq === registered.seq);
    expect(created.map((r) => [r.namespace, r.actor, nodeOf(r)]).sort()).toEqual([
      ['default', 'daemonset-controller', 'node-4'],
      ['kube-system', 'daemonset-controller', 'node-4'],
    ]);
    // Each pinned to node-4 by node affinity; the default scheduler binds it there.
    for (const pod of created) {
      const bound = rows.find((r) => r.name === pod.name && r.subresource === 'binding') as Row;
      expect(bound.actor).toBe('scheduler');
      expect(obj(bound).spec.nodeName).toBe('node-4');
    }
    const desired = rows.filter((r) => r.kind === 'DaemonSet' && r.name === 'node-agent' && r.subresource === 'status' && r.cause_seq === registered.seq);
    expect(obj(desired[0] as Row).status.desiredNumberScheduled).toBe(4);
  });

  it('the rolling update replaces pods node by node: old pod deleted, its replacement Ready, then the next node', () => {
    const start = stepAt(60_000).seq;
    const end = stepAt(150_000).seq;
    const window = agentPods.filter((r) => r.seq > start && r.seq < end);
    const deletes = window.filter((r) => r.actor === 'daemonset-controller' && r.reason === 'SuccessfulDelete');
    expect(deletes.map((r) => nodeOf(r))).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
    for (let i = 0; i < deletes.length; i++) {
      const del = deletes[i] as Row;
      const node = nodeOf(del);
      const replacement = window.find((r) => r.verb === 'create' && r.seq > del.seq && nodeOf(r) === node) as Row;
      expect(obj(replacement).spec.containers[0].image).toBe('fluent/fluent-bit:3.1.4');
      // The replacement comes only once the old pod is gone (one pod per node without surge).
      const gone = window.find((r) => r.name === del.name && r.verb === 'delete') as Row;
      expect(gone.seq).toBeLessThan(replacement.seq);
      const ready = window.find((r) => r.name === replacement.name && isReady(obj(r))) as Row;
      const next = deletes[i + 1];
      if (next !== undefined) {
        expect(next.seq).toBeGreaterThan(ready.seq);
        expect(next.cause_seq, 'the next node goes because this one turned Ready').toBe(ready.seq);
      }
    }
  });

  it('maxUnavailable 1: at no instant of the rollout do two nodes lack an available node-agent pod', () => {
    const pods = new Map<string, any>();
    let worst = 0;
    for (const r of agentPods) {
      if (r.verb === 'delete') pods.delete(r.name);
      else pods.set(r.name, obj(r));
      if (r.time_ms < 60_000) continue;
      const nodes = ['node-1', 'node-2', 'node-3', 'node-4'];
      const lacking = nodes.filter((n) => ![...pods.values()].some((p) => p.spec.nodeName === n && p.metadata.deletionTimestamp === undefined && isReady(p)));
      worst = Math.max(worst, lacking.length);
    }
    expect(worst).toBe(1);
  });

  it('ControllerRevisions: revision 1 and 2, then the undo reuses revision 1 as revision 3; the pods carry its hash', () => {
    const revisions = rows.filter((r) => r.kind === 'ControllerRevision' && r.namespace === 'default');
    const created = revisions.filter((r) => r.verb === 'create');
    expect(created.map((r) => [r.time_ms, obj(r).revision])).toEqual([
      [5_001, 1],
      [60_001, 2],
    ]);
    const first = obj(created[0] as Row);
    expect(first.metadata.name).toBe(`node-agent-${first.metadata.labels['controller-revision-hash']}`);
    expect(first.metadata.ownerReferences[0]).toMatchObject({ kind: 'DaemonSet', name: 'node-agent', controller: true });
    const renumbered = revisions.find((r) => r.reason === 'RevisionRenumbered') as Row;
    expect(renumbered.name).toBe(first.metadata.name);
    expect(obj(renumbered).revision).toBe(3);
    expect(renumbered.cause_seq).toBe(stepAt(150_000).seq);
    const hash = first.metadata.labels['controller-revision-hash'];
    const final = new Map<string, any>();
    for (const r of agentPods) (r.verb === 'delete' ? final.delete(r.name) : final.set(r.name, obj(r)));
    expect([...final.values()].map((p) => p.metadata.labels['controller-revision-hash'])).toEqual([hash, hash, hash, hash]);
    expect([...final.values()].map((p) => p.metadata.labels['pod-template-generation'])).toEqual(['3', '3', '3', '3']);
  });

  it("kubectl rollout undo --to-revision=1 applies revision 1's data (upstream's getPatch: sorted keys, creationTimestamp null) and the controller numbers it 3", () => {
    const first = obj(rows.find((r) => r.kind === 'ControllerRevision' && r.namespace === 'default' && r.verb === 'create') as Row);
    expect(first.data.spec.template.$patch).toBe('replace');
    expect(first.data.spec.template.metadata.creationTimestamp).toBeNull();
    const undo = rows.find((r) => r.actor === 'kubectl' && r.kind === 'DaemonSet' && r.time_ms === 150_000) as Row;
    const { $patch: _, ...wanted } = first.data.spec.template;
    expect(obj(undo).spec.template).toEqual(wanted);
    const renumbered = rows.filter((r) => r.kind === 'ControllerRevision' && r.namespace === 'default' && r.name === first.metadata.name).at(-1) as Row;
    expect(obj(renumbered).revision).toBe(3);
  });

  it("every write of the DaemonSet controller carries its cause, and its status counts follow the pods", () => {
    const own = rows.filter((r) => r.actor === 'daemonset-controller');
    expect(own.length).toBeGreaterThan(50);
    expect(own.filter((r) => r.cause_seq === null)).toEqual([]);
    for (const r of own) expect(bySeq.get(r.cause_seq as number)?.seq).toBeLessThan(r.seq);
    const last = obj(rows.filter((r) => r.kind === 'DaemonSet' && r.name === 'node-agent').at(-1) as Row);
    expect(last.status).toEqual({ currentNumberScheduled: 4, numberMisscheduled: 0, desiredNumberScheduled: 4, numberReady: 4, observedGeneration: 3, updatedNumberScheduled: 4, numberAvailable: 4 });
  });
});

import { describe, expect, it } from 'vitest';
import { recordStory, type Row } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: statefulset-ordered', () => {
  const { result, rows, obj, bySeq } = recordStory('statefulset-ordered');
  // The story's pods (kube-system's CoreDNS pods start at bootstrap too).
  const pods = rows.filter((r) => r.kind === 'Pod' && r.namespace === 'default');
  const ready = (r: Row): boolean => (obj(r).status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
  /** The first write after `from` where this pod (any uid) is Ready. */
  const readyAt = (name: string, from = 0): Row => pods.find((r) => r.name === name && r.time_ms >= from && r.verb !== 'delete' && ready(r)) as Row;
  const created = (name: string, from = 0): Row => pods.find((r) => r.name === name && r.verb === 'create' && r.time_ms >= from) as Row;
  const image = (r: Row): string => obj(r).spec.containers[0].image;
  const chainTo = (seq: number): Row[] => {
    const chain: Row[] = [];
    for (let r = bySeq.get(seq); r !== undefined; r = r.cause_seq === null ? undefined : bySeq.get(r.cause_seq)) chain.unshift(r);
    return chain;
  };

  it('passes its expectations', () => {
    expect(result.expectations.map((e) => e.details.join('; ')).filter((_, i) => !result.expectations[i]?.passed)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('scale 0 -> 3 goes one by one: web-1 is created only after web-0 is Ready, web-2 only after web-1', () => {
    const scale = rows.find((r) => r.reason === 'Scale' && r.actor === 'kubectl') as Row;
    const [c0, c1, c2] = ['web-0', 'web-1', 'web-2'].map((n) => created(n));
    const [r0, r1] = ['web-0', 'web-1'].map((n) => readyAt(n));
    expect(c0!.seq).toBeGreaterThan(scale.seq);
    expect(c1!.seq).toBeGreaterThan(r0!.seq);
    expect(c2!.seq).toBeGreaterThan(r1!.seq);
    // Created by the controller because the previous pod turned Ready: the chain says so.
    expect(bySeq.get(c1!.cause_seq as number)?.name).toBe('web-0');
    expect(bySeq.get(c1!.cause_seq as number)?.reason).toBe('ContainerReady');
    // Nothing else was created in between: three pod creates before the deletion at 45 s.
    expect(pods.filter((r) => r.verb === 'create' && r.time_ms < 45_000).map((r) => r.name)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('each pod gets its own claim, provisioned on the node the scheduler chose and bound before the pod is bound', () => {
    for (const i of [0, 1, 2]) {
      const claimCreate = rows.find((r) => r.kind === 'PersistentVolumeClaim' && r.name === `data-web-${i}` && r.verb === 'create') as Row;
      const pod = created(`web-${i}`);
      expect(claimCreate.seq).toBeLessThan(pod.seq);
      const binding = pods.find((r) => r.name === `web-${i}` && r.subresource === 'binding') as Row;
      const node = obj(binding).spec.nodeName;
      const selected = rows.find((r) => r.kind === 'PersistentVolumeClaim' && r.name === `data-web-${i}` && r.reason === 'SelectedNode') as Row;
      expect(obj(selected).metadata.annotations['volume.kubernetes.io/selected-node']).toBe(node);
      const pv = rows.find((r) => r.kind === 'PersistentVolume' && r.verb === 'create' && obj(r).spec.claimRef.name === `data-web-${i}`) as Row;
      expect(pv.name).toBe(`pvc-${claimCreate.uid}`);
      expect(pv.actor).toBe('local-path-provisioner');
      expect(obj(pv).spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values).toEqual([node]);
      const bound = rows.find((r) => r.kind === 'PersistentVolumeClaim' && r.name === `data-web-${i}` && r.subresource === 'status' && obj(r).status.phase === 'Bound') as Row;
      expect(bound.seq).toBeGreaterThan(pv.seq);
      expect(binding.seq).toBeGreaterThan(bound.seq);
      // why did that volume appear? the scale, (the pods before it turning Ready,) this pod, the
      // scheduler's choice of node, the binder asking the class's provisioner, the provisioner.
      const chain = chainTo(pv.seq).map((r) => `${r.actor}:${r.reason}`);
      expect(chain[0]).toBe('kubectl:Scale');
      expect(chain.slice(-4)).toEqual(['statefulset-controller:SuccessfulCreate', 'scheduler:SelectedNode', 'persistentvolume-binder:ExternalProvisioning', 'local-path-provisioner:ProvisioningSucceeded']);
      expect(chain.filter((c) => c.endsWith(':ContainerReady')).length).toBe(i);
    }
  });

  it('web-1, deleted at 45 s, comes back with the same name, the same claim and on the same node', () => {
    const before = pods.filter((r) => r.name === 'web-1' && r.time_ms < 45_000 && r.subresource === 'binding').at(-1) as Row;
    const again = created('web-1', 45_000);
    expect(again.uid).not.toBe(before.uid);
    // The same claim; the token volume ServiceAccount admission adds is named anew per pod, as upstream.
    const claims = (p: Record<string, any>): unknown[] => p.spec.volumes.filter((v: { name: string }) => !v.name.startsWith('kube-api-access-'));
    expect(claims(obj(again))).toEqual(claims(obj(before)));
    expect(obj(again).spec.hostname).toBe('web-1');
    const rebound = pods.find((r) => r.uid === again.uid && r.subresource === 'binding') as Row;
    expect(obj(rebound).spec.nodeName).toBe(obj(before).spec.nodeName);
    // No second claim: data-web-1 was created once and never deleted.
    expect(rows.filter((r) => r.kind === 'PersistentVolumeClaim' && r.name === 'data-web-1' && r.verb !== 'update').map((r) => r.verb)).toEqual(['create']);
    expect(readyAt('web-1', 45_000).time_ms).toBeLessThan(70_000);
  });

  it('partition 2 replaces only web-2; partition 0 then replaces web-1 and web-0, from the top, each after the one above is Ready', () => {
    const deletions = rows.filter((r) => r.kind === 'Pod' && r.actor === 'statefulset-controller' && r.reason === 'SuccessfulDelete');
    const during = (from: number, to: number): string[] => deletions.filter((r) => r.time_ms >= from && r.time_ms < to).map((r) => r.name);
    expect(during(70_000, 100_000)).toEqual(['web-2']);
    expect(during(100_000, 140_000)).toEqual(['web-1', 'web-0']);
    const newWeb2 = created('web-2', 70_000);
    expect(image(newWeb2)).toBe('nginx:1.28');
    const d1 = deletions.find((r) => r.name === 'web-1' && r.time_ms >= 100_000) as Row;
    const d0 = deletions.find((r) => r.name === 'web-0' && r.time_ms >= 100_000) as Row;
    expect(d1.seq).toBeGreaterThan(readyAt('web-2', 72_000).seq);
    expect(d0.seq).toBeGreaterThan(readyAt('web-1', 100_000).seq);
    // At 95 s the set reports the partition at work: two pods current, one updated.
    const statusAt = (t: number): any => obj(rows.filter((r) => r.kind === 'StatefulSet' && r.time_ms <= t).at(-1) as Row).status;
    const mid = statusAt(95_000);
    expect(mid.currentRevision).not.toBe(mid.updateRevision);
    expect([mid.currentReplicas, mid.updatedReplicas]).toEqual([2, 1]);
    const done = statusAt(139_000);
    expect(done.currentRevision).toBe(done.updateRevision);
    expect(done.currentReplicas).toBe(3);
    const revisions = rows.filter((r) => r.kind === 'ControllerRevision' && r.verb === 'create' && r.namespace === 'default');
    expect(revisions.map((r) => obj(r).revision)).toEqual([1, 2]);
    expect(revisions.map((r) => r.name)).toEqual([mid.currentRevision, mid.updateRevision]);
  });

  it('scaling to 2 removes web-2 but keeps its claim and volume', () => {
    const gone = rows.find((r) => r.kind === 'Pod' && r.name === 'web-2' && r.verb === 'delete' && r.time_ms >= 140_000);
    expect(gone).toBeDefined();
    expect(rows.some((r) => r.kind === 'PersistentVolumeClaim' && r.name === 'data-web-2' && r.verb === 'delete')).toBe(false);
    expect(rows.some((r) => r.kind === 'PersistentVolume' && r.verb === 'delete')).toBe(false);
  });
});

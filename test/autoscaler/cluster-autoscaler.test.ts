import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import type { NodeGroupSpec } from '../../core/scenario/types.js';
import { cluster, nodeShape, web, type Cluster } from '../controllers/cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

// The pool's machines are tainted for web only, so kube-system's CoreDNS (a kube-system pod without a PDB blocks a
// node's removal, as upstream) stays on node-1.
const TAINT = { key: 'dedicated', value: 'web', effect: 'NoSchedule' as const };
const pool = (min: number, max: number): NodeGroupSpec => ({ name: 'pool', min, max, shape: { cpu: '4', memory: '8Gi', pods: 110, labels: { pool: 'web' }, taints: [TAINT] }, provisioningDelayMs: 60_000 });
const machine = (name: string) => nodeShape(name, '4', { labels: { pool: 'web' }, taints: [TAINT], nodeGroup: 'pool' });
const onPool = { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }], nodeSelector: { pool: 'web' } };

function start(group: NodeGroupSpec, machines: string[]): Cluster {
  return cluster([nodeShape('node-1'), ...machines.map(machine)], { nodeGroups: [group] });
}
const caEvents = (c: Cluster, reason: string): Array<Readonly<KObject>> => c.sim.api.list('Event', {}).items.filter((e) => e.reason === reason && (e.source as { component?: string } | undefined)?.component === 'cluster-autoscaler');
const nodes = (c: Cluster): string[] => c.sim.api.list('Node', {}).items.map((n) => n.metadata.name ?? '').sort();

describe('cluster-autoscaler in a running cluster', () => {
  it('scales up once: while the machines provision, the pods they will take trigger nothing more', () => {
    const c = start(pool(1, 10), ['pool-1']);
    c.kubectl.create(web(12, { container: { resources: { requests: { cpu: '1' } } }, spec: onPool }));
    c.run(59_000);
    // 12 x 1 cpu: pool-1 takes 4, the other 8 need 2 more machines; the 60 s provisioning spans 4 more scans.
    expect(caEvents(c, 'ScaledUpGroup').map((e) => e.message)).toEqual(['Scale-up: setting group pool size to 3 instead of 1 (max: 10)', 'Scale-up: group pool size set to 3 instead of 1 (max: 10)']);
    expect(nodes(c)).toEqual(['node-1', 'pool-1']);
    c.run(90_000);
    expect(nodes(c)).toEqual(['node-1', 'pool-1', 'pool-2', 'pool-3']);
    expect(caEvents(c, 'ScaledUpGroup').length).toBe(2);
    expect(c.pods().filter((p) => p.status?.phase === 'Running').length).toBe(12);
  });

  it('a group at its max: NotTriggerScaleUp "1 max node group size reached"', () => {
    const c = start(pool(1, 1), ['pool-1']);
    c.kubectl.create(web(6, { container: { resources: { requests: { cpu: '1' } } }, spec: onPool }));
    c.run(30_000);
    const not = caEvents(c, 'NotTriggerScaleUp');
    expect(not.length).toBe(2);
    for (const e of not) expect(e.message).toBe("pod didn't trigger scale-up: 1 max node group size reached");
    expect(caEvents(c, 'TriggeredScaleUp')).toEqual([]);
  });

  it('a node whose pod has no controller is kept, with upstream\'s reason; an empty one at the group minimum too', () => {
    const c = start(pool(2, 3), ['pool-1', 'pool-2']);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default' }, spec: { ...onPool, nodeName: 'pool-2', containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] } });
    c.run(20 * 60_000);
    expect(c.plane.autoscaler?.unremovable.get('pool-2')).toBe('BlockedByPod: default/bare is not replicated');
    expect(c.plane.autoscaler?.unremovable.get('pool-1')).toBe('NodeGroupMinSizeReached');
    expect(c.plane.autoscaler?.unremovable.get('node-1')).toBe('NotAutoscaled');
    expect(nodes(c)).toEqual(['node-1', 'pool-1', 'pool-2']);
    expect(caEvents(c, 'ScaleDown')).toEqual([]);
  });

  it('an eviction the PDB refuses is retried every 10 s for 2 min; then ScaleDownFailed and the taint comes off', () => {
    const c = start(pool(1, 3), ['pool-1', 'pool-2']);
    c.kubectl.create(web(2, { container: { resources: { requests: { cpu: '100m' } }, readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } }, spec: onPool }));
    c.kubectl.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } });
    // Until one node is tainted for removal.
    let tainted: Readonly<KObject> | undefined;
    for (let t = 1000; tainted === undefined && t < 20 * 60_000; t += 1000) {
      c.run(t);
      tainted = c.sim.api.list('Node', {}).items.find((n) => (n.spec?.taints ?? []).some((x: any) => x.key === 'ToBeDeletedByClusterAutoscaler'));
    }
    expect(tainted).toBeDefined();
    const taintedAt = c.sim.scheduler.now();
    // The other web pod stops being ready: the budget has no disruption left when the drain starts 5 s later.
    const other = c.pods('app=web').find((p) => p.spec?.nodeName !== tainted!.metadata.name)!;
    c.plane.failProbe('default', other.metadata.name ?? '', 'readiness', 10 * 60_000);
    c.run(taintedAt + 3 * 60_000);
    const refused = c.writes.filter((w) => w.actor === 'cluster-autoscaler' && w.subresource === 'eviction');
    expect(refused).toEqual([]);
    const failed = caEvents(c, 'ScaleDownFailed');
    expect(failed.map((e) => e.message).sort()).toEqual([
      'failed to delete pod for ScaleDown',
      expect.stringMatching(/^failed to drain and delete node: Failed to drain node \/pool-\d, due to following errors: \[failed to evict pod default\/web-\S+ within allowed timeout \(last error: Cannot evict pod as it would violate the pod's disruption budget\.\)\]$/),
    ]);
    // 5 s to the drain, then tries at +0, +10 ... +120 s: the failure is written 125 s after the taint.
    const failedAt = c.sim.api.virtualOf(failed.find((e) => (e.involvedObject as { kind?: string }).kind === 'Node')!.lastTimestamp);
    expect(failedAt - taintedAt).toBe(125_000);
    const node = c.sim.api.get('Node', null, tainted!.metadata.name ?? '');
    expect((node.spec?.taints ?? []).some((x: any) => x.key === 'ToBeDeletedByClusterAutoscaler')).toBe(false);
    expect(nodes(c)).toContain(tainted!.metadata.name);
  });
});

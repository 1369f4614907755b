import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { resolveFenceposts } from '../../core/controllers/deployment/util.js';
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { cluster, isReady, web, type Cluster } from './cluster-helpers.js';

const kubectl = (c: Cluster, line: string): string[] =>
  executeKubectl(c.kubectl, parseKubectl(line), () => [], { after: (ms, fn, label) => void c.sim.scheduler.after(ms, fn, label), report: () => {} });
const replicaSets = (c: Cluster) => c.sim.api.list('ReplicaSet').items;
const revision = (o: Readonly<KObject>) => o.metadata.annotations?.['deployment.kubernetes.io/revision'];

describe('Deployment controller', () => {
  it('same template, same hash: the ReplicaSet is <deploy>-<hash> and a re-create gives the same name', () => {
    const a = cluster(1);
    a.kubectl.create(web(1));
    a.run(5_000);
    const b = cluster(1, {}, 99);
    b.kubectl.create(web(1));
    b.run(5_000);
    const name = replicaSets(a)[0]?.metadata.name ?? '';
    expect(name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(replicaSets(b)[0]?.metadata.name).toBe(name);
    expect(replicaSets(a)[0]?.metadata.labels?.['pod-template-hash']).toBe(name.slice(4));
  });

  it('records ScalingReplicaSet events as upstream words them', () => {
    const c = cluster(3);
    c.kubectl.create(web(4));
    c.run(10_000);
    kubectl(c, 'set image deployment/web web=nginx:1.28');
    c.run(60_000);
    const msgs = c.events('ScalingReplicaSet').sort((x, y) => Number(x.metadata.resourceVersion) - Number(y.metadata.resourceVersion)).map((e) => e.message);
    const [first, second] = replicaSets(c).sort((x, y) => Number(revision(x)) - Number(revision(y))).map((rs) => rs.metadata.name);
    expect(msgs[0]).toBe(`Scaled up replica set ${first} from 0 to 4`);
    expect(msgs).toContain(`Scaled up replica set ${second} from 0 to 1`);
    expect(msgs).toContain(`Scaled down replica set ${first} to 3 from 4`);
    expect(msgs[msgs.length - 1]).toBe(`Scaled down replica set ${first} to 0 from 1`);
  });

  it('rollout undo reuses the old ReplicaSet at a new revision; --to-revision picks one; history lists them', () => {
    const c = cluster(2);
    c.kubectl.create(web(2));
    c.run(10_000);
    kubectl(c, 'set image deployment/web web=nginx:1.28');
    c.run(40_000);
    kubectl(c, 'set image deployment/web web=nginx:1.29');
    c.run(70_000);
    expect(kubectl(c, 'rollout undo deployment/web --to-revision=1')).toEqual(['deployment.apps/web rolled back']);
    c.run(100_000);
    const d = c.sim.api.get('Deployment', 'default', 'web');
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(revision(d)).toBe('4');
    expect(replicaSets(c)).toHaveLength(3);
    const back = replicaSets(c).find((rs) => revision(rs) === '4') as Readonly<KObject>;
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(back.spec.replicas).toBe(2);
    expect(kubectl(c, 'rollout history deployment/web').slice(1)).toEqual(['REVISION  CHANGE-CAUSE', '2         <none>', '3         <none>', '4         <none>']);
    expect(() => kubectl(c, 'rollout undo deployment/web --to-revision=9')).toThrow('unable to find specified revision 9 in history');
  });

  it('pause stops rollout steps (Progressing Unknown, DeploymentPaused); resume carries on; restart makes a new ReplicaSet', () => {
    const c = cluster(2);
    c.kubectl.create(web(2));
    c.run(10_000);
    expect(kubectl(c, 'rollout pause deployment/web')).toEqual(['deployment.apps/web paused']);
    kubectl(c, 'set image deployment/web web=nginx:1.28');
    c.run(30_000);
    expect(replicaSets(c)).toHaveLength(1);
    expect(c.sim.api.get('Deployment', 'default', 'web').status.conditions.find((x: { type: string }) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    expect(() => kubectl(c, 'rollout undo deployment/web')).toThrow(/cannot rollback a paused deployment/);
    kubectl(c, 'rollout resume deployment/web');
    c.run(60_000);
    expect(replicaSets(c)).toHaveLength(2);
    kubectl(c, 'rollout restart deployment/web');
    c.run(90_000);
    expect(replicaSets(c)).toHaveLength(3);
    expect(c.sim.api.get('Deployment', 'default', 'web').spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-01-01T00:01:00Z');
  });

  it('a rollout that cannot progress turns Progressing False with ProgressDeadlineExceeded after the deadline', () => {
    const c = cluster(2, { missingImages: ['nginx:bad'] });
    c.kubectl.create(web(2, { progressDeadlineSeconds: 30 }));
    c.run(10_000);
    kubectl(c, 'set image deployment/web web=nginx:bad');
    c.run(35_000);
    expect(c.sim.api.get('Deployment', 'default', 'web').status.conditions.find((x: { type: string }) => x.type === 'Progressing').reason).toBe('ReplicaSetUpdated');
    c.run(45_000);
    expect(c.sim.api.get('Deployment', 'default', 'web').status.conditions.find((x: { type: string }) => x.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
  });

  it('revisionHistoryLimit keeps that many old ReplicaSets', () => {
    const c = cluster(1);
    const d = web(1);
    d.spec.revisionHistoryLimit = 1;
    c.kubectl.create(d);
    c.run(10_000);
    for (const [i, tag] of ['1.28', '1.29', '1.30'].entries()) {
      kubectl(c, `set image deployment/web web=nginx:${tag}`);
      c.run(10_000 + (i + 1) * 30_000);
    }
    expect(replicaSets(c).map(revision).sort()).toEqual(['3', '4']);
  });

  it('Recreate: the new ReplicaSet appears only once no old pod is left', () => {
    const c = cluster(2);
    c.kubectl.create(web(3, { strategy: { type: 'Recreate' }, annotations: { 'kubelapse/on-sigterm': 'drain 4s' } }));
    c.run(10_000);
    kubectl(c, 'set image deployment/web web=nginx:1.28');
    c.run(40_000);
    const lastOldGone = Math.max(...c.writes.filter((w) => w.kind === 'Pod' && w.verb === 'delete').map((w) => w.seq));
    const newRS = c.writes.filter((w) => w.kind === 'ReplicaSet' && w.verb === 'create')[1];
    expect(newRS?.seq).toBeGreaterThan(lastOldGone);
    expect(c.pods('app=web').filter(isReady)).toHaveLength(3);
  });

  it('kubectl drain cordons, evicts through pods/eviction and the pods come back elsewhere', () => {
    const c = cluster(3);
    c.kubectl.create(web(3));
    c.run(10_000);
    const out = kubectl(c, 'drain node-1 --ignore-daemonsets');
    expect(out[0]).toBe('node/node-1 cordoned');
    c.run(40_000);
    expect(c.writes.filter((w) => w.subresource === 'eviction').length).toBeGreaterThan(0);
    expect(c.pods('app=web').filter((p) => p.spec.nodeName === 'node-1')).toHaveLength(0);
    expect(c.pods('app=web').filter(isReady)).toHaveLength(3);
    expect(kubectl(c, 'uncordon node-1')).toEqual(['node/node-1 uncordoned']);
  });

  it('property: in every rolling update, at every instant, pods <= replicas + maxSurge and available >= replicas - maxUnavailable', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('25%', '50%', '0%')),
        fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('25%', '50%', '0%')),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 1000 }),
        (replicas, surge, unavailable, startSecs, readySecs, seed) => {
          // Validation refuses both 0 (the rollout could never move), as upstream does.
          const zero = (v: number | string) => v === 0 || v === '0%';
          fc.pre(!(zero(surge) && zero(unavailable)));
          const c = cluster(3, {}, seed);
          c.kubectl.create(
            web(replicas, {
              strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
              annotations: { 'kubelapse/start-time': `${startSecs}s`, 'kubelapse/ready-after': `${readySecs}s` },
              container: { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } },
            }),
          );
          c.run(30_000);
          const from = c.writes.length;
          kubectl(c, 'set image deployment/web web=nginx:1.28');
          c.run(240_000);
          const f = resolveFenceposts(surge, unavailable, replicas);
          const maxPods = replicas + f.surge;
          const minAvailable = replicas - Math.min(f.unavailable, replicas);
          const pods = new Map<string, Readonly<KObject>>();
          for (const w of c.writes.slice(0, from)) if (w.kind === 'Pod' && w.namespace === 'default') (w.verb === 'delete' ? pods.delete(w.name) : pods.set(w.name, w.object));
          const check = (t: number): void => {
            const live = [...pods.values()].filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
            const available = live.filter(isReady).length;
            if (live.length > maxPods) throw new Error(`t=${t}: ${live.length} pods > ${maxPods}`);
            if (available < minAvailable) throw new Error(`t=${t}: ${available} available < ${minAvailable}`);
          };
          const rest = c.writes.slice(from);
          rest.forEach((w, i) => {
            if (w.kind === 'Pod' && w.namespace === 'default') {
              if (w.verb === 'delete') pods.delete(w.name);
              else pods.set(w.name, w.object);
            }
            const next = rest[i + 1];
            if (next === undefined || next.timeMs !== w.timeMs) check(w.timeMs);
          });
          const d = c.sim.api.get('Deployment', 'default', 'web');
          expect(d.status.updatedReplicas ?? 0).toBe(replicas);
          expect(d.status.availableReplicas ?? 0).toBe(replicas);
        },
      ),
      { numRuns: 40, seed: 20261122 },
    );
  });
});

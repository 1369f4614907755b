import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../core/api/defaults.js';
import type { KObject } from '../../core/api/types.js';
import type { Client } from '../../core/client/client.js';
import { KubectlError } from '../../core/kubectl/command.js';
import { executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { deployment, makeSim } from '../helpers.js';

/*
 * kubectl rollout history|undo|status|restart for DaemonSets and StatefulSets, with
 * hand-made ControllerRevisions shaped like the controllers write them: owned by the
 * workload (controller: true), labelled with the template's labels plus
 * controller-revision-hash, `revision` N, and `data` = the template as a strategic
 * merge patch ({"spec":{"template":{..., "$patch":"replace"}}}). No controller runs here:
 * kubectl reads and writes through the API server only.
 */

const run = (k: Client, line: string): string[] => executeKubectl(k, parseKubectl(line), () => []);

function template(image: string, extra: Record<string, string> = {}): Record<string, unknown> {
  return { metadata: { labels: { app: 'log', ...extra } }, spec: { containers: [{ name: 'agent', image }] } };
}

/**
 * A template as the API server stores it (defaulted), as the controllers write it into
 * their revisions: an undo to the revision already live must find nothing to change.
 */
function storedTemplate(kind: string, tpl: Record<string, unknown>): Record<string, unknown> {
  const obj = { apiVersion: 'apps/v1', kind, metadata: { name: 'x' }, spec: { selector: { matchLabels: { app: 'log' } }, template: structuredClone(tpl) } } as KObject;
  applyDefaults(obj);
  return obj.spec.template;
}

function workload(k: Client, kind: 'DaemonSet' | 'StatefulSet', name: string, image: string, spec: Record<string, unknown> = {}): Readonly<KObject> {
  return k.create({ apiVersion: 'apps/v1', kind, metadata: { name }, spec: { selector: { matchLabels: { app: 'log' } }, template: template(image), updateStrategy: { type: 'RollingUpdate' }, ...spec } } as KObject);
}

function revision(k: Client, owner: Readonly<KObject>, n: number, image: string, opts: { labels?: Record<string, string>; changeCause?: string; controller?: boolean } = {}): void {
  k.create({
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${owner.metadata.name}-${n}abc`,
      labels: opts.labels ?? { app: 'log', 'controller-revision-hash': `${n}abc` },
      ...(opts.changeCause !== undefined ? { annotations: { 'kubernetes.io/change-cause': opts.changeCause } } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: opts.controller ?? true, blockOwnerDeletion: true }],
    },
    revision: n,
    data: { spec: { template: { ...storedTemplate(owner.kind, template(image)), $patch: 'replace' } } },
  } as unknown as KObject);
}

const image = (k: Client, kind: string, name: string): string => k.api.get(kind, 'default', name).spec.template.spec.containers[0].image;

describe('kubectl rollout for daemon sets and stateful sets, from ControllerRevisions', () => {
  it.each(['DaemonSet', 'StatefulSet'] as const)('%s: history lists the revisions it controls and its selector matches, sorted, with change causes', (kind) => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    const ref = kind === 'DaemonSet' ? 'daemonset.apps/fluentd' : 'statefulset.apps/fluentd';
    const w = workload(k, kind, 'fluentd', 'fluentd:3');
    expect(run(k, `rollout history ${kind.toLowerCase()}/fluentd`)).toEqual([`${ref} `, 'No rollout history found.']);
    revision(k, w, 3, 'fluentd:3', { changeCause: 'kubectl set image fluentd:3' });
    revision(k, w, 1, 'fluentd:1');
    revision(k, w, 12, 'fluentd:12');
    // Not this workload's: another owner, a revision without controller: true, one its selector does not match.
    const other = workload(k, kind, 'other', 'x');
    revision(k, other, 7, 'x');
    revision(k, w, 8, 'y', { controller: false });
    revision(k, w, 9, 'z', { labels: { app: 'metrics', 'controller-revision-hash': '9abc' } });
    expect(run(k, `rollout history ${kind === 'DaemonSet' ? 'ds' : 'sts'}/fluentd`)).toEqual([`${ref} `, 'REVISION  CHANGE-CAUSE', '1         <none>', '3         kubectl set image fluentd:3', '12        <none>']);
  });

  it.each(['DaemonSet', 'StatefulSet'] as const)('%s: undo applies the second newest revision\'s data as a strategic merge patch, then skips one that already matches', (kind) => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    const short = kind === 'DaemonSet' ? 'ds' : 'sts';
    const ref = `${kind.toLowerCase()}.apps/fluentd`;
    // The live template has a label no revision has: $patch: replace drops it.
    const w = workload(k, kind, 'fluentd', 'fluentd:3', { template: template('fluentd:3', { extra: 'yes' }) });
    revision(k, w, 1, 'fluentd:1');
    revision(k, w, 2, 'fluentd:2');
    revision(k, w, 3, 'fluentd:3');
    const before = sim.api.lastSeq;
    expect(run(k, `rollout undo ${short}/fluentd`)).toEqual([`${ref} rolled back`]);
    const after = k.api.get(kind, 'default', 'fluentd');
    // Revision 2's template, as the API server stores it (defaulted; the extra label gone).
    expect(after.spec.template).toMatchObject(template('fluentd:2'));
    expect(after.spec.template.metadata.labels.extra).toBeUndefined();
    expect(after.metadata.generation).toBe(2);
    // One write, the patch, recorded as kubectl's (no field manager of its own, as upstream's undo).
    expect(sim.api.lastSeq).toBe(before + 1);
    expect((after.metadata.managedFields as Array<{ manager: string }>).map((m) => m.manager)).toContain('kubectl');
    expect(run(k, `rollout undo ${short}/fluentd --to-revision=2`)).toEqual([`${ref} skipped rollback (current template already matches revision 2)`]);
    expect(sim.api.lastSeq).toBe(before + 1);
    expect(run(k, `rollout undo ${short}/fluentd --to-revision=1`)).toEqual([`${ref} rolled back`]);
    expect(image(k, kind, 'fluentd')).toBe('fluentd:1');
    expect(() => run(k, `rollout undo ${short}/fluentd --to-revision=9`)).toThrow(new KubectlError('unable to find specified revision 9 in history'));
  });

  it('undo with a single revision has nothing to go back to; a missing workload is the API\'s NotFound', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    const w = workload(k, 'DaemonSet', 'fluentd', 'fluentd:1');
    revision(k, w, 1, 'fluentd:1');
    expect(() => run(k, 'rollout undo ds/fluentd')).toThrow(new KubectlError('no last revision to roll back to'));
    expect(() => run(k, 'rollout undo ds/nope')).toThrow('daemonsets.apps "nope" not found');
  });

  it('rollout status of a daemon set reads desired, updated and available counts', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    workload(k, 'DaemonSet', 'fluentd', 'fluentd:1');
    const status = (st: Record<string, number>) => {
      const ds = k.api.get('DaemonSet', 'default', 'fluentd');
      k.updateStatus({ ...ds, status: st } as KObject);
      return run(k, 'rollout status ds/fluentd')[0];
    };
    expect(status({ observedGeneration: 0 })).toBe('Waiting for daemon set spec update to be observed...');
    expect(status({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 1, numberAvailable: 3 })).toBe('Waiting for daemon set "fluentd" rollout to finish: 1 out of 3 new pods have been updated...');
    expect(status({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 })).toBe('Waiting for daemon set "fluentd" rollout to finish: 2 of 3 updated pods are available...');
    expect(status({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 })).toBe('daemon set "fluentd" successfully rolled out');
    k.patch('DaemonSet', 'default', 'fluentd', { spec: { updateStrategy: { type: 'OnDelete' } } }, 'merge');
    expect(() => run(k, 'rollout status ds/fluentd')).toThrow('rollout status is only available for RollingUpdate strategy type');
  });

  it('rollout status of a stateful set: ready pods, a partitioned update, then the revisions', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    workload(k, 'StatefulSet', 'web', 'nginx:1', { replicas: 5, serviceName: 'web' });
    const status = (st: Record<string, unknown>) => {
      const sts = k.api.get('StatefulSet', 'default', 'web');
      k.updateStatus({ ...sts, status: st } as KObject);
      return run(k, 'rollout status statefulset/web')[0];
    };
    expect(status({ replicas: 5 })).toBe('Waiting for statefulset spec update to be observed...');
    expect(status({ observedGeneration: 1, readyReplicas: 3 })).toBe('Waiting for 2 pods to be ready...');
    expect(status({ observedGeneration: 1, readyReplicas: 5, updatedReplicas: 2, currentRevision: 'web-1', updateRevision: 'web-2' })).toBe('waiting for statefulset rolling update to complete 2 pods at revision web-2...');
    expect(status({ observedGeneration: 1, readyReplicas: 5, currentReplicas: 5, updatedReplicas: 5, currentRevision: 'web-2', updateRevision: 'web-2' })).toBe('statefulset rolling update complete 5 pods at revision web-2...');
    // replicas 5, partition 2: ordinals 2, 3, 4 are updated, 0 and 1 stay.
    k.patch('StatefulSet', 'default', 'web', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } } }, 'merge');
    expect(status({ observedGeneration: 2, readyReplicas: 5, updatedReplicas: 1 })).toBe('Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...');
    expect(status({ observedGeneration: 2, readyReplicas: 5, updatedReplicas: 3 })).toBe('partitioned roll out complete: 3 new pods have been updated...');
  });

  it('restart stamps restartedAt on a daemon set\'s or stateful set\'s template; pause and resume are deployments\' only', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    workload(k, 'DaemonSet', 'fluentd', 'fluentd:1');
    workload(k, 'StatefulSet', 'web', 'nginx:1', { serviceName: 'web' });
    expect(run(k, 'rollout restart ds/fluentd')).toEqual(['daemonset.apps/fluentd restarted']);
    expect(run(k, 'rollout restart sts/web')).toEqual(['statefulset.apps/web restarted']);
    for (const [kind, name] of [['DaemonSet', 'fluentd'], ['StatefulSet', 'web']]) {
      expect(k.api.get(kind as string, 'default', name as string).spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' });
    }
    expect(() => run(k, 'rollout pause ds/fluentd')).toThrow(new KubectlError('daemonsets.apps "fluentd" pausing is not supported'));
    expect(() => run(k, 'rollout resume sts/web')).toThrow(new KubectlError('statefulsets.apps "web" resuming is not supported'));
    expect(() => parseKubectl('rollout undo rs/web-1')).toThrow('no rollbacker has been implemented for "ReplicaSet.apps"');
    expect(() => parseKubectl('rollout history pod/x')).toThrow('no history viewer has been implemented for "Pod"');
    expect(() => parseKubectl('rollout status job/x')).toThrow('no status viewer has been implemented for Job.batch');
  });

  it('a paused deployment with an earlier revision refuses undo with kubectl\'s words; history of a deployment reads its ReplicaSets', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    const d = k.create({ ...deployment('web'), spec: { ...deployment('web').spec, paused: true } } as KObject);
    for (const n of [1, 2]) {
      k.create({
        apiVersion: 'apps/v1', kind: 'ReplicaSet',
        metadata: { name: `web-${n}`, labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': String(n) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid ?? '', controller: true }] },
        spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: d.spec.template },
      } as KObject);
    }
    expect(() => run(k, 'rollout undo deployment/web')).toThrow(new KubectlError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"));
    expect(run(k, 'rollout history deploy/web')).toEqual(['deployment.apps/web ', 'REVISION  CHANGE-CAUSE', '1         <none>', '2         <none>']);
    run(k, 'rollout resume deployment/web');
    // Revision 1's template is the live one (pod-template-hash aside): nothing to do; upstream names the revision asked for (0).
    expect(run(k, 'rollout undo deployment/web')).toEqual(['deployment.apps/web skipped rollback (current template already matches revision 0)']);
  });
});

import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { makeSim, refusal } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

const kubectl = { actor: 'kubectl' };

function ds(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }], ...podSpec } }, ...spec },
  };
}

const invalid = (obj: KObject): string => refusal(() => makeSim().api.create(obj, kubectl)).message;

describe('DaemonSet in the API server, as upstream', () => {
  it('defaults: RollingUpdate with maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10, the pod template\'s defaults', () => {
    const created = makeSim().api.create(ds(), kubectl);
    expect(created.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(created.spec.revisionHistoryLimit).toBe(10);
    expect(created.spec.template.spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
    // DaemonSetStatus's four counts have no omitempty, so the zero status the strategy sets at create is written out.
    expect(created.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
    expect(created.metadata.generation).toBe(1);
    // OnDelete gets no rollingUpdate block.
    expect(makeSim().api.create(ds({ updateStrategy: { type: 'OnDelete' } }), kubectl).spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  it('templateGeneration (the deprecated.daemonset.template.generation annotation) starts at 1 and moves with the template only; a client cannot set it', () => {
    const sim = makeSim();
    const created = sim.api.create(ds(), kubectl);
    expect(created.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    const image = sim.api.patch('DaemonSet', 'default', 'agent', { spec: { template: { spec: { containers: [{ name: 'agent', image: 'busybox:1.37' }] } } } }, 'strategic', kubectl);
    expect([image.metadata.generation, image.metadata.annotations?.['deprecated.daemonset.template.generation']]).toEqual([2, '2']);
    const strategy = sim.api.patch('DaemonSet', 'default', 'agent', { spec: { updateStrategy: { rollingUpdate: { maxUnavailable: 2 } } } }, 'strategic', kubectl);
    expect([strategy.metadata.generation, strategy.metadata.annotations?.['deprecated.daemonset.template.generation']]).toEqual([3, '2']);
    const labelled = sim.api.patch('DaemonSet', 'default', 'agent', { metadata: { labels: { team: 'a' }, annotations: { 'deprecated.daemonset.template.generation': '9' } } }, 'merge', kubectl);
    expect([labelled.metadata.generation, labelled.metadata.annotations?.['deprecated.daemonset.template.generation']]).toEqual([3, '2']);
    // kubectl rollout undo sends the template with creationTimestamp: null: the same template, no new generation.
    const same = sim.api.patch('DaemonSet', 'default', 'agent', { spec: { template: { metadata: { creationTimestamp: null } } } }, 'strategic', kubectl);
    expect([same.metadata.generation, same.metadata.annotations?.['deprecated.daemonset.template.generation']]).toEqual([3, '2']);
  });

  it('refuses what ValidateDaemonSet refuses, with upstream\'s words', () => {
    const mismatched = ds();
    mismatched.spec.template.metadata.labels = { app: 'other' };
    expect(invalid(mismatched)).toBe(
      'DaemonSet.apps "agent" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    );
    expect(invalid(ds({}, { restartPolicy: 'Never' }))).toContain('spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
    expect(invalid(ds({}, { activeDeadlineSeconds: 10 }))).toContain('spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported');
    expect(invalid(ds({ minReadySeconds: -1 }))).toContain('spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0');
    expect(invalid(ds({ revisionHistoryLimit: -1 }))).toContain('spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0');
    expect(invalid(ds({ updateStrategy: { type: 'Recreate' } }))).toContain('spec.updateStrategy: Unsupported value: "Recreate": supported values: "RollingUpdate", "OnDelete"');
    expect(invalid(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }))).toContain('spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero');
    expect(invalid(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }))).toContain('spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0');
    expect(invalid(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '120%', maxSurge: 0 } } }))).toContain('spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%');
    expect(invalid(ds({ selector: { matchLabels: {} } }))).toContain('spec.selector: Invalid value: "{\\"matchLabels\\":{}}": empty selector is invalid for daemonset');
    expect(invalid(ds({}, { containers: [] }))).toContain('spec.template.spec.containers: Required value');
  });

  it('the selector is immutable in apps/v1; status.collisionCount never goes down', () => {
    const sim = makeSim();
    sim.api.create(ds(), kubectl);
    const moved = refusal(() => sim.api.patch('DaemonSet', 'default', 'agent', { spec: { selector: { matchLabels: { app: 'agent', tier: 'x' } }, template: { metadata: { labels: { app: 'agent', tier: 'x' } } } } }, 'strategic', kubectl));
    expect(moved.message).toContain('spec.selector: Invalid value: "{\\"matchLabels\\":{\\"app\\":\\"agent\\",\\"tier\\":\\"x\\"}}": field is immutable');
    const live = sim.api.get('DaemonSet', 'default', 'agent');
    sim.api.updateStatus({ ...live, status: { collisionCount: 2 } } as KObject, { actor: 'daemonset-controller' });
    const again = sim.api.get('DaemonSet', 'default', 'agent');
    expect(refusal(() => sim.api.updateStatus({ ...again, status: { collisionCount: 1 } } as KObject, { actor: 'daemonset-controller' })).message).toContain('status.collisionCount: Invalid value: 1: cannot be decremented');
  });

  it('a ControllerRevision needs data, which is then immutable; its revision number may change', () => {
    const sim = makeSim();
    const cr = (data: unknown, revision: number): KObject => ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'agent-1', namespace: 'default' }, ...(data === undefined ? {} : { data }), revision });
    expect(refusal(() => sim.api.create(cr(undefined, 1), kubectl)).message).toBe('ControllerRevision.apps "agent-1" is invalid: data: Required value: data is mandatory');
    expect(refusal(() => sim.api.create(cr({ a: 1 }, -1), kubectl)).message).toContain('revision: Invalid value: -1: must be greater than or equal to 0');
    const created = sim.api.create(cr({ a: 1 }, 1), kubectl);
    expect(sim.api.update({ ...created, revision: 3 } as KObject, kubectl).revision).toBe(3);
    expect(refusal(() => sim.api.update({ ...sim.api.get('ControllerRevision', 'default', 'agent-1'), data: { a: 2 } } as KObject, kubectl)).message).toContain('data: Invalid value: "{\\"a\\":2}": field is immutable');
  });
});

import { describe, expect, it } from 'vitest';
import { admitServiceAccount, tokenVolumeSource, type ServiceAccountLookup } from '../../../core/api/admission/service-account.js';
import type { KObject } from '../../../core/api/types.js';
import { createNamespace, makeSim, pod, refusal } from '../../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pods are open JSON */

/**
 * Upstream's plugin/pkg/admission/serviceaccount/admission_test.go, ported case by case
 * to the plugin function (an informer cache becomes `accounts`), then the same plugin
 * through the API server: the Status a client gets.
 */
const NS = 'myns';
const MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

function lookup(accounts: Array<Partial<KObject> & { metadata: KObject['metadata'] }> = [{ metadata: { name: 'default', namespace: NS } }]): ServiceAccountLookup {
  let n = 0;
  return {
    serviceAccount: (ns, name) => accounts.find((a) => a.metadata.namespace === ns && a.metadata.name === name) as KObject | undefined,
    // testGenerateName: a fixed suffix, so expected volumes can be written out.
    generateName: (prefix) => `${prefix}${['abcde', 'fghij'][n++] ?? 'zzzzz'}`,
  };
}
const podOf = (spec: any, annotations?: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'myname', ...(annotations ? { annotations } : {}) }, spec });
const mirror = { 'kubernetes.io/config.mirror': 'true' };
const tokenVolume = { name: 'kube-api-access-abcde', projected: tokenVolumeSource() };
const tokenMount = { name: 'kube-api-access-abcde', readOnly: true, mountPath: MOUNT };

describe('ServiceAccount admission (upstream admission_test.go)', () => {
  it('TestIgnoresMirrorPod: a mirror pod without account or secrets is left as it is', () => {
    const p = podOf({ volumes: [{ name: 'v' }] }, mirror);
    expect(admitServiceAccount(p, NS, lookup())).toBeUndefined();
    expect(p.spec).toEqual({ volumes: [{ name: 'v' }] });
  });

  it('TestRejectsMirrorPodWithServiceAccount', () => {
    expect(admitServiceAccount(podOf({ serviceAccountName: 'default' }, mirror), NS, lookup())).toBe('a mirror pod may not reference service accounts');
  });

  it('TestRejectsMirrorPodWithSecretVolumes', () => {
    expect(admitServiceAccount(podOf({ volumes: [{ name: 'v', secret: { secretName: 'mysecret' } }] }, mirror), NS, lookup())).toBe('a mirror pod may not reference secrets');
  });

  it('TestRejectsMirrorPodWithServiceAccountTokenVolumeProjections', () => {
    const p = podOf({ volumes: [{ name: 'v', projected: { sources: [{ serviceAccountToken: {} }] } }] }, mirror);
    expect(admitServiceAccount(p, NS, lookup())).toBe('a mirror pod may not use ServiceAccountToken volume projections');
  });

  it('TestAssignsDefaultServiceAccountAndBoundTokenWithNoSecretTokens: default account, the projected volume (3607 s, kube-root-ca.crt, namespace), mode 0644', () => {
    const p = podOf({ containers: [{ name: 'c' }] });
    expect(admitServiceAccount(p, NS, lookup())).toBeUndefined();
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.serviceAccount).toBe('default');
    expect(p.spec.volumes).toEqual([
      {
        name: 'kube-api-access-abcde',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
          defaultMode: 0o644,
        },
      },
    ]);
    expect(p.spec.containers[0].volumeMounts).toEqual([tokenMount]);
  });

  it('TestDeniesInvalidServiceAccount: no such account, upstream\'s reason', () => {
    expect(admitServiceAccount(podOf({ containers: [{ name: 'c' }] }), NS, lookup([]))).toBe('error looking up service account myns/default: serviceaccount "default" not found');
    expect(admitServiceAccount(podOf({ serviceAccountName: 'robot', containers: [{ name: 'c' }] }), NS, lookup())).toBe('error looking up service account myns/robot: serviceaccount "robot" not found');
  });

  it('TestAutomountsAPIToken: every container and init container mounts the one volume', () => {
    const p = podOf({ initContainers: [{ name: 'i' }], containers: [{ name: 'a' }, { name: 'b' }] });
    admitServiceAccount(p, NS, lookup());
    expect(p.spec.volumes).toEqual([tokenVolume]);
    for (const c of [...p.spec.initContainers, ...p.spec.containers]) expect(c.volumeMounts).toEqual([tokenMount]);
  });

  it('TestRespectsExistingMount: a container mounting its own volume at the token path keeps it, and no volume is added for nobody', () => {
    const own = { name: 'my-custom-mount', readOnly: false, mountPath: MOUNT };
    for (const key of ['containers', 'initContainers']) {
      const p = podOf({ [key]: [{ name: 'c', volumeMounts: [own] }] });
      admitServiceAccount(p, NS, lookup());
      expect(p.spec.serviceAccountName).toBe('default');
      expect(p.spec.volumes).toBeUndefined();
      expect(p.spec[key][0].volumeMounts).toEqual([own]);
    }
  });

  it('TestAutomountServiceAccountToken: the pod\'s choice wins over the account\'s, unset means mount', () => {
    const cases: Array<[boolean | undefined, boolean | undefined, boolean]> = [
      [undefined, undefined, true],
      [undefined, false, false],
      [undefined, true, true],
      [false, true, false],
      [true, false, true],
      [false, undefined, false],
    ];
    for (const [onPod, onAccount, mounted] of cases) {
      const account = { metadata: { name: 'default', namespace: NS }, ...(onAccount === undefined ? {} : { automountServiceAccountToken: onAccount }) };
      const p = podOf({ ...(onPod === undefined ? {} : { automountServiceAccountToken: onPod }), containers: [{ name: 'c' }] });
      admitServiceAccount(p, NS, lookup([account]));
      expect(p.spec.volumes !== undefined, `pod ${onPod}, account ${onAccount}`).toBe(mounted);
    }
  });

  it('admitting an admitted pod again changes nothing (upstream runs every test with reinvocation)', () => {
    const p = podOf({ initContainers: [{ name: 'i' }], containers: [{ name: 'c' }] });
    admitServiceAccount(p, NS, lookup());
    const once = JSON.stringify(p);
    admitServiceAccount(p, NS, lookup());
    expect(JSON.stringify(p)).toBe(once);
  });

  it('TestAddImagePullSecrets / TestDoNotAddImagePullSecrets: the account\'s pull secrets only when the pod has none', () => {
    const account = { metadata: { name: 'default', namespace: NS }, imagePullSecrets: [{ name: 'foo' }, { name: 'bar' }] };
    const bare = podOf({ containers: [{ name: 'c' }] });
    admitServiceAccount(bare, NS, lookup([account]));
    expect(bare.spec.imagePullSecrets).toEqual([{ name: 'foo' }, { name: 'bar' }]);
    const own = podOf({ imagePullSecrets: [{ name: 'foo' }], containers: [{ name: 'c' }] });
    admitServiceAccount(own, NS, lookup([account]));
    expect(own.spec.imagePullSecrets).toEqual([{ name: 'foo' }]);
  });

  it('TestAllowsReferencedSecret / TestRejectsUnreferencedSecretVolumes / ...ImagePullSecrets: enforce-mountable-secrets limits a pod to its account\'s secrets', () => {
    const enforcing = (extra: object) => [{ metadata: { name: 'default', namespace: NS, annotations: { 'kubernetes.io/enforce-mountable-secrets': 'true' } }, ...extra }];
    const volume = { volumes: [{ name: 'v', secret: { secretName: 'foo' } }], containers: [{ name: 'c' }] };
    const env = { containers: [{ name: 'container-1', env: [{ name: 'env-1', valueFrom: { secretKeyRef: { name: 'foo', key: 'k' } } }] }] };
    const initEnv = { initContainers: env.containers, containers: [{ name: 'c' }] };
    const pull = { imagePullSecrets: [{ name: 'foo' }], containers: [{ name: 'c' }] };
    for (const spec of [volume, env, initEnv]) expect(admitServiceAccount(podOf(structuredClone(spec)), NS, lookup(enforcing({ secrets: [{ name: 'foo' }] })))).toBeUndefined();
    expect(admitServiceAccount(podOf(structuredClone(pull)), NS, lookup(enforcing({ imagePullSecrets: [{ name: 'foo' }] })))).toBeUndefined();
    expect(admitServiceAccount(podOf(structuredClone(volume)), NS, lookup(enforcing({})))).toBe('volume with secret.secretName="foo" is not allowed because service account default does not reference that secret');
    expect(admitServiceAccount(podOf(structuredClone(env)), NS, lookup(enforcing({})))).toBe('container container-1 with envVar env-1 referencing secret.secretName="foo" is not allowed because service account default does not reference that secret');
    expect(admitServiceAccount(podOf(structuredClone(initEnv)), NS, lookup(enforcing({})))).toMatch(/^init container container-1 with envVar env-1/);
    expect(admitServiceAccount(podOf(structuredClone(pull)), NS, lookup(enforcing({})))).toBe('imagePullSecrets[0].name="foo" is not allowed because service account default does not reference that imagePullSecret');
    // Without the annotation (LimitSecretReferences is false in kube-apiserver) anything goes.
    expect(admitServiceAccount(podOf(structuredClone(volume)), NS, lookup())).toBeUndefined();
  });
});

describe('ServiceAccount admission in the API server', () => {
  it('a pod gets its account, the kube-api-access-<5> volume and its mount; its managedFields do not name them', () => {
    const sim = makeSim();
    const p = sim.api.create(pod('web'), { actor: 'kubectl' });
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec.containers[0].volumeMounts).toEqual([{ name: p.spec.volumes[0].name, readOnly: true, mountPath: MOUNT }]);
    // Mutating admission runs after the field manager: what it adds belongs to no manager.
    const spec = (p.metadata.managedFields as any[])[0].fieldsV1['f:spec'];
    expect(Object.keys(spec)).not.toContain('f:volumes');
    expect(Object.keys(spec)).not.toContain('f:serviceAccountName');
  });

  it('a pod naming a missing account is 403 Forbidden, upstream\'s message with the generateName prefix, nothing recorded', () => {
    const sim = makeSim();
    const before = sim.api.lastSeq;
    const e = refusal(() => sim.api.create({ ...pod(''), metadata: { generateName: 'web-7d4b9c-' }, spec: { serviceAccountName: 'robot', containers: [{ name: 'c', image: 'nginx' }] } }, { actor: 'replicaset-controller' }));
    expect(e.status).toMatchObject({ code: 403, reason: 'Forbidden', message: 'pods "web-7d4b9c-" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found', details: { name: 'web-7d4b9c-', kind: 'pods' } });
    expect(sim.api.lastSeq).toBe(before);
  });

  it('a namespace without its default account refuses pods until the account exists', () => {
    const sim = makeSim();
    sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } }, { actor: 'kubectl' });
    const e = refusal(() => sim.api.create({ ...pod('p'), metadata: { name: 'p', namespace: 'team' } }, { actor: 'kubectl' }));
    expect(e.message).toBe('pods "p" is forbidden: error looking up service account team/default: serviceaccount "default" not found');
    createNamespace(sim, 'team2');
    expect(sim.api.create({ ...pod('p'), metadata: { name: 'p', namespace: 'team2' } }, { actor: 'kubectl' }).spec.serviceAccountName).toBe('default');
  });

  it('v1\'s deprecated serviceAccount names the account when serviceAccountName is empty, and is always written back', () => {
    const sim = makeSim();
    sim.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } }, { actor: 'kubectl' });
    expect(sim.api.create({ ...pod('a'), spec: { serviceAccount: 'robot', containers: [{ name: 'c', image: 'nginx' }] } }, { actor: 'kubectl' }).spec).toMatchObject({ serviceAccountName: 'robot', serviceAccount: 'robot' });
    const d = sim.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { serviceAccountName: 'robot', containers: [{ name: 'c', image: 'nginx' }] } } } }, { actor: 'kubectl' });
    expect(d.spec.template.spec.serviceAccount).toBe('robot');
  });
});

import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { CLUSTER_CA_CERT } from '../../core/sim/kubeadm/cluster-ca.js';
import { cluster } from './cluster-helpers.js';

/**
 * The serviceaccount controller and the root-ca-cert-publisher: every namespace, the
 * bootstrap ones and new ones, has a `default` ServiceAccount and a kube-root-ca.crt
 * ConfigMap, put back when deleted, and a terminating namespace gets neither.
 */
const BOOTSTRAP = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

describe('serviceaccount-controller and root-ca-cert-publisher', () => {
  it('at bootstrap every namespace has its default ServiceAccount and kube-root-ca.crt, written by those two actors', () => {
    const c = cluster(1);
    const sas = c.writes.filter((w) => w.kind === 'ServiceAccount' && w.name === 'default');
    expect(sas.map((w) => [w.namespace, w.actor, w.timeMs])).toEqual(BOOTSTRAP.map((ns) => [ns, 'serviceaccount-controller', 0]));
    const cms = c.writes.filter((w) => w.kind === 'ConfigMap' && w.name === 'kube-root-ca.crt');
    expect(cms.map((w) => [w.namespace, w.actor])).toEqual(BOOTSTRAP.map((ns) => [ns, 'root-ca-cert-publisher']));
    const cm = c.sim.api.get('ConfigMap', 'default', 'kube-root-ca.crt');
    expect(cm.data).toEqual({ 'ca.crt': CLUSTER_CA_CERT });
    expect((cm.data as Record<string, string>)['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/);
    expect(cm.metadata.annotations?.['kubernetes.io/description']).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);
    // Started afterwards, the controllers find nothing to do.
    c.run(5_000);
    expect(c.writes.filter((w) => w.actor === 'serviceaccount-controller' || w.actor === 'root-ca-cert-publisher')).toHaveLength(8);
  });

  it('a new namespace gets both one watch delivery later, each write caused by the namespace\'s create', () => {
    const c = cluster(1);
    const ns = c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    const nsSeq = Number(ns.metadata.resourceVersion);
    c.run(1);
    const made = c.writes.filter((w) => w.namespace === 'team-a');
    expect(made.map((w) => [w.kind, w.name, w.actor, w.causeSeq, w.timeMs])).toEqual([
      ['ServiceAccount', 'default', 'serviceaccount-controller', nsSeq, 1],
      ['ConfigMap', 'kube-root-ca.crt', 'root-ca-cert-publisher', nsSeq, 1],
    ]);
  });

  it('a deleted default ServiceAccount or kube-root-ca.crt comes back; an edited kube-root-ca.crt is put back', () => {
    const c = cluster(1);
    c.run(100);
    const gone = c.kubectl.delete('ServiceAccount', 'default', 'default');
    c.kubectl.delete('ConfigMap', 'default', 'kube-root-ca.crt');
    c.run(200);
    const sa = c.sim.api.get('ServiceAccount', 'default', 'default');
    expect(sa.metadata.uid).not.toBe(gone.metadata.uid);
    expect(c.sim.api.get('ConfigMap', 'default', 'kube-root-ca.crt').data).toEqual({ 'ca.crt': CLUSTER_CA_CERT });
    const cm = c.sim.api.get('ConfigMap', 'default', 'kube-root-ca.crt') as KObject;
    c.kubectl.update({ ...cm, data: { 'ca.crt': 'tampered' } });
    c.run(300);
    expect(c.sim.api.get('ConfigMap', 'default', 'kube-root-ca.crt').data).toEqual({ 'ca.crt': CLUSTER_CA_CERT });
    expect(c.writes.at(-1)).toMatchObject({ actor: 'root-ca-cert-publisher', verb: 'update', reason: 'RootCAPublished' });
  });

  it('a terminating namespace gets nothing back: its content goes, the controllers do not refill it', () => {
    const c = cluster(1);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    c.run(100);
    c.kubectl.delete('Namespace', null, 'team-a');
    c.run(30_000);
    expect(c.sim.api.tryGet('Namespace', null, 'team-a')).toBeUndefined();
    const late = c.writes.filter((w) => w.namespace === 'team-a' && w.verb === 'create' && w.timeMs > 100);
    expect(late).toEqual([]);
    expect(c.sim.diagnostics.count).toBe(0);
  });

  it('pods in a new namespace run as its default ServiceAccount: a Deployment applied with its namespace comes up', () => {
    const c = cluster(2);
    c.kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    c.kubectl.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'team-a' }, spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'nginx:1.27' }] } } } });
    c.run(10_000);
    const pods = c.sim.api.list('Pod', { namespace: 'team-a' }).items;
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.spec).toMatchObject({ serviceAccountName: 'default', priority: 0 });
    expect(c.writes.filter((w) => w.reason === 'FailedCreate')).toEqual([]);
  });

  it('a ReplicaSet whose pods name a missing ServiceAccount records the refusal as upstream words it, without kubectl\'s "Error from server" prefix', () => {
    const c = cluster(1);
    c.kubectl.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'api', namespace: 'default' }, spec: { replicas: 1, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { serviceAccountName: 'robot', containers: [{ name: 'api', image: 'nginx:1.27' }] } } } });
    c.run(100);
    const failed = c.sim.api.list('Event', { namespace: 'default' }).items.filter((e) => e.reason === 'FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    // controller_utils.go: Eventf(..., "Error creating: %v", err), and a StatusError's Error() is its message.
    expect(failed[0]?.message).toBe('Error creating: pods "api-" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
  });
});

describe('field managers', () => {
  it('both controllers write as kube-controller-manager, as their real binary does', () => {
    const c = cluster(1);
    for (const [kind, name] of [['ServiceAccount', 'default'], ['ConfigMap', 'kube-root-ca.crt']] as const) {
      const managers = ((c.sim.api.get(kind, 'default', name).metadata.managedFields ?? []) as Array<{ manager: string }>).map((m) => m.manager);
      expect(managers.every((m) => m === 'kube-controller-manager'), `${kind}: ${managers.join(', ')}`).toBe(true);
    }
    expect((c.sim.api.get('ConfigMap', 'default', 'kube-root-ca.crt').metadata.managedFields as Array<{ manager: string }>)[0]?.manager).toBe('kube-controller-manager');
  });
});

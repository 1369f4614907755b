import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describeLimitRange, describeQuota } from '../../core/printers/describe-quota.js';
import { KUBECTL, runAsync } from './kubectl-runner.js';
import { liveWithKubectl, waitFor } from './live-fixture.js';

/*
 * ResourceQuota and LimitRange through `kubelapse live` with the real kubectl (create
 * quota from protobuf, get with the server's columns, describe with kubectl's own
 * describers), the Python client and @kubernetes/client-node; and a pod refused by the
 * quota with upstream's Forbidden message as kubectl prints it.
 */

const PYTHON = '/usr/bin/python3';

describe.skipIf(!fs.existsSync(KUBECTL))('ResourceQuota and LimitRange with real clients against kubelapse live', () => {
  const session = liveWithKubectl({ speed: 4 });
  const { kubectl, ok } = session;


  it('kubectl create quota (protobuf), get quota with used/hard once the controller synced, describe quota', async () => {
    expect(await ok('create', 'quota', 'compute', '--hard=pods=2,requests.cpu=1,limits.memory=1Gi')).toBe('resourcequota/compute created\n');
    await waitFor('the quota synced', async () => ((await ok('get', 'quota', 'compute', '-o', 'jsonpath={.status.used.pods}')) === '0' ? true : undefined), 10_000);
    const table = await ok('get', 'quota');
    expect(table.split('\n')[0]).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT$/);
    expect(table).toMatch(/compute\s+\S+\s+pods: 0\/2, requests\.cpu: 0\/1\s+limits\.memory: 0\/1Gi/);
    const described = await ok('describe', 'quota', 'compute');
    expect(described).toMatch(/^Name:\s+compute$/m);
    expect(described).toMatch(/^Resource\s+Used\s+Hard$/m);
    expect(described).toMatch(/^pods\s+0\s+2$/m);
    expect(described).toMatch(/^requests\.cpu\s+0\s+1$/m);
  }, 60_000);

  it('a LimitRange defaults a pod and kubectl describe limitrange prints its table; the quota refuses the third pod with upstream text', async () => {
    const f = path.join(session.l.dir, 'lr.yaml');
    fs.writeFileSync(f, 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults}\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 500m, memory: 256Mi}\n    defaultRequest: {cpu: 250m, memory: 128Mi}\n    max: {cpu: "1"}\n');
    expect(await ok('apply', '-f', f)).toBe('limitrange/defaults created\n');
    expect(await ok('get', 'limits')).toMatch(/^NAME\s+CREATED AT\ndefaults\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    const lr = await ok('describe', 'limitrange', 'defaults');
    expect(lr).toMatch(/^Type\s+Resource\s+Min\s+Max\s+Default Request\s+Default Limit\s+Max Limit\/Request Ratio$/m);
    expect(lr).toMatch(/^Container\s+cpu\s+-\s+1\s+250m\s+500m\s+-$/m);
    for (const name of ['a', 'b']) await ok('run', name, '--image=nginx');
    const pod = JSON.parse(await ok('get', 'pod', 'a', '-o', 'json'));
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m', memory: '128Mi' } });
    expect(pod.metadata.annotations['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container a; cpu, memory limit for container a');
    const refused = await kubectl('run', 'c', '--image=nginx');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('Error from server (Forbidden): pods "c" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2\n');
    const tooBig = await kubectl('run', 'd', '--image=nginx', '--overrides={"spec":{"containers":[{"name":"d","image":"nginx","resources":{"limits":{"cpu":"2"}}}]}}');
    expect(tooBig.err).toBe('Error from server (Forbidden): pods "d" is forbidden: maximum cpu usage per Container is 1, but limit is 2\n');
    const described = await ok('describe', 'quota', 'compute');
    expect(described).toMatch(/^pods\s+2\s+2$/m);
    expect(described).toMatch(/^requests\.cpu\s+500m\s+1$/m);
    // kubelapse's own describers (kubelapse describe) print what the real kubectl prints.
    expect(describeQuota(JSON.parse(await ok('get', 'quota', 'compute', '-o', 'json')))).toBe(described);
    // Upstream's limit range lines come in Go map order; compare them as a set.
    const ours = describeLimitRange(JSON.parse(await ok('get', 'limitrange', 'defaults', '-o', 'json'))).split('\n');
    expect([...ours].sort()).toEqual([...lr.split('\n')].sort());
  }, 60_000);

  it('the Python client and @kubernetes/client-node read both kinds', async () => {
    const py = await runAsync(PYTHON, ['-c', [
      'import sys; from kubernetes import client, config',
      `config.load_kube_config(config_file=${JSON.stringify(session.kubeconfig)})`,
      'v1 = client.CoreV1Api()',
      'q = v1.read_namespaced_resource_quota("compute", "default")',
      'print(q.status.hard["pods"], q.status.used["pods"], q.spec.hard["requests.cpu"])',
      'print([i.type for i in v1.list_namespaced_limit_range("default").items[0].spec.limits])',
    ].join('\n')], { ...process.env, HOME: session.l.dir });
    expect(py.err).toBe('');
    expect(py.out).toBe("2 2 1\n['Container']\n");
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(session.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const quota = await core.readNamespacedResourceQuota({ name: 'compute', namespace: 'default' });
    expect(quota.status?.used?.['requests.cpu']).toBe('500m');
    const ranges = await core.listNamespacedLimitRange({ namespace: 'default' });
    expect(ranges.items[0]?.spec?.limits[0]?.defaultRequest).toEqual({ cpu: '250m', memory: '128Mi' });
  }, 60_000);
});

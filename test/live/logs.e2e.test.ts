import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, beforeAll, expect, it } from 'vitest';
import { KUBECTL, runAsync } from './kubectl-runner.js';
import { liveWithKubectl, waitFor } from './live-fixture.js';

/*
 * kubectl logs against kubelapse live, with the real kubectl, the official Python
 * client and @kubernetes/client-node: the pods/log subresource, its options, upstream's
 * refusals, and -f following the lines as the virtual clock reaches them.
 */

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
    - {name: a, image: nginx:1.25, ports: [{containerPort: 80}]}
    - {name: b, image: busybox:1.36, ports: [{containerPort: 8080}]}
---
apiVersion: v1
kind: Pod
metadata: {name: slow, annotations: {kubelapse/image-pull-time: 1h}}
spec:
  containers:
    - {name: app, image: example/big:1.0}
`;

const PYTHON = '/usr/bin/python3';
const hasPython = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import kubernetes'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!fs.existsSync(KUBECTL))('kubectl logs against kubelapse live', () => {
  const session = liveWithKubectl({ speed: 8 });
  const { kubectl, ok } = session;
  const state = async (pod: string): Promise<string> => ok('get', 'pod', pod, '-o', 'jsonpath={.status.containerStatuses[0].state}');

  beforeAll(async () => {
    fs.writeFileSync(path.join(session.l.dir, 'pods.yaml'), PODS);
    await ok('apply', '-f', path.join(session.l.dir, 'pods.yaml'));
    await ok('create', 'deployment', 'web', '--image=nginx:1.25', '--port=80');
    await waitFor('two running', async () => ((await ok('get', 'pod', 'two', '-o', 'jsonpath={.status.phase}')) === 'Running' ? true : undefined), 30_000);
    // Running comes with the first container's start; each process listens 1 s (virtual) after its own start.
    // Until then kubectl logs refuses the one still being created (exit 1), so ask with kubectl, not ok.
    for (const c of ['a', 'b']) await waitFor(`${c} listening`, async () => ((await kubectl('logs', 'two', '-c', c)).out.includes('listening') ? true : undefined), 30_000);
    await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
  }, 90_000);

  it('kubectl logs pod, deploy/x, -c, --all-containers, --tail and --timestamps', async () => {
    const first = await kubectl('logs', 'two');
    expect(first.code).toBe(0);
    expect(first.out).toBe('starting nginx:1.25\nlistening on :80\n');
    expect(first.err).toBe('Defaulted container "a" out of: a, b\n');
    expect(await ok('logs', 'two', '-c', 'b')).toBe('starting busybox:1.36\nlistening on :8080\n');
    // kubectl asks for each container's log in its own request: the containers may come in either order.
    const all = await ok('logs', 'two', '--all-containers', '--prefix');
    expect(all.trim().split('\n').sort()).toEqual(['[pod/two/a] listening on :80', '[pod/two/a] starting nginx:1.25', '[pod/two/b] listening on :8080', '[pod/two/b] starting busybox:1.36']);
    expect(await ok('logs', 'deploy/web')).toBe('starting nginx:1.25\nlistening on :80\n');
    expect(await ok('logs', 'two', '-c', 'a', '--tail', '1')).toBe('listening on :80\n');
    // The kubelet's timestamps: RFC 3339 with 9 fractional digits, in cluster time.
    expect(await ok('logs', 'two', '-c', 'a', '--timestamps')).toMatch(/^2026-11-22T10:\d\d:\d\d\.\d{3}000000Z starting nginx:1\.25\n2026-11-22T10:\d\d:\d\d\.\d{3}000000Z listening on :80\n$/);
    expect(await ok('logs', 'two', '-c', 'a', '--since', '1h')).toBe('starting nginx:1.25\nlistening on :80\n');
  });

  it("refuses as upstream does: an unknown container, one still being created, no previous run", async () => {
    const bad = await kubectl('logs', 'two', '-c', 'zz');
    expect(bad.code).toBe(1);
    expect(bad.err.trim()).toBe('error: container zz is not valid for pod two');
    const slow = await kubectl('logs', 'slow');
    expect(slow.code).toBe(1);
    expect(slow.err.trim()).toBe('Error from server (BadRequest): container "app" in pod "slow" is waiting to start: ContainerCreating');
    // A pod whose first run has not ended yet (it crashes 2 min of cluster time after its start).
    await ok('run', 'fresh', '--image=busybox:1.36', '--annotations=kubelapse/crash-after=2m');
    await waitFor('fresh running', async () => ((await state('fresh')).includes('running') ? true : undefined), 30_000);
    const prev = await kubectl('logs', 'fresh', '--previous');
    expect(prev.code).toBe(1);
    expect(prev.err.trim()).toBe('Error from server (BadRequest): previous terminated container "fresh" in pod "fresh" not found');
  });

  it('kubectl logs -f follows the run as virtual time passes and ends when the process exits; --previous then shows that run', async () => {
    // A pod of its own, seen running from its first start: it crashes 60 s of cluster time
    // after that start, 7.5 s of wall time at 8x, so -f is certain to be asked before the crash
    // even on a loaded machine.
    await ok('run', 'follow', '--image=busybox:1.36', '--annotations=kubelapse/crash-after=60s');
    await waitFor('follow running', async () => ((await state('follow')).includes('running') ? true : undefined), 60_000);
    const t0 = performance.now();
    const followed = await kubectl('logs', '-f', 'follow');
    const wallMs = performance.now() - t0;
    expect(followed.code).toBe(0);
    expect(followed.out).toBe('starting busybox:1.36\nfatal: crashed after 60s (kubelapse/crash-after)\nexiting with code 1\n');
    // -f waited for the crash rather than returning what was there.
    expect(wallMs).toBeGreaterThan(200);
    await waitFor('follow restarted', async () => (Number(await ok('get', 'pod', 'follow', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}')) > 0 ? true : undefined), 60_000);
    expect(await ok('logs', 'follow', '--previous', '--tail', '1')).toBe('exiting with code 1\n');
    expect(await ok('logs', 'follow', '--previous')).toBe(followed.out);
  }, 120_000);

  it("kubectl logs job/x: a Job's pod that did its work and exited", async () => {
    await ok('create', 'job', 'batch', '--image=busybox:1.36');
    await waitFor('the job done', async () => ((await ok('get', 'job', 'batch', '-o', 'jsonpath={.status.succeeded}')) === '1' ? true : undefined), 60_000);
    expect(await ok('logs', 'job/batch')).toBe('starting busybox:1.36\nwork done\nexiting with code 0\n');
  }, 90_000);

  it('the REST subresource validates its options as upstream (422 PodLogOptions) and sends plain text', async () => {
    const r = await session.l.request('GET', '/api/v1/namespaces/default/pods/two/log?container=a&tailLines=-1');
    expect(r.status).toBe(422);
    expect(r.json.message).toBe('PodLogOptions "two" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
    const both = await session.l.request('GET', '/api/v1/namespaces/default/pods/two/log?container=a&sinceSeconds=5&sinceTime=2026-11-22T10:00:00Z');
    expect(both.json.message).toBe('PodLogOptions "two" is invalid: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
    const none = await session.l.request('GET', '/api/v1/namespaces/default/pods/two/log');
    expect(none.status).toBe(400);
    expect(none.json).toMatchObject({ reason: 'BadRequest', message: 'a container name must be specified for pod two, choose one of: [a b]' });
    const cut = await session.l.request('GET', '/api/v1/namespaces/default/pods/two/log?container=a&limitBytes=8');
    expect(cut.status).toBe(200);
    expect(cut.text).toBe('starting');
    expect((await session.l.request('GET', '/api/v1/namespaces/default/pods/nope/log')).status).toBe(404);
  });

  it('@kubernetes/client-node reads a container log', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(session.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    expect(await core.readNamespacedPodLog({ name: 'two', namespace: 'default', container: 'b' })).toBe('starting busybox:1.36\nlistening on :8080\n');
    await expect(core.readNamespacedPodLog({ name: 'two', namespace: 'default' })).rejects.toMatchObject({ code: 400 });
  });

  it.skipIf(!hasPython)('the official Python client: read_namespaced_pod_log, with its options and its ApiException', async () => {
    const ca = path.join(session.l.dir, 'ca.crt');
    fs.writeFileSync(ca, session.l.ca);
    const script = `
import json, sys
from kubernetes import client
from kubernetes.client.rest import ApiException
conf = client.Configuration(); conf.host = sys.argv[1]; conf.api_key = {"authorization": "Bearer " + sys.argv[2]}; conf.ssl_ca_cert = sys.argv[3]
core = client.CoreV1Api(client.ApiClient(conf))
out = {"a": core.read_namespaced_pod_log("two", "default", container="a"),
       "tail": core.read_namespaced_pod_log("two", "default", container="a", tail_lines=1, timestamps=True)}
try:
    core.read_namespaced_pod_log("two", "default")
except ApiException as e:
    out["error"] = [e.status, json.loads(e.body)["message"]]
print(json.dumps(out))
`;
    const r = await runAsync(PYTHON, ['-c', script, session.l.url, session.l.token, ca], process.env);
    expect(r.err).toBe('');
    const out = JSON.parse(r.out);
    expect(out.a).toBe('starting nginx:1.25\nlistening on :80\n');
    // timestamps=True arrives as "True": read as Go's ParseBool reads it.
    expect(out.tail).toMatch(/^2026-11-22T\S+Z listening on :80\n$/);
    expect(out.error).toEqual([400, 'a container name must be specified for pod two, choose one of: [a b]']);
  });

  it('exec, attach and port-forward keep their clear refusal', async () => {
    const exec = await kubectl('exec', 'two', '-c', 'a', '--', 'ls');
    expect(exec.code).toBe(1);
    expect(exec.err).toContain('exec is not available: kubelapse simulates containers without processes (no exec, attach or port-forward; kubectl logs works)');
    const attach = await kubectl('attach', 'two', '-c', 'a');
    expect(attach.code).toBe(1);
    expect(attach.err).toContain('attach is not available: kubelapse simulates containers without processes');
    const pf = await runAsync(KUBECTL, ['port-forward', 'pod/two', '18080:80'], { ...process.env, KUBECONFIG: session.kubeconfig, HOME: session.l.dir }, 15_000);
    expect(pf.code).not.toBe(0);
    expect(pf.err).toContain('portforward is not available: kubelapse simulates containers without processes');
  });
});

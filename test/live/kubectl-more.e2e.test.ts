import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, beforeAll, expect, it } from 'vitest';
import { KUBECTL } from './kubectl-runner.js';
import { liveWithKubectl, waitFor } from './live-fixture.js';

/*
 * The real /usr/bin/kubectl (and @kubernetes/client-node) on the verbs beyond the
 * walkthrough: debug, auth can-i, top, a manifest of a kind kubelapse does not serve.
 * The live server runs in this process, so kubectl runs asynchronously beside it.
 */


describe.skipIf(!fs.existsSync(KUBECTL))('kubectl debug, auth can-i, top and unserved kinds against kubelapse live', () => {
  const session = liveWithKubectl({ speed: 4 });
  const { kubectl, ok } = session;

  beforeAll(async () => {
    await ok('create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
    await ok('set', 'resources', 'deployment', 'web', '--requests=cpu=100m,memory=64Mi');
    await ok('rollout', 'status', 'deployment/web', '--timeout=60s');
  }, 90_000);

  it('kubectl debug: a pod gets a clear refusal of ephemeral containers (no panic); a node gets its debugging pod, then a clear word that attach is unavailable', async () => {
    const pod = (await ok('get', 'pods', '-l', 'app=web', '-o', 'name')).trim().split('\n')[0] as string;
    const onPod = await kubectl('debug', pod, '-it', '--image=busybox', '--profile=general');
    expect(onPod.err).not.toMatch(/panic|nil pointer/);
    expect(onPod.code).toBe(1);
    expect(onPod.err).toContain('error: ephemeral containers are disabled for this cluster (error from server: "the server could not find the requested resource")');

    // The debugging pod is sent as protobuf with volumes, hostPID, tolerations ...: all decoded.
    const onNode = await kubectl('debug', 'node/node-1', '-it', '--image=busybox', '--profile=legacy');
    expect(onNode.err).not.toMatch(/panic|nil pointer|protobuf/);
    expect(onNode.out + onNode.err).toMatch(/Creating debugging pod node-debugger-node-1-\w+ with container debugger on node node-1/);
    expect(onNode.err).toContain('attach is not available: kubelapse simulates containers without processes');
    const debugPod = JSON.parse(await ok('get', 'pods', '-o', 'json')).items.find((p: any) => p.metadata.name.startsWith('node-debugger-node-1-'));
    expect(debugPod.spec).toMatchObject({
      nodeName: 'node-1', hostPID: true, hostNetwork: true, hostIPC: true, restartPolicy: 'Never',
      // kubectl's host-root, then the kube-api-access volume ServiceAccount admission adds.
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }, { name: expect.stringMatching(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/), projected: { defaultMode: 420 } }],
      tolerations: [{ operator: 'Exists' }],
      serviceAccountName: 'default',
      priority: 0,
    });
    expect(debugPod.spec.containers[0]).toMatchObject({
      name: 'debugger', image: 'busybox', stdin: true, tty: true,
      volumeMounts: [{ name: 'host-root', mountPath: '/host' }, { name: debugPod.spec.volumes[1].name, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
    });
  }, 120_000);

  it('kubectl auth can-i answers yes, and --list shows cluster-admin\'s rules', async () => {
    expect((await ok('auth', 'can-i', 'create', 'pods')).trim()).toBe('yes');
    expect((await ok('auth', 'can-i', 'delete', 'nodes', '--all-namespaces')).trim()).toBe('yes');
    const list = await ok('auth', 'can-i', '--list');
    expect(list.split('\n')[0]).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/);
    expect(list).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
    expect(list).toMatch(/^\s+\[\*\]\s+\[\]\s+\[\*\]$/m);
  });

  it('kubectl top nodes and pods (-A, --containers) read metrics.k8s.io', async () => {
    // A pod has metrics after one whole 15 s window of metrics-server (about 4 s at 4x).
    await waitFor('pod metrics', async () => ((await kubectl('top', 'pods')).code === 0 ? true : undefined), 30_000);
    const nodes = await ok('top', 'nodes');
    expect(nodes.split('\n')[0]).toMatch(/^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*$/);
    expect(nodes).toMatch(/node-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
    const all = await ok('top', 'pods', '-A');
    expect(all.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/);
    // Memory is the container's request (64Mi): the simulator computes CPU only.
    expect(all).toMatch(/default\s+web-\S+\s+0m\s+64Mi/);
    const containers = await ok('top', 'pods', '--containers');
    expect(containers).toMatch(/web-\S+\s+nginx\s+0m\s+64Mi/);
    const missing = await kubectl('top', 'pod', 'nope');
    expect(missing.err.trim()).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "nope" not found');
  }, 60_000);

  it('kubectl explain reads the OpenAPI v3 (and v2 protobuf) schemas; a kind kubelapse does not serve gets the REST mapping error, not "failed to download openapi"', async () => {
    const strategy = await ok('explain', 'deployment.spec.strategy');
    expect(strategy).toMatch(/KIND:\s+Deployment/);
    expect(strategy).toMatch(/FIELD: strategy <DeploymentStrategy>/);
    expect(strategy).toMatch(/rollingUpdate\s+<RollingUpdateDeployment>/);
    expect(strategy).toMatch(/type\s+<string>/);
    // The v2 document, which kubectl reads only as gnostic protobuf.
    const ports = await ok('explain', 'pods.spec.containers.ports', '--output=plaintext-openapiv2');
    expect(ports).toMatch(/containerPort\s+<integer> -required-/);
    const ds = path.join(session.l.dir, 'ingress.yaml');
    fs.writeFileSync(ds, 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n');
    const applied = await kubectl('apply', '-f', ds);
    expect(applied.code).toBe(1);
    expect(applied.err).not.toContain('openapi');
    expect(applied.err).toContain(`error: resource mapping not found for name: "web" namespace: "" from "${ds}": no matches for kind "Ingress" in version "networking.k8s.io/v1"`);
    expect(applied.err).toContain('ensure CRDs are installed first');
  });

  it('@kubernetes/client-node: a self access review, node metrics, and a watch opened with watch=true', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(session.kubeconfig);
    const review = await kc.makeApiClient(k8s.AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { verb: 'delete', resource: 'deployments', group: 'apps', namespace: 'default' } } },
    });
    expect(review.status?.allowed).toBe(true);
    const metrics = await new k8s.Metrics(kc).getNodeMetrics();
    expect(metrics.items.map((m) => m.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
    const events: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch('/apis/apps/v1/namespaces/default/deployments', {}, (type, obj) => events.push(`${type} ${obj.metadata.name}`), () => undefined);
    await waitFor('the ADDED event', () => (events.includes('ADDED web') ? true : undefined));
    req.abort();
  });
});

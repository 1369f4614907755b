import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { writeKubeconfig } from '../../core/live/kubeconfig.js';
import { Recording } from '../../core/record/recording.js';
import { KUBECTL, kubectlAsync, runAsync } from './kubectl-runner.js';
import { startLive, type RunningLive } from './live-fixture.js';

/*
 * `kubectl apply --server-side` with the real /usr/bin/kubectl against kubelapse live:
 * create, unchanged, configured, a conflict with kubectl scale's entry worded as
 * upstream prints it, --force-conflicts, and the managedFields kubectl and the Python
 * client read back.
 */

const PYTHON = '/usr/bin/python3';
let live: RunningLive;
let kubeconfig: string;
let manifest: string;

/** Run asynchronously: the live server answers from this same process. */
const run = (cmd: string, args: string[]) => runAsync(cmd, args, { ...process.env, HOME: live.dir });
const kubectl = (...args: string[]) => kubectlAsync(kubeconfig, live.dir).run(...args);

function writeManifest(replicas: number): void {
  fs.writeFileSync(
    manifest,
    YAML.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } },
      },
    }),
  );
}

const rvOf = async (): Promise<string> => (await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.resourceVersion}')).out;

describe.skipIf(!fs.existsSync(KUBECTL))('kubectl apply --server-side against kubelapse live', () => {
  beforeAll(async () => {
    live = await startLive({ speed: 4 });
    kubeconfig = path.join(live.dir, 'kubeconfig');
    manifest = path.join(live.dir, 'deploy.yaml');
    writeKubeconfig(kubeconfig, live.url, live.token, live.ca);
  });

  afterAll(async () => {
    await live?.stop();
  });

  it('creates, leaves unchanged, configures, conflicts with kubectl scale and takes over with --force-conflicts', async () => {
    writeManifest(2);
    let r = await kubectl('apply', '--server-side', '-f', manifest);
    expect(r).toMatchObject({ code: 0, out: 'deployment.apps/web serverside-applied\n' });

    // Again, unchanged: nothing is written (same resourceVersion).
    const rv = await rvOf();
    r = await kubectl('apply', '--server-side', '-f', manifest);
    expect(r.code).toBe(0);
    expect((await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.metadata.generation}')).out).toBe('1');

    writeManifest(3);
    expect((await kubectl('apply', '--server-side', '-f', manifest)).code).toBe(0);
    expect((await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).out).toBe('3');
    expect(Number(await rvOf())).toBeGreaterThan(Number(rv));

    expect((await kubectl('scale', 'deploy/web', '--replicas=5')).out.trim()).toBe('deployment.apps/web scaled');
    writeManifest(3);
    r = await kubectl('apply', '--server-side', '-f', manifest);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
    expect(r.err).toContain('--force-conflicts');
    expect((await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).out).toBe('5');

    r = await kubectl('apply', '--server-side', '--force-conflicts', '-f', manifest);
    expect(r).toMatchObject({ code: 0, out: 'deployment.apps/web serverside-applied\n' });
    expect((await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).out).toBe('3');
  });

  it('kubectl get -o yaml --show-managed-fields shows upstream-shaped entries: the applier owns replicas again, the scale entry is gone', async () => {
    const obj = YAML.parse((await kubectl('get', 'deploy', 'web', '-o', 'yaml', '--show-managed-fields')).out);
    const entries = obj.metadata.managedFields as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const apply = entries.find((e) => e.operation === 'Apply');
    expect(apply).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(apply?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(apply?.fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(apply?.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}']['f:ports']).toEqual({ 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } });
    expect(entries.some((e) => e.subresource === 'scale')).toBe(false);
    expect(entries.find((e) => e.subresource === 'status')).toMatchObject({ manager: 'kube-controller-manager', operation: 'Update' });
    // Without the flag kubectl hides them, as on a real cluster.
    expect(YAML.parse((await kubectl('get', 'deploy', 'web', '-o', 'yaml')).out).metadata.managedFields).toBeUndefined();
  });

  it.skipIf(!fs.existsSync(PYTHON))('the Python client reads the entries as V1ManagedFieldsEntry', async () => {
    const script = [
      'from kubernetes import client, config',
      `config.load_kube_config(${JSON.stringify(kubeconfig)})`,
      "d = client.AppsV1Api().read_namespaced_deployment('web', 'default')",
      'for e in d.metadata.managed_fields: print(e.manager, e.operation, e.api_version, e.subresource or "-", e.time.isoformat() if e.time else "-", sorted(e.fields_v1.keys()))',
    ].join('\n');
    const r = await run(PYTHON, ['-c', script]);
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^kubectl Apply apps\/v1 - \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 \['f:spec'\]$/);
    expect(lines.some((l) => /^kube-controller-manager Update apps\/v1 status /.test(l))).toBe(true);
  });

  it('the recording has the writes with their managedFields; the conflict wrote nothing', async () => {
    await live.stop();
    const rec = Recording.open(live.output, { readonly: true });
    try {
      const rows = rec.db.prepare("SELECT verb, message, object FROM events WHERE kind = 'Deployment' AND name = 'web' AND actor = 'kubectl' ORDER BY seq").all() as Array<{ verb: string; message: string; object: string }>;
      expect(rows.map((r) => r.verb)).toEqual(['create', 'update', 'update', 'update']);
      expect(rows.map((r) => r.message)).toEqual([
        'kubectl apply: apply deployments.apps/web',
        'kubectl apply: apply deployments.apps/web',
        'kubectl scale: scale deployments.apps/web/scale to 5',
        'kubectl apply: apply deployments.apps/web (force)',
      ]);
      expect(JSON.parse(rows[0]?.object ?? '{}').metadata.managedFields[0].manager).toBe('kubectl');
    } finally {
      rec.close();
    }
  });
});

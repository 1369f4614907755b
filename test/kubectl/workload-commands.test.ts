import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import type { Client } from '../../core/client/client.js';
import { KubectlError } from '../../core/kubectl/command.js';
import { describeError, executeKubectl } from '../../core/kubectl/execute.js';
import { parseKubectl } from '../../core/kubectl/parse.js';
import { parseScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { cli, makeSim, tmpDir } from '../helpers.js';

/*
 * kubectl create job|cronjob, create job --from=cronjob/X, scale sts and apply of the
 * workload API's kinds: what core/kubectl sends is what the real kubectl 1.32 builds
 * (create_job.go, create_cronjob.go), and the words it prints are kubectl's.
 */

const run = (k: Client, line: string, files: Record<string, KObject[]> = {}): string[] => executeKubectl(k, parseKubectl(line), (f) => files[f] ?? []);

/**
 * What kubectl sends, before the API server defaults it (a Job's selector and counts, a
 * pod template's restart and pull policies): the objects handed to create, in order.
 */
function sentBy(k: Client): KObject[] {
  const sent: KObject[] = [];
  const create = k.create.bind(k);
  k.create = (obj, note) => {
    sent.push(structuredClone(obj));
    return create(obj, note);
  };
  return sent;
}

function refusal(line: string): string {
  try {
    parseKubectl(line);
  } catch (e) {
    if (e instanceof KubectlError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('kubectl create job and create cronjob', () => {
  it('parse with kubectl\'s checks: one NAME before --, --image or --from, required --image and --schedule', () => {
    expect(parseKubectl('create job pi --image=perl:5.34 -n batch -- perl -Mbignum=bpi -wle "print bpi(2000)"')).toEqual({
      verb: 'create-job', namespace: 'batch', name: 'pi', image: 'perl:5.34', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
    });
    expect(parseKubectl('create job manual --from=cronjob/hello')).toEqual({ verb: 'create-job', name: 'manual', command: [], fromCronJob: 'hello' });
    expect(parseKubectl('create cj hello --image=busybox --schedule="*/1 * * * *" -- date')).toEqual({ verb: 'create-cronjob', name: 'hello', image: 'busybox', schedule: '*/1 * * * *', restart: 'OnFailure', command: ['date'] });
    expect(parseKubectl("create cronjob hello --image=busybox --schedule='@hourly' --restart=Never")).toMatchObject({ restart: 'Never', command: [] });
    expect(refusal('create job pi extra --image=perl')).toBe('exactly one NAME is required, got 2');
    expect(refusal('create job --image=perl')).toBe('exactly one NAME is required, got 0');
    expect(refusal('create job pi')).toBe('either --image or --from must be specified');
    expect(refusal('create job pi --image=perl --from=cronjob/hello')).toBe('either --image or --from must be specified');
    expect(refusal('create job pi --from=cronjob/hello -- date')).toBe('cannot specify --from and command');
    expect(refusal('create job pi --from=deployment/web')).toBe('unknown object type *v1.Deployment');
    expect(refusal('create job pi --from=hello')).toBe('from must be an existing cronjob');
    expect(refusal('create cronjob hello --image=busybox')).toBe('required flag(s) "schedule" not set');
    expect(refusal('create cronjob hello')).toBe('required flag(s) "image", "schedule" not set');
  });

  it('create job builds what kubectl builds: the container named after the Job, the command after --, restartPolicy Never', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    const sent = sentBy(k);
    expect(run(k, 'create job pi --image=perl:5.34 -- perl -e 1')).toEqual(['job.batch/pi created']);
    expect(sent[0]?.spec).toEqual({ template: { metadata: {}, spec: { containers: [{ name: 'pi', image: 'perl:5.34', command: ['perl', '-e', '1'], resources: {} }], restartPolicy: 'Never' } } });
    const job = sim.api.get('Job', 'default', 'pi');
    expect(job.spec.template.spec.containers[0]).toMatchObject({ name: 'pi', image: 'perl:5.34', command: ['perl', '-e', '1'] });
    expect((job.metadata.managedFields as Array<{ manager: string }>)[0]?.manager).toBe('kubectl-create');
    run(k, 'create namespace batch');
    run(k, 'create job nocmd --image=busybox -n batch');
    expect(sent.at(-1)?.spec.template.spec.containers[0]).toEqual({ name: 'nocmd', image: 'busybox', resources: {} });
  });

  it('create cronjob names its job template after it and restarts its pods as --restart says (OnFailure)', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    const sent = sentBy(k);
    expect(run(k, 'create cronjob hello --image=busybox:1.28 --schedule="*/1 * * * *" -- date')).toEqual(['cronjob.batch/hello created']);
    expect(sent[0]?.spec).toEqual({
      schedule: '*/1 * * * *',
      jobTemplate: { metadata: { name: 'hello' }, spec: { template: { metadata: {}, spec: { containers: [{ name: 'hello', image: 'busybox:1.28', command: ['date'], resources: {} }], restartPolicy: 'OnFailure' } } } },
    });
  });

  it('create job --from=cronjob/X copies the job template, annotates instantiate: manual, and makes the CronJob its controller', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    const cj = k.create({
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report' },
      spec: {
        schedule: '0 * * * *',
        jobTemplate: {
          metadata: { labels: { team: 'data' }, annotations: { owner: 'ana' } },
          spec: { backoffLimit: 2, template: { spec: { containers: [{ name: 'r', image: 'report:1' }], restartPolicy: 'Never' } } },
        },
      },
    } as KObject);
    expect(run(k, 'create job report-now --from=cronjob/report')).toEqual(['job.batch/report-now created']);
    const job = sim.api.get('Job', 'default', 'report-now');
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual', owner: 'ana' });
    expect(job.metadata.labels).toEqual({ team: 'data' });
    // Not NewControllerRef: no blockOwnerDeletion (it would need the cronjobs/finalizers permission).
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: cj.metadata.uid, controller: true }]);
    // The CronJob's jobTemplate as stored (defaulted by the API server), as kubectl copies it.
    expect(job.spec).toMatchObject({ backoffLimit: 2, template: { spec: { containers: [{ name: 'r', image: 'report:1' }], restartPolicy: 'Never' } } });
    let err: unknown;
    try {
      run(k, 'create job x --from=cronjob/nope');
    } catch (e) {
      err = e;
    }
    expect(describeError(err)).toBe('Error from server (NotFound): cronjobs.batch "nope" not found');
  });
});

describe('kubectl scale sts and apply of the workload API\'s kinds', () => {
  const manifests: KObject[] = [
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'fluentd' }, spec: { selector: { matchLabels: { app: 'fluentd' } }, template: { metadata: { labels: { app: 'fluentd' } }, spec: { containers: [{ name: 'f', image: 'fluentd:1' }] } } } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { serviceName: 'web', replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } } },
    { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-1' }, revision: 1, data: { spec: { template: { $patch: 'replace' } } } } as unknown as KObject,
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'Never' } } } },
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello' }, spec: { schedule: '@hourly', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'h', image: 'busybox' }], restartPolicy: 'OnFailure' } } } } } },
    { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'kubelapse.dev/simulated' } as unknown as KObject,
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 } as unknown as KObject,
  ];

  it.each([false, true])('apply -f of every new kind creates, then configures a change (server-side: %s)', (serverSide) => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    const flag = serverSide ? ' --server-side' : '';
    const created = run(k, `apply${flag} -f all.yaml`, { 'all.yaml': manifests });
    const refs = ['daemonset.apps/fluentd', 'statefulset.apps/web', 'controllerrevision.apps/web-1', 'job.batch/pi', 'cronjob.batch/hello', 'persistentvolume/pv-1', 'persistentvolumeclaim/data', 'storageclass.storage.k8s.io/fast', 'priorityclass.scheduling.k8s.io/high'];
    expect(created).toEqual(refs.map((r) => `${r} ${serverSide ? 'serverside-applied' : 'created'}`));
    const changed = manifests.map((m) => (m.kind === 'CronJob' ? { ...m, spec: { ...m.spec, schedule: '*/5 * * * *' } } : m));
    const again = run(k, `apply${flag} -f all.yaml`, { 'all.yaml': changed });
    if (!serverSide) expect(again.filter((l) => l.endsWith('configured'))).toEqual(['cronjob.batch/hello configured']);
    expect(sim.api.get('CronJob', 'default', 'hello').spec.schedule).toBe('*/5 * * * *');
    // Cluster-scoped kinds land outside any namespace.
    expect(sim.api.get('PersistentVolume', null, 'pv-1').metadata.namespace).toBeUndefined();
  });

  it('scale sts writes spec.replicas through the scale subresource', () => {
    const sim = makeSim();
    const k = sim.client('kubectl');
    run(k, 'apply -f sts.yaml', { 'sts.yaml': [manifests[1] as KObject] });
    expect(run(k, 'scale sts web --replicas=5')).toEqual(['statefulset.apps/web scaled']);
    const sts = sim.api.get('StatefulSet', 'default', 'web');
    expect(sts.spec.replicas).toBe(5);
    expect(sts.metadata.generation).toBe(2);
    expect((sts.metadata.managedFields as Array<{ manager: string; subresource?: string }>).find((m) => m.subresource === 'scale')?.manager).toBe('kubectl');
  });
});

describe('the verbs as scenario kubectl: steps', () => {
  it('run in a recorded scenario, each a kubectl write with its narration', () => {
    const text = `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: batch-steps}
spec:
  duration: 30s
  cluster: {nodes: 1}
  steps:
    - at: 1s
      kubectl: create cronjob hello --image=busybox:1.28 --schedule="*/1 * * * *" -- date
    - at: 2s
      kubectl: create job hello-manual --from=cronjob/hello
    - at: 3s
      kubectl: create job pi --image=perl:5.34 -- perl -e 1
    - at: 4s
      apply: |
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: web}
        spec:
          serviceName: web
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: nginx, image: "nginx:1.25"}]}
    - at: 5s
      kubectl: scale sts web --replicas=3
  expect:
    - at: end
      cronjob/hello: {}
`;
    const out = path.join(tmpDir(), 'batch-steps.db');
    const result = runScenario(parseScenario(text, 'batch-steps.yaml'), { output: out });
    expect(result.warnings).toEqual([]);
    const db = new Database(out, { readonly: true });
    const rows = db.prepare("SELECT time_ms, verb, subresource, kind, name, reason, message FROM events WHERE actor = 'kubectl' ORDER BY seq").all();
    db.close();
    expect(rows).toEqual([
      { time_ms: 1000, verb: 'create', subresource: null, kind: 'CronJob', name: 'hello', reason: 'Create', message: 'kubectl create cronjob hello --schedule="*/1 * * * *"' },
      { time_ms: 2000, verb: 'create', subresource: null, kind: 'Job', name: 'hello-manual', reason: 'Create', message: 'kubectl create job hello-manual --from=cronjob/hello' },
      { time_ms: 3000, verb: 'create', subresource: null, kind: 'Job', name: 'pi', reason: 'Create', message: 'kubectl create job pi --image=perl:5.34' },
      { time_ms: 4000, verb: 'create', subresource: null, kind: 'StatefulSet', name: 'web', reason: 'Apply', message: 'kubectl apply created statefulset.apps/web' },
      { time_ms: 5000, verb: 'update', subresource: 'scale', kind: 'StatefulSet', name: 'web', reason: 'Scale', message: 'kubectl scale statefulset.apps/web --replicas=3' },
    ]);
    // kubelapse get prints the recording with the same printers as kubectl get.
    const jobs = cli(['get', out, 'jobs', '--at', '10s']);
    expect(jobs.code).toBe(0);
    expect(jobs.stdout.split('\n').map((l) => l.trimEnd())).toEqual(['NAME           STATUS    COMPLETIONS   DURATION   AGE', 'hello-manual   Running   0/1           8s         8s', 'pi             Running   0/1           7s         7s', '']);
    expect(cli(['get', out, 'sts', '--at', '10s']).stdout).toBe('NAME   READY   AGE\nweb    3/3     6s\n');
    expect(cli(['get', out, 'cj', '-o', 'wide']).stdout.split('\n')[1]).toMatch(/^hello\s+\*\/1 \* \* \* \*\s+<none>\s+\S+\s+0\s+<none>\s+29s\s+hello\s+busybox:1\.28\s+<none>$/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { KUBECTL } from './kubectl-runner.js';
import { liveWithKubectl, waitFor } from './live-fixture.js';

/*
 * The real /usr/bin/kubectl (1.32) on the rest of the workload API: create job|cronjob
 * (protobuf bodies), create job --from=cronjob, apply of every new kind, get with
 * upstream's columns, explain, scale sts, rollout history|undo of a DaemonSet and a
 * StatefulSet over hand-made ControllerRevisions. No controller acts on these kinds in
 * this test: the API server stores and serves them, and kubectl does the rest.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- kubectl's JSON */

/** What kubectl's Go encoding adds that no client sent: zero Times (creationTimestamp: null) and empty status. */
function sent(obj: any): any {
  if (Array.isArray(obj)) return obj.map(sent);
  if (obj === null || typeof obj !== 'object') return obj;
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null).map(([k, v]) => [k, sent(v)]));
}

/** Every field of `want` is in `got` with the same value (the server may add its own: uid, defaults). */
function missingOrDifferent(want: any, got: any, at = ''): string[] {
  if (want === null || typeof want !== 'object') return want === got ? [] : [`${at}: sent ${JSON.stringify(want)}, stored ${JSON.stringify(got)}`];
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return [`${at}: sent ${want.length} items, stored ${JSON.stringify(got)}`];
    return want.flatMap((w, i) => missingOrDifferent(w, got[i], `${at}[${i}]`));
  }
  if (got === null || typeof got !== 'object') return [`${at}: sent an object, stored ${JSON.stringify(got)}`];
  return Object.entries(want).flatMap(([k, v]) => missingOrDifferent(v, got[k], `${at}.${k}`));
}

const MANIFESTS = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluentd}
spec:
  selector: {matchLabels: {app: fluentd}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 1}}
  template:
    metadata: {labels: {app: fluentd}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      tolerations: [{operator: Exists, effect: NoSchedule}]
      containers: [{name: fluentd, image: "fluentd:v2"}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 2
  selector: {matchLabels: {app: web}}
  updateStrategy: {type: RollingUpdate}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: "nginx:1.25", ports: [{containerPort: 80, name: http}]}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: countdown}
spec:
  completions: 3
  parallelism: 2
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox, command: [sh, -c, "sleep 5"]}]
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-1}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath: {path: /mnt/data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 3Gi}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: slow}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000000
description: important
`;

describe.skipIf(!fs.existsSync(KUBECTL))('the rest of the workload API with the real kubectl against kubelapse live', () => {
  const session = liveWithKubectl({ speed: 4 });
  const { kubectl, ok } = session;
  const file = (name: string, text: string): string => {
    const f = path.join(session.l.dir, name);
    fs.writeFileSync(f, text);
    return f;
  };


  it('create job, create cronjob, create job --from=cronjob and create priorityclass: the server decodes from protobuf every field kubectl sends', async () => {
    // The CronJob fires once a year: a live session runs in real time, and one that lasted
    // past a minute under a loaded machine saw `*/1` fire and its history limit (3) clean
    // up hello-manual, which it owns, as upstream's controller does.
    const cases: Array<{ args: string[]; kind: string; name: string }> = [
      { args: ['create', 'cronjob', 'hello', '--image=busybox:1.28', '--schedule=0 0 1 1 *', '--restart=Never', '--', 'sh', '-c', 'date; echo hi'], kind: 'cronjob', name: 'hello' },
      { args: ['create', 'job', 'pi', '--image=perl:5.34', '--', 'perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], kind: 'job', name: 'pi' },
      { args: ['create', 'job', 'hello-manual', '--from=cronjob/hello'], kind: 'job', name: 'hello-manual' },
      { args: ['create', 'priorityclass', 'batch-low', '--value=-10', '--description=jobs that can wait', '--preemption-policy=Never'], kind: 'priorityclass', name: 'batch-low' },
    ];
    for (const c of cases) {
      // The flags before `--`: what follows it is the container's command.
      const dash = c.args.indexOf('--');
      const withFlags = (...flags: string[]) => (dash < 0 ? [...c.args, ...flags] : [...c.args.slice(0, dash), ...flags, ...c.args.slice(dash)]);
      const dry = sent(JSON.parse(await ok(...withFlags('--dry-run=client', '-o', 'json'))));
      delete dry.status;
      const created = await kubectl(...c.args);
      expect(created.err).toBe('');
      expect(created.out).toMatch(new RegExp(`^${c.kind}\\.[a-z0-9.]+/${c.name} created\\n$`));
      const stored = JSON.parse(await ok('get', c.kind, c.name, '-o', 'json'));
      expect(missingOrDifferent(dry, stored), `${c.args.join(' ')}`).toEqual([]);
    }
    // What --from took from the CronJob, on top of the field-for-field check above.
    const manual = JSON.parse(await ok('get', 'job', 'hello-manual', '-o', 'json'));
    const cj = JSON.parse(await ok('get', 'cronjob', 'hello', '-o', 'json'));
    expect(manual.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(manual.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid, controller: true }]);
    expect(manual.spec.template.spec.containers[0].command).toEqual(['sh', '-c', 'date; echo hi']);
    expect(manual.spec.template.spec.restartPolicy).toBe('Never');
  }, 120_000);

  it('apply -f of every new kind creates, leaves alone, and applies server-side; get shows upstream\'s columns', async () => {
    const manifests = file('workloads.yaml', MANIFESTS);
    expect((await ok('apply', '-f', manifests)).trim().split('\n')).toEqual([
      'daemonset.apps/fluentd created', 'statefulset.apps/web created', 'job.batch/countdown created', 'persistentvolume/pv-1 created',
      'persistentvolumeclaim/data created', 'storageclass.storage.k8s.io/slow created', 'priorityclass.scheduling.k8s.io/high created',
    ]);
    // The StatefulSet's claim templates come back as the API server stores them (apiVersion,
    // kind, volumeMode, status.phase added): a list kubectl replaces whole, so it sends it again.
    expect((await ok('apply', '-f', manifests)).trim().split('\n').filter((line) => !line.endsWith(' unchanged'))).toEqual(['statefulset.apps/web configured']);
    expect((await ok('apply', '--server-side', '--force-conflicts', '-f', manifests)).trim().split('\n').filter((line) => !line.endsWith(' serverside-applied'))).toEqual([]);

    const header = async (...args: string[]) => (await ok('get', ...args)).split('\n')[0]?.trim().split(/\s{2,}/);
    expect(await header('ds')).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(await header('ds', '-o', 'wide')).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    // The controllers are at work: the counts are whatever they have reached.
    // AGE as kubectl prints it (HumanDuration): 87s, or 2m31s once a slow machine's session passes two minutes.
    expect(await ok('get', 'ds')).toMatch(/^fluentd\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+kubernetes\.io\/os=linux\s+\d+[smhd](\d+[smhd])?$/m);
    expect(await header('sts')).toEqual(['NAME', 'READY', 'AGE']);
    expect(await ok('get', 'sts')).toMatch(/^web\s+\d\/2\s+\d+[smhd](\d+[smhd])?$/m);
    expect(await header('jobs')).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(await ok('get', 'jobs')).toMatch(/^countdown\s+(Running|Complete)\s+\d\/3\s+(\d+[smhd](\d+[smhd])?\s+)?\d+[smhd](\d+[smhd])?$/m);
    expect(await header('cronjobs')).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(await ok('get', 'cj')).toMatch(/^hello\s+0 0 1 1 \*\s+<none>\s+\S+\s+0\s+<none>\s+\d+[smhd](\d+[smhd])?$/m);
    expect(await header('pv')).toEqual(['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE']);
    // pv-1 is what the claim `data` (class manual, 3Gi) binds to.
    expect(await ok('get', 'pv')).toMatch(/^pv-1\s+10Gi\s+RWO\s+Retain\s+(Available|Bound)\s+(default\/data\s+)?manual\s+<unset>\s+\d+[smhd](\d+[smhd])?$/m);
    expect(await header('pvc')).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    expect(await header('sc')).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    expect(await ok('get', 'sc')).toMatch(/^standard \(default\)\s+rancher\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+\d+[smhd](\d+[smhd])?$/m);
    expect(await header('pc')).toEqual(['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']);
    expect(await ok('get', 'pc', 'batch-low')).toMatch(/^batch-low\s+-10\s+false\s+\d+[smhd](\d+[smhd])?\s+Never$/m);
    // kubectl get all: the all category takes in daemon sets, stateful sets, jobs and cron jobs, and not volumes.
    const all = await ok('get', 'all');
    for (const ref of ['daemonset.apps/fluentd', 'statefulset.apps/web', 'job.batch/countdown', 'cronjob.batch/hello', 'service/kubernetes']) expect(all).toContain(ref);
    expect(all).not.toContain('persistentvolume');
  }, 120_000);

  it('kubectl explain reads the new kinds\' schemas, v3 and v2', async () => {
    const spec = await ok('explain', 'job.spec');
    expect(spec).toMatch(/KIND:\s+Job/);
    expect(spec).toMatch(/template\s+<PodTemplateSpec> -required-/);
    expect(spec).toMatch(/podFailurePolicy\s+<PodFailurePolicy>/);
    expect(await ok('explain', 'cronjob.spec.jobTemplate')).toMatch(/FIELD: jobTemplate <JobTemplateSpec>/);
    expect(await ok('explain', 'sts.spec')).toMatch(/volumeClaimTemplates\s+<\[\]PersistentVolumeClaim>/);
    expect(await ok('explain', 'pv.spec', '--output=plaintext-openapiv2')).toMatch(/claimRef\s+<Object>/);
    expect(await ok('explain', 'controllerrevisions')).toMatch(/revision\s+<integer> -required-/);
    expect(await ok('explain', 'sc')).toMatch(/provisioner\s+<string> -required-/);
  }, 60_000);

  it('scale sts goes through statefulsets/scale', async () => {
    expect(await ok('scale', 'sts', 'web', '--replicas=3')).toBe('statefulset.apps/web scaled\n');
    expect(await ok('get', 'sts', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
  }, 60_000);

  it.each([
    ['DaemonSet', 'ds', 'fluentd', 'fluentd'],
    ['StatefulSet', 'sts', 'web', 'nginx'],
  ] as const)('rollout history and undo of a %s follow the ControllerRevisions its controller writes', async (kind, short, name, container) => {
    const ref = `${kind.toLowerCase()}.apps/${name}`;
    const image = async () => (await ok('get', short, name, '-o', `jsonpath={.spec.template.spec.containers[0].image}`)).trim();
    const first = await image();
    const revisions = async (): Promise<number> => (await ok('get', 'controllerrevisions', '-o', 'name')).split('\n').filter((l) => l.startsWith(`controllerrevision.apps/${name}-`)).length;
    for (const v of [3, 4]) {
      const before = await revisions();
      await ok('set', 'image', `${short}/${name}`, `${container}=${container}:v${v}`);
      await waitFor(`the revision of ${container}:v${v}`, async () => ((await revisions()) > before ? true : undefined), 30_000);
    }
    expect((await ok('rollout', 'history', `${short}/${name}`)).split('\n')).toEqual([`${ref} `, 'REVISION  CHANGE-CAUSE', '1         <none>', '2         <none>', '3         <none>', '', '']);
    expect(await ok('rollout', 'history', `${short}/${name}`, '--revision=2')).toContain(`Image:\t${container}:v3`);
    expect(await ok('rollout', 'undo', `${short}/${name}`)).toBe(`${ref} rolled back\n`);
    expect(await image()).toBe(`${container}:v3`);
    expect(await ok('rollout', 'undo', `${short}/${name}`, '--to-revision=1')).toBe(`${ref} rolled back\n`);
    expect(await image()).toBe(first);
    const missing = await kubectl('rollout', 'undo', `${short}/${name}`, '--to-revision=7');
    expect(missing.code).toBe(1);
    expect(missing.err.trim()).toBe('error: unable to find specified revision 7 in history');
    const status = await kubectl('rollout', 'status', `${short}/${name}`, '--watch=false');
    expect(status.code).toBe(0);
    expect(status.out).toMatch(kind === 'DaemonSet' ? /daemon set "fluentd"|Waiting for daemon set/ : /statefulset|Waiting for/);
  }, 120_000);

  it('@kubernetes/client-node lists and watches jobs and lists the cluster-scoped kinds', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(session.kubeconfig);
    const batch = kc.makeApiClient(k8s.BatchV1Api);
    expect((await batch.listNamespacedJob({ namespace: 'default' })).items.map((j) => j.metadata?.name)).toEqual(expect.arrayContaining(['countdown', 'hello-manual', 'pi']));
    expect((await batch.listNamespacedCronJob({ namespace: 'default' })).items.map((j) => j.spec?.schedule)).toEqual(['0 0 1 1 *']);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    // pv-1, and the volumes the local-path provisioner made for the StatefulSet's claims.
    expect((await core.listPersistentVolume()).items.map((v) => v.spec?.capacity?.storage)).toContain('10Gi');
    expect((await kc.makeApiClient(k8s.StorageV1Api).listStorageClass()).items.map((s) => s.metadata?.name).sort()).toEqual(['slow', 'standard']);
    expect((await kc.makeApiClient(k8s.SchedulingV1Api).listPriorityClass()).items.map((p) => p.value ?? 0).sort((a, b) => a - b)).toEqual([-10, 1000000, 2000000000, 2000001000]);
    const events: string[] = [];
    const req = await new k8s.Watch(kc).watch('/apis/batch/v1/namespaces/default/jobs', {}, (type, obj) => events.push(`${type} ${obj.metadata.name}`), () => undefined);
    await ok('create', 'job', 'watched', '--image=busybox');
    await waitFor('the ADDED event of the new Job', () => (events.includes('ADDED watched') ? true : undefined));
    req.abort();
  }, 60_000);
});

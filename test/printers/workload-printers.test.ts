import { describe, expect, it } from 'vitest';
import { asTable } from '../../core/api/rest/table.js';
import type { KObject } from '../../core/api/types.js';
import { formatTable, toTable } from '../../core/printers/tables.js';
import { clusterClock, parseEpoch, type VirtualMs } from '../../core/sim/time.js';

/*
 * `kubectl get` for the rest of the workload API: the columns and cells of upstream's
 * v1.32 printers (pkg/printers/internalversion/printers.go), for the CLI's tables and
 * the API server's meta.k8s.io Tables alike. The cluster is 10 minutes old at "now".
 */

const epoch = parseEpoch('2026-01-01T00:00:00Z');
const NOW = 600_000 as VirtualMs;
const clock = clusterClock(epoch, () => NOW);
const at = (ms: number): string => clock.timestamp(ms as VirtualMs);

function obj(kind: string, name: string, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: 'default', creationTimestamp: at(0), ...meta }, ...rest } as KObject;
}

function table(kind: string, objects: KObject[], wide = false): string {
  const t = toTable(kind, objects, clock, wide);
  return formatTable(t.columns, t.rows);
}

const template = (containers: Array<[string, string]>, nodeSelector?: Record<string, string>) => ({
  metadata: { labels: { app: 'x' } },
  spec: { containers: containers.map(([name, image]) => ({ name, image })), ...(nodeSelector ? { nodeSelector } : {}) },
});

describe('printers of the workload API (v1.32 columns)', () => {
  it('get ds: DESIRED CURRENT READY UP-TO-DATE AVAILABLE, the template\'s node selector, and -o wide with the label selector', () => {
    const ds = obj('DaemonSet', 'fluentd', {
      spec: { selector: { matchLabels: { name: 'fluentd', app: 'log' } }, template: template([['fluentd', 'fluentd:v2'], ['sidecar', 'busybox']], { 'kubernetes.io/os': 'linux', disk: 'ssd' }) },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2 },
    });
    expect(table('DaemonSet', [ds]).split('\n')).toEqual([
      'NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR                     AGE',
      'fluentd   3         3         2       1            2           disk=ssd,kubernetes.io/os=linux   10m',
    ]);
    const wide = toTable('DaemonSet', [ds], clock, true);
    expect(wide.columns.slice(-3)).toEqual(['CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(wide.rows[0]?.slice(-3)).toEqual(['fluentd,sidecar', 'fluentd:v2,busybox', 'app=log,name=fluentd']);
    // A new DaemonSet without status or node selector.
    expect(toTable('DaemonSet', [obj('DaemonSet', 'new', { spec: { template: template([['a', 'a']]) } })], clock).rows[0]).toEqual(['new', '0', '0', '0', '0', '0', '<none>', '10m']);
  });

  it('get sts: READY is ready/spec.replicas (1 when unset), -o wide adds CONTAINERS and IMAGES only', () => {
    const web = obj('StatefulSet', 'web', { spec: { replicas: 3, template: template([['nginx', 'nginx:1.25']]) }, status: { readyReplicas: 2 } });
    const one = obj('StatefulSet', 'db', { spec: { template: template([['pg', 'postgres']]) } });
    expect(table('StatefulSet', [web, one]).split('\n')).toEqual(['NAME   READY   AGE', 'web    2/3     10m', 'db     0/1     10m']);
    expect(toTable('StatefulSet', [web], clock, true).columns).toEqual(['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
  });

  it('get jobs: STATUS from the conditions, COMPLETIONS by completions or parallelism, DURATION from start to completion or now', () => {
    const done = obj('Job', 'pi', {
      spec: { completions: 5, parallelism: 2, template: template([['pi', 'perl']]) },
      status: { succeeded: 5, startTime: at(60_000), completionTime: at(135_000), conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }] },
    });
    const running = obj('Job', 'work', { spec: { parallelism: 4 }, status: { succeeded: 0, startTime: at(300_000), active: 4 } });
    const failing = obj('Job', 'flaky', { spec: { completions: 1 }, status: { failed: 7, startTime: at(0), conditions: [{ type: 'FailureTarget', status: 'True' }] } });
    const failed = obj('Job', 'broken', { spec: { completions: 1 }, status: { failed: 7, startTime: at(0), conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] } });
    const suspended = obj('Job', 'later', { spec: { completions: 2, suspend: true }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } });
    const deleting = obj('Job', 'bye', { spec: {}, status: { startTime: at(0) } }, { deletionTimestamp: at(590_000) });
    expect(table('Job', [done, running, failing, failed, suspended, deleting]).split('\n')).toEqual([
      'NAME     STATUS          COMPLETIONS   DURATION   AGE',
      'pi       Complete        5/5           75s        10m',
      'work     Running         0/1 of 4      5m         10m',
      'flaky    FailureTarget   0/1           10m        10m',
      'broken   Failed          0/1           10m        10m',
      'later    Suspended       0/2                      10m',
      'bye      Terminating     0/1           10m        10m',
    ]);
    const wide = toTable('Job', [obj('Job', 'pi', { spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: template([['pi', 'perl:5.34']]) } })], clock, true);
    expect(wide.rows[0]?.slice(-3)).toEqual(['pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=u1']);
  });

  it('get cronjobs: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE, the job template in -o wide', () => {
    const hello = obj('CronJob', 'hello', {
      spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template: template([['hello', 'busybox:1.28']]) } } },
      status: { active: [{ name: 'hello-29000000' }], lastScheduleTime: at(540_000) },
    });
    const tz = obj('CronJob', 'nightly', { spec: { schedule: '0 2 * * *', timeZone: 'Europe/Paris', suspend: true, jobTemplate: { spec: { template: template([['n', 'n']]) } } } });
    expect(table('CronJob', [hello, tz]).split('\n')).toEqual([
      'NAME      SCHEDULE      TIMEZONE       SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
      'hello     */1 * * * *   <none>         False     1        60s             10m',
      'nightly   0 2 * * *     Europe/Paris   True      0        <none>          10m',
    ]);
    expect(toTable('CronJob', [hello], clock, true).rows[0]?.slice(-3)).toEqual(['hello', 'busybox:1.28', '<none>']);
  });

  it('get pv and pvc: access modes abbreviated in upstream\'s order, the claim as ns/name, a claim\'s capacity once bound', () => {
    const pv = obj('PersistentVolume', 'pv-1', {
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'manual', claimRef: { namespace: 'default', name: 'data-web-0' } },
      status: { phase: 'Bound' },
    }, { namespace: undefined });
    const free = obj('PersistentVolume', 'pv-2', { spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOncePod'], persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Block' }, status: { phase: 'Available' } }, { namespace: undefined });
    expect(table('PersistentVolume', [pv, free]).split('\n')).toEqual([
      'NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM                STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE',
      'pv-1   10Gi       RWO,RWX        Retain           Bound       default/data-web-0   manual         <unset>                          10m',
      'pv-2   1Gi        RWOP           Delete           Available                                       <unset>                          10m',
    ]);
    expect(toTable('PersistentVolume', [pv, free], clock, true).rows.map((r) => r.at(-1))).toEqual(['<unset>', 'Block']);
    const bound = obj('PersistentVolumeClaim', 'data-web-0', { spec: { volumeName: 'pv-1', storageClassName: 'manual', resources: { requests: { storage: '5Gi' } } }, status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] } });
    const pending = obj('PersistentVolumeClaim', 'data-web-1', { spec: { storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } });
    const beta = obj('PersistentVolumeClaim', 'old', { spec: { storageClassName: 'ignored' }, status: { phase: 'Pending' } }, { annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } });
    expect(table('PersistentVolumeClaim', [bound, pending, beta]).split('\n')).toEqual([
      'NAME         STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
      'data-web-0   Bound     pv-1     10Gi       RWO            manual         <unset>                 10m',
      'data-web-1   Pending                                      standard       <unset>                 10m',
      'old          Pending                                      legacy         <unset>                 10m',
    ]);
  });

  it('get sc marks the default class "(default)" (GA or beta annotation) and fills upstream\'s defaults', () => {
    const standard = obj('StorageClass', 'standard', { provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' }, { namespace: undefined, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
    const fast = obj('StorageClass', 'fast', { provisioner: 'kubernetes.io/no-provisioner', allowVolumeExpansion: true }, { namespace: undefined, annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } });
    const beta = obj('StorageClass', 'old', { provisioner: 'x' }, { namespace: undefined, annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } });
    expect(table('StorageClass', [standard, fast, beta]).split('\n')).toEqual([
      'NAME                 PROVISIONER                    RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE',
      'standard (default)   rancher.io/local-path          Delete          WaitForFirstConsumer   false                  10m',
      'fast                 kubernetes.io/no-provisioner   Delete          Immediate              true                   10m',
      'old (default)        x                              Delete          Immediate              false                  10m',
    ]);
  });

  it('get controllerrevisions names the controller as kind.group/name; get pc shows PREEMPTIONPOLICY after AGE', () => {
    const cr = obj('ControllerRevision', 'fluentd-7d9c5b8f6', { revision: 2, data: {} }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid: 'u', controller: true }] });
    const orphan = obj('ControllerRevision', 'lost-1', { revision: 1 });
    expect(table('ControllerRevision', [cr, orphan]).split('\n')).toEqual([
      'NAME                CONTROLLER               REVISION   AGE',
      'fluentd-7d9c5b8f6   daemonset.apps/fluentd   2          10m',
      'lost-1              <none>                   1          10m',
    ]);
    const pc = obj('PriorityClass', 'high', { value: 1000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' }, { namespace: undefined });
    const crit = obj('PriorityClass', 'system-node-critical', { value: 2000001000 }, { namespace: undefined });
    expect(table('PriorityClass', [pc, crit]).split('\n')).toEqual([
      'NAME                   VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY',
      'high                   1000000      false            10m   PreemptLowerPriority',
      'system-node-critical   2000001000   false            10m',
    ]);
  });

  it('server-side Tables carry upstream\'s header spellings, column types and typed cells', () => {
    const opts = { include: 'None' as const, clock, resourceVersion: '7' };
    const tableOf = (kind: string, o: KObject) => asTable(kind, [o], opts) as { columnDefinitions: Array<{ name: string; type: string; priority: number }>; rows: Array<{ cells: unknown[] }> };
    const ds = tableOf('DaemonSet', obj('DaemonSet', 'd', { spec: { template: template([['a', 'a']]) }, status: { desiredNumberScheduled: 3 } }));
    expect(ds.columnDefinitions.map((c) => `${c.name}:${c.type}:${c.priority}`)).toEqual([
      'Name:string:0', 'Desired:integer:0', 'Current:integer:0', 'Ready:integer:0', 'Up-to-date:integer:0', 'Available:integer:0', 'Node Selector:string:0', 'Age:string:0',
      'Containers:string:1', 'Images:string:1', 'Selector:string:1',
    ]);
    expect(ds.rows[0]?.cells.slice(0, 3)).toEqual(['d', 3, 0]);
    const pc = tableOf('PriorityClass', obj('PriorityClass', 'p', { value: 10, globalDefault: true }));
    expect(pc.columnDefinitions.map((c) => `${c.name}:${c.type}`)).toEqual(['Name:string', 'Value:integer', 'Global-Default:boolean', 'Age:string', 'PreemptionPolicy:string']);
    expect(pc.rows[0]?.cells.slice(0, 3)).toEqual(['p', 10, true]);
    const sc = tableOf('StorageClass', obj('StorageClass', 's', { provisioner: 'p' }));
    expect(sc.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age']);
    expect(sc.rows[0]?.cells[4]).toBe(false);
    expect(tableOf('ControllerRevision', obj('ControllerRevision', 'r', { revision: 4 })).rows[0]?.cells[2]).toBe(4);
    const cj = tableOf('CronJob', obj('CronJob', 'c', { spec: { schedule: '@hourly', suspend: false } }));
    expect(cj.columnDefinitions.find((c) => c.name === 'Suspend')?.type).toBe('boolean');
    expect(cj.rows[0]?.cells.slice(3, 5)).toEqual(['False', 0]);
    expect(tableOf('PersistentVolume', obj('PersistentVolume', 'v')).columnDefinitions.map((c) => c.name)).toContain('StorageClass');
  });
});

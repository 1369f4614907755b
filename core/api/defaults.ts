import { defaultEndpoints } from './endpoints-validation.js';
import { defaultCronJob, defaultJob } from './batch/job-defaults.js';
import { defaultPriorityClass } from './priority-classes.js';
import { defaultDaemonSet } from './daemonset-defaults.js';
import { defaultRequestsFromLimits } from './container-resources.js';
import type { KObject } from './types.js';
import { defaultStatefulSet } from './defaults-statefulset.js';
import { defaultStorageKind } from './defaults-storage.js';
import { defaultQuotaKind } from './quota-validation.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- defaulting walks open JSON */

/**
 * Upstream's defaulting (SetDefaults_* in pkg/apis/.../defaults.go) for the fields the
 * simulator models, plus the DefaultTolerationSeconds admission plugin for pods.
 * Mutates the fresh copy it is given; only called on objects about to be stored.
 */
export function applyDefaults(obj: KObject): void {
  switch (obj.kind) {
    case 'Pod':
      obj.spec ??= {};
      defaultPodSpec(obj.spec);
      defaultRequestsFromLimits(obj.spec);
      defaultTolerationSeconds(obj.spec);
      break;
    case 'Deployment':
      defaultDeployment(obj);
      break;
    case 'DaemonSet':
      defaultDaemonSet(obj);
      defaultTemplate(obj.spec);
      break;
    case 'ReplicaSet':
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      defaultTemplate(obj.spec);
      break;
    case 'Service':
      defaultService(obj);
      break;
    case 'Namespace':
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
      break;
    case 'HorizontalPodAutoscaler':
      defaultHpa(obj);
      break;
    case 'Secret':
      defaultSecret(obj);
      break;
    case 'Job':
      defaultJob(obj, defaultTemplate);
      break;
    case 'CronJob':
      defaultCronJob(obj, defaultTemplate);
      break;
    case 'StatefulSet':
      defaultStatefulSet(obj, defaultTemplate);
      break;
    case 'PersistentVolume':
    case 'PersistentVolumeClaim':
    case 'StorageClass':
      defaultStorageKind(obj);
      break;
    case 'PriorityClass':
      defaultPriorityClass(obj);
      break;
    case 'ResourceQuota':
    case 'LimitRange':
      defaultQuotaKind(obj);
      break;
    case 'Endpoints':
      defaultEndpoints(obj);
      break;
  }
  stripUndefined(obj);
}

function defaultDeployment(obj: KObject): void {
  const spec = (obj.spec ??= {});
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    // apps/v1 defaults both to 25%: 4 replicas surge to 5 and keep at least 3.
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec);
}

function defaultTemplate(spec: any): void {
  spec.template ??= {};
  spec.template.spec ??= {};
  defaultPodSpec(spec.template.spec);
}

/** SetDefaults_PodSpec and SetDefaults_Container, for pods and pod templates alike. */
export function defaultPodSpec(spec: any): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  convertServiceAccount(spec);
  for (const list of [spec.initContainers, spec.containers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) defaultContainer(c);
  }
}

/**
 * v1's serviceAccount is the deprecated name of serviceAccountName: the v1 conversion
 * reads it when serviceAccountName is empty and always writes both, so a template that
 * says `serviceAccountName: coredns` is stored (and listed) with `serviceAccount: coredns`.
 */
function convertServiceAccount(spec: any): void {
  const name = spec.serviceAccountName;
  if (typeof name === 'string' && name !== '') spec.serviceAccount = name;
  else if (typeof spec.serviceAccount === 'string' && spec.serviceAccount !== '') spec.serviceAccountName = spec.serviceAccount;
}

function defaultContainer(c: any): void {
  if (c === null || typeof c !== 'object') return;
  // `nginx` and `nginx:latest` pull every time; a pinned tag only when absent.
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
    const tag = imageTag(c.image);
    c.imagePullPolicy = tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of Array.isArray(c.ports) ? c.ports : []) p.protocol ??= 'TCP';
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = c[key];
    if (probe === undefined || probe === null) continue;
    // Probe defaults: every 10 s, 1 s timeout, 3 failures to fail, 1 success to pass.
    probe.timeoutSeconds ??= 1;
    probe.periodSeconds ??= 10;
    probe.successThreshold ??= 1;
    probe.failureThreshold ??= 3;
    if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
  }
  const preStop = c.lifecycle?.preStop;
  if (preStop?.httpGet) preStop.httpGet.scheme ??= 'HTTP';
}

function imageTag(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const lastSlash = noDigest.lastIndexOf('/');
  const lastColon = noDigest.lastIndexOf(':');
  return lastColon > lastSlash ? noDigest.slice(lastColon + 1) : '';
}

/**
 * DefaultTolerationSeconds admission: every pod tolerates not-ready and unreachable
 * NoExecute taints for 300 s, which is why a dead node's pods are replaced only
 * about 5 minutes (plus the 50 s node-monitor grace) after it stops reporting.
 */
function defaultTolerationSeconds(spec: any): void {
  const tolerations: any[] = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some(
      (t) => (t.key === key || (t.key === undefined && t.operator === 'Exists')) && (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute'),
    );
    if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
}

function defaultService(obj: KObject): void {
  const spec = (obj.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
}

function defaultHpa(obj: KObject): void {
  const spec = (obj.spec ??= {});
  spec.minReplicas ??= 1;
  // autoscaling/v2 behavior defaults: scale up by max(4 pods, 100%) per 15 s at once,
  // scale down by up to 100% per 15 s after a 300 s stabilization window.
  spec.behavior ??= {};
  spec.behavior.scaleUp ??= {};
  spec.behavior.scaleUp.stabilizationWindowSeconds ??= 0;
  spec.behavior.scaleUp.selectPolicy ??= 'Max';
  spec.behavior.scaleUp.policies ??= [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ];
  spec.behavior.scaleDown ??= {};
  spec.behavior.scaleDown.stabilizationWindowSeconds ??= 300;
  spec.behavior.scaleDown.selectPolicy ??= 'Max';
  spec.behavior.scaleDown.policies ??= [{ type: 'Percent', value: 100, periodSeconds: 15 }];
}

/** JSON has no undefined: drop keys the `??=` chains left unset. */
function stripUndefined(value: any): void {
  // A frozen subtree is shared with a stored object (its managedFields, the half of an
  // object a status write keeps): stored JSON has no undefined, and it cannot change.
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  if (Array.isArray(value)) {
    for (const v of value) stripUndefined(v);
    return;
  }
  // for-in, not Object.keys: no array of keys per object (0.46 kB of each write's
  // garbage in the 10,000-pod run). Deleting the member being visited is allowed.
  for (const key in value) {
    if (value[key] === undefined) delete value[key];
    else stripUndefined(value[key]);
  }
}

/** Secret: type Opaque; stringData is write-only, merged into data base64-encoded (it wins on a clash). */
function defaultSecret(obj: KObject): void {
  obj.type ??= 'Opaque';
  const stringData = obj.stringData as Record<string, string> | undefined;
  if (stringData !== undefined && stringData !== null) {
    const data = { ...((obj.data as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    obj.data = data;
    delete obj.stringData;
  }
}

import type { KObject } from './types.js';
import { jsonEqual } from './equal.js';
import { fromLabelSelector, matches } from './labels.js';
import { validateDaemonSet } from './daemonset-validation.js';
import { validateControllerRevision } from './controller-revision-validation.js';
import { checkIntOrPercent } from './int-or-percent-validation.js';
import { isDns1123Label, isDns1123Subdomain } from './names.js';
import { validateCronJob } from './batch/cronjob-validation.js';
import { validateJob } from './batch/job-validation.js';
import { DNS_LABEL_MESSAGE, validatePodSpec } from './validation-pod-spec.js';
import { validateStatefulSet, validateStatefulSetUpdate } from './validation-statefulset.js';
import { validateStorageKind } from './validation-storage.js';
import { validatePriorityClass } from './priority-classes.js';
import { validateQuotaKind } from './quota-validation.js';
import { validateEndpoints } from './endpoints-validation.js';
import {
  forbiddenCause,
  invalidCause,
  requiredCause,
  unsupportedCause,
  type StatusCause,
} from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

/**
 * Upstream's validation (pkg/apis/*\/validation) for the modeled fields. Returns the
 * causes of a 422; an empty list means valid. `old` is set on updates.
 */
export function validate(obj: KObject, old?: Readonly<KObject>): StatusCause[] {
  const causes: StatusCause[] = [];
  validateMeta(obj, causes);
  switch (obj.kind) {
    case 'Pod':
      validatePodSpec(obj.spec, 'spec', causes);
      if (old !== undefined) validatePodUpdate(obj, old, causes);
      break;
    case 'Deployment':
    case 'ReplicaSet':
      validateWorkload(obj, causes);
      if (old !== undefined && JSON.stringify(old.spec?.selector) !== JSON.stringify(obj.spec?.selector)) {
        causes.push(invalidCause('spec.selector', selectorText(obj.spec?.selector), 'field is immutable'));
      }
      break;
    case 'DaemonSet':
      validatePodSpec(obj.spec?.template?.spec, 'spec.template.spec', causes);
      validateDaemonSet(obj, old, causes);
      break;
    case 'ControllerRevision':
      validateControllerRevision(obj, old, causes);
      break;
    case 'Service':
      validateService(obj, causes);
      break;
    case 'Endpoints':
      validateEndpoints(obj, causes);
      break;
    case 'PodDisruptionBudget':
      if (obj.spec?.minAvailable !== undefined && obj.spec?.maxUnavailable !== undefined) {
        causes.push(invalidCause('spec', obj.spec, 'minAvailable and maxUnavailable cannot be both set'));
      }
      break;
    case 'HorizontalPodAutoscaler':
      validateHpa(obj, causes);
      break;
    case 'Job':
      validateJob(obj, old, causes, validatePodSpec);
      break;
    case 'CronJob':
      validateCronJob(obj, old, causes, validatePodSpec);
      break;
    case 'StatefulSet':
      validateStatefulSet(obj, causes);
      if (old !== undefined) validateStatefulSetUpdate(obj, old, causes);
      break;
    case 'PersistentVolume':
    case 'PersistentVolumeClaim':
    case 'StorageClass':
      validateStorageKind(obj, old, causes);
      break;
    case 'PriorityClass':
      validatePriorityClass(obj, old, causes);
      break;
    case 'ResourceQuota':
    case 'LimitRange':
      validateQuotaKind(obj, causes);
      break;
  }
  return causes;
}

function validateMeta(obj: KObject, causes: StatusCause[]): void {
  const name = obj.metadata.name;
  if (name === undefined || name === '') {
    causes.push(requiredCause('metadata.name', 'name or generateName is required'));
  } else if (obj.kind === 'Namespace' || obj.kind === 'Service') {
    if (!isDns1123Label(name)) causes.push(invalidCause('metadata.name', name, dnsLabelMessage));
  } else if (!isDns1123Subdomain(name)) {
    causes.push(invalidCause('metadata.name', name, dnsSubdomainMessage));
  }
  // for-in: no array of [key, value] pairs for every write's labels.
  const labels: Record<string, unknown> = obj.metadata.labels ?? {};
  for (const key in labels) {
    const value = labels[key];
    if (typeof value !== 'string' || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value) || value.length > 63) {
      causes.push(invalidCause(`metadata.labels`, value, 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'));
    }
    if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key)) {
      causes.push(invalidCause('metadata.labels', key, 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\''));
    }
  }
}

const dnsLabelMessage = DNS_LABEL_MESSAGE;
const dnsSubdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/**
 * Pod specs are immutable but for a few fields: upstream's message lists them, and
 * kubectl users meet it when they try to edit a running pod's ports or env.
 */
function validatePodUpdate(obj: KObject, old: Readonly<KObject>, causes: StatusCause[]): void {
  if (jsonEqual(obj.spec, old.spec)) return; // status and metadata updates: the common case
  const strip = (spec: any): string => {
    const copy = JSON.parse(JSON.stringify(spec ?? {}));
    for (const c of [...(copy.containers ?? []), ...(copy.initContainers ?? [])]) delete c.image;
    delete copy.activeDeadlineSeconds;
    delete copy.tolerations;
    delete copy.terminationGracePeriodSeconds;
    if (old.spec?.nodeName === undefined) delete copy.nodeName;
    return JSON.stringify(copy);
  };
  if (strip(obj.spec) !== strip(old.spec)) {
    causes.push(
      forbiddenCause(
        'spec',
        'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      ),
    );
  }
}

function validateWorkload(obj: KObject, causes: StatusCause[]): void {
  const spec = obj.spec ?? {};
  if (typeof spec.replicas !== 'number' || spec.replicas < 0 || !Number.isInteger(spec.replicas)) {
    causes.push(invalidCause('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  let selector = null;
  if (spec.selector === undefined || spec.selector === null) {
    causes.push(requiredCause('spec.selector'));
  } else {
    selector = fromLabelSelector(spec.selector);
    if (selector !== null && selector.length === 0) {
      causes.push(invalidCause('spec.selector', selectorText(spec.selector), 'empty selector is invalid for deployment'));
    }
  }
  const labels = spec.template?.metadata?.labels ?? {};
  if (selector !== null && selector.length > 0 && !matches(selector, labels)) {
    // The classic mistake: selector app=web, template labels app=webapp.
    causes.push(invalidCause('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  validatePodSpec(spec.template?.spec, 'spec.template.spec', causes);
  const restart = spec.template?.spec?.restartPolicy;
  if (restart !== undefined && restart !== 'Always') {
    causes.push(unsupportedCause('spec.template.spec.restartPolicy', restart, ['Always']));
  }
  if (obj.kind === 'Deployment') validateStrategy(spec, causes);
}

function validateStrategy(spec: any, causes: StatusCause[]): void {
  const strategy = spec.strategy ?? {};
  const types = ['Recreate', 'RollingUpdate'];
  if (!types.includes(strategy.type)) {
    causes.push(unsupportedCause('spec.strategy.type', strategy.type, types));
    return;
  }
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined) {
      causes.push(forbiddenCause('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
    return;
  }
  const ru = strategy.rollingUpdate ?? {};
  const surge = checkIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', causes);
  const unavailable = checkIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', causes);
  if (typeof ru.maxUnavailable === 'string' && unavailable !== null && unavailable > 100) {
    causes.push(invalidCause('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'must not be greater than 100%'));
  }
  if (surge === 0 && unavailable === 0) {
    // Both zero could never make progress: no extra pod may start and none may stop.
    causes.push(invalidCause('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
}

function validateService(obj: KObject, causes: StatusCause[]): void {
  const spec = obj.spec ?? {};
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
  if (!types.includes(spec.type)) causes.push(unsupportedCause('spec.type', spec.type, types));
  const ports = spec.ports;
  if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None' && (!Array.isArray(ports) || ports.length === 0)) {
    causes.push(requiredCause('spec.ports'));
  }
  (Array.isArray(ports) ? ports : []).forEach((p: any, i: number) => {
    if (typeof p?.port !== 'number' || p.port < 1 || p.port > 65535) {
      causes.push(invalidCause(`spec.ports[${i}].port`, p?.port, 'must be between 1 and 65535, inclusive'));
    }
    if (Array.isArray(ports) && ports.length > 1 && (p?.name === undefined || p.name === '')) {
      causes.push(requiredCause(`spec.ports[${i}].name`));
    }
  });
}

function validateHpa(obj: KObject, causes: StatusCause[]): void {
  const spec = obj.spec ?? {};
  if (spec.scaleTargetRef?.kind === undefined || spec.scaleTargetRef?.name === undefined) {
    causes.push(requiredCause('spec.scaleTargetRef'));
  }
  if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1) {
    causes.push(invalidCause('spec.maxReplicas', spec.maxReplicas, 'must be greater than 0'));
  } else if (typeof spec.minReplicas === 'number' && spec.minReplicas > spec.maxReplicas) {
    causes.push(invalidCause('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  }
}

function selectorText(sel: any): string {
  return JSON.stringify(sel ?? null);
}

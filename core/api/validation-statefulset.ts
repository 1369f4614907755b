import { jsonEqual } from './equal.js';
import { fromLabelSelector, matches } from './labels.js';
import { forbiddenCause, invalidCause, requiredCause, unsupportedCause, type StatusCause } from './status.js';
import type { KObject } from './types.js';
import { checkIntOrPercent } from './int-or-percent-validation.js';
import { validatePodSpec } from './validation-pod-spec.js';
import { validateClaimSpec } from './validation-storage.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

const NON_NEGATIVE = 'must be greater than or equal to 0';

/** ValidateStatefulSetSpec (pkg/apis/apps/validation, v1.32) for the modeled fields. */
export function validateStatefulSet(obj: KObject, causes: StatusCause[]): void {
  const spec = obj.spec ?? {};
  const policy = spec.podManagementPolicy;
  if (policy === undefined || policy === '') causes.push(requiredCause('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') causes.push(invalidCause('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  validateUpdateStrategy(spec.updateStrategy ?? {}, causes);
  const retention = spec.persistentVolumeClaimRetentionPolicy ?? {};
  for (const key of ['whenDeleted', 'whenScaled']) {
    const v = retention[key];
    if (v !== 'Retain' && v !== 'Delete') causes.push(unsupportedCause(`spec.persistentVolumeClaimRetentionPolicy.${key}`, v, ['Delete', 'Retain']));
  }
  nonNegative(spec.replicas, 'spec.replicas', causes);
  if (spec.ordinals !== undefined && spec.ordinals !== null) nonNegative(spec.ordinals.start ?? 0, 'spec.ordinals.start', causes);
  nonNegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds', causes);
  let selector = null;
  if (spec.selector === undefined || spec.selector === null) causes.push(requiredCause('spec.selector'));
  else {
    selector = fromLabelSelector(spec.selector);
    if (selector !== null && selector.length === 0) causes.push(invalidCause('spec.selector', JSON.stringify(spec.selector), 'empty selector is invalid for statefulset'));
  }
  const labels = spec.template?.metadata?.labels ?? {};
  if (selector !== null && selector.length > 0 && !matches(selector, labels)) {
    causes.push(invalidCause('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  validatePodSpec(spec.template?.spec, 'spec.template.spec', causes);
  const restart = spec.template?.spec?.restartPolicy;
  if (restart !== 'Always') causes.push(unsupportedCause('spec.template.spec.restartPolicy', restart, ['Always']));
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined) {
    causes.push(forbiddenCause('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).forEach((t: any, i: number) => {
    const at = `spec.volumeClaimTemplates[${i}]`;
    if (typeof t?.metadata?.name !== 'string' || t.metadata.name === '') causes.push(requiredCause(`${at}.metadata.name`, 'name or generateName is required'));
    validateClaimSpec(t?.spec ?? {}, `${at}.spec`, causes);
  });
}

function validateUpdateStrategy(strategy: any, causes: StatusCause[]): void {
  const type = strategy.type;
  if (type === undefined || type === '') {
    causes.push(requiredCause('spec.updateStrategy'));
    return;
  }
  if (type === 'OnDelete') {
    if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
      causes.push(invalidCause('spec.updateStrategy.rollingUpdate', JSON.stringify(strategy.rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'"));
    }
    return;
  }
  if (type !== 'RollingUpdate') {
    causes.push(invalidCause('spec.updateStrategy', JSON.stringify(strategy), "must be 'RollingUpdate' or 'OnDelete'"));
    return;
  }
  const ru = strategy.rollingUpdate;
  if (ru === undefined || ru === null) return;
  nonNegative(ru.partition ?? 0, 'spec.updateStrategy.rollingUpdate.partition', causes);
  if (ru.maxUnavailable !== undefined) {
    const field = 'spec.updateStrategy.rollingUpdate.maxUnavailable';
    const v = checkIntOrPercent(ru.maxUnavailable, field, causes);
    if (v === 0) causes.push(invalidCause(field, ru.maxUnavailable, 'cannot be 0'));
    if (typeof ru.maxUnavailable === 'string' && v !== null && v > 100) causes.push(invalidCause(field, ru.maxUnavailable, 'must not be greater than 100%'));
  }
}

/**
 * ValidateStatefulSetUpdate: beyond these seven fields a StatefulSet's spec is frozen
 * (its selector, serviceName, volumeClaimTemplates, podManagementPolicy): changing a
 * claim template means deleting the set with --cascade=orphan and creating it anew.
 */
export function validateStatefulSetUpdate(obj: KObject, old: Readonly<KObject>, causes: StatusCause[]): void {
  const mutable = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
  const strip = (spec: any): any => {
    const copy = { ...(spec ?? {}) };
    for (const k of mutable) delete copy[k];
    return copy;
  };
  if (!jsonEqual(strip(obj.spec), strip(old.spec))) {
    causes.push(
      forbiddenCause(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
}


function nonNegative(value: unknown, field: string, causes: StatusCause[]): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) causes.push(invalidCause(field, value, NON_NEGATIVE));
}

import { checkIntOrPercent, checkNotMoreThan100Percent, intOrPercentValue } from './int-or-percent-validation.js';
import { fromLabelSelector, matches } from './labels.js';
import { forbiddenCause, invalidCause, requiredCause, unsupportedCause, type StatusCause } from './status.js';
import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

/**
 * ValidateDaemonSetSpec (pkg/apis/apps/validation) for what is DaemonSet's own; the pod
 * template's spec is validated like any pod's by the caller. `old` is set on updates
 * (the selector is immutable in apps/v1, collisionCount never goes down).
 */
export function validateDaemonSet(obj: KObject, old: Readonly<KObject> | undefined, causes: StatusCause[]): void {
  const spec = obj.spec ?? {};
  let selector = null;
  if (spec.selector === undefined || spec.selector === null) causes.push(requiredCause('spec.selector'));
  else selector = fromLabelSelector(spec.selector);
  const labels = spec.template?.metadata?.labels ?? {};
  // metav1.LabelSelectorAsSelector(nil) selects nothing, so a missing selector fails here too.
  if (selector === null || !matches(selector, labels)) {
    causes.push(invalidCause('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  if (selector !== null && selector.length === 0) causes.push(invalidCause('spec.selector', JSON.stringify(spec.selector), 'empty selector is invalid for daemonset'));
  const restart = spec.template?.spec?.restartPolicy;
  if (restart !== 'Always') causes.push(unsupportedCause('spec.template.spec.restartPolicy', restart ?? '', ['Always']));
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined) {
    causes.push(forbiddenCause('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', causes);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', causes);
  validateUpdateStrategy(spec.updateStrategy ?? {}, causes);
  if (old !== undefined) {
    if (JSON.stringify(old.spec?.selector) !== JSON.stringify(spec.selector)) {
      causes.push(invalidCause('spec.selector', JSON.stringify(spec.selector ?? null), 'field is immutable'));
    }
    const before = old.status?.collisionCount ?? 0;
    const after = obj.status?.collisionCount ?? 0;
    if (after < before) causes.push(invalidCause('status.collisionCount', after, 'cannot be decremented'));
  }
  for (const field of ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount']) {
    nonNegative(obj.status?.[field], `status.${field}`, causes);
  }
}

/** ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet: exactly one of maxSurge and maxUnavailable is non-zero. */
function validateUpdateStrategy(strategy: any, causes: StatusCause[]): void {
  const path = 'spec.updateStrategy';
  if (strategy.type === 'OnDelete') return;
  if (strategy.type !== 'RollingUpdate') {
    causes.push(unsupportedCause(path, strategy.type ?? '', ['RollingUpdate', 'OnDelete']));
    return;
  }
  const ru = strategy.rollingUpdate;
  if (ru === undefined || ru === null) {
    causes.push(requiredCause(`${path}.rollingUpdate`));
    return;
  }
  checkIntOrPercent(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`, causes);
  checkIntOrPercent(ru.maxSurge, `${path}.rollingUpdate.maxSurge`, causes);
  checkNotMoreThan100Percent(ru.maxUnavailable, `${path}.rollingUpdate.maxUnavailable`, causes);
  checkNotMoreThan100Percent(ru.maxSurge, `${path}.rollingUpdate.maxSurge`, causes);
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  // Surge and unavailability at once would let a node lose its pod while another gains two.
  if (hasUnavailable && hasSurge) causes.push(invalidCause(`${path}.rollingUpdate.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) causes.push(requiredCause(`${path}.rollingUpdate.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
}


/** ValidateNonnegativeField. */
function nonNegative(value: unknown, field: string, causes: StatusCause[]): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) causes.push(invalidCause(field, value, 'must be greater than or equal to 0'));
}

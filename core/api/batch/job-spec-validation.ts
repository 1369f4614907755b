import { invalidCause, requiredCause, unsupportedCause, type StatusCause } from '../status.js';
import { validateIndexesFormat } from './indexes-format.js';
import { validatePodFailurePolicy } from './pod-failure-policy-validation.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

export type PodSpecValidator = (spec: any, path: string, causes: StatusCause[]) => void;

const NEGATIVE = 'must be greater than or equal to 0';

/**
 * validateJobSpec (pkg/apis/batch/validation, v1.32), shared by Jobs and CronJob job
 * templates: non-negative counts, completion modes and what each allows, the pod
 * failure and success policies, the pod replacement policy, the pod template, and the
 * restart policy a Job's pods may have. `restartPolicy` absent is defaulted to Always,
 * so both read "Required value: valid values: "OnFailure", "Never"".
 */
export function validateJobSpec(spec: any, path: string, causes: StatusCause[], validatePodSpec: PodSpecValidator): void {
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    const v = spec[f];
    if (v !== undefined && v !== null && (typeof v !== 'number' || v < 0)) causes.push(invalidCause(`${path}.${f}`, v, NEGATIVE));
  }
  const has = (f: string): boolean => spec[f] !== undefined && spec[f] !== null;
  if (has('maxFailedIndexes') && !has('backoffLimitPerIndex')) causes.push(requiredCause(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') causes.push(unsupportedCause(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed') {
    if (!has('completions')) causes.push(requiredCause(`${path}.completions`, 'when completion mode is Indexed'));
    if (typeof spec.parallelism === 'number' && spec.parallelism > 100_000) causes.push(invalidCause(`${path}.parallelism`, spec.parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
    if (has('completions') && has('maxFailedIndexes') && spec.maxFailedIndexes > spec.completions) causes.push(invalidCause(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'must be less than or equal to completions'));
  } else {
    if (has('backoffLimitPerIndex')) causes.push(invalidCause(`${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (has('maxFailedIndexes')) causes.push(invalidCause(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'requires indexed completion mode'));
  }
  if (has('podFailurePolicy')) validatePodFailurePolicy(spec, `${path}.podFailurePolicy`, causes);
  if (has('successPolicy')) {
    if (mode !== 'Indexed') causes.push({ reason: 'FieldValueInvalid', field: `${path}.successPolicy`, message: 'Invalid value: batch.SuccessPolicy{...}: requires indexed completion mode' });
    else validateSuccessPolicy(spec, `${path}.successPolicy`, causes);
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && replacement !== null) {
    if (has('podFailurePolicy')) {
      if (replacement !== 'Failed') causes.push(unsupportedCause(`${path}.podReplacementPolicy`, replacement, ['Failed']));
    } else if (replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      causes.push(unsupportedCause(`${path}.podReplacementPolicy`, replacement, ['Failed', 'TerminatingOrFailed']));
    }
  }
  validatePodSpec(spec.template?.spec, `${path}.template.spec`, causes);
  const restart = spec.template?.spec?.restartPolicy;
  const restartPath = `${path}.template.spec.restartPolicy`;
  if (restart === 'Always' || restart === undefined || restart === '') causes.push(requiredCause(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restart !== 'OnFailure' && restart !== 'Never') causes.push(unsupportedCause(restartPath, restart, ['OnFailure', 'Never']));
  else if (has('podFailurePolicy') && restart !== 'Never') causes.push(invalidCause(restartPath, restart, 'only "Never" is supported when podFailurePolicy is specified'));
}

function validateSuccessPolicy(spec: any, path: string, causes: StatusCause[]): void {
  const rules: any[] = Array.isArray(spec.successPolicy?.rules) ? spec.successPolicy.rules : [];
  if (rules.length === 0) causes.push(requiredCause(`${path}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > 20) causes.push({ reason: 'FieldValueTooMany', field: `${path}.rules`, message: `Too many: ${rules.length}: must have at most 20 items` });
  const completions = typeof spec.completions === 'number' ? spec.completions : 0;
  rules.forEach((rule, i) => {
    const at = `${path}.rules[${i}]`;
    const count = rule?.succeededCount;
    const indexes = rule?.succeededIndexes;
    if ((count === undefined || count === null) && (indexes === undefined || indexes === null)) causes.push(requiredCause(at, 'at least one of succeededCount or succeededIndexes must be specified'));
    let total = 0;
    if (typeof indexes === 'string') {
      const r = validateIndexesFormat(indexes, completions);
      if ('error' in r) causes.push(invalidCause(`${at}.succeededIndexes`, indexes, `error parsing succeededIndexes: ${r.error}`));
      else total = r.total;
    }
    if (typeof count === 'number') {
      if (count < 0) causes.push(invalidCause(`${at}.succeededCount`, count, NEGATIVE));
      if (count > completions) causes.push(invalidCause(`${at}.succeededCount`, count, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (typeof indexes === 'string' && count > total) causes.push(invalidCause(`${at}.succeededCount`, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
  });
}

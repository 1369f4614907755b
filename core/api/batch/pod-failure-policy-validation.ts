import { invalidCause, requiredCause, unsupportedCause, type StatusCause } from '../status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const OPERATORS = ['In', 'NotIn'];
const STATUSES = ['False', 'True', 'Unknown'];

/** Go's %q of a string slice: ["Count" "FailIndex" "FailJob" "Ignore"]. */
const quotedList = (xs: string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;

/** field.Invalid of a value Go prints with %#v ([]int32{2, 1}), not quoted. */
const rawInvalid = (field: string, raw: string, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${raw}: ${detail}` });

/** field.Invalid with field.OmitValueType: the message has no value. */
const omitted = (field: string, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${detail}` });

/**
 * validatePodFailurePolicy (v1.32): at most 20 rules; each has a known action (FailIndex
 * only with backoffLimitPerIndex) and exactly one of onExitCodes / onPodConditions;
 * exit codes are In or NotIn, listed in increasing order without repeats (and In never
 * lists 0: a success is not a failure); a container name must be one of the template's.
 */
export function validatePodFailurePolicy(spec: any, path: string, causes: StatusCause[]): void {
  const rules: any[] = Array.isArray(spec.podFailurePolicy?.rules) ? spec.podFailurePolicy.rules : [];
  if (rules.length > 20) causes.push({ reason: 'FieldValueTooMany', field: `${path}.rules`, message: `Too many: ${rules.length}: must have at most 20 items` });
  const names = new Set<string>([...(spec.template?.spec?.containers ?? []), ...(spec.template?.spec?.initContainers ?? [])].map((c: any) => c?.name));
  rules.forEach((rule, i) => {
    const at = `${path}.rules[${i}]`;
    const action = rule?.action;
    if (action === undefined || action === '') causes.push(requiredCause(`${at}.action`, `valid values: ${quotedList(ACTIONS)}`));
    else if (action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) causes.push(invalidCause(`${at}.action`, action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!ACTIONS.includes(action)) causes.push(unsupportedCause(`${at}.action`, action, ACTIONS));
    const exit = rule?.onExitCodes;
    const conds: any[] = Array.isArray(rule?.onPodConditions) ? rule.onPodConditions : [];
    if (exit !== undefined && exit !== null) validateExitCodes(exit, `${at}.onExitCodes`, names, causes);
    conds.forEach((c, j) => {
      const status = `${at}.onPodConditions[${j}].status`;
      if (c?.status === undefined || c.status === '') causes.push(requiredCause(status, `valid values: ${quotedList(STATUSES)}`));
      else if (!STATUSES.includes(c.status)) causes.push(unsupportedCause(status, c.status, STATUSES));
    });
    const hasExit = exit !== undefined && exit !== null;
    if (hasExit && conds.length > 0) causes.push(omitted(at, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!hasExit && conds.length === 0) causes.push(omitted(at, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
}

function validateExitCodes(exit: any, at: string, names: Set<string>, causes: StatusCause[]): void {
  const op = exit.operator;
  if (op === undefined || op === '') causes.push(requiredCause(`${at}.operator`, `valid values: ${quotedList(OPERATORS)}`));
  else if (!OPERATORS.includes(op)) causes.push(unsupportedCause(`${at}.operator`, op, OPERATORS));
  if (exit.containerName !== undefined && exit.containerName !== null && !names.has(exit.containerName)) {
    causes.push(invalidCause(`${at}.containerName`, exit.containerName, 'must be one of the container or initContainer names in the pod template'));
  }
  const values: number[] = Array.isArray(exit.values) ? exit.values : [];
  if (values.length === 0) causes.push(rawInvalid(`${at}.values`, '[]int32(nil)', 'at least one value is required'));
  else if (values.length > 255) causes.push({ reason: 'FieldValueTooMany', field: `${at}.values`, message: `Too many: ${values.length}: must have at most 255 items` });
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) causes.push(invalidCause(`${at}.values[${j}]`, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) causes.push({ reason: 'FieldValueDuplicate', field: `${at}.values[${j}]`, message: `Duplicate value: ${v}` });
    seen.add(v);
    if (j > 0 && (values[j - 1] as number) > v) ordered = false;
  });
  if (!ordered) causes.push(rawInvalid(`${at}.values`, `[]int32{${values.join(', ')}}`, 'must be ordered'));
}

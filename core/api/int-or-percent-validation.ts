import { invalidCause, type StatusCause } from './status.js';

/*
 * ValidatePositiveIntOrPercent and IsNotMoreThan100Percent (pkg/apis/apps/validation), shared
 * by the rolling update strategies of Deployments and DaemonSets.
 */

/** Returns the number (or percent) of an IntOrString, or null after recording why not. */
export function checkIntOrPercent(value: unknown, field: string, causes: StatusCause[]): number | null {
  if (value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) {
      causes.push(invalidCause(field, value, 'must be greater than or equal to 0'));
      return null;
    }
    return value;
  }
  if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value);
    if (m === null) {
      causes.push(invalidCause(field, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
      return null;
    }
    return Number(m[1]);
  }
  causes.push(invalidCause(field, value, 'must be an integer or percentage'));
  return null;
}

/** IsNotMoreThan100Percent: "120%" is refused, 120 (a count) is not. */
export function checkNotMoreThan100Percent(value: unknown, field: string, causes: StatusCause[]): void {
  if (typeof value !== 'string') return;
  const m = /^(\d+)%$/.exec(value);
  if (m !== null && Number(m[1]) > 100) causes.push(invalidCause(field, value, 'must not be greater than 100%'));
}

/** getIntOrPercentValue: 3 for 3 and "3%"; 0 for what does not parse. */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const m = /^(\d+)%?$/.exec(value);
    if (m !== null) return Number(m[1]);
  }
  return 0;
}

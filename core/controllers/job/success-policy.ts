import { parseIndexes, total, type Intervals } from './intervals.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- job specs are open JSON */

/**
 * matchSuccessPolicy (success_policy.go, v1.32, JobSuccessPolicy beta): an Indexed Job
 * succeeds early when a rule holds: its succeededIndexes all succeeded (or at least
 * succeededCount of them), or, with succeededCount alone, that many indexes succeeded.
 * Returns the SuccessCriteriaMet message ("Matched rules at index 0"), or undefined.
 */
export function matchSuccessPolicy(policy: any, completions: number, succeeded: Intervals): string | undefined {
  if (policy === undefined || policy === null || succeeded.length === 0) return undefined;
  const rules: any[] = Array.isArray(policy.rules) ? policy.rules : [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    if (typeof rule?.succeededIndexes === 'string') {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (typeof rule?.succeededCount === 'number' && total(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}

/** How many of the rule's indexes succeeded: all of them, or at least succeededCount. */
export function matchSucceededIndexesRule(rule: Intervals, succeeded: Intervals, succeededCount: number | undefined): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < rule.length && s < succeeded.length) {
    const ri = rule[r] as { first: number; last: number };
    const si = succeeded[s] as { first: number; last: number };
    const overlap = Math.min(ri.last, si.last) - Math.max(ri.first, si.first) + 1;
    if (overlap > 0) contains += overlap;
    if (si.last < ri.last) s++;
    else if (si.last > ri.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === total(rule) || (typeof succeededCount === 'number' && contains >= succeededCount);
}

import type { KObject } from '../../api/types.js';
import type { ResourceList } from '../resources.js';

/** A ScopedResourceSelectorRequirement: `spec.scopes` entries become `Exists` ones. */
export interface ScopeSelector {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/**
 * quota.Evaluator (pkg/quota/v1/interfaces.go): what the admission plugin and the
 * controller ask of each group-resource. `kind` is the kind it counts; `now` is the
 * virtual time in ms (pods stuck terminating past their grace stop counting).
 */
export interface Evaluator {
  readonly kind: string;
  /** Does a create (or update) of this kind change usage? */
  handles(operation: 'create' | 'update'): boolean;
  /** The names of `input` this evaluator accounts for. */
  matchingResources(input: readonly string[]): string[];
  /** Does the object fall under this selector (a pod scope)? Other kinds match none. */
  matchesScope(selector: ScopeSelector, obj: Readonly<KObject>): boolean;
  /** `must specify ...` when the object leaves a required resource unset. */
  constraints(required: readonly string[], obj: Readonly<KObject>): string | undefined;
  usage(obj: Readonly<KObject>, now: number, virtualOf: (ts: unknown) => number): ResourceList;
}

/** getScopeSelectorsFromQuota: spec.scopes as Exists, then spec.scopeSelector's expressions. */
export function scopeSelectorsOf(quota: Readonly<KObject>): ScopeSelector[] {
  const out: ScopeSelector[] = [];
  for (const s of (quota.spec?.scopes ?? []) as string[]) out.push({ scopeName: s, operator: 'Exists' });
  for (const e of (quota.spec?.scopeSelector?.matchExpressions ?? []) as ScopeSelector[]) out.push(e);
  return out;
}

/** Matches: the quota limits one of this evaluator's resources and every scope selects the object. */
export function quotaMatches(e: Evaluator, quota: Readonly<KObject>, hard: readonly string[], obj: Readonly<KObject>): boolean {
  if (e.matchingResources(hard).length === 0) return false;
  return scopeSelectorsOf(quota).every((s) => e.matchesScope(s, obj));
}

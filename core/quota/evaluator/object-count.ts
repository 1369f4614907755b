import { quantity } from '../../api/quantity-value.js';
import type { Evaluator } from './evaluator.js';

/**
 * NewObjectCountEvaluator (pkg/quota/v1/generic/evaluator.go): one per object of a kind,
 * as `count/<resource>.<group>` (`count/deployments.apps`, `count/configmaps`) and, for
 * the kinds quota counted before that syntax, the legacy name (`configmaps`, `secrets`,
 * `resourcequotas`). No scope selects it (MatchesNoScopeFunc), and only creates charge it.
 */
export function objectCountEvaluator(kind: string, qualifiedResource: string, legacyName?: string): Evaluator {
  const names = [`count/${qualifiedResource}`, ...(legacyName !== undefined ? [legacyName] : [])];
  return {
    kind,
    handles: (op) => op === 'create',
    matchingResources: (input) => input.filter((n) => names.includes(n)),
    matchesScope: () => false,
    constraints: () => undefined,
    usage: () => Object.fromEntries(names.map((n) => [n, quantity(1)])),
  };
}

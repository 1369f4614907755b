import { KINDS, qualifiedResource } from '../api/kinds.js';
import type { Evaluator } from './evaluator/evaluator.js';
import { objectCountEvaluator } from './evaluator/object-count.js';
import { pvcEvaluator } from './evaluator/persistent-volume-claims.js';
import { podEvaluator } from './evaluator/pods.js';
import { serviceEvaluator } from './evaluator/services.js';

/** The kinds quota counted by their plural before `count/` existed (NewEvaluators' legacy object counts). */
const LEGACY = new Set(['configmaps', 'secrets', 'resourcequotas', 'replicationcontrollers']);

/**
 * The quota registry: pods, services and claims by their own evaluators, every other
 * namespaced kind the API serves by an object count (`count/deployments.apps`), as the
 * admission plugin creates one for any resource it meets.
 */
export const EVALUATORS: readonly Evaluator[] = KINDS.filter((k) => k.namespaced && k.kind !== 'Event').map((info) => {
  if (info.kind === 'Pod') return podEvaluator;
  if (info.kind === 'Service') return serviceEvaluator;
  if (info.kind === 'PersistentVolumeClaim') return pvcEvaluator;
  return objectCountEvaluator(info.kind, qualifiedResource(info), LEGACY.has(info.resource) ? info.resource : undefined);
});

const byKind = new Map(EVALUATORS.map((e) => [e.kind, e]));

export function evaluatorFor(kind: string): Evaluator | undefined {
  return byKind.get(kind);
}

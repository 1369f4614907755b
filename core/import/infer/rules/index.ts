import type { Rule } from '../rule.js';
import { garbageCollectorRule, nodeLifecycleRule, taintEvictionRule } from './deletion.js';
import { kubeletRule, schedulerRule } from './pod-lifecycle.js';
import { endpointSliceRule } from './service-endpoints.js';
import { deploymentRule, replicaSetRule } from './workloads.js';

/** Every rule, in the order tried for a write (the first whose syncKey covers it decides). */
export const RULES: readonly Rule[] = [
  replicaSetRule,
  deploymentRule,
  schedulerRule,
  kubeletRule,
  endpointSliceRule,
  garbageCollectorRule,
  taintEvictionRule,
  nodeLifecycleRule,
];

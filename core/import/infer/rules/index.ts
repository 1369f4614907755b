import type { Rule } from '../rule.js';
import { garbageCollectorRule, nodeLifecycleRule, taintEvictionRule } from './deletion.js';
import { kubeletRule, leaseRule, schedulerRule } from './pod-lifecycle.js';
import { endpointSliceRule } from './service-endpoints.js';
import { daemonSetRule, deploymentRule, replicaSetRule } from './workloads.js';

/** Every rule, in the order tried for a write (the first whose syncKey covers it decides). */
export const RULES: readonly Rule[] = [
  replicaSetRule,
  deploymentRule,
  daemonSetRule,
  schedulerRule,
  kubeletRule,
  leaseRule,
  endpointSliceRule,
  garbageCollectorRule,
  taintEvictionRule,
  nodeLifecycleRule,
];

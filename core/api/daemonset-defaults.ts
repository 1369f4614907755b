import type { KObject } from './types.js';

/**
 * SetDefaults_DaemonSet (pkg/apis/apps/v1/defaults.go): updateStrategy RollingUpdate with
 * maxUnavailable 1 and maxSurge 0 (one node's pod replaced at a time, never two pods on a
 * node), revisionHistoryLimit 10. The pod template gets the pod defaults like any other.
 */
export function defaultDaemonSet(obj: KObject): void {
  const spec = (obj.spec ??= {});
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    strategy.rollingUpdate ??= {};
    strategy.rollingUpdate.maxUnavailable ??= 1;
    strategy.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
}

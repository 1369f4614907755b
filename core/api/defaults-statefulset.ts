import type { KObject } from './types.js';
import { defaultClaimSpec } from './defaults-storage.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- defaulting walks open JSON */

/**
 * SetDefaults_StatefulSet (pkg/apis/apps/v1/defaults.go, v1.32): OrderedReady pods,
 * RollingUpdate with partition 0, both retention policies Retain, 1 replica and 10
 * revisions of history. maxUnavailable gets no default: MaxUnavailableStatefulSet is
 * an alpha gate, off in v1.32 (its default of 1 exists only with the gate on).
 * `defaultTemplate` is the pod template defaulting every workload shares.
 */
export function defaultStatefulSet(obj: KObject, defaultTemplate: (spec: any) => void): void {
  const spec = (obj.spec ??= {});
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= {};
  if (spec.updateStrategy.type === undefined || spec.updateStrategy.type === '') {
    spec.updateStrategy.type = 'RollingUpdate';
    spec.updateStrategy.rollingUpdate ??= {};
  }
  const ru = spec.updateStrategy.rollingUpdate;
  if (spec.updateStrategy.type === 'RollingUpdate' && ru !== undefined && ru !== null && typeof ru === 'object') ru.partition ??= 0;
  spec.persistentVolumeClaimRetentionPolicy ??= {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec);
  // The claim templates are PersistentVolumeClaims to the defaulter: each gets the
  // claim's defaults, status phase Pending included, and the API server writes out
  // their apiVersion and kind (what `kubectl get sts -o yaml` shows, and what makes
  // GitOps tools see a diff against a manifest that left them out).
  for (const t of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (t === null || typeof t !== 'object') continue;
    t.apiVersion ??= 'v1';
    t.kind ??= 'PersistentVolumeClaim';
    t.spec ??= {};
    defaultClaimSpec(t.spec);
    t.status ??= {};
    t.status.phase ??= 'Pending';
  }
}

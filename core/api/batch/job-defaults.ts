import type { KObject } from '../types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- defaulting walks open JSON */

/** int32 max: backoffLimit's default when backoffLimitPerIndex takes over. */
const MAX_INT32 = 2_147_483_647;

/**
 * SetDefaults_Job (pkg/apis/batch/v1/defaults.go, v1.32). A Job that names neither
 * completions nor parallelism runs one pod to one completion; backoffLimit is 6 (int32
 * max with backoffLimitPerIndex, whose per-index limit counts instead); completionMode
 * NonIndexed; suspend false; a podFailurePolicy's onPodConditions match status True
 * unless told; podReplacementPolicy Failed with a podFailurePolicy (a pod is replaced
 * only once it is terminal, so its exit code can be judged), TerminatingOrFailed without.
 * The pod template gets the pod defaults, restartPolicy Always included: validation then
 * asks for OnFailure or Never, as kubectl users see.
 */
export function defaultJob(obj: KObject, defaultTemplate: (spec: any) => void): void {
  const spec = (obj.spec ??= {});
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? MAX_INT32 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of Array.isArray(spec.podFailurePolicy?.rules) ? spec.podFailurePolicy.rules : []) {
    for (const pattern of Array.isArray(rule?.onPodConditions) ? rule.onPodConditions : []) {
      if (pattern !== null && typeof pattern === 'object' && (pattern.status === undefined || pattern.status === '')) pattern.status = 'True';
    }
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy !== undefined && spec.podFailurePolicy !== null ? 'Failed' : 'TerminatingOrFailed';
  defaultTemplate(spec);
  copyTemplateLabels(obj);
}

/**
 * A Job without labels takes its pod template's (Go's defaulting aliases the two maps, so
 * the generated controller-uid and job-name labels show on the Job as well).
 */
export function copyTemplateLabels(obj: KObject): void {
  const labels = obj.spec?.template?.metadata?.labels;
  if (labels !== undefined && labels !== null && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
}

/**
 * SetDefaults_CronJob: concurrencyPolicy Allow, suspend false, 3 successful and 1 failed
 * Job kept. The job template's spec gets only the pod defaults (SetDefaults_Job applies
 * to Jobs, not to templates: completions, parallelism and backoffLimit appear on each
 * Job the controller creates).
 */
export function defaultCronJob(obj: KObject, defaultTemplate: (spec: any) => void): void {
  const spec = (obj.spec ??= {});
  if (spec.concurrencyPolicy === undefined || spec.concurrencyPolicy === '') spec.concurrencyPolicy = 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  spec.jobTemplate ??= {};
  spec.jobTemplate.spec ??= {};
  defaultTemplate(spec.jobTemplate.spec);
}

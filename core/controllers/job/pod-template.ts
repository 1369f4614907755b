import { JOB_COMPLETION_INDEX, JOB_INDEX_FAILURE_COUNT, JOB_INDEX_IGNORED_FAILURE_COUNT, JOB_TRACKING_FINALIZER } from '../../api/batch/labels.js';
import type { KObject } from '../../api/types.js';
import { controllerRef } from '../controller-ref.js';
import { addCompletionIndexEnv, generateNameWithIndex, hasBackoffLimitPerIndex, isIndexedJob, newIndexFailureCounts, UNKNOWN_INDEX } from './indexed-job-utils.js';

/**
 * The pod a Job creates (manageJob + controller.GetPodFromTemplate): the template's labels,
 * annotations, finalizers and spec, the Job as controller, and the
 * batch.kubernetes.io/job-tracking finalizer, which keeps the pod in the API until the
 * controller has counted it. An Indexed Job's pod also gets its index as annotation and
 * label, hostname `<job>-<index>`, JOB_COMPLETION_INDEX in every container, the name
 * `<job>-<index>-xxxxx`, and with backoffLimitPerIndex the failure count of the pod it
 * replaces, plus one.
 */
export function jobPod(job: Readonly<KObject>, index: number, replaced: Readonly<KObject> | undefined): KObject {
  const t = structuredClone(job.spec?.template ?? {});
  const spec = t.spec ?? {};
  const labels: Record<string, string> = { ...(t.metadata?.labels ?? {}) };
  const annotations: Record<string, string> = { ...(t.metadata?.annotations ?? {}) };
  const finalizers: string[] = [...(t.metadata?.finalizers ?? [])];
  if (!finalizers.includes(JOB_TRACKING_FINALIZER)) finalizers.push(JOB_TRACKING_FINALIZER);
  let generateName = `${job.metadata.name}-`;
  if (isIndexedJob(job)) addCompletionIndexEnv(spec);
  if (index !== UNKNOWN_INDEX) {
    annotations[JOB_COMPLETION_INDEX] = String(index);
    labels[JOB_COMPLETION_INDEX] = String(index);
    spec.hostname = `${job.metadata.name}-${index}`;
    generateName = generateNameWithIndex(job.metadata.name ?? '', index);
    if (hasBackoffLimitPerIndex(job)) {
      const counts = newIndexFailureCounts(job, replaced);
      annotations[JOB_INDEX_FAILURE_COUNT] = String(counts.failures);
      if (counts.ignored > 0) annotations[JOB_INDEX_IGNORED_FAILURE_COUNT] = String(counts.ignored);
    }
  }
  const metadata: KObject['metadata'] = { generateName, namespace: job.metadata.namespace ?? 'default', labels };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  metadata.finalizers = finalizers;
  metadata.ownerReferences = [controllerRef(job)];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

import type { KObject } from '../types.js';
import { copyTemplateLabels } from './job-defaults.js';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from './labels.js';

/**
 * jobStrategy.PrepareForCreate (pkg/registry/batch/job/strategy.go): unless
 * spec.manualSelector is true, the API server makes the selector itself so that a Job's
 * pods can belong to nobody else: the template gets job-name and controller-uid labels,
 * both legacy and batch.kubernetes.io/ forms, and the selector matches the uid one. A
 * label the user already set is left as it is (validation then says it is wrong).
 */
export function generateSelector(obj: KObject): void {
  if (obj.spec?.manualSelector === true) return;
  const spec = (obj.spec ??= {});
  spec.template ??= {};
  spec.template.metadata ??= {};
  const labels: Record<string, string> = (spec.template.metadata.labels ??= {});
  // Defaulting copied the template's labels to a Job without any, and Go's copy is the same
  // map: the generated labels appear on the Job too.
  const aliased = obj.metadata.labels !== undefined && JSON.stringify(obj.metadata.labels) === JSON.stringify(labels);
  const name = obj.metadata.name ?? '';
  const uid = obj.metadata.uid ?? '';
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[key] ??= name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) labels[key] ??= uid;
  spec.selector ??= {};
  spec.selector.matchLabels ??= {};
  spec.selector.matchLabels[CONTROLLER_UID_LABEL] ??= uid;
  if (aliased) obj.metadata.labels = { ...labels };
  else copyTemplateLabels(obj);
}

import { jsonEqual } from '../equal.js';
import { fromLabelSelector, matches } from '../labels.js';
import { isDns1123Label } from '../names.js';
import { invalidCause, requiredCause, type StatusCause } from '../status.js';
import type { KObject } from '../types.js';
import { validateJobSpec, type PodSpecValidator } from './job-spec-validation.js';
import { validateJobStatusUpdate } from './job-status-validation.js';
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from './labels.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

const text = (v: unknown): string => JSON.stringify(v ?? null);
const immutable = (field: string, value: unknown): StatusCause => invalidCause(field, text(value), 'field is immutable');

/**
 * ValidateJob / ValidateJobUpdate / ValidateJobUpdateStatus (v1.32). On create the
 * generated selector is checked against the labels it put on the template; an Indexed
 * Job's last pod hostname (`<name>-<completions-1>`) must be a DNS label. On update the
 * selector, completion mode, pod failure policy, per-index backoff limit and success
 * policy are fixed, completions may change only for an Indexed Job and together with
 * parallelism, and the pod template is fixed but for scheduling directives of a Job
 * suspended before it ever started.
 */
export function validateJob(obj: KObject, old: Readonly<KObject> | undefined, causes: StatusCause[], validatePodSpec: PodSpecValidator): void {
  const spec = obj.spec ?? {};
  if (old === undefined) validateGeneratedSelector(obj, causes);
  validateJobSpec(spec, 'spec', causes, validatePodSpec);
  const selector = spec.selector;
  if (selector === undefined || selector === null) causes.push(requiredCause('spec.selector'));
  else {
    const sel = fromLabelSelector(selector);
    if (sel !== null && !matches(sel, spec.template?.metadata?.labels ?? {})) {
      causes.push(invalidCause('spec.template.metadata.labels', spec.template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
    }
  }
  if (old === undefined && spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    const host = `${obj.metadata.name}-${spec.completions - 1}`;
    if (!isDns1123Label(host)) causes.push(invalidCause('metadata.name', obj.metadata.name, `will not able to create pod with invalid DNS label: ${host}`));
  }
  if (old === undefined) return;
  validateJobSpecUpdate(spec, old.spec ?? {}, old, causes);
  if (!jsonEqual(obj.status, old.status)) validateJobStatusUpdate(obj, old, causes);
}

function validateJobSpecUpdate(spec: any, oldSpec: any, old: Readonly<KObject>, causes: StatusCause[]): void {
  if (spec.completions !== oldSpec.completions) {
    if (spec.completionMode !== 'Indexed') causes.push(immutable('spec.completions', spec.completions));
    else if (spec.completions !== spec.parallelism) causes.push(invalidCause('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
  }
  for (const f of ['selector', 'completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    if (!jsonEqual(spec[f], oldSpec[f])) causes.push(immutable(`spec.${f}`, spec[f]));
  }
  // A Job suspended before it ever started may still be pointed at other nodes (Kueue's use).
  const mutableScheduling = spec.suspend === true && old.status?.startTime === undefined;
  const strip = (t: any): any => {
    if (!mutableScheduling) return t;
    const copy = structuredClone(t ?? {});
    copy.metadata ??= {};
    delete copy.metadata.labels;
    delete copy.metadata.annotations;
    copy.spec ??= {};
    for (const f of ['nodeSelector', 'tolerations', 'schedulingGates']) delete copy.spec[f];
    if (copy.spec.affinity !== undefined) delete copy.spec.affinity.nodeAffinity;
    return copy;
  };
  if (!jsonEqual(strip(spec.template), strip(oldSpec.template))) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.template', message: 'Invalid value: core.PodTemplateSpec{...}: field is immutable' });
  }
}

/** validateGeneratedSelector: the labels generateSelector put on the template must still be there. */
function validateGeneratedSelector(obj: KObject, causes: StatusCause[]): void {
  const spec = obj.spec ?? {};
  if (spec.manualSelector === true || spec.selector === undefined || spec.selector === null) return;
  if (obj.metadata.uid === undefined || obj.metadata.uid === '') causes.push(requiredCause('metadata.uid'));
  const labels: Record<string, string> = spec.template?.metadata?.labels ?? {};
  const expected: Record<string, string> = {
    [LEGACY_CONTROLLER_UID_LABEL]: obj.metadata.uid ?? '',
    [LEGACY_JOB_NAME_LABEL]: obj.metadata.name ?? '',
    [CONTROLLER_UID_LABEL]: obj.metadata.uid ?? '',
    [JOB_NAME_LABEL]: obj.metadata.name ?? '',
  };
  for (const [key, value] of Object.entries(expected)) {
    const field = `spec.template.metadata.labels[${key}]`;
    if (!(key in labels)) causes.push(requiredCause(field, value));
    else if (labels[key] !== value) causes.push(invalidCause(field, labels, value));
  }
  const sel = fromLabelSelector(spec.selector);
  if (sel !== null && !matches(sel, expected)) causes.push(invalidCause('spec.selector', text(spec.selector), '`selector` not auto-generated'));
}

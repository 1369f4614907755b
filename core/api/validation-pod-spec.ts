import { forbiddenCause, invalidCause, requiredCause, unsupportedCause, type StatusCause } from './status.js';
import { validateContainerCommon, validateInitContainers, validateProbes } from './validation-init-containers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

export { DNS_LABEL_MESSAGE } from './validation-init-containers.js';

/** ValidatePodSpec for the modeled fields, for pods and every workload's template. */
export function validatePodSpec(spec: any, path: string, causes: StatusCause[]): void {
  if (spec === undefined || spec === null) {
    causes.push(requiredCause(path));
    return;
  }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(requiredCause(`${path}.containers`));
  } else {
    const seen = new Set<string>();
    containers.forEach((c: any, i: number) => {
      const at = `${path}.containers[${i}]`;
      validateContainerCommon(c, at, seen, causes);
      validateProbes(c, at, causes);
      if (c?.restartPolicy !== undefined) causes.push(forbiddenCause(`${at}.restartPolicy`, 'may not be set for non-init containers'));
    });
  }
  validateInitContainers(spec, path, causes);
  const policies = ['Always', 'OnFailure', 'Never'];
  if (spec.restartPolicy !== undefined && !policies.includes(spec.restartPolicy)) {
    causes.push(unsupportedCause(`${path}.restartPolicy`, spec.restartPolicy, policies));
  }
  const grace = spec.terminationGracePeriodSeconds;
  if (grace !== undefined && (typeof grace !== 'number' || grace < 0)) {
    causes.push(invalidCause(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than or equal to 0'));
  }
}

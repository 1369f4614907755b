import { validateContainerResources } from './container-resources.js';
import { isDns1123Label } from './names.js';
import { invalidCause, requiredCause, unsupportedCause, type StatusCause } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

export const DNS_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dnsLabelMessage = DNS_LABEL_MESSAGE;

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
      if (typeof c?.name !== 'string' || c.name === '') causes.push(requiredCause(`${at}.name`));
      else if (!isDns1123Label(c.name)) causes.push(invalidCause(`${at}.name`, c.name, dnsLabelMessage));
      else if (seen.has(c.name)) causes.push({ reason: 'FieldValueDuplicate', field: `${at}.name`, message: `Duplicate value: "${c.name}"` });
      else seen.add(c.name);
      if (typeof c?.image !== 'string' || c.image.trim() === '') causes.push(requiredCause(`${at}.image`));
      validateContainerResources(c, at, causes);
      for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const probe = c?.[key];
        if (probe === undefined) continue;
        const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] !== undefined);
        if (handlers.length !== 1) causes.push(requiredCause(`${at}.${key}`, 'must specify a handler type'));
        if ((key === 'livenessProbe' || key === 'startupProbe') && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
          causes.push(invalidCause(`${at}.${key}.successThreshold`, probe.successThreshold, 'must be 1'));
        }
      }
    });
  }
  const policies = ['Always', 'OnFailure', 'Never'];
  if (spec.restartPolicy !== undefined && !policies.includes(spec.restartPolicy)) {
    causes.push(unsupportedCause(`${path}.restartPolicy`, spec.restartPolicy, policies));
  }
  const grace = spec.terminationGracePeriodSeconds;
  if (grace !== undefined && (typeof grace !== 'number' || grace < 0)) {
    causes.push(invalidCause(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than or equal to 0'));
  }
}

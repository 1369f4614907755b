import { validateContainerResources } from './container-resources.js';
import { isDns1123Label } from './names.js';
import { isRestartableInitContainer } from './pod-containers.js';
import { forbiddenCause, invalidCause, requiredCause, unsupportedCause, type StatusCause } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

export const DNS_LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

/** Name (required, a DNS label, unique among `seen`) and image, as validateContainerCommon checks every container. */
export function validateContainerCommon(c: any, at: string, seen: Set<string>, causes: StatusCause[]): void {
  if (typeof c?.name !== 'string' || c.name === '') causes.push(requiredCause(`${at}.name`));
  else if (!isDns1123Label(c.name)) causes.push(invalidCause(`${at}.name`, c.name, DNS_LABEL_MESSAGE));
  else if (seen.has(c.name)) causes.push({ reason: 'FieldValueDuplicate', field: `${at}.name`, message: `Duplicate value: "${c.name}"` });
  else seen.add(c.name);
  if (typeof c?.image !== 'string' || c.image.trim() === '') causes.push(requiredCause(`${at}.image`));
  validateContainerResources(c, at, causes);
}

/** validateLivenessProbe / validateReadinessProbe / validateStartupProbe for the modeled fields. */
export function validateProbes(c: any, at: string, causes: StatusCause[]): void {
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = c?.[key];
    if (probe === undefined) continue;
    const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h] !== undefined);
    if (handlers.length !== 1) causes.push(requiredCause(`${at}.${key}`, 'must specify a handler type'));
    if ((key === 'livenessProbe' || key === 'startupProbe') && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
      causes.push(invalidCause(`${at}.${key}.successThreshold`, probe.successThreshold, 'must be 1'));
    }
  }
}

/**
 * validateInitContainers (v1.32, SidecarContainers on): names unique across init and
 * regular containers; `restartPolicy` may only be `Always` (a native sidecar), which
 * alone may have probes and lifecycle hooks: `spec.initContainers[0].startupProbe:
 * Forbidden: may not be set for init containers without restartPolicy=Always`.
 */
export function validateInitContainers(spec: any, path: string, causes: StatusCause[]): void {
  const inits = spec.initContainers;
  if (inits === undefined || inits === null) return;
  if (!Array.isArray(inits)) {
    causes.push(invalidCause(`${path}.initContainers`, inits, 'must be a list of containers'));
    return;
  }
  const seen = new Set<string>((Array.isArray(spec.containers) ? spec.containers : []).map((c: any) => c?.name).filter((n: unknown) => typeof n === 'string'));
  inits.forEach((c: any, i: number) => {
    const at = `${path}.initContainers[${i}]`;
    validateContainerCommon(c, at, seen, causes);
    if (c?.restartPolicy !== undefined && c.restartPolicy !== 'Always') causes.push(unsupportedCause(`${at}.restartPolicy`, c.restartPolicy, ['Always']));
    if (isRestartableInitContainer(c)) {
      validateProbes(c, at, causes);
      return;
    }
    for (const key of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c?.[key] !== undefined && c[key] !== null) causes.push(forbiddenCause(`${at}.${key}`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
}

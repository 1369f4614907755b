import type { AuditObjectRef } from './audit-record.js';

/**
 * GKE names a Kubernetes request twice: `methodName` `io.k8s.core.v1.pods.status.patch`
 * (group `core`, version, resource, subresource, verb) and `resourceName`
 * `core/v1/namespaces/NS/pods/NAME/status` (group, version, namespace, name). The method
 * gives the verb and tells a subresource from a name; the resource name gives the
 * namespace and name, and keeps dotted groups (`networking.k8s.io/v1/...`) whole.
 */
const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;

export interface GkeMethod {
  verb: string;
  ref: AuditObjectRef;
}

/** Undefined when the method is not a Kubernetes API method (`io.k8s.` prefix). */
export function parseGkeMethod(methodName: string, resourceName: string | null): GkeMethod | undefined {
  if (!methodName.startsWith('io.k8s.')) return undefined;
  const parts = methodName.slice('io.k8s.'.length).split('.');
  const verb = parts.at(-1) as string;
  const vi = parts.findIndex((p) => VERSION.test(p));
  const ref: AuditObjectRef = { resource: '', subresource: null, namespace: null, name: null, group: '', version: '' };
  if (vi > 0 && vi + 1 < parts.length - 1) {
    const group = parts.slice(0, vi).join('.');
    ref.group = group === 'core' ? '' : group;
    ref.version = parts[vi] as string;
    ref.resource = parts[vi + 1] as string;
    // io.k8s.core.v1.pods.status.patch: one segment between the resource and the verb.
    ref.subresource = vi + 2 < parts.length - 1 ? (parts[vi + 2] as string) : null;
  }
  if (resourceName !== null) applyResourceName(ref, resourceName);
  return { verb, ref };
}

/** Fills group, version, namespace and name from `core/v1/namespaces/NS/pods/NAME/status`. */
function applyResourceName(ref: AuditObjectRef, resourceName: string): void {
  const parts = resourceName.split('/');
  if (parts.length < 3 || !VERSION.test(parts[1] as string)) return;
  const group = parts[0] as string;
  ref.group = group === 'core' ? '' : group;
  ref.version = parts[1] as string;
  let rest = parts.slice(2);
  // namespaces/NS/<resource>/...: a namespaced object. A Namespace itself is
  // namespaces/NAME[/status], told apart by the method's resource.
  if (rest[0] === 'namespaces' && rest.length >= 3 && ref.resource !== 'namespaces') {
    ref.namespace = rest[1] as string;
    rest = rest.slice(2);
  }
  if (ref.resource === '') ref.resource = rest[0] as string;
  if (rest[0] === ref.resource) ref.name = rest[1] ?? null;
  if (ref.subresource === null && rest.length > 2) ref.subresource = rest[2] as string;
}

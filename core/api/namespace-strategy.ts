import { clone } from './patch.js';
import type { DeletionPlan, DeleteOptions } from './deletion.js';
import type { KindInfo } from './kinds.js';
import { ApiError, forbidden } from './status.js';
import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- namespace specs are open JSON */

/**
 * What the kube-apiserver does differently for Namespaces (pkg/registry/core/namespace
 * and the NamespaceLifecycle admission plugin, v1.32):
 * - create: spec.finalizers always holds `kubernetes`, the namespace controller's token;
 * - DELETE: the first one only marks the namespace (deletionTimestamp now, phase
 *   Terminating) and returns it; it is removed when its spec.finalizers are empty, which
 *   the controller does through the `finalize` subresource once the content is gone;
 * - default, kube-system and kube-public may not be deleted;
 * - nothing new may be created in a namespace whose phase is Terminating.
 */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** The lifecycle plugin's immortal namespaces (metav1.NamespaceDefault, NamespaceSystem, NamespacePublic). */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

/** v1.NamespaceTerminatingCause: the StatusCause type that tells controllers "don't retry, it is going away". */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** namespaceStrategy.PrepareForCreate: phase Active, and the `kubernetes` finalizer added if missing. */
export function prepareNamespaceForCreate(obj: KObject): void {
  obj.status = { phase: 'Active' };
  const spec = (obj.spec !== null && typeof obj.spec === 'object' && !Array.isArray(obj.spec) ? obj.spec : {}) as any;
  const finalizers: unknown[] = Array.isArray(spec.finalizers) ? [...spec.finalizers] : [];
  if (!finalizers.includes(FINALIZER_KUBERNETES)) finalizers.push(FINALIZER_KUBERNETES);
  obj.spec = { ...spec, finalizers };
}

/**
 * PrepareForUpdate of the three namespace strategies: the main resource keeps the stored
 * spec.finalizers (and status), /status keeps the spec, /finalize changes only the spec.
 */
export function prepareNamespaceForUpdate(next: KObject, old: Readonly<KObject>, subresource: 'status' | 'finalize' | null): void {
  if (subresource === 'finalize') {
    const spec = next.spec;
    for (const key of Object.keys(next)) delete next[key];
    Object.assign(next, old);
    next.metadata = { ...old.metadata };
    if (spec === undefined) delete next.spec;
    else next.spec = spec;
    return;
  }
  if (subresource === null) {
    const finalizers = old.spec?.finalizers;
    const spec = next.spec !== null && typeof next.spec === 'object' ? { ...next.spec } : {};
    if (finalizers === undefined) delete spec.finalizers;
    else spec.finalizers = finalizers;
    next.spec = spec;
  }
}

/** Spec finalizers still to run: the namespace stays until they are gone. */
export function specFinalizers(ns: Readonly<KObject>): string[] {
  const f = ns.spec?.finalizers;
  return Array.isArray(f) ? (f as string[]) : [];
}

/** `namespaces "default" is forbidden: this namespace may not be deleted` */
export function immortalForbidden(info: KindInfo, name: string): ApiError {
  return forbidden(`${info.resource} "${name}" is forbidden: this namespace may not be deleted`, info, name);
}

/**
 * admission.NewForbidden of the lifecycle plugin, with its NamespaceTerminating cause.
 * The name is the object's, or its generateName before one is drawn (`web-5d4f8c7b9-`),
 * or "Unknown", as extractResourceName gives it.
 */
export function terminatingForbidden(info: KindInfo, name: string, namespace: string): ApiError {
  const resource = info.group === '' ? info.resource : `${info.resource}.${info.group}`;
  const err = forbidden(`${resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, info, name);
  (err.status.details ??= {}).causes = [{ reason: NAMESPACE_TERMINATING_CAUSE, message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }];
  return err;
}

/** Is this refusal the lifecycle plugin's "namespace is being terminated"? (apierrors.HasStatusCause) */
export function isNamespaceTerminating(e: unknown): boolean {
  return e instanceof ApiError && (e.status.details?.causes ?? []).some((c) => c.reason === NAMESPACE_TERMINATING_CAUSE);
}

/**
 * The namespace REST Delete. First DELETE: deletionTimestamp = now, phase Terminating,
 * and the orphan / foregroundDeletion finalizer that the propagation policy asks for;
 * the object stays. A later DELETE removes it only once spec.finalizers are empty (and
 * metadata.finalizers, as for any object); until then it answers with the namespace.
 */
export function planNamespaceDeletion(current: Readonly<KObject>, options: DeleteOptions, nowText: string): DeletionPlan {
  const obj = clone(current) as KObject;
  const meta = obj.metadata;
  if (meta.deletionTimestamp === undefined) {
    meta.deletionTimestamp = nowText;
    obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
    const finalizers = new Set(meta.finalizers ?? []);
    if (options.propagationPolicy === 'Orphan') finalizers.add('orphan');
    else if (options.propagationPolicy !== undefined) finalizers.delete('orphan');
    if (options.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    else if (options.propagationPolicy !== undefined) finalizers.delete('foregroundDeletion');
    if (finalizers.size > 0) meta.finalizers = [...finalizers];
    else delete meta.finalizers;
    return { kind: 'mark', object: obj };
  }
  if (specFinalizers(current).length > 0 || (meta.finalizers ?? []).length > 0) return { kind: 'none' };
  return { kind: 'remove', object: obj };
}

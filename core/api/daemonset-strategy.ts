import { jsonEqual } from './equal.js';
import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- strategies edit open JSON */

/**
 * apps/v1 carries the internal spec.templateGeneration as this annotation (the v1
 * conversion writes it); the DaemonSet controller copies it onto its pods as the
 * `pod-template-generation` label.
 */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/**
 * daemonSetStrategy.PrepareForCreate (pkg/registry/apps/daemonset): templateGeneration
 * starts at 1 (or what the client sent, when that is a positive integer).
 */
export function prepareDaemonSetForCreate(obj: KObject): void {
  const sent = templateGeneration(obj);
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(sent !== undefined && sent >= 1 ? sent : 1) };
}

/**
 * daemonSetStrategy.PrepareForUpdate: a client may not set templateGeneration; it goes up
 * by one exactly when the pod template changes (an image from 1.25 to 1.26: 1 -> 2), as
 * does metadata.generation, which also counts other spec changes (updateStrategy). The
 * comparison is Go's semantic one: a `creationTimestamp: null` that `kubectl rollout undo`
 * sends in the template is the zero value, no change.
 */
export function prepareDaemonSetForUpdate(next: KObject, old: Readonly<KObject>): void {
  const oldGen = templateGeneration(old) ?? 1;
  const templateChanged = !jsonEqual(withoutNulls(next.spec?.template), withoutNulls(old.spec?.template));
  const specChanged = !jsonEqual(withoutNulls(next.spec), withoutNulls(old.spec));
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(templateChanged ? oldGen + 1 : oldGen) };
  const generation = old.metadata.generation ?? 1;
  next.metadata.generation = specChanged ? generation + 1 : generation;
}

/** util.GetTemplateGeneration: the annotation as an integer, undefined when absent or not one. */
export function templateGeneration(obj: Readonly<KObject>): number | undefined {
  const v = obj.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

function withoutNulls(v: any): any {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(withoutNulls);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = withoutNulls(x);
  return out;
}

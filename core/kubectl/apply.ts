import { jsonEqual } from '../api/equal.js';
import { kindInfo, kubectlRef } from '../api/kinds.js';
import { clone, mergeKeyFor } from '../api/patch.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { KubectlError } from './command.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- apply diffs open JSON */

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Client-side `kubectl apply`: create with the last-applied annotation, or send a
 * three-way strategic merge patch. Fields in the manifest are set to what it says
 * (even if someone changed them since), fields dropped from the manifest since the
 * last apply are removed, and fields nobody applied (a controller's, a `kubectl scale`
 * of a field the manifest never named) are left alone.
 */
export function applyObject(client: Client, manifest: KObject, namespace?: string, fieldManager = 'kubectl-client-side-apply'): string {
  const info = kindInfo(manifest.kind);
  if (info === undefined) throw new KubectlError(`no matches for kind "${manifest.kind}" in version "${manifest.apiVersion}"`);
  const modified = clone(manifest);
  modified.metadata ??= {};
  if (modified.metadata.annotations) delete modified.metadata.annotations[LAST_APPLIED];
  if (info.namespaced) modified.metadata.namespace ??= namespace ?? 'default';
  const name = modified.metadata.name;
  if (name === undefined || name === '') throw new KubectlError('resource name may not be empty');
  const ref = kubectlRef(info, name);
  const config = JSON.stringify(modified);
  const live = client.api.tryGet(info.kind, modified.metadata.namespace, name);
  if (live === undefined) {
    const toCreate = clone(modified);
    toCreate.metadata.annotations = { ...(toCreate.metadata.annotations ?? {}), [LAST_APPLIED]: config + '\n' };
    client.create(toCreate, { reason: 'Apply', message: `kubectl apply created ${ref}`, fieldManager });
    return `${ref} created`;
  }
  const original = parseLastApplied(live.metadata.annotations?.[LAST_APPLIED]);
  const patch = threeWay(original, modified, live, '') ?? {};
  patch.metadata ??= {};
  patch.metadata.annotations ??= {};
  patch.metadata.annotations[LAST_APPLIED] = config + '\n';
  const after = client.patch(info.kind, modified.metadata.namespace, name, patch, 'strategic', {
    reason: 'Apply',
    message: `kubectl apply configured ${ref}`,
    fieldManager,
  });
  return `${ref} ${after.metadata.resourceVersion === live.metadata.resourceVersion ? 'unchanged' : 'configured'}`;
}

function parseLastApplied(text: string | undefined): any {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function isObj(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The patch taking `live` to `modified`, deleting what `original` had and `modified` dropped. */
function threeWay(original: any, modified: any, live: any, path: string): any {
  const out: Record<string, any> = {};
  const o = isObj(original) ? original : {};
  const l = isObj(live) ? live : {};
  for (const [key, mv] of Object.entries(modified)) {
    const lv = l[key];
    const sub = path === '' ? key : `${path}.${key}`;
    if (isObj(mv) && isObj(lv)) {
      const p = threeWay(o[key], mv, lv, sub);
      if (p !== undefined) out[key] = p;
    } else if (Array.isArray(mv) && Array.isArray(lv) && mergeKeyFor(key, path) !== undefined) {
      const p = listPatch(Array.isArray(o[key]) ? o[key] : [], mv, lv, mergeKeyFor(key, path) as string, sub);
      if (p !== undefined) out[key] = p;
    } else if (!jsonEqual(mv, lv)) {
      out[key] = clone(mv);
    }
  }
  for (const key of Object.keys(o)) {
    if (!(key in modified) && key in l) out[key] = null;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function listPatch(original: any[], modified: any[], live: any[], mergeKey: string, path: string): any[] | undefined {
  const out: any[] = [];
  for (const item of modified) {
    if (!isObj(item)) return jsonEqual(modified, live) ? undefined : clone(modified);
    const liveItem = live.find((x) => isObj(x) && x[mergeKey] === item[mergeKey]);
    const origItem = original.find((x) => isObj(x) && x[mergeKey] === item[mergeKey]);
    if (liveItem === undefined) out.push(clone(item));
    else {
      const p = threeWay(origItem, item, liveItem, path);
      if (p !== undefined) out.push({ [mergeKey]: item[mergeKey], ...p });
    }
  }
  for (const item of original) {
    if (!isObj(item)) continue;
    const stillWanted = modified.some((x) => isObj(x) && x[mergeKey] === item[mergeKey]);
    const stillLive = live.some((x) => isObj(x) && x[mergeKey] === item[mergeKey]);
    if (!stillWanted && stillLive) out.push({ [mergeKey]: item[mergeKey], $patch: 'delete' });
  }
  return out.length === 0 ? undefined : out;
}

/**
 * `kubectl apply --server-side`: the manifest as an apply patch with fieldManager
 * `kubectl` (kubectl's default for server-side apply); kubectl prints `serverside-applied`
 * whether or not anything changed. A conflict comes back as the API's 409.
 */
export function serverSideApplyObject(client: Client, manifest: KObject, namespace: string | undefined, fieldManager: string, force: boolean): string {
  const info = kindInfo(manifest.kind);
  if (info === undefined) throw new KubectlError(`no matches for kind "${manifest.kind}" in version "${manifest.apiVersion}"`);
  const config = clone(manifest);
  config.metadata ??= {};
  if (info.namespaced) config.metadata.namespace ??= namespace ?? 'default';
  const name = config.metadata.name;
  if (name === undefined || name === '') throw new KubectlError('resource name may not be empty');
  const ref = kubectlRef(info, name);
  client.apply(info.kind, config.metadata.namespace, name, config, { fieldManager, force }, { reason: 'Apply', message: `kubectl apply --server-side${force ? ' --force-conflicts' : ''} ${ref}`, fieldManager });
  return `${ref} serverside-applied`;
}

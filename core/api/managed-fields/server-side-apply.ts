import type { ApiServer } from '../api-server.js';
import { jsonEqual } from '../equal.js';
import { apiVersionOf, kindInfo, type KindInfo } from '../kinds.js';
import { clone } from '../patch.js';
import { ApiError, badRequest, notFound } from '../status.js';
import type { KObject, RequestContext } from '../types.js';
import { applyConfig } from './apply.js';
import { SchemaMismatch } from './list-items.js';
import { decodeManaged, emptyManaged, encodeManaged } from './managed.js';
import { resetFields, zeroObject } from './reset-fields.js';
import { schemaFor } from './schema.js';
import { comparisonIn } from './versions.js';

export interface ApplyOptions {
  /** The fieldManager query parameter (required, as upstream validates PatchOptions). */
  fieldManager: string | undefined;
  force: boolean;
}

/** PATCH with Content-Type application/apply-patch+yaml requires a fieldManager: 422, as ValidatePatchOptions. */
export function validateApplyOptions(o: ApplyOptions): void {
  if (o.fieldManager === undefined || o.fieldManager === '') {
    throw new ApiError({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 422, reason: 'Invalid',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] },
    });
  }
  if (o.fieldManager.length > 128) {
    throw badRequest(`fieldManager: Too long: may not be more than 128 bytes`);
  }
}

/** `apps/v1, Kind=Deployment`, `/v1, Kind=Pod`: how Go prints a GroupVersionKind. */
function gvk(apiVersion: unknown, kind: unknown): string {
  const v = String(apiVersion ?? '');
  return `${v.includes('/') ? v : `/${v}`}, Kind=${String(kind ?? '')}`;
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNulls(x);
  return out;
}

/**
 * Server-side apply of `config` to KIND NAMESPACE/NAME (the apply patcher of upstream's
 * PATCH handler): creates the object when it does not exist, else merges it in as the
 * manager's apply, through the same create and update paths as every other write, so
 * defaulting, validation, dry run and the recording treat it like any write. Returns
 * the object and whether it was created (201).
 */
export function serverSideApply(
  api: ApiServer,
  kind: string,
  namespace: string | null | undefined,
  name: string,
  config: unknown,
  ctx: RequestContext,
  options: ApplyOptions,
): { object: Readonly<KObject>; created: boolean } {
  validateApplyOptions(options);
  const info = kindInfo(kind) as KindInfo;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw badRequest('error decoding YAML: the apply configuration must be an object');
  const cfg = config as Record<string, unknown>;
  const version = apiVersionOf(info);
  if (cfg.apiVersion !== version || cfg.kind !== info.kind) throw badRequest(`invalid object type: ${gvk(cfg.apiVersion, cfg.kind)}`);
  const meta = (cfg.metadata ?? {}) as KObject['metadata'];
  if (meta.managedFields !== undefined && meta.managedFields !== null) throw badRequest('metadata.managedFields must be nil');
  const schema = schemaFor(version, info.kind);
  if (schema === undefined) throw notFound(info, name);
  const live = api.tryGet(info.kind, namespace, name);
  const manager = options.fieldManager as string;
  const liveBase: Record<string, unknown> = live === undefined ? clone(zeroObject(info.kind)) : clone(live);
  if (live !== undefined) delete (liveBase.metadata as KObject['metadata']).managedFields;
  let managed;
  try {
    managed = live?.metadata.managedFields === undefined ? emptyManaged() : decodeManaged(live.metadata.managedFields);
  } catch (e) {
    throw internal(`failed to decode managed fields: ${(e as Error).message}`);
  }
  let result;
  try {
    result = applyConfig({
      schema, version, live: liveBase, config: cfg, managed, manager, force: options.force, now: api.timestamp(),
      ignore: resetFields(info, null),
      compareIn: (v, l, r) => comparisonIn(info.kind, v, l, r),
    });
  } catch (e) {
    if (e instanceof SchemaMismatch) throw internal(`failed to create typed patch object (${namespace ?? ''}/${name}; ${gvk(version, info.kind)}): ${e.message}`);
    throw e;
  }
  const entries = encodeManaged(result.managed) ?? [];
  const applied: RequestContext = { ...ctx, fieldManager: manager, appliedManagedFields: entries };
  if (live === undefined) {
    const obj = dropNulls(result.object ?? liveBase) as KObject;
    obj.apiVersion = version;
    obj.kind = info.kind;
    obj.metadata = { ...(obj.metadata ?? {}) };
    obj.metadata.name ??= name;
    return { object: api.create(obj, applied, namespace ?? undefined), created: true };
  }
  const next = dropNulls(result.object ?? liveBase) as KObject;
  next.metadata.managedFields = entries;
  if (next.metadata.name !== name) throw badRequest(`the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${name})`);
  // The apply is to the object as read, unless the configuration names a resourceVersion.
  if (typeof meta.resourceVersion !== 'string') next.metadata.resourceVersion = live.metadata.resourceVersion;
  if (result.object === undefined && jsonEqual(entries, live.metadata.managedFields ?? [])) return { object: live, created: false };
  return { object: api.update(next, applied, null, true), created: false };
}

/** An error upstream's apply path returns unwrapped: 500 with no reason ("Error from server: ..."). */
function internal(message: string): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: '', code: 500 });
}

/**
 * Objects as a capture holds them. A watch event carries the whole object with its
 * apiVersion and kind; a LIST response does not repeat them per item (kube-apiserver
 * writes `{"apiVersion":"v1","kind":"PodList","items":[{metadata...}]}`), so the list's
 * own apiVersion and kind minus "List" name each item.
 */
export type KObj = Record<string, unknown> & { metadata?: Record<string, unknown> };

export interface ObjectId {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function metaOf(o: KObj): Record<string, unknown> {
  return isObject(o.metadata) ? o.metadata : {};
}

/** apiVersion/kind/namespace/name of a whole object; undefined when it lacks one. */
export function idOf(o: KObj): ObjectId | undefined {
  const m = metaOf(o);
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || typeof m.name !== 'string' || m.name === '') return undefined;
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: typeof m.namespace === 'string' && m.namespace !== '' ? m.namespace : null, name: m.name };
}

/** The key of one object in the capture's state (the group matters: two kinds may share a name). */
export function keyOf(id: ObjectId): string {
  const group = id.apiVersion.includes('/') ? id.apiVersion.split('/')[0] : '';
  return `${group}/${id.kind}/${id.namespace ?? ''}/${id.name}`;
}

export function resourceVersionOf(o: KObj): string | null {
  const rv = metaOf(o).resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : null;
}

/**
 * Whether `a` is a later resourceVersion than `b`. resourceVersions are opaque by API
 * convention, but every kube-apiserver backed by etcd hands out etcd's revision, a
 * number: 1172042 after 1171984. Text that is not a number compares as "different".
 */
export function newerVersion(a: string | null, b: string | null): boolean {
  if (a === null || a === b) return false;
  if (b === null) return true;
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) > BigInt(b) : true;
}

/** The items of a LIST response, each with its apiVersion and kind; undefined when the body is not a list. */
export function listItems(body: unknown): KObj[] | undefined {
  if (!isObject(body) || !Array.isArray(body.items) || typeof body.kind !== 'string' || !body.kind.endsWith('List')) return undefined;
  const apiVersion = body.apiVersion;
  const kind = body.kind.slice(0, -'List'.length);
  return body.items.filter(isObject).map((item) => ({ apiVersion, kind, ...item }) as KObj);
}

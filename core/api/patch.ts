import { badRequest } from './status.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- patches work on open JSON */

export type PatchType = 'merge' | 'json' | 'strategic';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
};

/** Applies a patch to a copy of `target` and returns the copy. */
export function applyPatch(target: unknown, patch: unknown, type: PatchType): any {
  const base = clone(target);
  switch (type) {
    case 'merge':
      if (!isObject(patch)) throw badRequest('merge patch must be a JSON object');
      return mergePatch(base, patch);
    case 'json':
      if (!Array.isArray(patch)) throw badRequest('json patch must be a JSON array of operations');
      return jsonPatch(base, patch);
    case 'strategic':
      if (!isObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
      return strategicMerge(base, patch, '');
  }
}

/** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: any, patch: any): any {
  if (!isObject(patch)) return clone(patch);
  const out = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** RFC 6902 operations with RFC 6901 pointers. */
export function jsonPatch(doc: any, ops: any[]): any {
  let root = doc;
  ops.forEach((op, i) => {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw badRequest(`json patch operation ${i}: needs "op" and "path"`);
    }
    const value = () => {
      if (!('value' in op)) throw badRequest(`json patch operation ${i}: "${op.op}" needs a "value"`);
      return clone(op.value);
    };
    switch (op.op) {
      case 'add':
        root = pointerSet(root, op.path, value(), 'add', i);
        break;
      case 'replace':
        pointerGet(root, op.path, i);
        root = pointerSet(root, op.path, value(), 'replace', i);
        break;
      case 'remove':
        root = pointerRemove(root, op.path, i);
        break;
      case 'move': {
        const v = pointerGet(root, String(op.from), i);
        root = pointerRemove(root, String(op.from), i);
        root = pointerSet(root, op.path, v, 'add', i);
        break;
      }
      case 'copy':
        root = pointerSet(root, op.path, clone(pointerGet(root, String(op.from), i)), 'add', i);
        break;
      case 'test':
        if (JSON.stringify(pointerGet(root, op.path, i)) !== JSON.stringify(op.value)) {
          throw badRequest(`json patch operation ${i}: test failed at "${op.path}"`);
        }
        break;
      default:
        throw badRequest(`json patch operation ${i}: unknown op "${op.op}"`);
    }
  });
  return root;
}

function parsePointer(path: string, i: number): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`json patch operation ${i}: invalid path "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointerGet(root: any, path: string, i: number): any {
  let cur = root;
  for (const token of parsePointer(path, i)) {
    if (Array.isArray(cur) && /^\d+$/.test(token) && Number(token) < cur.length) cur = cur[Number(token)];
    else if (isObject(cur) && token in cur) cur = cur[token];
    else throw badRequest(`json patch operation ${i}: path "${path}" does not exist`);
  }
  return cur;
}

function pointerSet(root: any, path: string, value: any, mode: 'add' | 'replace', i: number): any {
  const tokens = parsePointer(path, i);
  if (tokens.length === 0) return value;
  const last = tokens.pop() as string;
  // A top-level member (`/status`) has the document itself as parent (the pointer "/" would name the key "").
  const parent = tokens.length === 0 ? root : pointerGet(root, '/' + tokens.map((t) => t.replace(/~/g, '~0').replace(/\//g, '~1')).join('/'), i);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw badRequest(`json patch operation ${i}: index "${last}" out of range at "${path}"`);
    }
    if (mode === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isObject(parent)) {
    parent[last] = value;
  } else {
    throw badRequest(`json patch operation ${i}: parent of "${path}" is not a container`);
  }
  return root;
}

function pointerRemove(root: any, path: string, i: number): any {
  pointerGet(root, path, i);
  const tokens = parsePointer(path, i);
  const last = tokens.pop() as string;
  let parent = root;
  for (const t of tokens) parent = Array.isArray(parent) ? parent[Number(t)] : parent[t];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return root;
}

/**
 * The patchMergeKey of the list fields the simulator models (from the Go struct tags:
 * `patchStrategy:"merge" patchMergeKey:"name"`). Lists not named here are replaced
 * whole, as upstream does for atomic lists such as tolerations and args.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  taints: 'key',
};

/** Lists of scalars whose patches are unions (finalizers, like upstream). */
const MERGE_PRIMITIVE_LISTS = new Set(['finalizers']);

export function mergeKeyFor(key: string, parentPath: string): string | undefined {
  // Container ports merge by containerPort; a Service's ports by port.
  if (key === 'ports') return parentPath.endsWith('spec') && !parentPath.includes('containers') ? 'port' : 'containerPort';
  return MERGE_KEYS[key];
}

/** Strategic merge patch for the modeled fields, with $patch: replace|delete and $deleteFromPrimitiveList. */
export function strategicMerge(target: any, patch: any, path: string): any {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return clone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$retainKeys' || key === '$setElementOrder' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(value)) {
        out[field] = out[field].filter((v: unknown) => !value.includes(v as never));
        // An emptied list is omitted, as the typed object (omitempty) serializes it: a pod
        // whose last finalizer went has no `finalizers: []`.
        if (out[field].length === 0) delete out[field];
      }
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const mergeKey = mergeKeyFor(key, path);
    if (Array.isArray(value) && mergeKey !== undefined) {
      out[key] = mergeList(Array.isArray(out[key]) ? out[key] : [], value, mergeKey, `${path}.${key}`);
    } else if (Array.isArray(value) && MERGE_PRIMITIVE_LISTS.has(key)) {
      const existing: unknown[] = Array.isArray(out[key]) ? out[key] : [];
      out[key] = [...existing, ...value.filter((v) => !existing.includes(v))];
    } else {
      const merged = strategicMerge(out[key], value, path === '' ? key : `${path}.${key}`);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
  }
  return out;
}

function mergeList(target: any[], patch: any[], mergeKey: string, path: string): any[] {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map(clone);
  }
  const out = target.map(clone);
  for (const item of patch) {
    if (!isObject(item)) {
      out.push(clone(item));
      continue;
    }
    const index = out.findIndex((existing) => isObject(existing) && existing[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] = strategicMerge(out[index], item, path);
    } else {
      out.push(strategicMerge({}, item, path));
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A deep copy of a JSON value. Hand-rolled because it is the API server's hottest
 * function (every write copies the stored, frozen object it starts from) and a plain
 * recursive copy is several times faster than a JSON round trip or structuredClone.
 */
/**
 * One level of `clone`: the same keys (undefined ones left out) whose values are the
 * very children of `v`. For a write that rebuilds a few fields of a stored object,
 * whose children are frozen: binding a pod changes spec.nodeName and one condition, and
 * a deep clone copied its other ~150 values too, to be frozen again (the JSON is the
 * same either way: the shared children are the ones a clone would have copied).
 */
export function shallowCopy<T extends object>(v: Readonly<T>): T {
  const out: Record<string, unknown> = {};
  for (const key in v) {
    const value = (v as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

export function clone<T>(v: T): T {
  return copyTree(v, false);
}

/**
 * `clone`, sharing frozen subtrees: frozen values come from the store and never change,
 * so a shared one is as good as a copy (a pod status body's unchanged conditions).
 */
export function cloneUnfrozen<T>(v: T): T {
  return copyTree(v, true);
}

/** A deep copy that drops undefined members, as JSON would; frozen subtrees kept as they are when `shareFrozen`. */
function copyTree<T>(v: T, shareFrozen: boolean): T {
  if (v === null || typeof v !== 'object' || (shareFrozen && Object.isFrozen(v))) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyTree(v[i], shareFrozen);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in v as Record<string, unknown>) {
    const value = (v as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = copyTree(value, shareFrozen);
  }
  return out as T;
}

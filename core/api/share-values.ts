import { compactParts } from './compact-object.js';
import { flat } from './flat-string.js';
import { deepFreeze } from './object-store.js';
import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- objects are open JSON */

/**
 * Equal parts of stored objects kept once. A stored object is frozen, so two objects
 * may hold the same value object when its JSON is the same: every read (a property, a
 * JSON.stringify, an equality walk) gives the same answer, and nobody can change it.
 * The commit calls `shareValues` after it has made the write's JSON and before it
 * freezes the object, so the recorded bytes are the ones the write made, whatever is
 * shared afterwards.
 *
 * What is shared, measured with heap snapshots of 5,000 pods on 1,000 nodes (main at
 * 1ef0e2e, docs/performance.md "Round 5"): a pod held ~1.7 kB of managedFields entries
 * of its own (the kubelet's status entry is rebuilt per pod: the same fields for every
 * pod of a ReplicaSet once Running), ~0.3 kB of status conditions (the same four for the
 * pods a kubelet marks Ready within one second), ~0.5 kB of spec parts the ReplicaSet
 * copied from its template (tolerations, affinity, a container's resources and probe);
 * an Event ~0.23 kB of managedFields (one entry: the same for the events a component
 * writes within one second) and its `source` (one per component and node). With the
 * arrays copied to their length (deepFreeze), 36.4 -> 29.2 kB reachable per pod at
 * 5,000 pods, and 1.6 GB of live heap after the 100,000-pod scale-up.
 *
 * Equal means the same JSON: a member set to undefined would count as absent, and a
 * Date as its text. Stored objects hold neither (a write's body is JSON, and the commit's
 * clone drops undefined members), so nothing that reads a stored object, key by key or
 * as JSON, can tell a shared part from its own. The table outlives a simulation (it is
 * the process's); what it holds is frozen and equal wherever it is used.
 *
 * Not shared: values unique to an object (names, uids, IPs, the service account
 * volume's random name, the kubelet's status entry naming the pod's IP: `namesPodIp`)
 * would only fill the table. The table is bounded: cleared when
 * full, as update-entries.ts's intern table; a value not found is kept as it is.
 */
const LIMIT = 8192;
const table = new Map<string, unknown>();
/**
 * Ids of shared fieldsV1 objects, so an entry's key names its fields without their JSON
 * again; a negative one for a fieldsV1 naming a pod's IP (`namesPodIp`, kept by no table).
 */
const ids = new WeakMap<object, number>();
let nextId = 0;

function canonical<T>(value: T, key: string): T {
  const hit = table.get(key);
  if (hit !== undefined) return hit as T;
  if (table.size >= LIMIT) table.clear();
  // Kept frozen (and an array copied to its length, as deepFreeze does to the ones inside;
  // an object's parts with their members in the object, compact-object.ts): the commit's
  // deepFreeze then leaves it as it is, so the next equal value finds this one.
  const one = compactParts(Array.isArray(value) ? value.slice() : value, 3) as T;
  deepFreeze(one);
  table.set(key, one);
  return one;
}

/** `value` or an equal one already kept; a frozen value is a stored object's part, kept as it is. */
function share<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  return canonical(value, JSON.stringify(value));
}

/**
 * Strings equal between objects but made per object: a container status's `image` and
 * `imageID` (the same digest for every pod of an image, 46 and 112 bytes a pod version in
 * the heap snapshot after the 10,000-pod scale-up) and a pod's `startTime` (the same
 * second for the pods a kubelet starts together). A string is a value: one kept instead
 * of an equal one changes nothing a reader can see. Bounded and cleared as the table.
 */
const strings = new Map<string, string>();

function shareStrings(obj: any, names: readonly string[]): void {
  if (obj === null || typeof obj !== 'object' || Object.isFrozen(obj)) return;
  for (const n of names) {
    const v = obj[n];
    if (typeof v !== 'string') continue;
    const hit = strings.get(v);
    if (hit !== undefined) obj[n] = hit;
    else {
      if (strings.size >= LIMIT) strings.clear();
      strings.set(v, flat(v));
    }
  }
}

/** Each element of an array kept as an equal one when there is one (the array itself stays the object's own). */
function shareElements(list: unknown): void {
  if (!Array.isArray(list) || Object.isFrozen(list)) return;
  for (let i = 0; i < list.length; i++) list[i] = share(list[i]);
}

/** Each named field of `obj` that is an object or array, shared. */
function shareFields(obj: any, names: readonly string[]): void {
  if (obj === null || typeof obj !== 'object' || Object.isFrozen(obj)) return;
  for (const n of names) if (obj[n] !== null && typeof obj[n] === 'object') obj[n] = share(obj[n]);
}

/**
 * The parts of a fieldsV1 one level under its top (`f:status` -> `f:conditions`,
 * `f:containerStatuses`, ...), shared by JSON. The kubelet's status entry is a pod's own
 * (it names the pod's IP: `f:podIPs` -> `k:{"ip":"10.0.3.7"}`), but its conditions'
 * and container statuses' fields are the same for every pod: ~1.2 of its ~1.5 kB.
 */
function shareFieldParts(f: any): void {
  // for-in, not Object.keys: no arrays of keys (a member replaced by an equal one keeps its place).
  for (const top in f) {
    const v = f[top];
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) continue;
    for (const k in v) {
      const part = v[k];
      // The pod's own IP list (`namesPodIp`): no other pod's.
      if (k === 'f:podIPs') continue;
      if (part !== null && typeof part === 'object' && hasMembers(part)) v[k] = share(part);
    }
  }
}

function hasMembers(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * `fields` (a fieldsV1) as the one kept object of its JSON: frozen, its parts one level
 * under the top shared (shareFieldParts), known here by identity. managed-fields/
 * shared-fields.ts keeps what this gives for a new entry's set, so the Events and pods
 * of one shape hand shareEntry the kept object itself and their fieldsV1's JSON is not
 * made again (~64,000 Events' ~400 bytes of it in the 10,000-pod scale-up: a small part
 * of shareEntry's cost, which is the kubelet's pod-own status entry). `fields` is
 * changed in place (its parts) when it is not kept yet: pass one nobody else holds.
 * One naming a pod's IP (`namesPodIp`) is frozen and known by identity, but not kept:
 * an equal one gets its own object.
 */
export function keptFields<T extends object>(fields: T): T {
  if (namesPodIp(fields)) {
    // A pod's own (see `namesPodIp`): its parts shared, itself kept only by the pod, so
    // neither its JSON is made as a key nor the table filled with it.
    shareFieldParts(fields);
    const own = compactParts(fields, 3);
    deepFreeze(own);
    ids.set(own, -++nextId);
    return own;
  }
  const text = JSON.stringify(fields);
  let kept = table.get(`f${text}`) as T | undefined;
  if (kept === undefined) {
    shareFieldParts(fields);
    kept = canonical(fields, `f${text}`);
  }
  if (!ids.has(kept)) ids.set(kept, nextId++);
  return kept;
}

/**
 * Whether a fieldsV1 names a pod's IP as a list item's key (`f:status` -> `f:podIPs` ->
 * `k:{"ip":"10.0.3.7"}`: the kubelet's status entry, managed-fields' list-items.ts keys
 * podIPs by `ip`). No other pod's entry is the same, so such a value found in the table
 * never again: json10 measured 10,633 of 10,633 `keptFields` calls missing in a
 * 2,000-pod run (each ~10 us: its JSON as the key, the parts' JSON, compact, freeze),
 * and with their entries they filled the 8,192-value table 5 times, each clearing
 * throwing away every shared value and keying them again after (docs/performance.md,
 * "Round 11 ... api11"). A walk two levels down, no allocation.
 */
function namesPodIp(f: object): boolean {
  for (const top in f) {
    const v = (f as any)[top];
    if (v === null || typeof v !== 'object') continue;
    const ips = v['f:podIPs'];
    if (ips === null || typeof ips !== 'object') continue;
    for (const k in ips) if (k.startsWith('k:')) return true;
  }
  return false;
}

/** An entry's members, each with its digit in the key's order code. */
const ENTRY_KEYS = new Map([['manager', 1], ['operation', 2], ['apiVersion', 3], ['time', 4], ['fieldsType', 5], ['fieldsV1', 6], ['subresource', 7]]);

/** A managedFields entry: its fieldsV1 shared by JSON, then the entry by its fields and its fieldsV1's identity. */
function shareEntry(e: any): any {
  if (e === null || typeof e !== 'object' || Object.isFrozen(e)) return e;
  // The members' order as a number (a digit each, at most 7 members of 7 names), read with
  // for-in: no key arrays and no joined text (shareEntry was ~0.7 kB of each write's
  // garbage in the 10,000-pod run).
  let order = 0;
  for (const k in e) {
    const digit = ENTRY_KEYS.get(k);
    if (digit === undefined || typeof e[k] === 'undefined') return e;
    order = order * 8 + digit;
  }
  const f = e.fieldsV1;
  if (f === null || typeof f !== 'object') return e;
  const fields = Object.isFrozen(f) && ids.has(f) ? f : keptFields(f);
  e.fieldsV1 = fields;
  // An entry naming a pod's IP is that pod's: left to the commit's compact and freeze.
  if ((ids.get(fields) as number) < 0) return e;
  const key = `e${ids.get(fields)}\u0000${e.manager}\u0000${e.operation}\u0000${e.apiVersion}\u0000${e.time}\u0000${e.fieldsType}\u0000${e.subresource ?? '\u0001'}\u0000${order}`;
  const entry = canonical(e, key);
  if (!ids.has(entry)) ids.set(entry, nextId++);
  return entry;
}

/**
 * The managedFields entries shared; with `whole`, the list too when each entry is a kept
 * one (an Event's one entry is the same for the events a component writes within one
 * second, and its list was 56 bytes of each ~480-byte Event: heap snapshot, 10,000 pods).
 * A pod's list names its own kubelet entry (its IP), so it stays the pod's.
 */
function shareEntries(meta: any, whole: boolean): void {
  const list = meta?.managedFields;
  if (!Array.isArray(list) || Object.isFrozen(list)) return;
  let key: string | undefined = whole ? 'm' : undefined;
  for (let i = 0; i < list.length; i++) {
    list[i] = shareEntry(list[i]);
    const id = ids.get(list[i]);
    if (key !== undefined) key = id === undefined ? undefined : `${key}${id},`;
  }
  if (key !== undefined) meta.managedFields = canonical(list, key);
}

const SPEC_FIELDS = ['tolerations', 'affinity', 'nodeSelector', 'securityContext', 'dnsConfig', 'topologySpreadConstraints', 'readinessGates', 'imagePullSecrets', 'overhead'];
const VOLUME_FIELDS = ['projected', 'configMap', 'secret', 'emptyDir', 'hostPath', 'downwardAPI', 'persistentVolumeClaim'];
const STATUS_FIELDS = ['state', 'lastState', 'resources', 'allocatedResources', 'user'];
const CONTAINER_FIELDS = ['resources', 'readinessProbe', 'livenessProbe', 'startupProbe', 'ports', 'securityContext', 'env', 'envFrom', 'command', 'args', 'lifecycle'];

/**
 * Shares the equal parts of `obj` (a Pod or an Event; other kinds are left alone) with
 * objects committed before it. Call before `obj` is frozen, after its JSON is made.
 */
export function shareValues(kind: string, obj: KObject): void {
  if (kind === 'Pod') {
    shareEntries(obj.metadata, false);
    const spec = obj.spec as any;
    if (spec !== undefined && spec !== null && !Object.isFrozen(spec)) {
      shareFields(spec, SPEC_FIELDS);
      for (const list of [spec.containers, spec.initContainers]) {
        if (!Array.isArray(list) || Object.isFrozen(list)) continue;
        for (const c of list) shareFields(c, CONTAINER_FIELDS);
      }
    }
    if (spec !== undefined && spec !== null && Array.isArray(spec.volumes) && !Object.isFrozen(spec.volumes)) {
      // The service account's volume has a random name per pod, its source is the same.
      for (const v of spec.volumes) shareFields(v, VOLUME_FIELDS);
    }
    const status = obj.status as any;
    if (status !== undefined && status !== null && !Object.isFrozen(status)) {
      shareElements(status.conditions);
      shareFields(status, ['hostIPs']);
      shareStrings(status, ['startTime']);
      for (const list of [status.containerStatuses, status.initContainerStatuses]) {
        if (!Array.isArray(list) || Object.isFrozen(list)) continue;
        // containerID is a container's own; its states (started the same second on a node) and resources are not.
        for (const cs of list) {
          shareFields(cs, STATUS_FIELDS);
          shareStrings(cs, ['image', 'imageID']);
        }
      }
    }
  } else if (kind === 'Event') {
    shareEntries(obj.metadata, true);
    const ev = obj as any;
    // The source: one per component and node, kept as a value by the store's packed
    // Event (stored-pack.ts). Not the involved object: the packed Event lays its members
    // out in its own list, so a shared one was given up when stored, and it names one
    // version of a pod, found again by the few Events about that version only (10,459
    // hits for 15,353 values in a 2,000-pod run): those values were what filled the table
    // once the kubelet's status entries were kept out (2 clearings of that run, 32 -> 2
    // over both changes at 10,000 pods, 78 -> 98 % of lookups found, docs/performance.md
    // "Round 11 ... api11").
    shareFields(ev, ['source']);
  }
}

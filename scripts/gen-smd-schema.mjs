#!/usr/bin/env node
/*
 * Generates core/api/managed-fields/schema-data.ts from upstream's OpenAPI v2 document
 * (api/openapi-spec/swagger.json of Kubernetes v1.32; the kubernetes-client/python tag
 * v32.0.1 carries it as kubernetes/swagger.json.unprocessed):
 *
 *   git -C /tmp clone --depth 1 -b v32.0.1 https://github.com/kubernetes-client/python k8s-python
 *   node scripts/gen-smd-schema.mjs /tmp/k8s-python/kubernetes/swagger.json.unprocessed > core/api/managed-fields/schema-data.ts
 *
 * It keeps, for the definitions reachable from the kinds kubelapse serves, only what
 * server-side apply needs: each struct's fields, map and list element types, and the
 * extensions that decide merging (x-kubernetes-list-type, -list-map-keys, -map-type,
 * and the patch-strategy fallback), converted as kube-openapi's schemaconv does.
 * No npm package carries upstream's swagger.json for v1.32 with its extensions (the
 * `kubernetes-models` package ships compiled validators without them), so the facts are
 * generated from the document and committed; the document itself is not.
 */
import fs from 'node:fs';

const ROOTS = [
  ['v1', 'Namespace'], ['v1', 'Node'], ['v1', 'Pod'], ['v1', 'Service'], ['v1', 'Event'], ['v1', 'Endpoints'],
  ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'ServiceAccount'],
  ['coordination.k8s.io/v1', 'Lease'], ['apps/v1', 'Deployment'], ['apps/v1', 'ReplicaSet'],
  ['discovery.k8s.io/v1', 'EndpointSlice'], ['policy/v1', 'PodDisruptionBudget'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['autoscaling/v1', 'HorizontalPodAutoscaler'],
  ['autoscaling/v1', 'Scale'],
  ['apps/v1', 'DaemonSet'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'ControllerRevision'],
  ['batch/v1', 'Job'], ['batch/v1', 'CronJob'],
  ['v1', 'PersistentVolume'], ['v1', 'PersistentVolumeClaim'],
  ['v1', 'ResourceQuota'], ['v1', 'LimitRange'],
  ['storage.k8s.io/v1', 'StorageClass'], ['scheduling.k8s.io/v1', 'PriorityClass'],
];

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: gen-smd-schema.mjs SWAGGER_JSON\n');
  process.exit(2);
}
const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
const defs = doc.definitions;

const short = (name) =>
  name.replace(/^io\.k8s\.apimachinery\.pkg\.apis\.meta\./, 'meta.').replace(/^io\.k8s\.apimachinery\.pkg\./, '').replace(/^io\.k8s\.api\./, '');
const refName = (ref) => ref.replace('#/definitions/', '');

const out = {};
const queue = [];
const want = (name) => {
  if (!(short(name) in out) && !queue.includes(name)) queue.push(name);
  return short(name);
};

/** kube-openapi schemaconv: string formats int-or-string, date-time... are untyped scalars. */
function convert(s) {
  if (s.$ref !== undefined) {
    const target = defs[refName(s.$ref)];
    // Scalars behind a reference (Time, Quantity, IntOrString) are inlined as scalars.
    if (target !== undefined && target.type !== undefined && target.type !== 'object' && target.type !== 'array') return 's';
    // A field that overrides its struct's map type (PV spec.claimRef: a granular
    // ObjectReference, which is atomic elsewhere) gets the struct inline with its own.
    const own = s['x-kubernetes-map-type'];
    if (own !== undefined && own !== (target?.['x-kubernetes-map-type'] ?? 'granular')) {
      return convert({ ...target, $ref: undefined, 'x-kubernetes-map-type': own });
    }
    return want(refName(s.$ref));
  }
  if (s.type === 'array') {
    const t = s['x-kubernetes-list-type'];
    let rel = 'atomic';
    let keys;
    if (t === 'set') rel = 'set';
    else if (t === 'map') {
      rel = 'map';
      keys = s['x-kubernetes-list-map-keys'];
    } else if (t === undefined && ['merge', 'merge,retainKeys'].includes(s['x-kubernetes-patch-strategy'])) {
      const k = s['x-kubernetes-patch-merge-key'];
      rel = k === undefined ? 'set' : 'map';
      if (k !== undefined) keys = [k];
    }
    const l = { l: convert(s.items ?? {}), t: rel };
    if (keys !== undefined) l.k = keys;
    return l;
  }
  if (s.type === 'object' || s.properties !== undefined) {
    if (s.properties !== undefined) {
      const f = {};
      for (const [k, v] of Object.entries(s.properties)) f[k] = convert(v);
      const st = { f };
      if (s['x-kubernetes-map-type'] === 'atomic') st.a = 1;
      return st;
    }
    if (s.additionalProperties !== undefined && s.additionalProperties !== false && s.additionalProperties !== true) {
      const m = { m: convert(s.additionalProperties) };
      if (s['x-kubernetes-map-type'] === 'atomic') m.a = 1;
      return m;
    }
    return 'u'; // an object without fields (RawExtension, FieldsV1): deduced from the value
  }
  if (s.type === undefined) return 'u';
  return 's';
}

/** Defaults of list-map key fields (ContainerPort.protocol "TCP"): SMD fills them in keys. */
function keyDefaults(structName, keys) {
  const d = defs[structName];
  const res = {};
  for (const k of keys) {
    const p = d?.properties?.[k];
    if (p === undefined) continue;
    // The v2 document drops the `+default="TCP"` markers the Go types carry; their
    // descriptions still say them ('Defaults to "TCP".', 'Default is TCP.').
    const said = /(?:Defaults to|Default is) "?([A-Za-z0-9]+)"?\./.exec(p.description ?? '');
    if (p.default !== undefined) res[k] = p.default;
    else if (said !== null && !(d.required ?? []).includes(k)) res[k] = said[1];
  }
  return Object.keys(res).length > 0 ? res : undefined;
}

const roots = {};
for (const [apiVersion, kind] of ROOTS) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const name = Object.keys(defs).find((n) =>
    (defs[n]['x-kubernetes-group-version-kind'] ?? []).some((g) => g.group === group && g.version === version && g.kind === kind),
  );
  if (name === undefined) throw new Error(`no definition for ${apiVersion} ${kind}`);
  roots[`${apiVersion}/${kind}`] = want(name);
}
while (queue.length > 0) {
  const name = queue.shift();
  const converted = convert({ ...defs[name], $ref: undefined });
  out[short(name)] = converted;
}
// Key defaults, attached where the list is declared.
function attachDefaults(t) {
  if (t === null || typeof t !== 'object') return;
  if (t.l !== undefined) {
    if (t.k !== undefined && typeof t.l === 'string') {
      const full = Object.keys(defs).find((n) => short(n) === t.l);
      const d = keyDefaults(full, t.k);
      if (d !== undefined) t.d = d;
    }
    attachDefaults(t.l);
  }
  if (t.m !== undefined) attachDefaults(t.m);
  if (t.f !== undefined) for (const v of Object.values(t.f)) attachDefaults(v);
}
for (const t of Object.values(out)) attachDefaults(t);

const sorted = Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
process.stdout.write(`/* Generated by scripts/gen-smd-schema.mjs from Kubernetes v1.32's api/openapi-spec/swagger.json. Do not edit. */
import type { SchemaData } from './schema-types.js';

export const SCHEMA: SchemaData = ${JSON.stringify({ roots, types: sorted })};
`);

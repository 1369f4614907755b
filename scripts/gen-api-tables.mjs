#!/usr/bin/env node
/*
 * Generates core/api/rest/protobuf-messages.ts (the protobuf field tables the live
 * server decodes request bodies with) and core/api/rest/openapi-facts.ts (required
 * fields and list/map semantics for the OpenAPI documents), both from upstream's
 * sources at Kubernetes v1.32:
 *
 *   git clone --depth 1 -b v0.32.0 https://github.com/kubernetes/api /tmp/k8s-api
 *   git clone --depth 1 -b v0.32.0 https://github.com/kubernetes/apimachinery /tmp/k8s-apimachinery
 *   node scripts/gen-api-tables.mjs /tmp/k8s-api /tmp/k8s-apimachinery
 *
 * It writes both files in place (run it from the repository root) and commits nothing
 * it read. From each package's go-to-protobuf `generated.proto` it takes the messages,
 * field numbers and wire types; from the same package's `types.go` (the Go types the
 * proto was generated from) the JSON names, pointers (flag 'p': a zero value that is
 * sent is kept), inlined structs (`json:",inline"`, flag 'i'), and what openapi-gen
 * reads: a field is required unless it has `+optional` or `omitempty`; patchStrategy /
 * patchMergeKey struct tags; +listType, +listMapKey, +mapType and +structType markers.
 * Messages are those reachable from ROOTS below: the kinds kubelapse serves and the
 * bodies clients send (Binding, Eviction, Scale, DeleteOptions, access reviews). To
 * serve another kind, add it to ROOTS and to MESSAGE_OF_KIND (protobuf-schema.ts),
 * then run this again.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Top-level messages, as `group.version.Message` (group `core` is the legacy group). */
const ROOTS = [
  ...['Pod', 'Namespace', 'Node', 'Service', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Binding'].map((k) => `core.v1.${k}`),
  ...['PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange', 'Endpoints'].map((k) => `core.v1.${k}`),
  'meta.v1.DeleteOptions',
  ...['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ControllerRevision'].map((k) => `apps.v1.${k}`),
  ...['Job', 'CronJob'].map((k) => `batch.v1.${k}`),
  'storage.v1.StorageClass',
  'scheduling.v1.PriorityClass',
  'policy.v1.PodDisruptionBudget',
  'policy.v1.Eviction',
  'autoscaling.v1.HorizontalPodAutoscaler',
  'autoscaling.v1.Scale',
  'autoscaling.v2.HorizontalPodAutoscaler',
  'discovery.v1.EndpointSlice',
  'coordination.v1.Lease',
  'authorization.v1.SelfSubjectAccessReview',
  'authorization.v1.SelfSubjectRulesReview',
];

/** Where each package's files live, relative to the k8s.io/api or apimachinery checkout. */
const PACKAGES = {
  'meta.v1': ['apimachinery', 'pkg/apis/meta/v1'],
  ...Object.fromEntries(
    ['core/v1', 'apps/v1', 'batch/v1', 'storage/v1', 'scheduling/v1', 'policy/v1', 'autoscaling/v1', 'autoscaling/v2', 'discovery/v1', 'coordination/v1', 'authorization/v1'].map((p) => [
      p.replace('/', '.'),
      ['api', p],
    ]),
  ),
};

/** Proto messages decoded by hand (protobuf.ts), not through a table. */
const SPECIAL = {
  '.k8s.io.apimachinery.pkg.apis.meta.v1.Time': 'Time',
  '.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': 'MicroTime',
  '.k8s.io.apimachinery.pkg.apis.meta.v1.Duration': 'Duration',
  '.k8s.io.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry': 'Skip',
  '.k8s.io.apimachinery.pkg.api.resource.Quantity': 'Quantity',
  '.k8s.io.apimachinery.pkg.util.intstr.IntOrString': 'IntOrString',
  '.k8s.io.apimachinery.pkg.runtime.RawExtension': 'RawExtension',
};
const SCALARS = { string: 'string', int32: 'int32', int64: 'int64', bool: 'bool', double: 'double', float: 'float', bytes: 'base64' };

const [apiDir, machineryDir] = process.argv.slice(2);
if (apiDir === undefined || machineryDir === undefined) {
  process.stderr.write('usage: gen-api-tables.mjs K8S_API_CHECKOUT APIMACHINERY_CHECKOUT (both at v0.32.0)\n');
  process.exit(2);
}
const roots = { api: apiDir, apimachinery: machineryDir };

/** Markers (`+listType=map`) and `+optional` in a block of `//` comment lines. */
function markers(comments) {
  const out = {};
  for (const c of comments) {
    const m = /^\+([A-Za-z]+)(?:=(.*))?$/.exec(c.trim());
    if (m === null) continue;
    const [, key, value = ''] = m;
    (out[key] ??= []).push(value.trim());
  }
  return out;
}

/** `message X { ... }` blocks of a generated.proto: each field's number, type, label and comments. */
function parseProto(text, pkg) {
  const messages = {};
  let current;
  let comments = [];
  for (const line of text.split('\n')) {
    const start = /^message (\w+) \{$/.exec(line);
    if (start !== null) {
      current = messages[`${pkg}.${start[1]}`] = [];
      comments = [];
      continue;
    }
    if (line === '}') {
      current = undefined;
      continue;
    }
    const t = line.trim();
    if (t.startsWith('//')) {
      comments.push(t.replace(/^\/\/ ?/, ''));
      continue;
    }
    if (t === '') {
      comments = [];
      continue;
    }
    if (current === undefined) continue;
    const field = /^(optional|repeated) (\S+) (\w+) = (\d+);$/.exec(t);
    const map = /^map<string, (\S+)> (\w+) = (\d+);$/.exec(t);
    if (field !== null) current.push({ label: field[1], type: field[2], name: field[3], no: Number(field[4]), markers: markers(comments) });
    else if (map !== null) current.push({ label: 'map', type: map[1], name: map[2], no: Number(map[3]), markers: markers(comments) });
    else throw new Error(`${pkg}: cannot read proto line ${JSON.stringify(t)}`);
    comments = [];
  }
  return messages;
}

/** `type X struct { ... }` blocks of a types.go: each field's Go type and struct tags, by proto number. */
function parseGo(text, pkg) {
  const structs = {};
  let current;
  let comments = [];
  for (const line of text.split('\n')) {
    const start = /^type (\w+) struct \{$/.exec(line);
    if (start !== null) {
      current = structs[`${pkg}.${start[1]}`] = { byNo: {}, markers: markers(comments) };
      comments = [];
      continue;
    }
    if (line === '}') {
      current = undefined;
      comments = [];
      continue;
    }
    const t = line.trim();
    if (t.startsWith('//')) {
      comments.push(t.replace(/^\/\/ ?/, ''));
      continue;
    }
    if (t === '' || current === undefined) {
      if (current === undefined && !t.startsWith('//')) comments = [];
      continue;
    }
    const m = /^([\w.*]+)(?:\s+([^`]+?))?\s+`([^`]*)`$/.exec(t);
    if (m === null) {
      comments = [];
      continue;
    }
    const [, goName, goType, tagText] = m;
    const tags = Object.fromEntries([...tagText.matchAll(/(\w+):"([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const proto = (tags.protobuf ?? '').split(',');
    const no = Number(proto[1]);
    if (Number.isInteger(no) && no > 0) {
      const [jsonName = '', ...jsonOpts] = (tags.json ?? '').split(',');
      current.byNo[no] = { goName, goType: goType ?? goName, jsonName, jsonOpts, tags, markers: markers(comments) };
    }
    comments = [];
  }
  return structs;
}

const proto = {};
const go = {};
for (const [pkg, [root, dir]] of Object.entries(PACKAGES)) {
  const base = path.join(roots[root], dir);
  Object.assign(proto, parseProto(fs.readFileSync(path.join(base, 'generated.proto'), 'utf8'), pkg));
  Object.assign(go, parseGo(fs.readFileSync(path.join(base, 'types.go'), 'utf8'), pkg));
}

/** A proto field type as the tables name it: a scalar, a special, or `group.version.Message`. */
function typeName(type, pkg) {
  if (SCALARS[type] !== undefined) return SCALARS[type];
  // Within its own package a message is named without the package (`Time` in meta/v1).
  if (!type.startsWith('.')) type = `.k8s.io.${pkg === 'meta.v1' ? 'apimachinery.pkg.apis.' : 'api.'}${pkg}.${type}`;
  if (SPECIAL[type] !== undefined) return SPECIAL[type];
  const m = /^\.k8s\.io\.(?:api|apimachinery\.pkg\.apis)\.(\w+)\.(\w+)\.(\w+)$/.exec(type);
  if (m === null) throw new Error(`unknown proto type ${type}`);
  return `${m[1]}.${m[2]}.${m[3]}`;
}

const messages = {};
const facts = {};
const queue = [...ROOTS];
while (queue.length > 0) {
  const name = queue.shift();
  if (name in messages) continue;
  const fields = proto[name];
  const struct = go[name];
  if (fields === undefined || struct === undefined) throw new Error(`no message or Go struct ${name}`);
  const pkg = name.split('.').slice(0, 2).join('.');
  const table = [];
  const required = [];
  const fieldFacts = [];
  for (const f of fields) {
    const g = struct.byNo[f.no];
    if (g === undefined) throw new Error(`${name}: no Go field with protobuf number ${f.no}`);
    const type = typeName(f.type, pkg);
    if (type.includes('.')) queue.push(type);
    const inline = g.jsonOpts.includes('inline') || g.jsonName === '';
    const flags = f.label === 'repeated' ? 'r' : f.label === 'map' ? 'm' : inline ? 'i' : g.goType.startsWith('*') ? 'p' : '';
    const jsonName = inline ? f.name : g.jsonName;
    table.push(`${f.no}: [${q(jsonName)}, ${q(type)}${flags === '' ? '' : `, ${q(flags)}`}]`);
    if (inline) continue;
    const mk = { ...f.markers, ...g.markers };
    if (mk.optional === undefined && !g.jsonOpts.includes('omitempty')) required.push(jsonName);
    const ff = [];
    if (g.tags.patchStrategy !== undefined) ff.push(`patchStrategy: ${JSON.stringify(g.tags.patchStrategy)}`);
    if (g.tags.patchMergeKey !== undefined) ff.push(`patchMergeKey: ${JSON.stringify(g.tags.patchMergeKey)}`);
    if (mk.listType !== undefined) ff.push(`listType: ${JSON.stringify(mk.listType[0])}`);
    if (mk.listMapKey !== undefined) ff.push(`listMapKeys: ${JSON.stringify(mk.listMapKey).replace(/,/g, ', ')}`);
    // +structType on a field overrides its struct's (PV spec.claimRef: granular); OpenAPI says both as map-type.
    const mapType = mk.mapType?.[0] ?? mk.structType?.[0];
    if (mapType !== undefined) ff.push(`mapType: ${JSON.stringify(mapType)}`);
    if (ff.length > 0) fieldFacts.push(`${JSON.stringify(jsonName)}: {${ff.join(', ')}}`);
  }
  messages[name] = `{ ${table.join(', ')} }`;
  const parts = [];
  if (required.length > 0) parts.push(`required: ${JSON.stringify(required).replace(/,/g, ', ')}`);
  if (fieldFacts.length > 0) parts.push(`fields: {${fieldFacts.join(', ')}}`);
  if (parts.length > 0) facts[name] = `{ ${parts.join(', ')} }`;
}

function q(s) {
  return `'${s}'`;
}

const sorted = (o) => Object.keys(o).sort();
const here = path.dirname(new URL(import.meta.url).pathname);
const rest = path.join(here, '..', 'core', 'api', 'rest');
const header = (file) => fs.readFileSync(path.join(rest, file), 'utf8').split('\nexport const ')[0];

fs.writeFileSync(
  path.join(rest, 'protobuf-messages.ts'),
  `${header('protobuf-messages.ts')}\nexport const GENERATED_MESSAGES: Readonly<Record<string, Readonly<Record<number, readonly [string, string, string?]>>>> = {\n${sorted(messages)
    .map((n) => `  '${n}': ${messages[n]},\n`)
    .join('')}};\n`,
);
fs.writeFileSync(
  path.join(rest, 'openapi-facts.ts'),
  `${header('openapi-facts.ts')}\nexport const SCHEMA_FACTS: Readonly<Record<string, { required?: string[]; fields?: Readonly<Record<string, FieldFacts>> }>> = {\n${sorted(facts)
    .map((n) => `  '${n}': ${facts[n]},\n`)
    .join('')}};\n`,
);
process.stderr.write(`${Object.keys(messages).length} messages, ${Object.keys(facts).length} with OpenAPI facts\n`);

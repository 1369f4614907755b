/*
 * How protobuf request bodies map to JSON: kubectl's typed clients (`create
 * deployment|namespace|service|pdb|configmap|secret|sa|job|cronjob|priorityclass`,
 * `run`, `autoscale`, `debug node`, `auth can-i`, drain's evictions) send
 * `application/vnd.kubernetes.protobuf`.
 * Every field of every message of the served kinds is described (protobuf-messages.ts,
 * from upstream's v1.32 generated.proto); a field number outside them is refused with a
 * 400 naming it, rather than silently dropped.
 *
 * A field is [jsonName, type, flags]: flags 'r' repeated, 'p' a pointer in Go (its zero
 * value is meaningful and kept: `--replicas=0`), 'm' a map<string, type>, 'i' an
 * embedded struct whose fields JSON inlines (a Volume's VolumeSource, a Probe's handler).
 */
import { GENERATED_MESSAGES } from './protobuf-messages.js';

export type FieldType =
  | 'string'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'bytes'
  | 'double'
  | 'float'
  | 'Time' // meta/v1 Time: RFC 3339 seconds
  | 'MicroTime' // meta/v1 MicroTime: RFC 3339 with microseconds
  | 'Duration' // meta/v1 Duration: Go's "1h0m0s"
  | 'Quantity'
  | 'IntOrString'
  | 'RawExtension' // embedded JSON
  | 'Skip'
  | 'base64' // bytes, shown in JSON as base64 (Secret data)
  | string; // a message name below

export type Field = readonly [name: string, type: FieldType, flags?: string];
export type Message = Readonly<Record<number, Field>>;

export const MESSAGES: Readonly<Record<string, Message>> = {
  // The runtime.Unknown envelope of every Kubernetes protobuf body.
  Unknown: { 1: ['typeMeta', 'TypeMeta'], 2: ['raw', 'bytes'], 3: ['contentEncoding', 'string'], 4: ['contentType', 'string'] },
  TypeMeta: { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] },
  ...GENERATED_MESSAGES,
};

/** The message of each kind a client may send as protobuf, by `apiVersion kind`. */
export const MESSAGE_OF_KIND: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ['v1', 'core.v1', ['Pod', 'Namespace', 'Node', 'Service', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Binding', 'PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange', 'Endpoints']],
    ['v1', 'meta.v1', ['DeleteOptions']],
    ['meta.k8s.io/v1', 'meta.v1', ['DeleteOptions']],
    ['apps/v1', 'apps.v1', ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ControllerRevision']],
    ['batch/v1', 'batch.v1', ['Job', 'CronJob']],
    ['storage.k8s.io/v1', 'storage.v1', ['StorageClass']],
    ['scheduling.k8s.io/v1', 'scheduling.v1', ['PriorityClass']],
    ['policy/v1', 'policy.v1', ['PodDisruptionBudget', 'Eviction']],
    ['autoscaling/v1', 'autoscaling.v1', ['HorizontalPodAutoscaler', 'Scale']],
    ['autoscaling/v2', 'autoscaling.v2', ['HorizontalPodAutoscaler']],
    ['discovery.k8s.io/v1', 'discovery.v1', ['EndpointSlice']],
    ['coordination.k8s.io/v1', 'coordination.v1', ['Lease']],
    ['authorization.k8s.io/v1', 'authorization.v1', ['SelfSubjectAccessReview', 'SelfSubjectRulesReview']],
  ].flatMap(([apiVersion, pkg, kinds]) => (kinds as string[]).map((kind) => [`${apiVersion as string} ${kind}`, `${pkg as string}.${kind}`])),
);

/*
 * Field numbers of the Kubernetes protobuf messages that kubectl sends as request
 * bodies (from the go-to-protobuf `generated.proto` files of k8s.io/api and
 * k8s.io/apimachinery). kubectl's `create deployment|namespace|service|pdb|configmap|secret|sa`, `run`, `autoscale` and
 * `drain` (the Eviction) use typed clients that encode protobuf; everything else it
 * sends is JSON. Only these messages are described; a field outside them is refused
 * with a 400 naming it, rather than silently dropped.
 *
 * A field is [jsonName, type, flags]: flags 'r' repeated, 'p' a pointer in Go (its zero
 * value is meaningful and kept: `--replicas=0`), 'm' a map<string, type>.
 */

export type FieldType =
  | 'string'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'bytes'
  | 'Time'
  | 'Quantity'
  | 'IntOrString'
  | 'Skip'
  | 'base64' // bytes, shown in JSON as base64 (Secret data)
  | string; // a message name below

export type Field = readonly [name: string, type: FieldType, flags?: string];
export type Message = Readonly<Record<number, Field>>;

const objectMeta: Message = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  4: ['selfLink', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int64'],
  8: ['creationTimestamp', 'Time'],
  9: ['deletionTimestamp', 'Time'],
  10: ['deletionGracePeriodSeconds', 'int64', 'p'],
  11: ['labels', 'string', 'm'],
  12: ['annotations', 'string', 'm'],
  13: ['ownerReferences', 'OwnerReference', 'r'],
  14: ['finalizers', 'string', 'r'],
  17: ['managedFields', 'Skip', 'r'],
};

export const MESSAGES: Readonly<Record<string, Message>> = {
  Unknown: { 1: ['typeMeta', 'TypeMeta'], 2: ['raw', 'bytes'], 3: ['contentEncoding', 'string'], 4: ['contentType', 'string'] },
  TypeMeta: { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] },
  ObjectMeta: objectMeta,
  OwnerReference: { 1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'], 6: ['controller', 'bool', 'p'], 7: ['blockOwnerDeletion', 'bool', 'p'] },
  LabelSelector: { 1: ['matchLabels', 'string', 'm'], 2: ['matchExpressions', 'LabelSelectorRequirement', 'r'] },
  LabelSelectorRequirement: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', 'r'] },

  ConfigMap: { 1: ['metadata', 'ObjectMeta'], 2: ['data', 'string', 'm'], 3: ['binaryData', 'base64', 'm'], 4: ['immutable', 'bool', 'p'] },
  Secret: { 1: ['metadata', 'ObjectMeta'], 2: ['data', 'base64', 'm'], 3: ['type', 'string'], 4: ['stringData', 'string', 'm'], 5: ['immutable', 'bool', 'p'] },
  ServiceAccount: { 1: ['metadata', 'ObjectMeta'], 2: ['secrets', 'Skip', 'r'], 3: ['imagePullSecrets', 'LocalObjectReference', 'r'], 4: ['automountServiceAccountToken', 'bool', 'p'] },
  LocalObjectReference: { 1: ['name', 'string'] },

  // apps/v1
  Deployment: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'DeploymentSpec'], 3: ['status', 'Skip'] },
  DeploymentSpec: {
    1: ['replicas', 'int32', 'p'],
    2: ['selector', 'LabelSelector'],
    3: ['template', 'PodTemplateSpec'],
    4: ['strategy', 'DeploymentStrategy'],
    5: ['minReadySeconds', 'int32'],
    6: ['revisionHistoryLimit', 'int32', 'p'],
    7: ['paused', 'bool'],
    9: ['progressDeadlineSeconds', 'int32', 'p'],
  },
  DeploymentStrategy: { 1: ['type', 'string'], 2: ['rollingUpdate', 'RollingUpdateDeployment'] },
  RollingUpdateDeployment: { 1: ['maxUnavailable', 'IntOrString'], 2: ['maxSurge', 'IntOrString'] },

  // core/v1
  Namespace: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'NamespaceSpec'], 3: ['status', 'Skip'] },
  NamespaceSpec: { 1: ['finalizers', 'string', 'r'] },
  Pod: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'PodSpec'], 3: ['status', 'Skip'] },
  PodTemplateSpec: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'PodSpec'] },
  PodSpec: {
    2: ['containers', 'Container', 'r'],
    3: ['restartPolicy', 'string'],
    4: ['terminationGracePeriodSeconds', 'int64', 'p'],
    5: ['activeDeadlineSeconds', 'int64', 'p'],
    6: ['dnsPolicy', 'string'],
    7: ['nodeSelector', 'string', 'm'],
    8: ['serviceAccountName', 'string'],
    9: ['serviceAccount', 'string'],
    10: ['nodeName', 'string'],
    11: ['hostNetwork', 'bool'],
    12: ['hostPID', 'bool'],
    13: ['hostIPC', 'bool'],
    16: ['hostname', 'string'],
    17: ['subdomain', 'string'],
    19: ['schedulerName', 'string'],
    20: ['initContainers', 'Container', 'r'],
    22: ['tolerations', 'Toleration', 'r'],
    24: ['priorityClassName', 'string'],
    25: ['priority', 'int32', 'p'],
    30: ['enableServiceLinks', 'bool', 'p'],
  },
  Toleration: { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['value', 'string'], 4: ['effect', 'string'], 5: ['tolerationSeconds', 'int64', 'p'] },
  Container: {
    1: ['name', 'string'],
    2: ['image', 'string'],
    3: ['command', 'string', 'r'],
    4: ['args', 'string', 'r'],
    5: ['workingDir', 'string'],
    6: ['ports', 'ContainerPort', 'r'],
    7: ['env', 'EnvVar', 'r'],
    8: ['resources', 'ResourceRequirements'],
    13: ['terminationMessagePath', 'string'],
    14: ['imagePullPolicy', 'string'],
    16: ['stdin', 'bool'],
    17: ['stdinOnce', 'bool'],
    18: ['tty', 'bool'],
    20: ['terminationMessagePolicy', 'string'],
  },
  ContainerPort: { 1: ['name', 'string'], 2: ['hostPort', 'int32'], 3: ['containerPort', 'int32'], 4: ['protocol', 'string'], 5: ['hostIP', 'string'] },
  EnvVar: { 1: ['name', 'string'], 2: ['value', 'string'] },
  ResourceRequirements: { 1: ['limits', 'Quantity', 'm'], 2: ['requests', 'Quantity', 'm'] },
  Service: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'ServiceSpec'], 3: ['status', 'Skip'] },
  ServiceSpec: {
    1: ['ports', 'ServicePort', 'r'],
    2: ['selector', 'string', 'm'],
    3: ['clusterIP', 'string'],
    4: ['type', 'string'],
    5: ['externalIPs', 'string', 'r'],
    7: ['sessionAffinity', 'string'],
    8: ['loadBalancerIP', 'string'],
    9: ['loadBalancerSourceRanges', 'string', 'r'],
    10: ['externalName', 'string'],
    11: ['externalTrafficPolicy', 'string'],
    12: ['healthCheckNodePort', 'int32'],
    13: ['publishNotReadyAddresses', 'bool'],
    20: ['allocateLoadBalancerNodePorts', 'bool', 'p'],
    21: ['loadBalancerClass', 'string', 'p'],
    18: ['clusterIPs', 'string', 'r'],
    19: ['ipFamilies', 'string', 'r'],
    17: ['ipFamilyPolicy', 'string', 'p'],
    22: ['internalTrafficPolicy', 'string', 'p'],
  },
  ServicePort: { 1: ['name', 'string'], 2: ['protocol', 'string'], 3: ['port', 'int32'], 4: ['targetPort', 'IntOrString'], 5: ['nodePort', 'int32'], 6: ['appProtocol', 'string', 'p'] },

  // autoscaling/v1 (kubectl autoscale)
  HorizontalPodAutoscalerV1: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'HorizontalPodAutoscalerSpecV1'], 3: ['status', 'Skip'] },
  HorizontalPodAutoscalerSpecV1: { 1: ['scaleTargetRef', 'CrossVersionObjectReference'], 2: ['minReplicas', 'int32', 'p'], 3: ['maxReplicas', 'int32'], 4: ['targetCPUUtilizationPercentage', 'int32', 'p'] },
  CrossVersionObjectReference: { 1: ['kind', 'string'], 2: ['name', 'string'], 3: ['apiVersion', 'string'] },

  // policy/v1
  PodDisruptionBudget: { 1: ['metadata', 'ObjectMeta'], 2: ['spec', 'PodDisruptionBudgetSpec'], 3: ['status', 'Skip'] },
  PodDisruptionBudgetSpec: { 1: ['minAvailable', 'IntOrString'], 2: ['selector', 'LabelSelector'], 3: ['maxUnavailable', 'IntOrString'], 4: ['unhealthyPodEvictionPolicy', 'string', 'p'] },
  Eviction: { 1: ['metadata', 'ObjectMeta'], 2: ['deleteOptions', 'DeleteOptions'] },
  DeleteOptions: { 1: ['gracePeriodSeconds', 'int64', 'p'], 2: ['preconditions', 'Preconditions'], 3: ['orphanDependents', 'bool', 'p'], 4: ['propagationPolicy', 'string', 'p'], 5: ['dryRun', 'string', 'r'] },
  Preconditions: { 1: ['uid', 'string', 'p'], 2: ['resourceVersion', 'string', 'p'] },
};

/** The message of each kind kubectl may send as protobuf, by `apiVersion kind` or by kind alone. */
export const MESSAGE_OF_KIND: Readonly<Record<string, string>> = {
  'autoscaling/v1 HorizontalPodAutoscaler': 'HorizontalPodAutoscalerV1',
  Deployment: 'Deployment',
  Namespace: 'Namespace',
  Pod: 'Pod',
  Service: 'Service',
  PodDisruptionBudget: 'PodDisruptionBudget',
  Eviction: 'Eviction',
  ConfigMap: 'ConfigMap',
  Secret: 'Secret',
  ServiceAccount: 'ServiceAccount',
  DeleteOptions: 'DeleteOptions',
};

import { KINDS } from '../../api/kinds.js';

/**
 * The kind a write's object has, from the resource the audit log names (`pods` in the
 * core group -> Pod). The simulator's own table (core/api/kinds.ts) first, then the other
 * built-in resources a real v1.32 cluster serves (kubectl api-resources on a kind
 * cluster), which the simulator does not model but a real log is full of (leases,
 * endpoints, RBAC, admission webhooks ...). A resource in neither (a CRD) gets a kind
 * derived from its plural and is flagged: the log cannot say its real kind.
 */
const OTHER_BUILTINS: ReadonlyArray<[group: string, resource: string, kind: string]> = [
  ['', 'endpoints', 'Endpoints'],
  ['', 'bindings', 'Binding'],
  ['', 'podtemplates', 'PodTemplate'],
  ['', 'replicationcontrollers', 'ReplicationController'],
  ['', 'componentstatuses', 'ComponentStatus'],
  ['events.k8s.io', 'events', 'Event'],
  ['apps', 'controllerrevisions', 'ControllerRevision'],
  ['rbac.authorization.k8s.io', 'roles', 'Role'],
  ['rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding'],
  ['rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole'],
  ['rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding'],
  ['networking.k8s.io', 'ingresses', 'Ingress'],
  ['networking.k8s.io', 'ingressclasses', 'IngressClass'],
  ['networking.k8s.io', 'networkpolicies', 'NetworkPolicy'],
  ['certificates.k8s.io', 'certificatesigningrequests', 'CertificateSigningRequest'],
  ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration'],
  ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration'],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicies', 'ValidatingAdmissionPolicy'],
  ['admissionregistration.k8s.io', 'validatingadmissionpolicybindings', 'ValidatingAdmissionPolicyBinding'],
  ['apiextensions.k8s.io', 'customresourcedefinitions', 'CustomResourceDefinition'],
  ['apiregistration.k8s.io', 'apiservices', 'APIService'],
  ['authentication.k8s.io', 'tokenreviews', 'TokenReview'],
  ['authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview'],
  ['authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview'],
  ['authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'],
  ['authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview'],
  ['authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview'],
  ['storage.k8s.io', 'csidrivers', 'CSIDriver'],
  ['storage.k8s.io', 'csinodes', 'CSINode'],
  ['storage.k8s.io', 'csistoragecapacities', 'CSIStorageCapacity'],
  ['storage.k8s.io', 'volumeattachments', 'VolumeAttachment'],
  ['node.k8s.io', 'runtimeclasses', 'RuntimeClass'],
  ['flowcontrol.apiserver.k8s.io', 'flowschemas', 'FlowSchema'],
  ['flowcontrol.apiserver.k8s.io', 'prioritylevelconfigurations', 'PriorityLevelConfiguration'],
  ['coordination.k8s.io', 'leases', 'Lease'],
  ['autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'],
  ['extensions', 'ingresses', 'Ingress'],
  ['extensions', 'networkpolicies', 'NetworkPolicy'],
  ['policy', 'podsecuritypolicies', 'PodSecurityPolicy'],
];

const TABLE = new Map<string, string>();
for (const info of KINDS) TABLE.set(`${info.group}/${info.resource}`, info.kind);
for (const [group, resource, kind] of OTHER_BUILTINS) TABLE.set(`${group}/${resource}`, kind);
// Groups that moved: a 1.15 log's extensions/v1beta1 deployments are today's apps ones.
const LEGACY_GROUPS: Record<string, string> = { extensions: 'apps', 'events.k8s.io': '' };

export interface ResolvedKind {
  kind: string;
  /** false when the kind was derived from the plural (not a built-in resource) */
  known: boolean;
}

export function kindOfResource(group: string, resource: string): ResolvedKind {
  const kind = TABLE.get(`${group}/${resource}`) ?? TABLE.get(`${LEGACY_GROUPS[group] ?? group}/${resource}`);
  if (kind !== undefined) return { kind, known: true };
  return { kind: derivedKind(resource), known: false };
}

/** `widgets` -> `Widget`, `policies` -> `Policy`, `classes` -> `Class`: a guess, flagged. */
function derivedKind(resource: string): string {
  const singular = resource.endsWith('ies')
    ? resource.slice(0, -3) + 'y'
    : /(?:s|x|z|ch|sh)es$/.test(resource)
      ? resource.slice(0, -2)
      : resource.endsWith('s')
        ? resource.slice(0, -1)
        : resource;
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}

import type { KObject } from '../types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/** The ServiceAccount a pod runs as when it names none (DefaultServiceAccountName). */
export const DEFAULT_SERVICE_ACCOUNT = 'default';
/** Where every container finds its token, CA bundle and namespace (DefaultAPITokenMountPath). */
export const API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The projected volume's name prefix (ServiceAccountVolumeName): `kube-api-access-x7k2p`. */
export const API_ACCESS_VOLUME_PREFIX = 'kube-api-access-';
/** The kubelet's marker of a mirror pod (kubernetes.io/config.mirror). */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
/**
 * WarnOnlyBoundTokenExpirationSeconds: 1 h + 7 s. The odd 7 s lets the API server tell
 * a token it issued for this volume from one a client asked for with an hour's expiry.
 */
export const TOKEN_EXPIRATION_SECONDS = 3607;

/** What the plugin reads: the ServiceAccount, from the API server's own store. */
export interface ServiceAccountLookup {
  serviceAccount(namespace: string, name: string): Readonly<KObject> | undefined;
  /** names.SimpleNameGenerator over the API server's random stream: prefix + 5 characters. */
  generateName(prefix: string): string;
}

/**
 * The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount) on a pod
 * create: the pod runs as `default` unless it names an account, the account must exist,
 * and unless automounting is off (pod first, then account) every init and app container
 * mounts one projected `kube-api-access-<5 random>` volume (token, CA bundle, namespace)
 * read-only at /var/run/secrets/kubernetes.io/serviceaccount. A mirror pod is left as
 * the kubelet wrote it, but may not name an account, a secret or a token projection.
 * Returns the reason for a refusal (the caller wraps it in upstream's 403), or undefined.
 */
export function admitServiceAccount(pod: KObject, namespace: string, lookup: ServiceAccountLookup): string | undefined {
  const spec = (pod.spec ??= {});
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return validateMirrorPod(spec);
  if (typeof spec.serviceAccountName !== 'string' || spec.serviceAccountName === '') spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT;
  // v1's deprecated twin of serviceAccountName, which the v1 conversion always fills.
  spec.serviceAccount = spec.serviceAccountName;
  const name: string = spec.serviceAccountName;
  const sa = lookup.serviceAccount(namespace, name);
  // Upstream asks its cache, then the store (ten times over ~1.5 s for `default`, which
  // the serviceaccount controller creates); the simulated store answers at once.
  if (sa === undefined) return `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`;
  if (shouldAutomount(sa, spec)) mountToken(spec, lookup);
  const pullSecrets: any[] = Array.isArray(sa.imagePullSecrets) ? sa.imagePullSecrets : [];
  if ((!Array.isArray(spec.imagePullSecrets) || spec.imagePullSecrets.length === 0) && pullSecrets.length > 0) {
    spec.imagePullSecrets = pullSecrets.map((s) => ({ name: s?.name }));
  }
  // The validating half: an account annotated kubernetes.io/enforce-mountable-secrets=true lists what its pods may use.
  return parseGoBool(sa.metadata.annotations?.[ENFORCE_MOUNTABLE_SECRETS] ?? '') ? limitSecretReferences(sa, spec) : undefined;
}

const ENFORCE_MOUNTABLE_SECRETS = 'kubernetes.io/enforce-mountable-secrets';

/** strconv.ParseBool: 1, t, T, TRUE, true, True (anything else, an error, counts as false). */
function parseGoBool(value: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
}

/** limitSecretReferences: secret volumes, secretKeyRef env and imagePullSecrets must be the account's. */
function limitSecretReferences(sa: Readonly<KObject>, spec: any): string | undefined {
  const account = sa.metadata.name ?? '';
  const mountable = new Set(((sa.secrets as any[] | undefined) ?? []).map((s) => s?.name));
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    const secret = v?.secret?.secretName;
    if (v?.secret !== undefined && !mountable.has(secret)) return `volume with secret.secretName="${String(secret ?? '')}" is not allowed because service account ${account} does not reference that secret`;
  }
  for (const [list, what] of [[spec.initContainers, 'init container'], [spec.containers, 'container']] as const) {
    for (const c of Array.isArray(list) ? list : []) {
      for (const env of Array.isArray(c?.env) ? c.env : []) {
        const ref = env?.valueFrom?.secretKeyRef;
        if (ref !== undefined && !mountable.has(ref?.name)) {
          return `${what} ${c.name} with envVar ${env.name} referencing secret.secretName="${String(ref?.name ?? '')}" is not allowed because service account ${account} does not reference that secret`;
        }
      }
    }
  }
  const pullable = new Set(((sa.imagePullSecrets as any[] | undefined) ?? []).map((s) => s?.name));
  const refs: any[] = Array.isArray(spec.imagePullSecrets) ? spec.imagePullSecrets : [];
  for (const [i, ref] of refs.entries()) {
    if (!pullable.has(ref?.name)) return `imagePullSecrets[${i}].name="${String(ref?.name ?? '')}" is not allowed because service account ${account} does not reference that imagePullSecret`;
  }
  return undefined;
}

/** The pod's automountServiceAccountToken wins, then the account's; unset means yes. */
function shouldAutomount(sa: Readonly<KObject>, spec: any): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof sa.automountServiceAccountToken === 'boolean') return sa.automountServiceAccountToken;
  return true;
}

function mountToken(spec: any, lookup: ServiceAccountLookup): void {
  const volumes: any[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  // A pod that already carries a kube-api-access-* volume (a copy of an admitted pod) keeps it.
  const existing = volumes.find((v) => typeof v?.name === 'string' && v.name.startsWith(API_ACCESS_VOLUME_PREFIX));
  const volumeName: string = existing?.name ?? lookup.generateName(API_ACCESS_VOLUME_PREFIX);
  let needed = false;
  for (const list of [spec.initContainers, spec.containers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (c === null || typeof c !== 'object') continue;
      const mounts: any[] = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      // A container that mounts something at the token path keeps its own.
      if (mounts.some((m) => m?.mountPath === API_TOKEN_MOUNT_PATH)) continue;
      c.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: API_TOKEN_MOUNT_PATH }];
      needed = true;
    }
  }
  if (existing === undefined && needed) spec.volumes = [...volumes, { name: volumeName, projected: tokenVolumeSource() }];
}

/** TokenVolumeSource: the three sources, and defaultMode 0644 set explicitly (kubernetes#104464). */
export function tokenVolumeSource(): Record<string, unknown> {
  return {
    sources: [
      { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
    defaultMode: 420,
  };
}

/** Mirror pods come from files on a node: they cannot use the API's identities or secrets. */
function validateMirrorPod(spec: any): string | undefined {
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') return 'a mirror pod may not reference service accounts';
  if (referencesSecret(spec)) return 'a mirror pod may not reference secrets';
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    for (const source of Array.isArray(v?.projected?.sources) ? v.projected.sources : []) {
      if (source?.serviceAccountToken !== undefined) return 'a mirror pod may not use ServiceAccountToken volume projections';
    }
  }
  return undefined;
}

/** podutil.VisitPodSecretNames, over the places a pod spec names a secret. */
function referencesSecret(spec: any): boolean {
  if (Array.isArray(spec.imagePullSecrets) && spec.imagePullSecrets.length > 0) return true;
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) {
    if (v?.secret !== undefined) return true;
    if ((v?.projected?.sources ?? []).some((s: any) => s?.secret !== undefined)) return true;
    for (const key of ['azureFile', 'cephfs', 'cinder', 'flexVolume', 'rbd', 'scaleIO', 'iscsi', 'storageos', 'csi']) {
      const source = v?.[key];
      if (source?.secretRef !== undefined || source?.secretName !== undefined || source?.nodePublishSecretRef !== undefined) return true;
    }
  }
  for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
    for (const c of Array.isArray(list) ? list : []) {
      if ((c?.envFrom ?? []).some((e: any) => e?.secretRef !== undefined)) return true;
      if ((c?.env ?? []).some((e: any) => e?.valueFrom?.secretKeyRef !== undefined)) return true;
    }
  }
  return false;
}

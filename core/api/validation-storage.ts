import { jsonEqual } from './equal.js';
import { isDns1123Subdomain } from './names.js';
import { parseQuantity } from './quantity.js';
import { forbiddenCause, invalidCause, requiredCause, unsupportedCause, type StatusCause } from './status.js';
import type { KObject } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- validation walks open JSON */

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
/** The persistent volume sources of core/v1 PersistentVolumeSource: a volume has exactly one. */
export const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc', 'flocker',
  'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local', 'storageos', 'csi',
];
const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** pkg/apis/core/validation and pkg/apis/storage/validation (v1.32) for the volume kinds. */
export function validateStorageKind(obj: KObject, old: Readonly<KObject> | undefined, causes: StatusCause[]): void {
  switch (obj.kind) {
    case 'PersistentVolumeClaim':
      validateClaimSpec(obj.spec ?? {}, 'spec', causes);
      if (old !== undefined) validateClaimUpdate(obj, old, causes);
      break;
    case 'PersistentVolume':
      validateVolumeSpec(obj.spec ?? {}, causes);
      if (old !== undefined) validateVolumeUpdate(obj, old, causes);
      break;
    case 'StorageClass':
      validateStorageClass(obj, old, causes);
      break;
  }
}

/** ValidatePersistentVolumeClaimSpec: access modes, a positive storage request, class name, volume mode. */
export function validateClaimSpec(spec: any, path: string, causes: StatusCause[]): void {
  validateAccessModes(spec.accessModes, `${path}.accessModes`, 'at least 1 access mode is required', causes);
  const request = spec.resources?.requests?.storage;
  const at = `${path}.resources[storage]`;
  if (request === undefined) causes.push(requiredCause(at));
  else if (!((parseQuantity(request) ?? 0) > 0)) causes.push(invalidCause(at, request, 'must be greater than zero'));
  const cls = spec.storageClassName;
  if (typeof cls === 'string' && cls !== '' && !isDns1123Subdomain(cls)) causes.push(invalidCause(`${path}.storageClassName`, cls, SUBDOMAIN_MESSAGE));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) causes.push(unsupportedCause(`${path}.volumeMode`, spec.volumeMode, VOLUME_MODES));
}

function validateAccessModes(modes: unknown, at: string, missing: string, causes: StatusCause[]): void {
  if (!Array.isArray(modes) || modes.length === 0) {
    causes.push(requiredCause(at, missing));
    return;
  }
  for (const m of modes) if (!ACCESS_MODES.includes(m)) causes.push(unsupportedCause(at, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod')) causes.push(forbiddenCause(at, 'may not use ReadWriteOncePod with other access modes'));
}

/**
 * ValidatePersistentVolumeClaimUpdate: a claim's spec is frozen once created, but the
 * binder may set volumeName once, a class may be set on a claim that had none (the
 * retroactive default StorageClass), and a bound claim's storage request may change.
 */
function validateClaimUpdate(obj: KObject, old: Readonly<KObject>, causes: StatusCause[]): void {
  const next = structuredClone(obj.spec ?? {});
  const prev = structuredClone(old.spec ?? {});
  if ((prev.volumeName ?? '') === '') prev.volumeName = next.volumeName;
  if (prev.storageClassName === undefined) prev.storageClassName = next.storageClassName;
  if (obj.status?.phase === 'Bound' && next.resources?.requests !== undefined) next.resources.requests.storage = prev.resources?.requests?.storage;
  for (const s of [next, prev]) for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
  if (!jsonEqual(next, prev)) causes.push(forbiddenCause('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
}

/** ValidatePersistentVolumeSpec: modes, a storage capacity, a reclaim policy, exactly one source. */
function validateVolumeSpec(spec: any, causes: StatusCause[]): void {
  validateAccessModes(spec.accessModes, 'spec.accessModes', '', causes);
  const capacity = spec.capacity;
  if (capacity === undefined || capacity === null || Object.keys(capacity).length === 0) causes.push(requiredCause('spec.capacity'));
  if (capacity?.storage === undefined || Object.keys(capacity).length > 1) causes.push(unsupportedCause('spec.capacity', capacity ?? {}, ['storage']));
  else if (!((parseQuantity(capacity.storage) ?? 0) > 0)) causes.push(invalidCause('spec.capacity[storage]', capacity.storage, 'must be greater than zero'));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy !== undefined && policy !== '' && !['Delete', 'Recycle', 'Retain'].includes(policy)) {
    causes.push(unsupportedCause('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']));
  }
  const cls = spec.storageClassName;
  if (typeof cls === 'string' && cls !== '' && !isDns1123Subdomain(cls)) causes.push(invalidCause('spec.storageClassName', cls, SUBDOMAIN_MESSAGE));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) causes.push(unsupportedCause('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  const sources = PV_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (sources.length === 0) causes.push(requiredCause('spec', 'must specify a volume type'));
  for (const extra of sources.slice(1)) causes.push(forbiddenCause(`spec.${extra}`, 'may not specify more than 1 volume type'));
  if (spec.hostPath !== undefined && (typeof spec.hostPath?.path !== 'string' || spec.hostPath.path === '')) causes.push(requiredCause('spec.hostPath.path'));
  if (spec.local !== undefined && spec.nodeAffinity === undefined) causes.push(requiredCause('spec.nodeAffinity', 'Local volumes require node affinity'));
}

function validateVolumeUpdate(obj: KObject, old: Readonly<KObject>, causes: StatusCause[]): void {
  const source = (spec: any): Record<string, unknown> => Object.fromEntries(PV_SOURCES.filter((s) => spec?.[s] !== undefined).map((s) => [s, spec[s]]));
  if (!jsonEqual(source(obj.spec), source(old.spec))) causes.push(forbiddenCause('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  if (old.spec?.volumeMode !== obj.spec?.volumeMode) causes.push(invalidCause('spec.volumeMode', obj.spec?.volumeMode, 'field is immutable'));
}

/** ValidateStorageClass(Update): a qualified provisioner name, known policies, and immutability. */
function validateStorageClass(obj: KObject, old: Readonly<KObject> | undefined, causes: StatusCause[]): void {
  const provisioner = obj.provisioner;
  if (typeof provisioner !== 'string' || provisioner === '') causes.push(requiredCause('provisioner'));
  else if (!qualifiedName(provisioner.toLowerCase())) causes.push(invalidCause('provisioner', provisioner.toLowerCase(), QUALIFIED_NAME_MESSAGE));
  if (obj.reclaimPolicy !== undefined && !['Delete', 'Retain'].includes(obj.reclaimPolicy as string)) causes.push(unsupportedCause('reclaimPolicy', obj.reclaimPolicy, ['Delete', 'Retain']));
  if (obj.volumeBindingMode === undefined) causes.push(requiredCause('volumeBindingMode'));
  else if (!['Immediate', 'WaitForFirstConsumer'].includes(obj.volumeBindingMode as string)) causes.push(unsupportedCause('volumeBindingMode', obj.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  if (old === undefined) return;
  if (!jsonEqual(obj.parameters, old.parameters)) causes.push(forbiddenCause('parameters', 'updates to parameters are forbidden.'));
  if (obj.provisioner !== old.provisioner) causes.push(forbiddenCause('provisioner', 'updates to provisioner are forbidden.'));
  if (obj.reclaimPolicy !== old.reclaimPolicy) causes.push(forbiddenCause('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (obj.volumeBindingMode !== old.volumeBindingMode) causes.push(invalidCause('volumeBindingMode', obj.volumeBindingMode, 'field is immutable'));
}

/** IsQualifiedName: an optional DNS subdomain prefix and "/", then a name part of at most 63 characters. */
function qualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1] ?? '';
  if (parts.length === 2 && !isDns1123Subdomain(parts[0] ?? '')) return false;
  return name.length > 0 && name.length <= 63 && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name);
}

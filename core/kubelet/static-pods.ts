import { MIRROR_POD_ANNOTATION } from '../api/admission/service-account.js';
import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { hex } from './identifiers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';
export const CONFIG_SEEN_ANNOTATION = 'kubernetes.io/config.seen';
export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';
export { MIRROR_POD_ANNOTATION };
/** Where kubeadm writes the control plane's manifests and the kubelet reads them (staticPodPath). */
export const STATIC_POD_PATH = '/etc/kubernetes/manifests';

/** A pod the kubelet runs from a file, and the identity it keeps while its mirror pods come and go. */
export interface StaticPod {
  /** The pod as the kubelet holds it: its uid is the hash of the file. */
  pod: KObject;
  hash: string;
}

/**
 * The kubelet's file source (pkg/kubelet/config/common.go applyDefaults): the pod's uid
 * is a hash of the manifest, its node and its file (so the same file on another node is
 * another pod), its name gets the node's as a suffix (`etcd` on `control-plane` runs as
 * etcd-control-plane), it is bound to the node, and it tolerates every NoExecute taint,
 * so that no node problem evicts the control plane.
 */
export function staticPodOf(manifest: Readonly<KObject>, node: string, seen: string): StaticPod {
  const pod = JSON.parse(JSON.stringify(manifest)) as KObject;
  const file = `${STATIC_POD_PATH}/${manifest.metadata.name}.yaml`;
  const hash = hex(`${JSON.stringify(manifest)}host:${node}file:${file}`, 32);
  pod.metadata.uid = hash;
  pod.metadata.name = `${manifest.metadata.name}-${node}`;
  pod.metadata.namespace ??= 'default';
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [CONFIG_HASH_ANNOTATION]: hash, [CONFIG_SEEN_ANNOTATION]: seen, [CONFIG_SOURCE_ANNOTATION]: 'file' };
  pod.spec.nodeName = node;
  const tolerations: any[] = pod.spec.tolerations ?? [];
  if (!tolerations.some((t) => t.operator === 'Exists' && (t.key ?? '') === '' && t.effect === 'NoExecute')) tolerations.push({ operator: 'Exists', effect: 'NoExecute' });
  pod.spec.tolerations = tolerations;
  return { pod, hash };
}

/** Is `pod` (from the API) the mirror of this static pod? Same name, and its config.mirror carries the hash. */
export function isMirrorOf(pod: Readonly<KObject> | undefined, s: StaticPod): boolean {
  return pod !== undefined && pod.metadata.name === s.pod.metadata.name && pod.metadata.namespace === s.pod.metadata.namespace && pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] === s.hash;
}

/**
 * The kubelet's mirror pod client (pkg/kubelet/pod/mirror_client.go): a mirror pod is
 * the static pod's copy in the API, so that kubectl and the scheduler see it. Its
 * config.mirror annotation holds the hash, its controller is the Node (so it goes with
 * the node), and the API server's admission leaves its spec alone.
 */
export function createMirrorPod(client: Client, s: StaticPod): void {
  const node = client.api.tryGet('Node', null, s.pod.spec.nodeName);
  if (node === undefined) return; // the kubelet waits for its Node: the owner reference needs its uid
  const mirror = JSON.parse(JSON.stringify(s.pod)) as KObject;
  delete mirror.metadata.uid;
  mirror.metadata.annotations = { ...(mirror.metadata.annotations ?? {}), [MIRROR_POD_ANNOTATION]: s.hash };
  mirror.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name ?? '', uid: node.metadata.uid ?? '', controller: true }];
  try {
    client.create(mirror, { reason: 'MirrorPodCreated', message: `kubelet on ${node.metadata.name} runs ${s.pod.metadata.name} from ${STATIC_POD_PATH}: its mirror pod shows it in the API` });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // AlreadyExists with our hash is fine; anything else is tried again at the next sync.
  }
}

/** DeleteMirrorPod: at once (grace 0), and only the one seen (uid precondition). */
export function deleteMirrorPod(client: Client, mirror: Readonly<KObject>): void {
  try {
    client.delete('Pod', mirror.metadata.namespace, mirror.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: mirror.metadata.uid ?? '' } }, {
      reason: 'MirrorPodDeleted',
      message: `${mirror.metadata.name} was deleted, but its static pod still runs: the kubelet removes the mirror pod and makes a new one`,
    });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
}

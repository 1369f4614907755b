import type { KObject } from '../api/types.js';

/**
 * The default StorageClass every simulated cluster starts with, as kind installs it
 * (kind's default-storage manifest): `standard`, the default class, served by
 * rancher.io/local-path (a directory on the node), WaitForFirstConsumer so that a
 * claim is provisioned on the node its first pod is scheduled to, and Delete so that a
 * released volume goes with its claim. kind is the cluster most readers will try a
 * recording against; minikube (k8s.io/minikube-hostpath, Immediate) and the clouds'
 * CSI classes differ, and a scenario can add its own classes.
 */
export function defaultStorageClass(): KObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

import type { Rng } from './rng.js';

/*
 * status.nodeInfo as a v1.32 kubelet reports it (NodeSystemInfo: all ten fields of
 * k8s.io/api core/v1 at v1.32; clients such as the official Python client require
 * every one of them). The identities come from the node's own seeded stream, so they
 * are stable for a node and the same on every run of a scenario, and drawing them
 * shifts no other component's random numbers.
 */

export interface NodeSystemInfo {
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  containerRuntimeVersion: string;
  kubeletVersion: string;
  kubeProxyVersion: string;
  operatingSystem: string;
  architecture: string;
}

export const KUBELET_VERSION = 'v1.32.0';

function hex(rng: Rng, digits: number): string {
  let out = '';
  while (out.length < digits) out += rng.nextUint32().toString(16).padStart(8, '0');
  return out.slice(0, digits);
}

/** A random (version 4, RFC 4122 variant) UUID, as /proc/sys/kernel/random/boot_id holds. */
export function uuid4(rng: Rng): string {
  const h = hex(rng, 32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16] as string, 16) & 3] as string;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * machineID: /etc/machine-id, 32 lowercase hex digits. systemUUID: the SMBIOS product
 * UUID (/sys/class/dmi/id/product_uuid). bootID: a fresh UUID per boot. The operating
 * system is a Debian 12 node with containerd, as a kubeadm or kind node commonly is.
 */
export function nodeSystemInfo(rng: Rng): NodeSystemInfo {
  return {
    machineID: hex(rng, 32),
    systemUUID: uuid4(rng),
    bootID: uuid4(rng),
    kernelVersion: '6.1.0-28-amd64',
    osImage: 'Debian GNU/Linux 12 (bookworm)',
    containerRuntimeVersion: 'containerd://1.7.22',
    kubeletVersion: KUBELET_VERSION,
    // Deprecated, but a v1.32 kubelet still fills it with its own version: the
    // DisableNodeKubeProxyVersion gate that empties it is off by default until v1.33.
    kubeProxyVersion: KUBELET_VERSION,
    operatingSystem: 'linux',
    architecture: 'amd64',
  };
}

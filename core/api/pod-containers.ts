/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/**
 * podutil.IsRestartableInitContainer: an init container with `restartPolicy: Always` is a
 * native sidecar (KEP-753, beta and on by default since 1.29): started in order with the
 * init containers, then kept running beside the app containers.
 */
export const isRestartableInitContainer = (c: any): boolean => c?.restartPolicy === 'Always';

/** A container's ports as `80/TCP` (protocol defaults to TCP), the key upstream's port warnings use. */
export function portKeys(c: any): string[] {
  return (Array.isArray(c?.ports) ? c.ports : []).map((p: any) => `${p?.containerPort}/${p?.protocol ?? 'TCP'}`);
}

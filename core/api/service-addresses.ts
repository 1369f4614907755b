import type { KObject } from './types.js';

/**
 * ClusterIPs from 10.96.0.0/12 in order (the `kubernetes` Service, created first, gets
 * 10.96.0.1 as upstream reserves it) and NodePorts from 30000 up. Upstream picks at
 * random within the ranges; in order is just as valid and reads better in a walkthrough.
 */
export class ServiceAddresses {
  private nextClusterIp = 1;
  private nextNodePort = 30000;

  /** The next free addresses: a refused create gives back what it took. */
  snapshot(): readonly [number, number] {
    return [this.nextClusterIp, this.nextNodePort];
  }

  restore(state: readonly [number, number]): void {
    [this.nextClusterIp, this.nextNodePort] = state;
  }

  allocate(obj: KObject): void {
    const spec = obj.spec;
    if (spec.type !== 'ExternalName' && (spec.clusterIP === undefined || spec.clusterIP === '')) {
      const n = this.nextClusterIp++;
      spec.clusterIP = `10.96.${Math.floor(n / 256)}.${n % 256}`;
      spec.clusterIPs = [spec.clusterIP];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const p of spec.ports ?? []) p.nodePort ??= this.nextNodePort++;
    }
  }
}

import type { StatusCause } from './status.js';
import type { KObject } from './types.js';

/**
 * ClusterIPs from 10.96.0.0/12 in order (the `kubernetes` Service, created first, gets
 * 10.96.0.1 as upstream reserves it) and NodePorts from 30000 up. Upstream picks at
 * random within the ranges; in order is just as valid and reads better in a walkthrough.
 * An address a Service asks for (kube-dns's 10.96.0.10) is taken for good, so the
 * tenth Service allocated in order gets 10.96.0.11, and a second request for it is
 * refused as upstream refuses it.
 */
export class ServiceAddresses {
  private nextClusterIp = 1;
  private nextNodePort = 30000;
  private readonly taken = new Set<string>();
  /** `taken` in the order it grew: a refused request removes what it added, cheaply. */
  private readonly order: string[] = [];

  /** The allocator's state: a refused create gives back what it took. */
  snapshot(): readonly [number, number, number] {
    return [this.nextClusterIp, this.nextNodePort, this.order.length];
  }

  restore(state: readonly [number, number, number]): void {
    [this.nextClusterIp, this.nextNodePort] = state;
    while (this.order.length > state[2]) this.taken.delete(this.order.pop() as string);
  }

  /** Fills in the addresses of a new Service; a cause when the one it asks for is taken. */
  allocate(obj: KObject): StatusCause | undefined {
    const spec = obj.spec;
    if (spec.type !== 'ExternalName' && (spec.clusterIP === undefined || spec.clusterIP === '')) {
      let ip: string;
      do {
        const n = this.nextClusterIp++;
        ip = `10.96.${Math.floor(n / 256)}.${n % 256}`;
      } while (this.taken.has(ip));
      this.take(ip);
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    } else if (typeof spec.clusterIP === 'string' && spec.clusterIP !== 'None') {
      const ip: string = spec.clusterIP;
      if (this.taken.has(ip)) {
        return { reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated` };
      }
      this.take(ip);
      spec.clusterIPs ??= [ip];
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const p of spec.ports ?? []) p.nodePort ??= this.nextNodePort++;
    }
    return undefined;
  }

  private take(ip: string): void {
    this.taken.add(ip);
    this.order.push(ip);
  }
}

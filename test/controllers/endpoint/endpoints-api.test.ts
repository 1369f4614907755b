import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../core/api/types.js';
import { formatEndpoints } from '../../../core/printers/endpoints-printer.js';
import { truncateSubsets } from '../../../core/controllers/endpoint/capacity.js';
import { cluster } from '../cluster-helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- Endpoints are open JSON */

const ep = (subsets: unknown[]): KObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db', namespace: 'default' }, subsets });
const addr = (ip: string): any => ({ ip });

describe('Endpoints through the API: what a user writes by hand', () => {
  it('defaults a port to TCP and keeps a valid one as written', () => {
    const c = cluster(1);
    const made = c.kubectl.create(ep([{ addresses: [addr('192.168.10.5')], notReadyAddresses: [addr('192.168.10.6')], ports: [{ port: 5432 }] }])) as any;
    expect(made.subsets[0].ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });

  it.each([
    [[{ ports: [{ port: 80 }] }], 'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'],
    [[{ addresses: [addr('127.0.0.1')] }], 'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'],
    [[{ addresses: [addr('169.254.169.254')] }], 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'],
    [[{ notReadyAddresses: [addr('0.0.0.0')] }], 'subsets[0].notReadyAddresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'],
    [[{ addresses: [addr('10.0.0.300')] }], 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    [[{ addresses: [addr('10.0.0.1')], ports: [{ port: 80 }, { name: 'b', port: 81 }] }], 'subsets[0].ports[0].name: Required value'],
    [[{ addresses: [addr('10.0.0.1')], ports: [{ port: 70000 }] }], 'subsets[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    [[{ addresses: [addr('10.0.0.1')], ports: [{ port: 80, protocol: 'HTTP' }] }], 'subsets[0].ports[0].protocol: Unsupported value: "HTTP"'],
  ])('refuses %j: %s', (subsets, message) => {
    const c = cluster(1);
    expect(() => c.kubectl.create(ep(subsets))).toThrow(message);
  });

  it('accepts IPv6 addresses that are not special', () => {
    const c = cluster(1);
    expect(() => c.kubectl.create(ep([{ addresses: [addr('2001:db8::ffff')] }]))).not.toThrow();
    expect(() => c.kubectl.create({ ...ep([{ addresses: [addr('::1')] }]), metadata: { name: 'v6', namespace: 'default' } })).toThrow('may not be in the loopback range');
  });
});

describe('kubectl get endpoints: the ENDPOINTS cell', () => {
  it('shows the first three ready ip:port, then how many more; <none> without subsets; nothing for only not-ready ones', () => {
    const five = ep([{ addresses: ['10.244.1.2', '10.244.1.3', '10.244.2.2', '10.244.2.3', '10.244.3.2'].map(addr), ports: [{ port: 80, protocol: 'TCP' }] }]);
    expect(formatEndpoints(five)).toBe('10.244.1.2:80,10.244.1.3:80,10.244.2.2:80 + 2 more...');
    expect(formatEndpoints(ep([]))).toBe('<none>');
    expect(formatEndpoints(ep([{ notReadyAddresses: [addr('10.244.1.2')], ports: [{ port: 80 }] }]))).toBe('');
    // A headless Service without ports: bare IPs.
    expect(formatEndpoints(ep([{ addresses: [addr('10.244.1.2')] }]))).toBe('10.244.1.2');
    // Two ports: each address once per port.
    expect(formatEndpoints(ep([{ addresses: [addr('10.244.1.2'), addr('10.244.1.3')], ports: [{ port: 53 }, { port: 9153 }] }]))).toBe('10.244.1.2:53,10.244.1.3:53,10.244.1.2:9153 + 1 more...');
  });
});

describe('the 1,000-address cap (truncateEndpoints)', () => {
  const many = (n: number, from = 0): any[] => Array.from({ length: n }, (_, i) => addr(`10.${Math.floor((i + from) / 250)}.${(i + from) % 250}.1`));
  it('900 ready and 300 not ready keep the 900 and 100 of the not ready', () => {
    const { subsets, truncated } = truncateSubsets([{ addresses: many(900), notReadyAddresses: many(300, 900), ports: [{ port: 80 }] }]);
    expect(truncated).toBe(true);
    expect(subsets[0].addresses).toHaveLength(900);
    expect(subsets[0].notReadyAddresses).toHaveLength(100);
  });
  it('over 1,000 ready: each subset keeps its share rounded up, the last what is left, and no not-ready one', () => {
    const { subsets } = truncateSubsets([
      { addresses: many(700), notReadyAddresses: many(5, 2000), ports: [{ port: 80 }] },
      { addresses: many(500, 700), ports: [{ port: 81 }] },
    ]);
    // 700/1200 of 1000 = 583.3 -> 584; the second gets the 416 left.
    expect(subsets.map((s: any) => s.addresses.length)).toEqual([584, 416]);
    expect(subsets[0].notReadyAddresses).toBeUndefined();
  });
  it('1,000 addresses or fewer are not cut', () => {
    expect(truncateSubsets([{ addresses: many(1000) }]).truncated).toBe(false);
  });
});

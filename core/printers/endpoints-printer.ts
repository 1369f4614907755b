import type { KObject } from '../api/types.js';
import type { Printer } from './printer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

/**
 * formatEndpoints (pkg/printers/internalversion/printers.go): the first three ready
 * `ip:port` pairs, one per address and port, then "+ N more..."; a port-less (headless)
 * subset gives bare IPs. No subsets prints <none>; subsets with only not-ready addresses
 * print an empty cell, as upstream does. 5 ready pods behind one port:
 * "10.244.1.2:80,10.244.1.3:80,10.244.2.2:80 + 2 more...".
 */
export function formatEndpoints(o: Readonly<KObject>): string {
  const subsets: any[] = Array.isArray(o.subsets) ? o.subsets : [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) if (list.length < max) list.push(String(a.ip));
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) if (list.length < max) list.push(joinHostPort(String(a.ip), p.port));
    }
  }
  return count > max ? `${list.join(',')} + ${count - max} more...` : list.join(',');
}

/** net.JoinHostPort: an IPv6 address in brackets. */
const joinHostPort = (ip: string, port: unknown): string => (ip.includes(':') ? `[${ip}]:${String(port)}` : `${ip}:${String(port)}`);

/** `kubectl get endpoints`, as printEndpoints of v1.32: NAME ENDPOINTS AGE. */
export const ENDPOINTS_PRINTERS: Record<string, Printer> = {
  Endpoints: {
    columns: ['NAME', 'ENDPOINTS', 'AGE'],
    wide: [],
    row: (o, age) => [o.metadata.name ?? '', formatEndpoints(o), age],
  },
};

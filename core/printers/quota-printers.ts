import type { Printer } from './printer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

/**
 * `kubectl get quota` and `kubectl get limits`, as printResourceQuota and
 * printLimitRange of v1.32. A quota's resources (from spec.hard, sorted) print as
 * `used/hard` from its status, `limits.*` ones under LIMIT and the rest under REQUEST:
 * `pods: 3/3, requests.cpu: 1500m/1500m`. A value the controller has not written yet
 * prints as Quantity's zero, `0`. A LimitRange shows its creation timestamp as is.
 */
export const QUOTA_PRINTERS: Record<string, Printer> = {
  ResourceQuota: {
    columns: ['NAME', 'AGE', 'REQUEST', 'LIMIT'],
    wide: [],
    row: (o, age) => {
      const request: string[] = [];
      const limit: string[] = [];
      const used: Record<string, string> = (o as any).status?.used ?? {};
      const hard: Record<string, string> = (o as any).status?.hard ?? {};
      for (const r of Object.keys((o as any).spec?.hard ?? {}).sort()) {
        const pieces = r.split('.');
        (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(`${r}: ${used[r] ?? '0'}/${hard[r] ?? '0'}`);
      }
      return [o.metadata.name ?? '', age, request.join(', '), limit.join(', ')];
    },
  },
  LimitRange: {
    columns: ['NAME', 'CREATED AT'],
    wide: [],
    row: (o) => [o.metadata.name ?? '', String(o.metadata.creationTimestamp ?? '')],
  },
};

import type { KObject } from '../api/types.js';
import type { ClusterClock } from '../sim/time.js';
import { APPS_PRINTERS } from './apps-printers.js';
import { BATCH_PRINTERS } from './batch-printers.js';
import { ENDPOINTS_PRINTERS } from './endpoints-printer.js';
import { podCellsOnClock } from './pod-printer.js';
import { selectorString, templateWide, type Printer } from './printer.js';
import { cellText, sinceCell, type Cell } from './row-cells.js';
import { SCHEDULING_PRINTERS } from './scheduling-printers.js';
import { QUOTA_PRINTERS } from './quota-printers.js';
import { STORAGE_PRINTERS } from './storage-printers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

export interface Table {
  columns: string[];
  /** Columns shown only with -o wide. */
  wide: string[];
  rows: string[][];
}

/** A printer's `row` from its `cells`: the same cells, as text at the clock's now. */
const fromCells = (cells: (o: Readonly<KObject>, clock: ClusterClock) => Cell[]): Pick<Printer, 'row' | 'cells'> => ({
  cells,
  row: (o, _age, clock) => {
    const now = clock.now();
    return cells(o, clock).map((c) => cellText(c, now));
  },
});

/**
 * The columns `kubectl get` shows for each kind (upstream's server-side printers in
 * pkg/printers/internalversion), computed from the object alone so replay and live
 * mode print the same thing.
 */
const PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    ...fromCells((o, clock) => {
      const cells = podCellsOnClock(o, clock);
      return [o.metadata.name ?? '', cells.ready, cells.status, cells.restarts, ageCell(o, clock)];
    }),
    wideRow: (o) => [o.status?.podIP ?? '<none>', o.spec?.nodeName ?? '<none>', o.status?.nominatedNodeName ?? '<none>', '<none>'],
  },
  Deployment: {
    columns: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, age) => [
      o.metadata.name ?? '',
      `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`,
      String(o.status?.updatedReplicas ?? 0),
      String(o.status?.availableReplicas ?? 0),
      age,
    ],
    // Deployments print their selector without <none> (selector.String(), not FormatLabelSelector).
    wideRow: (o) => [...templateWide(o).slice(0, 2), selectorString(o.spec?.selector)],
  },
  ReplicaSet: {
    columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, age) => [o.metadata.name ?? '', String(o.spec?.replicas ?? 0), String(o.status?.replicas ?? 0), String(o.status?.readyReplicas ?? 0), age],
    wideRow: (o) => templateWide(o),
  },
  Node: {
    columns: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    ...fromCells((o, clock) => {
      const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      let status = ready?.status === 'True' ? 'Ready' : ready === undefined ? 'Unknown' : 'NotReady';
      if (o.spec?.unschedulable) status += ',SchedulingDisabled';
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length));
      return [o.metadata.name ?? '', status, roles.length ? roles.join(',') : '<none>', ageCell(o, clock), o.status?.nodeInfo?.kubeletVersion ?? ''];
    }),
    wideRow: (o) => [
      (o.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '<none>',
      (o.status?.addresses ?? []).find((a: any) => a.type === 'ExternalIP')?.address ?? '<none>',
      o.status?.nodeInfo?.osImage ?? '<unknown>',
      o.status?.nodeInfo?.kernelVersion ?? '<unknown>',
      o.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>',
    ],
  },
  Service: {
    columns: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wide: ['SELECTOR'],
    row: (o, age) => {
      const ports = (o.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
      const external = o.spec?.type === 'LoadBalancer' ? (o.status?.loadBalancer?.ingress?.[0]?.ip ?? '<pending>') : '<none>';
      return [o.metadata.name ?? '', o.spec?.type ?? 'ClusterIP', o.spec?.clusterIP ?? '<none>', external, ports || '<none>', age];
    },
    wideRow: (o) => [Object.entries(o.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'],
  },
  Namespace: {
    columns: ['NAME', 'STATUS', 'AGE'],
    wide: [],
    row: (o, age) => [o.metadata.name ?? '', o.status?.phase ?? 'Active', age],
  },
  Event: {
    columns: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    wide: [],
    ...fromCells((o, clock) => [
      ageCell(o, clock),
      String(o.type ?? ''),
      String(o.reason ?? ''),
      `${String((o.involvedObject as any)?.kind ?? '').toLowerCase()}/${(o.involvedObject as any)?.name ?? ''}`,
      String(o.message ?? ''),
    ]),
  },
  EndpointSlice: {
    columns: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    wide: [],
    row: (o, age) => {
      const ports = ((o.ports as any[] | undefined) ?? []).map((p) => String(p.port ?? '<unset>')).join(',');
      // Upstream shows the first three addresses and "+ N more...".
      const addresses = ((o.endpoints as any[] | undefined) ?? []).flatMap((e) => e.addresses ?? []);
      const shown = addresses.slice(0, 3).join(',') + (addresses.length > 3 ? ` + ${addresses.length - 3} more...` : '');
      return [o.metadata.name ?? '', String(o.addressType ?? ''), ports || '<unset>', shown || '<unset>', age];
    },
  },
  PodDisruptionBudget: {
    columns: ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
    wide: [],
    row: (o, age) => [o.metadata.name ?? '', String(o.spec?.minAvailable ?? 'N/A'), String(o.spec?.maxUnavailable ?? 'N/A'), String(o.status?.disruptionsAllowed ?? 0), age],
  },
  HorizontalPodAutoscaler: {
    columns: ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
    wide: [],
    row: (o, age) => {
      const ref = o.spec?.scaleTargetRef ?? {};
      const targets = ((o.spec?.metrics as any[] | undefined) ?? []).map((m) => {
        const current = ((o.status?.currentMetrics as any[] | undefined) ?? []).find((c) => c.resource?.name === m.resource?.name);
        const now = current?.resource?.current?.averageUtilization;
        return `${m.resource?.name ?? 'metric'}: ${now === undefined ? '<unknown>' : `${now}%`}/${m.resource?.target?.averageUtilization ?? '?'}%`;
      });
      return [o.metadata.name ?? '', `${ref.kind ?? ''}/${ref.name ?? ''}`, targets.join(', ') || '<none>', String(o.spec?.minReplicas ?? 1), String(o.spec?.maxReplicas ?? 0), String(o.status?.currentReplicas ?? 0), age];
    },
  },
  ConfigMap: {
    columns: ['NAME', 'DATA', 'AGE'],
    wide: [],
    row: (o, age) => [o.metadata.name ?? '', String(Object.keys((o.data as object | undefined) ?? {}).length + Object.keys((o.binaryData as object | undefined) ?? {}).length), age],
  },
  Secret: {
    columns: ['NAME', 'TYPE', 'DATA', 'AGE'],
    wide: [],
    row: (o, age) => [o.metadata.name ?? '', String(o.type ?? 'Opaque'), String(Object.keys((o.data as object | undefined) ?? {}).length), age],
  },
  ServiceAccount: {
    columns: ['NAME', 'SECRETS', 'AGE'],
    wide: [],
    row: (o, age) => [o.metadata.name ?? '', String(((o.secrets as unknown[] | undefined) ?? []).length), age],
  },
  Lease: {
    columns: ['NAME', 'HOLDER', 'AGE'],
    wide: [],
    row: (o, age) => [o.metadata.name ?? '', o.spec?.holderIdentity ?? '', age],
  },
};

const ALL_PRINTERS: Record<string, Printer> = { ...PRINTERS, ...APPS_PRINTERS, ...BATCH_PRINTERS, ...STORAGE_PRINTERS, ...SCHEDULING_PRINTERS, ...QUOTA_PRINTERS, ...ENDPOINTS_PRINTERS };

/** The STATUS column: a waiting/terminated container reason beats the phase; Terminating beats all. */
/** Age of an object at the clock's now, from its creationTimestamp (or lastTimestamp for Events). */
export function ageOf(o: Readonly<KObject>, clock: ClusterClock): string {
  return cellText(ageCell(o, clock), clock.now());
}

/** ageOf as a Cell: the stamp's virtual ms, printed at any now. */
export function ageCell(o: Readonly<KObject>, clock: ClusterClock): Cell {
  const stamp = o.kind === 'Event' ? ((o.lastTimestamp as string | undefined) ?? o.metadata.creationTimestamp) : o.metadata.creationTimestamp;
  return sinceCell(stamp, clock);
}

/** The printer of a kind (a NAME and AGE one for a kind without its own). */
export function printerOf(kind: string): Printer {
  return ALL_PRINTERS[kind] ?? { columns: ['NAME', 'AGE'], wide: [], row: (o, age) => [o.metadata.name ?? '', age] };
}

export function toTable(kind: string, objects: ReadonlyArray<Readonly<KObject>>, clock: ClusterClock, wide = false, withNamespace = false): Table {
  const p = printerOf(kind);
  const rows = objects.map((o) => {
    const row = p.row(o, ageOf(o, clock), clock);
    if (wide && p.wideRow) row.push(...p.wideRow(o));
    if (withNamespace) row.unshift(o.metadata.namespace ?? '');
    return row;
  });
  const columns = [...(withNamespace ? ['NAMESPACE'] : []), ...p.columns, ...(wide ? p.wide : [])];
  return { columns, wide: p.wide, rows };
}

/** Aligned columns with three spaces between, as kubectl's tabwriter prints them. */
export function formatTable(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  // Loops, not Math.max(...rows.map()) and map/join per row: 100,000 rows are 100,000
  // arguments to one call (near V8's limit) and ~6 arrays a row of garbage.
  const widths = columns.map((c) => c.length);
  for (const r of rows) {
    for (let i = 0; i < widths.length; i++) {
      const n = (r[i] ?? '').length;
      if (n > (widths[i] as number)) widths[i] = n;
    }
  }
  const lines = new Array<string>(rows.length + 1);
  lines[0] = alignedLine(columns.length, (i) => columns[i] as string, widths);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as readonly string[];
    lines[r + 1] = alignedLine(row.length, (i) => row[i] as string, widths);
  }
  return lines.join('\n');
}

/**
 * One line of a table as kubectl's tabwriter prints it: each cell but the last padded to
 * its column's width and followed by three spaces, the line's trailing blanks cut.
 * `cell(i)` is asked once per cell, in order (formatRows makes each cell only here).
 */
export function alignedLine(count: number, cell: (i: number) => string, widths: readonly number[]): string {
  const last = count - 1;
  if (last < 0) return '';
  let text = '';
  for (let i = 0; i < last; i++) text += `${cell(i).padEnd(widths[i] as number)}   `;
  return (text + cell(last)).trimEnd();
}

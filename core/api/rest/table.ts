import { printerOf, toTable } from '../../printers/tables.js';
import { joinParts, keepsRows, rowParts, type RowsAt } from './table-rows.js';
import type { ClusterClock } from '../../sim/time.js';
import type { KObject } from '../types.js';

/* Server-side printing: `kubectl get` asks for `application/json;as=Table;v=v1;g=meta.k8s.io`
   and prints the rows it gets, so the columns come from the server as on a real cluster. */

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Columns whose cells are numbers (upstream's type "integer"); the rest are strings. */
const INTEGER_COLUMNS: Record<string, ReadonlySet<string>> = {
  Deployment: new Set(['UP-TO-DATE', 'AVAILABLE']),
  ReplicaSet: new Set(['DESIRED', 'CURRENT', 'READY']),
  DaemonSet: new Set(['DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE']),
  CronJob: new Set(['ACTIVE']),
  PriorityClass: new Set(['VALUE']),
  HorizontalPodAutoscaler: new Set(['MINPODS', 'MAXPODS', 'REPLICAS']),
  PodDisruptionBudget: new Set(['ALLOWED DISRUPTIONS']),
  ConfigMap: new Set(['DATA']),
  Secret: new Set(['DATA']),
  ServiceAccount: new Set(['SECRETS']),
};

/** Columns upstream declares "boolean" (a CronJob's SUSPEND cell is still the string "False"). */
const BOOLEAN_COLUMNS: Record<string, ReadonlySet<string>> = {
  CronJob: new Set(['SUSPEND']),
  PriorityClass: new Set(['GLOBAL-DEFAULT']),
};

/** Cells upstream fills with a Go int64 or bool under a column of another declared type. */
const TYPED_CELLS: Record<string, Readonly<Record<string, 'number' | 'boolean'>>> = {
  ControllerRevision: { REVISION: 'number' },
  PriorityClass: { 'GLOBAL-DEFAULT': 'boolean' },
  StorageClass: { ALLOWVOLUMEEXPANSION: 'boolean' },
};

/** Headers upstream spells in camel case, which kubectl upper-cases. */
const CAMEL: Record<string, string> = Object.fromEntries(
  ['StorageClass', 'VolumeAttributesClass', 'VolumeMode', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'PreemptionPolicy', 'Global-Default'].map((n) => [n.toUpperCase(), n]),
);

/** kubectl upper-cases headers; upstream spells them Name, Up-to-date, Nominated Node, Cluster-IP. */
function upstreamName(header: string): string {
  if (CAMEL[header] !== undefined) return CAMEL[header];
  return header
    .toLowerCase()
    .replace(/(^|[\s])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase())
    .replace(/(^|-)ip\b/gi, (_m, sep: string) => `${sep}IP`)
    .replace(/^Os-image$/, 'OS-Image');
}

/** A cell as upstream's Table carries it: a number, a boolean, or a string. */
function cellValue(kind: string, header: string, cell: string): string | number | boolean {
  const typed = TYPED_CELLS[kind]?.[header] ?? (INTEGER_COLUMNS[kind]?.has(header) ? 'number' : undefined);
  if (typed === 'number' && /^-?\d+$/.test(cell)) return Number(cell);
  if (typed === 'boolean' && (cell === 'true' || cell === 'false')) return cell === 'true';
  return cell;
}

function rowObject(o: Readonly<KObject>, include: IncludeObject): object | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export interface TableOptions {
  include: IncludeObject;
  /** The cluster's clock (the API server): AGE is its now minus each object's timestamp. */
  clock: ClusterClock;
  resourceVersion: string;
  continueToken?: string;
  /** Watch events repeat no headers after the first (upstream: noHeaders). */
  noHeaders?: boolean;
}

interface TableParts {
  columnDefinitions: object[];
  cells: Array<Array<string | number | boolean>>;
}

function tableParts(kind: string, objects: ReadonlyArray<Readonly<KObject>>, clock: ClusterClock): TableParts {
  // Every column, the -o wide ones (priority 1) included; kubectl hides those unless asked.
  const t = toTable(kind, objects, clock, true);
  const cells = t.rows.map((row) => row.map((cell, i) => cellValue(kind, t.columns[i] as string, cell)));
  return { columnDefinitions: columnDefinitionsOf(kind, t.columns, t.wide), cells };
}

function columnDefinitionsOf(kind: string, columns: readonly string[], wide: readonly string[]): object[] {
  const wideFrom = columns.length - wide.length;
  return columns.map((c, i) => ({
    name: upstreamName(c),
    type: INTEGER_COLUMNS[kind]?.has(c) ? 'integer' : BOOLEAN_COLUMNS[kind]?.has(c) ? 'boolean' : c === 'CREATED AT' ? 'date' : 'string',
    format: c === 'NAME' ? 'name' : '',
    description: '',
    priority: i >= wideFrom ? 1 : 0,
  }));
}

function tableMetadata(opts: TableOptions): object {
  return { resourceVersion: opts.resourceVersion, ...(opts.continueToken ? { continue: opts.continueToken } : {}) };
}

export function asTable(kind: string, objects: ReadonlyArray<Readonly<KObject>>, opts: TableOptions): object {
  const { columnDefinitions, cells } = tableParts(kind, objects, opts.clock);
  const rows = cells.map((c, r) => {
    const obj = rowObject(objects[r] as Readonly<KObject>, opts.include);
    return { cells: c, ...(obj === undefined ? {} : { object: obj }) };
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: tableMetadata(opts),
    ...(opts.noHeaders ? {} : { columnDefinitions }),
    rows,
  };
}

/**
 * Objects are frozen, so the JSON of one (or of its metadata) never goes stale: a LIST of
 * 10,000 pods as a Table re-serialized ~23 MB of metadata per request (managedFields are
 * most of a row) where a string join of cached texts does.
 */
const objectJson = new WeakMap<object, string>();
function cachedJson(o: object): string {
  let text = objectJson.get(o);
  if (text === undefined) {
    text = JSON.stringify(o);
    objectJson.set(o, text);
  }
  return text;
}

/** JSON.stringify(asTable(...)), byte for byte, with each row's object text cached. */
export function tableJson(kind: string, objects: ReadonlyArray<Readonly<KObject>>, opts: TableOptions): string {
  const p = printerOf(kind);
  if (keepsRows(p)) return tableBytes(kind, objects, opts).toString();
  const { columnDefinitions, cells } = tableParts(kind, objects, opts.clock);
  const rows = cells.map((c, r) => `{"cells":${JSON.stringify(c)}${objectPart(objects[r] as Readonly<KObject>, opts.include)}}`);
  return `${tableStart(opts, columnDefinitions)}${rows.join(',')}]}`;
}

/**
 * tableJson's bytes. For pods, nodes and events each row is kept per object as bytes,
 * but for the cells that read the clock (table-rows.ts): a LIST of 10,000 pods as a
 * Table, cached until the next cluster second, is remade from them instead of printed,
 * joined and encoded again.
 */
export function tableBytes(kind: string, objects: ReadonlyArray<Readonly<KObject>>, opts: TableOptions): Buffer {
  return tableBytesAt(kind, objects, opts, opts.clock.now()).bytes;
}

/**
 * tableBytes as printed at virtual instant `now` (now or later: a LIST cache builds the
 * next second's body ahead), and the first instant after it at which the text may change
 * (`until`): pods, nodes and events from their clock cells (AGE of a pod older than 10
 * minutes changes once a minute); undefined for the other kinds, which print their AGE
 * as text (the caller keeps those one cluster second, as before). `alloc` gives the
 * body's buffer (pods, nodes, events).
 */
export function tableBytesAt(kind: string, objects: ReadonlyArray<Readonly<KObject>>, opts: TableOptions, now: number, alloc?: (size: number) => Buffer): { bytes: Buffer; until: number | undefined } {
  const p = printerOf(kind);
  // The other kinds' printers read the clock's now themselves: they are given `now` as it.
  if (!keepsRows(p)) return { bytes: Buffer.from(tableJson(kind, objects, { ...opts, clock: clockAt(opts.clock, now) })), until: undefined };
  const columns = [...p.columns, ...p.wide];
  const typed = (header: string, cell: string): string | number | boolean => cellValue(kind, header, cell);
  const end = (o: Readonly<KObject>): string => objectPart(o, opts.include);
  const out: Array<Buffer | string> = [tableStart(opts, columnDefinitionsOf(kind, columns, p.wide))];
  const at: RowsAt = { now, until: Number.POSITIVE_INFINITY };
  objects.forEach((o, i) => {
    if (i > 0) out.push(COMMA);
    rowParts(out, p, o, opts.clock, at, columns, typed, opts.include, end);
  });
  out.push(CLOSE);
  return { bytes: joinParts(out, alloc), until: at.until };
}

/** `clock` as it will read at virtual instant `now` (a LIST body made ahead of its second). */
function clockAt(clock: ClusterClock, now: number): ClusterClock {
  if (clock.now() === now) return clock;
  return { now: () => now, timestamp: (ms = now) => clock.timestamp(ms), virtualOf: (t) => clock.virtualOf(t) };
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** A row's `,"object":...` as JSON.stringify of asTable's row writes it (objects' texts cached). */
function objectPart(o: Readonly<KObject>, include: IncludeObject): string {
  return include === 'None' ? '' : include === 'Object' ? `,"object":${cachedJson(o)}` : `,"object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":${cachedJson(o.metadata)}}`;
}

/** Everything before the first row. */
function tableStart(opts: TableOptions, columnDefinitions: object[]): string {
  const headers = opts.noHeaders ? '' : `"columnDefinitions":${JSON.stringify(columnDefinitions)},`;
  return `{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":${JSON.stringify(tableMetadata(opts))},${headers}"rows":[`;
}

/** Does the Accept header ask for a meta.k8s.io Table? */
export function wantsTable(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.some((p) => p === 'g=meta.k8s.io');
  });
}

import { createHash } from 'node:crypto';
import type { KObject } from '../api/types.js';

/**
 * Which parts of an object a kind's `kubectl get` table reads: `true` keeps the value
 * whole, a nested mask keeps only those keys (of an object, or of each item of an array,
 * so an array keeps its length: READY's `0/2` counts containers).
 */
export type FieldMask = { readonly [key: string]: true | FieldMask };

/** What `-l` selectors, NAMESPACE, NAME and AGE read, for every kind. */
const META: FieldMask = { name: true, namespace: true, creationTimestamp: true, deletionTimestamp: true, labels: true };

/**
 * A recorded Pod is ~3.8 kB (managedFields, volumes, probes, tolerations); the fields
 * podCells, AGE and -o wide read are ~0.5 kB of it. A kind listed here can have its table
 * printed from summaries (see Replay.summariesAt); every other kind is read whole. A
 * field a printer reads must be here, or its table would differ: test/cli/get-summary
 * prints every shipped recording's tables both ways and compares them byte for byte.
 */
export const TABLE_FIELDS: Readonly<Record<string, FieldMask>> = {
  Pod: {
    kind: true,
    metadata: META,
    spec: { nodeName: true, containers: { name: true }, initContainers: { name: true, restartPolicy: true } },
    status: {
      phase: true,
      reason: true,
      podIP: true,
      nominatedNodeName: true,
      conditions: { type: true, status: true, reason: true },
      initContainerStatuses: { name: true, restartCount: true, lastState: { terminated: { finishedAt: true } }, state: true, started: true, ready: true },
      containerStatuses: { name: true, restartCount: true, lastState: { terminated: { finishedAt: true } }, state: true, started: true, ready: true },
    },
  },
  Node: {
    kind: true,
    metadata: META,
    spec: { unschedulable: true },
    status: {
      conditions: { type: true, status: true },
      addresses: true,
      nodeInfo: { kubeletVersion: true, osImage: true, kernelVersion: true, containerRuntimeVersion: true },
    },
  },
  Event: { kind: true, metadata: META, type: true, reason: true, involvedObject: { kind: true, name: true }, message: true, lastTimestamp: true },
};

/** Names the masks: a summary cache written with other masks (an older build's) is never read. */
export const TABLE_FIELDS_ID = createHash('sha256').update(JSON.stringify(TABLE_FIELDS)).digest('hex').slice(0, 12);

/** `value` with only the parts `mask` names; the others are left out, never set to undefined. */
export function pick(value: unknown, mask: FieldMask): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, mask));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const from = value as Record<string, unknown>;
  for (const key of Object.keys(mask)) {
    if (!Object.prototype.hasOwnProperty.call(from, key)) continue;
    const m = mask[key] as true | FieldMask;
    out[key] = m === true ? from[key] : pick(from[key], m);
  }
  return out;
}

/** The part of `o` its kind's table reads, or undefined for a kind without a mask. */
export function tableSummary(o: Readonly<KObject>): KObject | undefined {
  const mask = TABLE_FIELDS[o.kind];
  return mask === undefined ? undefined : (pick(o, mask) as KObject);
}

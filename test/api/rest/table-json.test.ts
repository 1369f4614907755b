import { describe, expect, it } from 'vitest';
import { asTable, tableJson, type IncludeObject } from '../../../core/api/rest/table.js';
import { deepFreeze } from '../../../core/api/object-store.js';
import type { KObject } from '../../../core/api/types.js';
import { clusterClock, parseEpoch, type VirtualMs } from '../../../core/sim/time.js';

/*
 * A LIST as a Table is written as a string join of cached object texts (tableJson) rather
 * than JSON.stringify of a fresh Table: kubectl and the clients must get the same bytes.
 */

const epoch = parseEpoch('2026-01-01T00:00:00Z');
const clock = clusterClock(epoch, () => 600_000 as VirtualMs);

function pod(name: string, extra: Record<string, unknown> = {}): KObject {
  return deepFreeze({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: '42',
      creationTimestamp: clock.timestamp(0 as VirtualMs),
      labels: { app: 'web', note: 'quote " and \\ and é' },
      managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': {} } } }],
      ...extra,
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx:1.25' }] },
    status: { phase: 'Running', podIP: '10.0.0.5', containerStatuses: [{ name: 'web', ready: true, restartCount: 2, state: { running: {} } }] },
  } as KObject) as KObject;
}

describe('tableJson', () => {
  const pods = [pod('web-a'), pod('web-b', { deletionTimestamp: clock.timestamp(500_000 as VirtualMs) }), pod('web-c', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true }] })];
  for (const include of ['None', 'Metadata', 'Object'] as IncludeObject[]) {
    it(`is JSON.stringify(asTable(...)) byte for byte, includeObject=${include}, with and without headers and a continue token`, () => {
      for (const opts of [{ include, clock, resourceVersion: '99' }, { include, clock, resourceVersion: '99', noHeaders: true }, { include, clock, resourceVersion: '99', continueToken: 'abc' }]) {
        const text = tableJson('Pod', pods, opts);
        expect(text).toBe(JSON.stringify(asTable('Pod', pods, opts)));
        // Twice: the second answer comes from the cache.
        expect(tableJson('Pod', pods, opts)).toBe(text);
      }
    });
  }

  it('rows kept per object (pods, nodes, events) print their AGE and RESTARTS cells at each now: the same bytes as the uncached printer across second boundaries', () => {
    let now = 600_000;
    const moving = clusterClock(epoch, () => now as VirtualMs);
    const restarted = deepFreeze({
      ...pod('web-r'),
      status: { phase: 'Running', containerStatuses: [{ name: 'web', ready: true, restartCount: 3, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: clock.timestamp(590_000 as VirtualMs) } } }] },
    } as KObject) as KObject;
    const node = deepFreeze({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', creationTimestamp: clock.timestamp(1_000 as VirtualMs), labels: { 'node-role.kubernetes.io/control-plane': '' } }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' } } } as KObject) as KObject;
    const event = deepFreeze({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'e1', namespace: 'default', creationTimestamp: clock.timestamp(2_000 as VirtualMs) }, lastTimestamp: clock.timestamp(599_500 as VirtualMs), type: 'Normal', reason: 'Pulled', involvedObject: { kind: 'Pod', name: 'web-a' }, message: 'pulled "nginx"' } as KObject) as KObject;
    const seen = new Set<string>();
    // 10 min, a millisecond before and after the next second, 2 min (90s -> 2m), 3 h later.
    for (const at of [600_000, 600_999, 601_000, 719_999, 720_000, 600_000 + 3 * 3_600_000]) {
      now = at;
      for (const [kind, objects] of [['Pod', [...pods, restarted]], ['Node', [node]], ['Event', [event]]] as Array<[string, KObject[]]>) {
        for (const include of ['None', 'Metadata'] as IncludeObject[]) {
          const opts = { include, clock: moving, resourceVersion: '99' };
          const text = tableJson(kind, objects, opts);
          expect(text).toBe(JSON.stringify(asTable(kind, objects, opts)));
          seen.add(text);
        }
      }
    }
    // The cells did change with the clock (the rows were not kept whole).
    expect(seen.size).toBeGreaterThan(6 * 2);
  });

  it('an empty list has headers and no rows, as before', () => {
    expect(tableJson('Deployment', [], { include: 'Metadata', clock, resourceVersion: '7' })).toBe(JSON.stringify(asTable('Deployment', [], { include: 'Metadata', clock, resourceVersion: '7' })));
  });
});

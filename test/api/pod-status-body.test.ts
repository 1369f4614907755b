import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/status.js';
import type { KObject, WriteEvent } from '../../core/api/types.js';
import type { Simulation } from '../../core/sim/cluster.js';
import { makeSim } from '../helpers.js';

/*
 * A pod status PUT works on a copy of the body's status only, sharing the stored pod's
 * frozen values, so that the field manager sees unchanged parts by identity instead of
 * comparing them. What a user sees must not depend on it: two clusters get the same
 * sequence of status writes, one as PUT bodies that share the stored values (as the
 * kubelet sends them), one as JSON patches of /status carrying plain copies that share
 * nothing (a patch works on a whole fresh copy of the pod, the path every write took
 * before), and every recorded row (object JSON with its managedFields, reason, verb)
 * must be the same.
 */

const pod = (): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'side', image: 'busybox:1.36' }] },
});

interface Step {
  actor: string;
  fieldManager: string | undefined;
  phase: string;
  ready: boolean[];
  podIP: string | undefined;
  message: string | undefined;
  extraCondition: boolean;
  specImage: string | undefined;
  dropConditions: boolean;
}

const step: fc.Arbitrary<Step> = fc.record({
  actor: fc.constantFrom('kubelet/node-1', 'node-problem-detector', 'kubectl'),
  fieldManager: fc.constantFrom(undefined, 'custom'),
  phase: fc.constantFrom('Pending', 'Running'),
  ready: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  podIP: fc.constantFrom(undefined, '10.0.0.5', '10.0.0.6'),
  message: fc.constantFrom(undefined, 'slow disk'),
  extraCondition: fc.boolean(),
  specImage: fc.constantFrom(undefined, 'nginx:1.28'),
  dropConditions: fc.boolean(),
});

/** The status a writer builds for a step; stored values reused where their JSON text is the same (as the kubelet does). */
function statusOf(s: Step, live: Readonly<KObject>, share: boolean): Record<string, unknown> {
  const conditions: Record<string, unknown>[] = s.dropConditions
    ? []
    : [
        { type: 'Ready', status: s.ready.every(Boolean) ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' },
        ...(s.extraCondition ? [{ type: 'example.com/Disk', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }] : []),
      ];
  const status: Record<string, unknown> = {
    phase: s.phase,
    conditions,
    ...(s.message !== undefined ? { message: s.message } : {}),
    ...(s.podIP !== undefined ? { podIP: s.podIP, podIPs: [{ ip: s.podIP }] } : {}),
    containerStatuses: ['app', 'side'].map((name, i) => ({ name, ready: s.ready[i], restartCount: 0, image: 'x', imageID: '', started: s.ready[i] })),
    qosClass: 'BestEffort',
  };
  if (!share) return status;
  const stored = (live.status ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(status)) if (JSON.stringify(stored[k]) === JSON.stringify(status[k])) status[k] = stored[k];
  return status;
}

function run(sim: Simulation, steps: Step[], share: boolean): string[] {
  const out: string[] = [];
  sim.api.writes$.subscribe((w: WriteEvent) => out.push(`${w.verb} ${w.subresource} ${w.actor} ${w.reason} ${w.objectJson}`));
  sim.api.create(pod(), { actor: 'kubectl' });
  for (const s of steps) {
    const live = sim.api.get('Pod', 'default', 'p');
    const body = { ...live, metadata: { ...live.metadata, resourceVersion: '' }, status: statusOf(s, live, share) } as KObject;
    if (s.specImage !== undefined) body.spec = { ...live.spec, containers: [{ name: 'app', image: s.specImage }] };
    const ctx = { actor: s.actor, ...(s.fieldManager !== undefined ? { fieldManager: s.fieldManager } : {}), reason: 'Step' };
    try {
      // The other way in: a JSON patch of /status works on a whole fresh copy of the pod.
      if (share) sim.api.updateStatus(body, ctx);
      else sim.api.patch('Pod', 'default', 'p', [{ op: 'replace', path: '/status', value: JSON.parse(JSON.stringify(body.status)) }], 'json', ctx, 'status');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      out.push(`refused ${e.status.code} ${e.message}`);
    }
  }
  return out;
}

describe('pod status writes: shared bodies record what copied bodies do', () => {
  it('a random sequence of status writes by several managers gives the same rows and managedFields either way', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const shared = run(makeSim(), steps, true);
        const copied = run(makeSim(), steps, false);
        expect(shared).toEqual(copied);
      }),
      { numRuns: 60 },
    );
  });

  it('the stored pod keeps its unchanged status values by identity from write to write, and the caller body is never written to', () => {
    const sim = makeSim();
    sim.api.create(pod(), { actor: 'kubectl' });
    const s: Step = { actor: 'kubelet/node-1', fieldManager: undefined, phase: 'Running', ready: [true, false], podIP: '10.0.0.5', message: undefined, extraCondition: false, specImage: undefined, dropConditions: false };
    const first = sim.api.get('Pod', 'default', 'p');
    sim.api.updateStatus({ ...first, metadata: { ...first.metadata, resourceVersion: '' }, status: statusOf(s, first, true) } as KObject, { actor: s.actor });
    const second = sim.api.get('Pod', 'default', 'p');
    const body = { ...second, metadata: { ...second.metadata, resourceVersion: '' }, status: statusOf({ ...s, ready: [true, true] }, second, true) } as KObject;
    const before = JSON.stringify(body);
    sim.api.updateStatus(body, { actor: s.actor });
    const third = sim.api.get('Pod', 'default', 'p');
    expect(JSON.stringify(body)).toBe(before);
    expect(third.status.podIPs).toBe(second.status.podIPs);
    expect(third.status.containerStatuses).not.toBe(second.status.containerStatuses);
    expect(third.spec).toBe(second.spec);
    expect(third.status.containerStatuses.map((c: { ready: boolean }) => c.ready)).toEqual([true, true]);
    // kubectl's entry (the spec) is untouched by the status write: the very same object.
    const kubectl = (o: Readonly<KObject>): unknown => (o.metadata.managedFields as Array<{ manager: string }>).find((e) => e.manager === 'kubectl');
    expect(kubectl(third)).toBe(kubectl(second));
  });
});

describe('pod status writes: the body is still decoded whole', () => {
  it('a status PUT whose spec is not the stored one and cannot be decoded is a 400 naming the field; the stored spec passes', () => {
    const sim = makeSim();
    sim.api.create(pod(), { actor: 'kubectl' });
    const live = sim.api.get('Pod', 'default', 'p');
    const bad = { ...live, metadata: { ...live.metadata }, spec: { ...live.spec, containers: 'app' }, status: { phase: 'Running' } } as KObject;
    expect(() => sim.api.updateStatus(bad, { actor: 'kubelet/node-1' })).toThrow('cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container');
    const ok = sim.api.updateStatus({ ...live, metadata: { ...live.metadata }, status: { phase: 'Running' } } as KObject, { actor: 'kubelet/node-1' });
    expect(ok.status.phase).toBe('Running');
  });
});

import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- malformed objects on purpose */
import { deployment, makeSim, refusal } from '../helpers.js';

const kubectl = { actor: 'kubectl' };

describe('API server: a spec or status that Go could not decode', () => {
  it('refuses a string spec (a truncated manifest) with the decoder\'s 400, before defaulting, and stores nothing', () => {
    const sim = makeSim();
    const before = sim.api.resourceVersion;
    const bad = { ...deployment('web'), spec: 'r' } as unknown as KObject;
    const r = refusal(() => sim.api.create(bad, kubectl));
    expect(r.code).toBe(400);
    expect(r.reason).toBe('BadRequest');
    expect(r.message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec');
    expect(sim.api.resourceVersion).toBe(before);
  });

  it('refuses an update whose status is an array or a number, naming the Go type; null decodes as empty', () => {
    const sim = makeSim();
    const d = sim.api.create(deployment('web'), kubectl);
    expect(refusal(() => sim.api.update({ ...d, status: [] } as unknown as KObject, kubectl)).message).toContain('cannot unmarshal array into Go struct field Deployment.status of type v1.DeploymentStatus');
    expect(refusal(() => sim.api.update({ ...d, spec: 3 } as unknown as KObject, kubectl)).message).toContain('cannot unmarshal number into Go struct field Deployment.spec');
    expect(() => sim.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' }, spec: null } as unknown as KObject, kubectl)).not.toThrow();
  });

  it('names the innermost struct, the path and the Go type of a nested field, as the decoder does', () => {
    const sim = makeSim();
    const d = deployment('web') as any;
    d.spec.template.spec.containers[0].livenessProbe = 'h';
    expect(refusal(() => sim.api.create(d, kubectl)).message).toBe('Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.livenessProbe of type v1.Probe');
    const p = deployment('web2') as any;
    p.spec.template.spec.containers = { name: 'c' };
    expect(refusal(() => sim.api.create(p, kubectl)).message).toContain('cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container');
  });
});

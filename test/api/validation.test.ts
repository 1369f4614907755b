import { describe, expect, it } from 'vitest';
import { deployment, makeSim, pod, refusal } from '../helpers.js';

const kubectl = { actor: 'kubectl' };


describe('validation, as upstream', () => {
  it('a Deployment whose selector does not match its template labels is 422 naming spec.template.metadata.labels', () => {
    const sim = makeSim();
    const d = deployment('web');
    d.spec.template.metadata.labels = { app: 'webapp' };
    const err = refusal(() => sim.api.create(d, kubectl));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"webapp"}: `selector` does not match template `labels`');
    expect(err.status.details?.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: 'Invalid value: map[string]string{"app":"webapp"}: `selector` does not match template `labels`' },
    ]);
    expect(sim.api.tryGet('Deployment', 'default', 'web')).toBeUndefined();
  });

  it('maxSurge 0 and maxUnavailable 0 together are refused', () => {
    const sim = makeSim();
    const d = deployment('web');
    d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } };
    expect(refusal(() => sim.api.create(d, kubectl)).message).toContain('spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0');
  });

  it('Recreate with a rollingUpdate block is forbidden', () => {
    const sim = makeSim();
    const d = deployment('web');
    d.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } };
    expect(refusal(() => sim.api.create(d, kubectl)).message).toContain("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
  });

  it('a bad percent and a negative replica count each name their field; several causes are listed together', () => {
    const sim = makeSim();
    const d = deployment('web', -1);
    d.spec.strategy = { rollingUpdate: { maxSurge: '25 percent' } };
    const err = refusal(() => sim.api.create(d, kubectl));
    expect(err.status.details?.causes?.map((c) => c.field)).toEqual(['spec.replicas', 'spec.strategy.rollingUpdate.maxSurge']);
    expect(err.message).toMatch(/^Deployment\.apps "web" is invalid: \[spec\.replicas: .*, spec\.strategy\.rollingUpdate\.maxSurge: .*\]$/);
  });

  it('a pod without containers or image is refused', () => {
    const sim = makeSim();
    expect(refusal(() => sim.api.create(pod('p', { containers: [] }), kubectl)).message).toBe('Pod "p" is invalid: spec.containers: Required value');
    expect(refusal(() => sim.api.create(pod('p', { containers: [{ name: 'a' }] }), kubectl)).message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
  });

  it('names must be DNS subdomains', () => {
    const sim = makeSim();
    const err = refusal(() => sim.api.create(pod('Web_1'), kubectl));
    expect(err.status.details?.causes?.[0]?.field).toBe('metadata.name');
  });

  it('a running pod\'s spec is immutable but for the image', () => {
    const sim = makeSim(1);
    const p = sim.api.create(pod('p', { nodeName: 'node-1' }), kubectl);
    const changedPorts = structuredClone(p) as typeof p;
    (changedPorts.spec as { containers: Array<Record<string, unknown>> }).containers[0]!.ports = [{ containerPort: 8080 }];
    expect(refusal(() => sim.api.update(changedPorts, kubectl)).message).toContain('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`');
    const after = sim.api.patch('Pod', 'default', 'p', { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } }, 'strategic', kubectl);
    expect(after.spec.containers[0].image).toBe('nginx:1.28');
  });

  it('a Deployment\'s selector is immutable', () => {
    const sim = makeSim();
    sim.api.create(deployment('web'), kubectl);
    const err = refusal(() =>
      sim.api.patch('Deployment', 'default', 'web', { spec: { selector: { matchLabels: { app: 'web', v: '2' } }, template: { metadata: { labels: { app: 'web', v: '2' } } } } }, 'merge', kubectl),
    );
    expect(err.message).toContain('spec.selector: Invalid value');
    expect(err.message).toContain('field is immutable');
  });

  it('unknown kinds and malformed objects are refused with Status errors', () => {
    const sim = makeSim();
    expect(refusal(() => sim.api.create({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, kubectl)).code).toBe(404);
    expect(refusal(() => sim.api.create({ apiVersion: 'v1', kind: '', metadata: {} }, kubectl))).toMatchObject({ code: 400 });
  });
});

import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { makeSim } from '../helpers.js';

/*
 * A /status write stores a new object: the stored one's members, in their order, with
 * the body's status (and for a Deployment its annotations); the rest of the body is
 * ignored. The strategy builds that object anew instead of emptying the body and
 * refilling it (which left it in V8's slow dictionary mode): what a reader sees must
 * be the same.
 */
describe('a /status write keeps everything but status from the stored object', () => {
  it('ignores the body\'s spec and labels, keeps the stored member order, takes the status', () => {
    const sim = makeSim();
    const created = sim.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }, { actor: 'kubectl' });
    const body = { ...created, metadata: { ...created.metadata, labels: { app: 'other' } }, spec: { ...created.spec, containers: [{ name: 'app', image: 'nginx:1.28' }] }, status: { ...created.status, phase: 'Running', podIP: '10.0.0.5' } } as KObject;
    const written = sim.api.updateStatus(body, { actor: 'kubelet/node-1' });
    expect(Object.keys(written)).toEqual(Object.keys(created));
    expect(written.spec).toEqual(created.spec);
    expect(written.metadata.labels).toEqual({ app: 'web' });
    expect(written.status).toMatchObject({ phase: 'Running', podIP: '10.0.0.5' });
    expect(Number(written.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    // The stored object is the written one, frozen.
    expect(sim.api.get('Pod', 'default', 'p')).toBe(written);
    expect(Object.isFrozen(written)).toBe(true);
  });

  it('keeps a Deployment\'s annotations from the /status body and nothing else of its metadata', () => {
    const sim = makeSim();
    const d = sim.api.create(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
        spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
      },
      { actor: 'kubectl' },
    );
    const written = sim.api.updateStatus({ ...d, metadata: { ...d.metadata, labels: { app: 'x' }, annotations: { 'deployment.kubernetes.io/revision': '1' } }, status: { observedGeneration: 1 } } as KObject, { actor: 'deployment-controller' });
    expect(written.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(written.metadata.labels).toEqual({ app: 'web' });
    expect(written.status).toMatchObject({ observedGeneration: 1 });
    expect(Object.keys(written)).toEqual(Object.keys(d));
  });
});

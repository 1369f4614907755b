import { describe, expect, it } from 'vitest';
import { parseGkeMethod } from '../../core/import/audit/gke-method.js';

/** GKE's methodName + resourceName -> verb and object reference. */
describe('GKE method names', () => {
  it('a namespaced subresource, a Namespace\'s own status, a cluster-scoped Node, a dotted group', () => {
    expect(parseGkeMethod('io.k8s.core.v1.pods.status.patch', 'core/v1/namespaces/ns1/pods/web-1/status')).toEqual({
      verb: 'patch', ref: { resource: 'pods', subresource: 'status', namespace: 'ns1', name: 'web-1', group: '', version: 'v1' },
    });
    expect(parseGkeMethod('io.k8s.core.v1.namespaces.status.update', 'core/v1/namespaces/team-a/status')).toEqual({
      verb: 'update', ref: { resource: 'namespaces', subresource: 'status', namespace: null, name: 'team-a', group: '', version: 'v1' },
    });
    expect(parseGkeMethod('io.k8s.core.v1.nodes.delete', 'core/v1/nodes/node-7')?.ref).toMatchObject({ resource: 'nodes', namespace: null, name: 'node-7', subresource: null });
    expect(parseGkeMethod('io.k8s.apps.v1.deployments.scale.update', 'apps/v1/namespaces/ns1/deployments/web/scale')?.ref).toMatchObject({ group: 'apps', resource: 'deployments', subresource: 'scale', name: 'web' });
    expect(parseGkeMethod('io.k8s.networking.k8s.io.v1.ingresses.create', 'networking.k8s.io/v1/namespaces/ns1/ingresses/front')?.ref).toMatchObject({ group: 'networking.k8s.io', resource: 'ingresses', namespace: 'ns1', name: 'front' });
    expect(parseGkeMethod('google.container.v1.ClusterManager.UpdateCluster', null)).toBeUndefined();
  });
});

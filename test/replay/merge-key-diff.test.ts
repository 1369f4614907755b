import { describe, expect, it } from 'vitest';
import { diffObjects } from '../../core/replay/diff.js';

const cond = (type: string, status: string) => ({ type, status, lastTransitionTime: '2026-01-01T00:00:00Z' });
const pod = (status: Record<string, unknown>, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', ...metadata },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  status,
});

describe('diffs name list items by their merge key (the server-side apply schema)', () => {
  it('a pod condition is named by its type, not its position', () => {
    const before = pod({ conditions: [cond('PodScheduled', 'True'), cond('Initialized', 'True'), cond('Ready', 'False')] });
    const after = pod({ conditions: [cond('PodScheduled', 'True'), cond('Initialized', 'True'), cond('Ready', 'True')] });
    expect(diffObjects(before, after)).toEqual([{ path: 'status.conditions[type=Ready].status', type: 'changed', from: 'False', to: 'True' }]);
  });

  it('an item inserted in front is one addition, not every later item changed', () => {
    const before = pod({ conditions: [cond('Initialized', 'True'), cond('Ready', 'False')] });
    const after = pod({ conditions: [cond('PodScheduled', 'True'), cond('Initialized', 'True'), cond('Ready', 'False')] });
    expect(diffObjects(before, after)).toEqual([{ path: 'status.conditions[type=PodScheduled]', type: 'added', to: cond('PodScheduled', 'True') }]);
  });

  it('containers and their env by name, a removed item named too', () => {
    const c = (env: Array<{ name: string; value: string }>) => ({ containers: [{ name: 'side', image: 'busybox' }, { name: 'app', image: 'nginx:1.27', env }] });
    const before = pod({}, c([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]));
    const after = pod({}, c([{ name: 'B', value: '3' }]));
    expect(diffObjects(before, after)).toEqual([
      { path: 'spec.containers[name=app].env[name=A]', type: 'removed', from: { name: 'A', value: '1' } },
      { path: 'spec.containers[name=app].env[name=B].value', type: 'changed', from: '2', to: '3' },
    ]);
  });

  it('container ports by containerPort; protocol only when it is not the default TCP', () => {
    const spec = (ports: unknown[]) => ({ containers: [{ name: 'app', image: 'x', ports }] });
    const before = pod({}, spec([{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 53, protocol: 'UDP', name: 'dns' }]));
    const after = pod({}, spec([{ containerPort: 53, protocol: 'UDP', name: 'dns2' }, { containerPort: 80, protocol: 'TCP', name: 'web' }]));
    expect(diffObjects(before, after).map((c) => c.path)).toEqual([
      'spec.containers[name=app].ports[containerPort=80].name',
      'spec.containers[name=app].ports[containerPort=53,protocol=UDP].name',
    ]);
  });

  it('a Deployment template container and a node condition, through nested types', () => {
    const dep = (image: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
    expect(diffObjects(dep('nginx:1.27'), dep('nginx:1.28'))[0]?.path).toBe('spec.template.spec.containers[name=app].image');
    const node = (ready: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { conditions: [cond('MemoryPressure', 'False'), cond('Ready', ready)] } });
    expect(diffObjects(node('True'), node('Unknown'))[0]?.path).toBe('status.conditions[type=Ready].status');
  });

  it('finalizers (a set) by value; an atomic list (containerStatuses) keeps the index', () => {
    const before = pod({ containerStatuses: [{ name: 'app', ready: false }] }, {}, { finalizers: ['a.example/x'] });
    const after = pod({ containerStatuses: [{ name: 'app', ready: true }] }, {}, { finalizers: ['a.example/x', 'foregroundDeletion'] });
    expect(diffObjects(before, after).map((c) => `${c.type} ${c.path}`)).toEqual([
      'added metadata.finalizers[=foregroundDeletion]',
      'changed status.containerStatuses[0].ready',
    ]);
  });

  it('falls back to the index where a key repeats or is missing, and for a kind the schema does not know', () => {
    const dup = (v: string) => pod({}, { containers: [{ name: 'app', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'A', value: v }] }] });
    expect(diffObjects(dup('2'), dup('3'))[0]?.path).toBe('spec.containers[name=app].env[1].value');
    const crd = (s: string) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, status: { conditions: [cond('Ready', s)] } });
    expect(diffObjects(crd('False'), crd('True'))[0]?.path).toBe('status.conditions[0].status');
  });

  it('quotes a key value that would misread, and a map key with dots as before', () => {
    const before = pod({}, { containers: [{ name: 'app', image: 'x', env: [{ name: 'A B', value: '1' }] }] }, { labels: { 'app.kubernetes.io/name': 'a' } });
    const after = pod({}, { containers: [{ name: 'app', image: 'x', env: [{ name: 'A B', value: '2' }] }] }, { labels: { 'app.kubernetes.io/name': 'b' } });
    expect(diffObjects(before, after).map((c) => c.path)).toEqual(['metadata.labels["app.kubernetes.io/name"]', 'spec.containers[name=app].env[name="A B"].value']);
  });

  it('a keyed list that appears (or goes) as a whole is told item by item; other lists stay one change', () => {
    const before = pod({ phase: 'Pending' });
    const after = pod({ phase: 'Running', conditions: [cond('PodScheduled', 'True'), cond('Ready', 'True')], hostIPs: [{ ip: '10.0.0.2' }], containerStatuses: [{ name: 'app', ready: true }] });
    expect(diffObjects(before, after).map((c) => `${c.type} ${c.path}`)).toEqual([
      'changed status.phase',
      'added status.conditions[type=PodScheduled]',
      'added status.conditions[type=Ready]',
      'added status.hostIPs',
      'added status.containerStatuses',
    ]);
    expect(diffObjects(after, before).map((c) => `${c.type} ${c.path}`)).toContain('removed status.conditions[type=Ready]');
  });
});

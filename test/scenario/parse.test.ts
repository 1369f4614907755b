import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, parseDuration } from '../../core/scenario/duration.js';
import { loadScenario, parseScenario } from '../../core/scenario/parse.js';
import { ROOT } from '../helpers.js';

describe('durations', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['90s', 90_000],
    ['4m', 240_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
  ])('%s is %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['9x', '90', '', 's', '1m 30s', '-5s'])('"%s" is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());

  it('formats back', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(240_000)).toBe('4m');
    expect(formatClock(75_500)).toBe('1:15.5');
    // The seconds' rounding carries into the minutes.
    expect(formatClock(179_999)).toBe('3:00.0');
    expect(formatClock(59_960)).toBe('1:00.0');
    expect(formatClock(59_949)).toBe('0:59.9');
    expect(formatClock(0)).toBe('0:00.0');
  });
});

describe('scenario parsing', () => {
  it('reads the shipped scenario: nodes, steps in time order, manifests from files, expectations', () => {
    const s = loadScenario(path.join(ROOT, 'recordings', 'api-basics.yaml'));
    expect(s.name).toBe('api-basics');
    expect(s.seed).toBe(7);
    expect(s.durationMs).toBe(120_000);
    expect(s.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    const times = s.steps.map((x) => x.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const apply = s.steps.find((x) => x.action.type === 'apply');
    expect(apply?.action.type === 'apply' && apply.action.manifests.map((m) => m.kind)).toEqual(['Deployment', 'Service']);
    expect(s.inputs.map((f) => path.basename(f))).toEqual(['web.yaml']);
    expect(s.expectations.map((e) => e.label)).toEqual(['deployment/web', 'deployment/broken', 'deployment/web', 'pod/debug', 'pod/debug']);
  });

  it('node lists carry capacity, labels and taints; defaults fill the rest', () => {
    const s = parseScenario(
      `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: n}
spec:
  duration: 1m
  cluster:
    nodes:
      - {name: big, cpu: "16", memory: 64Gi, labels: {zone: a}, taints: [{key: gpu, effect: NoSchedule}]}
      - {}
`,
      'n.yaml',
    );
    expect(s.nodes).toEqual([
      { name: 'big', cpu: '16', memory: '64Gi', pods: 110, labels: { zone: 'a' }, taints: [{ key: 'gpu', effect: 'NoSchedule' }] },
      { name: 'node-2', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] },
    ]);
  });

  it('cluster options for the network: kubeProxyLag and requestLatency as durations, with the bad value named', () => {
    const s = parseScenario('apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: n}\nspec:\n  duration: 1m\n  cluster: {nodes: 1, kubeProxyLag: 2500ms, requestLatency: 80ms}\n', 'n.yaml');
    expect([s.cluster.kubeProxyLagMs, s.cluster.requestLatencyMs]).toEqual([2500, 80]);
    expect(() => parseScenario('apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: n}\nspec:\n  duration: 1m\n  cluster: {nodes: 1, kubeProxyLag: soon}\n', 'n.yaml')).toThrow(/spec\.cluster\.kubeProxyLag: invalid duration "soon"/);
  });

  it('cluster.controlPlane: true puts kubeadm\'s control-plane node in front of the workers; absent, nothing changes', () => {
    const head = 'apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: n}\nspec:\n  duration: 1m\n';
    expect(parseScenario(`${head}  cluster: {nodes: 2, controlPlane: true}\n`, 'n.yaml').nodes).toEqual([
      { name: 'control-plane', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [], controlPlane: true },
      { name: 'node-1', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] },
      { name: 'node-2', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] },
    ]);
    expect(parseScenario(`${head}  cluster: {controlPlane: true}\n`, 'n.yaml').nodes.map((n) => n.name)).toEqual(['control-plane', 'node-1', 'node-2', 'node-3']);
    expect(parseScenario(`${head}  cluster: {nodes: 2, controlPlane: false}\n`, 'n.yaml').nodes.map((n) => n.name)).toEqual(['node-1', 'node-2']);
    expect(() => parseScenario(`${head}  cluster: {nodes: 2, controlPlane: yes-please}\n`, 'n.yaml')).toThrow(/n\.yaml:6:\d+: spec\.cluster\.controlPlane: expected true or false, got string "yes-please"/);
    expect(() => parseScenario(`${head}  cluster:\n    controlPlane: true\n    nodes: [{name: control-plane}]\n`, 'n.yaml')).toThrow(/spec\.cluster\.nodes\[0\]\.name: duplicate node name "control-plane": controlPlane: true adds a node of that name/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../core/scenario/parse.js';

const head = 'apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: n}\nspec:\n  duration: 1m\n';
const withGroups = (groups: string): string => `${head}  cluster:\n    nodes: 1\n    nodeGroups:\n${groups}`;

describe('spec.cluster.nodeGroups', () => {
  it('a group of min 2 adds its first two machines to the nodes, with the group shape; the provisioning delay defaults to 60 s', () => {
    const s = parseScenario(withGroups('      - {name: pool, min: 2, max: 5, cpu: "2", memory: 4Gi, labels: {tier: web}}\n'), 'n.yaml');
    expect(s.nodes.map((n) => [n.name, n.cpu, n.memory, n.nodeGroup])).toEqual([
      ['node-1', '4', '8Gi', undefined],
      ['pool-1', '2', '4Gi', 'pool'],
      ['pool-2', '2', '4Gi', 'pool'],
    ]);
    expect(s.nodes[1]!.labels).toEqual({ tier: 'web' });
    expect(s.cluster.nodeGroups).toEqual([{ name: 'pool', min: 2, max: 5, shape: { cpu: '2', memory: '4Gi', pods: 110, labels: { tier: 'web' }, taints: [] }, provisioningDelayMs: 60_000 }]);
  });

  it('no node groups: none, and no autoscaler', () => {
    expect(parseScenario(`${head}  cluster: {nodes: 1}\n`, 'n.yaml').cluster.nodeGroups).toEqual([]);
  });

  it('bad input names file:line and the field', () => {
    const bad = (groups: string, re: RegExp) => expect(() => parseScenario(withGroups(groups), 'n.yaml')).toThrow(re);
    bad('      - {name: pool, min: 1}\n', /n\.yaml:9:\d+: spec\.cluster\.nodeGroups\[0\]\.max: required/);
    bad('      - {name: pool, min: 3, max: 2}\n', /n\.yaml:9:\d+: spec\.cluster\.nodeGroups\[0\]\.min: min 3 is above max 2/);
    bad('      - {name: pool, max: -1}\n', /spec\.cluster\.nodeGroups\[0\]\.max: invalid node count number -1: 0 to 5000/);
    bad('      - {name: Pool_A, max: 2}\n', /spec\.cluster\.nodeGroups\[0\]\.name: invalid node group name "Pool_A"/);
    bad('      - {name: pool, max: 2, provisioningDelay: 20m}\n', /spec\.cluster\.nodeGroups\[0\]\.provisioningDelay: provisioning delay 20m is over the autoscaler's max-node-provision-time of 15m/);
    bad('      - {name: pool, max: 2, provisioningDelay: later}\n', /spec\.cluster\.nodeGroups\[0\]\.provisioningDelay: invalid duration "later"/);
    bad('      - {name: pool, max: 2, cpu: lots}\n', /spec\.cluster\.nodeGroups\[0\]\.cpu: invalid quantity "lots"/);
    bad('      - {name: pool, max: 2, size: 3}\n', /spec\.cluster\.nodeGroups\[0\]/);
    bad('      - {name: pool, max: 2}\n      - {name: pool, max: 3}\n', /spec\.cluster\.nodeGroups\[1\]\.name: duplicate node group name "pool"/);
  });

  it('a group machine may not take a listed node\'s name', () => {
    const text = `${head}  cluster:\n    nodes: [{name: pool-1}]\n    nodeGroups: [{name: pool, min: 1, max: 2}]\n`;
    expect(() => parseScenario(text, 'n.yaml')).toThrow(/spec\.cluster\.nodeGroups\[0\]\.name: node group pool's machine "pool-1" has the name of a listed node/);
  });
});

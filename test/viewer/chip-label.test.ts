import { describe, expect, it } from 'vitest';
import { podLabel, shortName } from '../../viewer/web/src/chip-label.js';

describe('a pod chip label', () => {
  it("a static pod reads as its component, not the node's last word", () => {
    // kind's control-plane node: on main all four read "plane".
    const names = ['etcd-kind-control-plane', 'kube-apiserver-kind-control-plane', 'kube-controller-manager-kind-control-plane', 'kube-scheduler-kind-control-plane'];
    expect(names.map((n) => shortName(n, 'kind-control-plane'))).toEqual(['etcd', 'apiserver', 'controller-manager', 'scheduler']);
    // The kubelet lower-cases the node's name in the pod's.
    expect(shortName('etcd-node-a', 'Node-A')).toBe('etcd');
  });

  it("a ReplicaSet's pod keeps its name's last part, whatever its node", () => {
    expect(shortName('web-6454d6f499-9hcck', 'pool-1')).toBe('9hcck');
    expect(shortName('web-6454d6f499-9hcck', null)).toBe('9hcck');
  });

  it('fits its chip: smaller type first, then an ellipsis, then nothing', () => {
    // Outside a browser widths are 6.5 px a character: "9hcck" 32.5 px.
    expect(podLabel('web-1-9hcck', null, 46)).toEqual({ text: '9hcck', size: 10 });
    expect(podLabel('web-1-9hcck', null, 34)).toEqual({ text: '9hcck', size: 9.2 });
    expect(podLabel('kube-controller-manager-cp', 'cp', 34).text).toMatch(/^contr.*…$/);
    expect(podLabel('web-1-9hcck', null, 8).text).toBe('');
  });
});

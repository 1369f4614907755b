import { describe, expect, it } from 'vitest';
import { identityOf } from '../../core/export/identity.js';
import { actorOfAuditUser } from '../../core/import/actor.js';

/**
 * An audit export names each controller by the service account upstream's
 * kube-controller-manager uses (cmd/kube-controller-manager/app: ClientOrDie("...")), and
 * an import of that log names the writes as the simulator did. Four accounts differ from
 * kubelapse's actor names; before, the PV controller's writes were exported under the bare
 * user "persistentvolume-binder", which no real cluster logs.
 */
describe('controllers exported as their upstream service accounts, imported back', () => {
  const cases: [string, string][] = [
    ['daemonset-controller', 'daemon-set-controller'],
    ['serviceaccount-controller', 'service-account-controller'],
    ['garbage-collector', 'generic-garbage-collector'],
    ['persistentvolume-binder', 'persistent-volume-binder'],
    ['replicaset-controller', 'replicaset-controller'],
    ['horizontal-pod-autoscaler', 'horizontal-pod-autoscaler'],
  ];
  for (const [actor, account] of cases) {
    it(`${actor} -> system:serviceaccount:kube-system:${account} -> ${actor}`, () => {
      const who = identityOf(actor);
      expect(who.username).toBe(`system:serviceaccount:kube-system:${account}`);
      expect(who.component).toBe('kube-controller-manager');
      expect(who.userAgent.endsWith(`/system:serviceaccount:kube-system:${account}`)).toBe(true);
      expect(actorOfAuditUser(who.username, who.userAgent)).toBe(actor);
    });
  }
});

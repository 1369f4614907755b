import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { REVISION } from '../controllers/deployment/annotations.js';
import { getCondition, TIMED_OUT } from '../controllers/deployment/conditions.js';
import { equalIgnoreHash } from '../controllers/deployment/pod-template-hash.js';
import { replicaSetForRevision, replicaSetsOf, revisionHistory, RollbackError, rollbackPatch } from '../controllers/deployment/rollback.js';
import { KubectlError } from './command.js';

export type RolloutAction = 'undo' | 'restart' | 'pause' | 'resume' | 'status' | 'history';

/** kubectl rollout undo|restart|pause|resume|status|history deployment/NAME. */
export function rollout(client: Client, action: RolloutAction, namespace: string | undefined, name: string, toRevision: number): string[] {
  const ref = `deployment.apps/${name}`;
  const d = client.get('Deployment', namespace, name);
  const rss = () => replicaSetsOf(d, client.list('ReplicaSet', { namespace: d.metadata.namespace ?? 'default' }).items);
  // kubectl rollout restart|pause|resume send fieldManager kubectl-rollout; undo sends none (the User-Agent's `kubectl`).
  const note = (message: string) => ({ reason: `Rollout${action[0]?.toUpperCase()}${action.slice(1)}`, message, ...(action === 'undo' ? {} : { fieldManager: 'kubectl-rollout' }) });
  switch (action) {
    case 'undo': {
      if (d.spec?.paused === true) throw new KubectlError(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume ${ref}' and try again`);
      let rs: Readonly<KObject>;
      try {
        rs = replicaSetForRevision(d, rss(), toRevision);
      } catch (e) {
        if (e instanceof RollbackError) throw new KubectlError(e.message);
        throw e;
      }
      const revision = rs.metadata.annotations?.[REVISION];
      if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) return [`${ref} skipped rollback (current template already matches revision ${revision})`];
      client.patch('Deployment', namespace, name, rollbackPatch(d, rs), 'json', note(`kubectl rollout undo ${ref}: back to revision ${revision} (${rs.metadata.name})`));
      return [`${ref} rolled back`];
    }
    case 'restart': {
      if (d.spec?.paused === true) throw new KubectlError(`deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`);
      const now = client.api.timestamp();
      client.patch('Deployment', namespace, name, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now } } } } }, 'strategic', note(`kubectl rollout restart ${ref}: restartedAt ${now}`));
      return [`${ref} restarted`];
    }
    case 'pause':
    case 'resume': {
      const want = action === 'pause';
      if ((d.spec?.paused === true) === want) throw new KubectlError(`deployments.apps "${name}" is ${want ? 'already paused' : 'not paused'}`);
      client.patch('Deployment', namespace, name, { spec: { paused: want ? true : null } }, 'strategic', note(`kubectl rollout ${action} ${ref}`));
      return [`${ref} ${want ? 'paused' : 'resumed'}`];
    }
    case 'history': {
      const rows = revisionHistory(rss());
      return [`${ref} `, 'REVISION  CHANGE-CAUSE', ...rows.map((r) => `${String(r.revision).padEnd(10)}${r.changeCause}`)];
    }
    case 'status':
      return [rolloutStatus(d)];
  }
}

/** What `kubectl rollout status` prints at this instant (it does not wait here). */
export function rolloutStatus(d: Readonly<KObject>): string {
  const name = d.metadata.name;
  const st = d.status ?? {};
  const replicas = d.spec?.replicas ?? 1;
  if ((d.metadata.generation ?? 1) > (st.observedGeneration ?? 0)) return 'Waiting for deployment spec update to be observed...';
  if (getCondition(st, 'Progressing')?.reason === TIMED_OUT) throw new KubectlError(`deployment "${name}" exceeded its progress deadline`);
  const updated = st.updatedReplicas ?? 0;
  if (updated < replicas) return `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`;
  if ((st.replicas ?? 0) > updated) return `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...`;
  if ((st.availableReplicas ?? 0) < updated) return `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...`;
  return `deployment "${name}" successfully rolled out`;
}

import { kindInfo, kubectlRef, qualifiedResource, type KindInfo } from '../api/kinds.js';
import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { KubectlError } from './command.js';
import { replicaSetsOf, revisionOf } from './deployment-util.js';
import { controllerRevisions, deploymentRevisions, historyLines, revisionsOf } from './history.js';
import { controllerRevisionRollback, deploymentRollback, ROLLED_BACK } from './rollback.js';
import { daemonSetStatus, deploymentStatus, statefulSetStatus } from './rollout-status.js';

export type RolloutAction = 'undo' | 'restart' | 'pause' | 'resume' | 'status' | 'history';
export type RolloutKind = 'Deployment' | 'DaemonSet' | 'StatefulSet';

/**
 * kubectl rollout undo|restart|pause|resume|status|history for deployments, daemon sets
 * and stateful sets, with kubectl's own helpers (history.ts, rollback.ts,
 * rollout-status.ts): kubectl reads what the controllers write, it never runs their code.
 */
export function rollout(client: Client, kind: RolloutKind, action: RolloutAction, namespace: string | undefined, name: string, toRevision: number): string[] {
  const info = kindInfo(kind);
  if (info === undefined) throw new KubectlError(`no rollout for ${kind}`);
  const ref = kubectlRef(info, name);
  const obj = client.get(kind, namespace, name);
  // kubectl rollout restart|pause|resume send fieldManager kubectl-rollout; undo sends none (the User-Agent's `kubectl`).
  const note = (message: string) => ({ reason: `Rollout${action[0]?.toUpperCase()}${action.slice(1)}`, message, ...(action === 'undo' ? {} : { fieldManager: 'kubectl-rollout' }) });
  switch (action) {
    case 'undo': {
      const plan =
        kind === 'Deployment'
          ? deploymentRollback(obj, replicaSetsOf(obj, client.list('ReplicaSet', { namespace: obj.metadata.namespace ?? 'default' }).items), toRevision)
          : controllerRevisionRollback(obj, controllerRevisions(client, obj), toRevision);
      if ('skipped' in plan) return [`${ref} ${plan.skipped}`];
      const back = kind === 'Deployment' ? `revision ${revisionOf(plan.from) ?? '?'}` : `revision ${(plan.from as { revision?: number }).revision ?? '?'}`;
      client.patch(kind, namespace, name, plan.patch, plan.type, note(`kubectl rollout undo ${ref}: back to ${back} (${plan.from.metadata.name})`));
      return [`${ref} ${ROLLED_BACK}`];
    }
    case 'restart': {
      if (kind === 'Deployment' && obj.spec?.paused === true) throw new KubectlError(`${qualifiedResource(info)} "${name}" can't restart paused deployment (run rollout resume first)`);
      const now = client.api.timestamp();
      client.patch(kind, namespace, name, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now } } } } }, 'strategic', note(`kubectl rollout restart ${ref}: restartedAt ${now}`));
      return [`${ref} restarted`];
    }
    case 'pause':
    case 'resume':
      return [pauseOrResume(client, obj, ref, action, note(`kubectl rollout ${action} ${ref}`))];
    case 'history': {
      const revisions = kind === 'Deployment' ? deploymentRevisions(client, obj) : revisionsOf(controllerRevisions(client, obj));
      return [`${ref} `, ...historyLines(revisions)];
    }
    case 'status':
      return [kind === 'Deployment' ? deploymentStatus(obj) : kind === 'DaemonSet' ? daemonSetStatus(obj) : statefulSetStatus(obj)];
  }
}

/** ObjectPauser / ObjectResumer: deployments only; `spec.paused` set or cleared. */
function pauseOrResume(client: Client, obj: Readonly<KObject>, ref: string, action: 'pause' | 'resume', note: { reason: string; message: string; fieldManager?: string }): string {
  const name = obj.metadata.name ?? '';
  const resource = qualifiedResource(kindInfo(obj.kind) as KindInfo);
  if (obj.kind !== 'Deployment') throw new KubectlError(`${resource} "${name}" ${action === 'pause' ? 'pausing' : 'resuming'} is not supported`);
  const want = action === 'pause';
  if ((obj.spec?.paused === true) === want) throw new KubectlError(`${resource} "${name}" is ${want ? 'already paused' : 'not paused'}`);
  client.patch('Deployment', obj.metadata.namespace, name, { spec: { paused: want ? true : null } }, 'strategic', note);
  return `${ref} ${want ? 'paused' : 'resumed'}`;
}
